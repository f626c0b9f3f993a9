"""[[Wiki links]]: a name or alias in double brackets links to that record, or invites creating it."""

import html
import re
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import Model, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from apps.core.citations import PageSources
from apps.core.markdown import WIKI_LINK, render_markdown, sub_in_text
from apps.core.page_cache import remember
from apps.search.models import SearchName, name_key
from apps.wiki.addresses import record_url, with_parents
from apps.wiki.models import Alias
from apps.wiki.registry import KINDS


def link_targets(text: str) -> set[str]:
    return {html.unescape(match.group(1)).strip() for match in WIKI_LINK.finditer(text or "")}


def resolve(names: set[str]) -> dict[str, str]:
    """{name: url} of the names that belong to a record, by name or alias (one query)."""
    keys = {name_key(name): name for name in names}
    found = SearchName.objects.filter(key__in=keys).select_related("document")
    return {keys[row.key]: row.document.url for row in found}


class PageLinks:
    """The [[links]] of one page's texts, looked up together (one query, none without links) before the
    page renders, so that each text is linked where its Markdown is rendered: no response is rewritten
    afterwards, and no character a user types can stand for a link."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        names = {name for text in texts for name in link_targets(html.escape(text or "", quote=False))}
        self.urls = resolve(names) if names else {}

    def apply(self, rendered: str) -> str:
        """Replace the [[links]] in the text parts of sanitized HTML with anchors (no lookup: known already)."""
        return sub_in_text(WIKI_LINK, self._anchor, rendered)

    def _anchor(self, match: re.Match) -> str:
        return _anchor(match.group(1), match.group(2) or match.group(1), self.urls)


def text_context(*, citations: Iterable = (), texts: list[str] = ()) -> dict:
    """What a page's {% markdown %} and {% footnotes %} tags need, from the record citations it shows and
    the Markdown texts it renders: its numbered sources and its resolved links."""
    return {"sources": PageSources(citations, texts=texts), "links": PageLinks(texts)}


def render_wiki_text(text: str, *, links: PageLinks | None = None) -> SafeString:
    """Markdown rendered and sanitized (apps.core.markdown), then its [[links]] linked: through the page's
    PageLinks when there is one, else looked up now (one query)."""
    cleaned = render_markdown(text or "")
    if "[[" not in cleaned:
        return cleaned
    linked = (links or PageLinks([text])).apply(cleaned)
    return mark_safe(linked)  # noqa: S308 - sanitized by nh3; anchors built with format_html


def _anchor(escaped_name: str, escaped_label: str, urls: dict[str, str]) -> str:
    """A link for a name as it appears in escaped HTML text; format_html escapes it again for the attribute."""
    name = html.unescape(escaped_name).strip()
    label = html.unescape(escaped_label).strip()
    if name in urls:
        return format_html('<a href="{}" class="wiki-link">{}</a>', urls[name], label)
    create = create_url(name)
    if not create:
        return format_html('<span class="missing-link">{}</span>', label)
    title = f"“{name}” has no page yet: create it"
    return format_html('<a href="{}" class="missing-link" title="{}">{}</a>', create, title, label)


def create_url(name: str) -> str:
    """Where a [[link]] to nothing invites creating its record: the form of the kind that creates missing
    links, with the name filled in; empty when no kind does."""
    creatable = next((kind for kind in KINDS.values() if kind.creates_missing_links), None)
    if creatable is None:
        return ""
    return reverse(f"wiki:{creatable.key}-new") + "?" + urlencode({"name": name})


def what_links_here(obj: Model, *, aliases: Iterable[Alias] | None = None) -> list[tuple[str, str]]:
    """(label, url) of the records whose Markdown text links to `obj` by its name or one of its aliases.

    One query for the aliases (none when the page passes those it shows) and one per kind of record that has
    text: a fixed number per page, and none while the page cache's generation holds (core.page_cache.remember).
    """
    label = f"{obj._meta.label}:{obj.pk}"
    return remember("what-links-here", label, compute=lambda: _what_links_here(obj, aliases))


def _what_links_here(obj: Model, aliases: Iterable[Alias] | None) -> list[tuple[str, str]]:
    if aliases is None:
        aliases = Alias.objects.for_object(obj)
    # Its names in every language (a text may link to it by its Russian name) and its aliases.
    own = obj.all_names() if hasattr(obj, "all_names") else []
    names = {str(obj), *own, *(alias.name for alias in aliases)}
    found = []
    for kind in KINDS.values():
        if not kind.text_fields:
            continue
        condition = Q()
        for field in kind.text_fields:
            for name in names:
                condition |= Q(**{f"{field}__icontains": f"[[{name}]]"}) | Q(**{f"{field}__icontains": f"[[{name}|"})
        matches = with_parents(kind.model).filter(condition)
        for record in matches.exclude(pk=obj.pk if type(obj) is kind.model else None):
            found.append((str(record), record_url(record)))
    return found
