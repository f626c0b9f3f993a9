"""The site's two languages in addresses: English at every page's plain address, Russian under /ru/.

The language of a request comes from its address alone (csto_wiki/urls.py), so that one address always
serves one page whatever the reader's Accept-Language: the page cache (apps/core/page_cache.py) keys by it.
A page has the same path in both languages but for the prefix, so the other language's address of any page
(a record, a search with its query, even a page not found) is the prefix swapped.
"""

import functools

from django.conf import settings
from django.urls import Resolver404, get_urlconf, resolve, translate_url
from django.utils import translation


def path_language(path: str) -> str:
    """The language a path is served in."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def unprefixed(path: str) -> str:
    """`path` without its language prefix: /ru/bodies/x/ -> /bodies/x/."""
    language = translation.get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


def in_language(path: str, language: str) -> str:
    """The same page's path in `language`."""
    bare = unprefixed(path)
    return bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"


def language_neutral(path: str) -> bool:
    """Whether `path` is one of the addresses served in one language only (the API, exports, /healthz)."""
    return _neutral(unprefixed(path), str(get_urlconf() or settings.ROOT_URLCONF), translation.get_language())


# Every page asks for its own path (the switcher and the hreflang links): two resolutions of the address, which
# is a third of what a page served from its kept content costs. The answer depends on the path, the URL
# configuration and, through i18n_patterns, the active language: all three are the key (the lookups below run
# under the same, current, ones).
@functools.lru_cache(maxsize=4096)
def _neutral(bare: str, urlconf: str, language: str | None) -> bool:
    try:
        resolve(bare)
    except Resolver404:
        return False  # a page not found: it has a version in each language
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return translate_url(bare, other) == bare


def alternates(full_path: str) -> list[dict]:
    """Each language's version of the page at `full_path` (its query kept): code, name, path, current."""
    path, mark, query = full_path.partition("?")
    if language_neutral(path):
        return []
    current = path_language(path)
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "path": in_language(path, code) + mark + query,
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
