"""Renders a depth-first list of bodies as nested lists.

Done in Python rather than a template loop: the whole tree can hold thousands of bodies and a
template loop costs several times more per node. Every value is escaped by format_html.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from apps.core.translation import active_language, row_text

register = template.Library()


@register.simple_tag
def body_tree(nodes: list[dict]) -> SafeString:
    """`nodes`: dicts with name, slug, abbreviation and depth, in tree order (see BodyQuerySet.tree_rows)."""
    if not nodes:
        return mark_safe("")
    url_pattern = reverse("bodies:detail", kwargs={"slug": "slug-placeholder"})
    base = min(node["depth"] for node in nodes)
    parts = ['<ul class="tree">\n']
    reader = active_language()
    for node, following in zip(nodes, [*nodes[1:], None], strict=True):
        url = url_pattern.replace("slug-placeholder", node["slug"])
        # In the reader's language; a name not translated yet says which language it is in (screen readers).
        name, language = row_text(node, "name", reader)
        if language == reader:
            parts.append(format_html('<li><a href="{}">{}</a>', url, name))
        else:
            parts.append(format_html('<li><a href="{}" lang="{}">{}</a>', url, language, name))
        abbreviation, language = row_text(node, "abbreviation", reader)
        if abbreviation:
            lang = format_html(' lang="{}"', language) if language != reader else ""
            parts.append(format_html(' <abbr title="{}"{}>{}</abbr>', name, lang, abbreviation))
        if node.get("note"):
            parts.append(format_html(' <span class="note">({})</span>', node["note"]))
        next_depth = following["depth"] if following else base
        if next_depth > node["depth"]:
            parts.append("\n<ul>")
        else:
            parts.append("</li>" + "</ul></li>" * (node["depth"] - next_depth))
        parts.append("\n")
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html
