"""[[Wiki links]]: a name or alias in double brackets links to that record, or invites creating it."""

import html
import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html

# In rendered HTML, where Markdown has left the brackets as text (and escaped what is inside).
LINK = re.compile(r"\[\[([^\[\]|<>]{1,200}?)(?:\|([^\[\]<>]{1,200}?))?\]\]")


def link_targets(text: str) -> set[str]:
    return {html.unescape(match.group(1)).strip() for match in LINK.finditer(text or "")}


def resolve(names: set[str]) -> dict[str, str]:
    """{name: url} of the names that belong to a record, by name or alias (one query)."""
    from apps.search.models import SearchName, name_key

    keys = {name_key(name): name for name in names}
    found = SearchName.objects.filter(key__in=keys).select_related("document")
    return {keys[row.key]: row.document.url for row in found}


# Private-use characters mark a deferred link; they are stripped from every text before rendering.
OPEN, MIDDLE, CLOSE = "\ue010", "\ue011", "\ue012"
MARKER = re.compile(f"{OPEN}([^{OPEN}{MIDDLE}{CLOSE}]*){MIDDLE}([^{OPEN}{MIDDLE}{CLOSE}]*){CLOSE}")
_MARKERS = str.maketrans("", "", OPEN + MIDDLE + CLOSE)


def strip_markers(text: str) -> str:
    return text.translate(_MARKERS)


def defer_links(rendered: str) -> str:
    """Turn [[Name|label]] in sanitized HTML into markers, resolved later for the whole page at once."""

    def mark(match: re.Match) -> str:
        return f"{OPEN}{match.group(1)}{MIDDLE}{match.group(2) or match.group(1)}{CLOSE}"

    return LINK.sub(mark, rendered)


def links_as_text(rendered: str) -> str:
    """Deferred links as just their labels, for plain text (the search index): no lookup needed."""
    return MARKER.sub(lambda match: match.group(2), rendered)


def resolve_deferred(page: str) -> str:
    """Replace every marker of a rendered page with its link, looking all names up in one query."""
    found = list(MARKER.finditer(page))
    if not found:
        return page
    urls = resolve({html.unescape(match.group(1)).strip() for match in found})
    return MARKER.sub(lambda match: _anchor(match.group(1), match.group(2), urls), page)


def link_html(rendered: str) -> str:
    """Replace [[Name]] and [[Name|label]] in sanitized HTML with links, looked up now (one query)."""
    names = link_targets(rendered)
    if not names:
        return rendered
    urls = resolve(names)
    return LINK.sub(lambda match: _anchor(match.group(1), match.group(2) or match.group(1), urls), rendered)


def _anchor(escaped_name: str, escaped_label: str, urls: dict[str, str]) -> str:
    """A link for a name as it appears in escaped HTML text; format_html escapes it again for the attribute."""
    name = html.unescape(escaped_name).strip()
    label = html.unescape(escaped_label).strip()
    if name in urls:
        return format_html('<a href="{}" class="wiki-link">{}</a>', urls[name], label)
    create = reverse("wiki:body-new") + "?" + urlencode({"name": name})
    title = f"“{name}” has no page yet: create it"
    return format_html('<a href="{}" class="missing-link" title="{}">{}</a>', create, title, label)


def what_links_here(obj) -> list[tuple[str, str]]:
    """(label, url) of the records whose Markdown text links to `obj` by its name or one of its aliases.

    One query for the aliases and one per kind of record that has text: a fixed number per page.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from apps.wiki.models import Alias
    from apps.wiki.registry import KINDS
    from apps.wiki.views import record_url

    aliases = Alias.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    names = {str(obj), *aliases.values_list("name", flat=True)}
    found = []
    for kind in KINDS.values():
        if not kind.text_fields:
            continue
        condition = Q()
        for field in kind.text_fields:
            for name in names:
                condition |= Q(**{f"{field}__icontains": f"[[{name}]]"}) | Q(**{f"{field}__icontains": f"[[{name}|"})
        parents = [f.name for f in kind.model._meta.concrete_fields if f.many_to_one]  # used by str() and URLs
        matches = kind.model.objects.filter(condition).select_related(*parents)
        for record in matches.exclude(pk=obj.pk if type(obj) is kind.model else None):
            found.append((str(record), record_url(record)))
    return found
