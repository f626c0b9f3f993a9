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


def link_html(rendered: str) -> str:
    """Replace [[Name]] and [[Name|label]] in Markdown's HTML output with links (escaped, then sanitized)."""
    names = link_targets(rendered)
    if not names:
        return rendered
    urls = resolve(names)

    def replace(match: re.Match) -> str:
        name = html.unescape(match.group(1)).strip()
        label = html.unescape(match.group(2)).strip() if match.group(2) else name
        if name in urls:
            return format_html('<a href="{}" class="wiki-link">{}</a>', urls[name], label)
        create = reverse("wiki:body-new") + "?" + urlencode({"name": name})
        return format_html(
            '<a href="{}" class="missing-link" title="{}">{}</a>', create, f"“{name}” has no page yet: create it", label
        )

    return LINK.sub(replace, rendered)


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
        for record in kind.model.objects.filter(condition).exclude(pk=obj.pk if type(obj) is kind.model else None):
            found.append((str(record), record_url(record)))
    return found
