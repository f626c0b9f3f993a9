"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list of tags and URL schemes.

Editors may write [[Name]] and [[Name|label]] links. Rendering leaves them as text; the wiki app turns
them into links (apps/wiki/links.py), and `link_labels_as_text` reads them as just their labels.
"""

import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# The longest text an editor may save in one field: a long chapter. Longer ones made pages and comparisons
# slow for every reader (1 MB was accepted and rendered a 2.6 MB page).
MAX_TEXT_LENGTH = 100_000

# For editors, under every Markdown field whose statements need sources (see apps/core/citations.py).
CITED_MARKDOWN_HELP = _(
    "Markdown, in your own words. Cite a source at the sentence it supports with [^its-key] or [^its-number]; "
    "[^?] marks a statement that still needs one."
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": {"colspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A [[Name]] or [[Name|label]] link in rendered HTML, where Markdown has left the brackets as text (and
# escaped what is inside).
WIKI_LINK = re.compile(r"\[\[([^\[\]|<>]{1,200}?)(?:\|([^\[\]<>]{1,200}?))?\]\]")


def render_markdown(text: str) -> SafeString:
    """Render editor-written Markdown; the output is sanitized, so it is safe to mark as such."""
    if not text:
        return mark_safe("")
    html = md.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    # Headings inside a record's text start at h2: the page's h1 is the record's name.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 above


_TAG = re.compile(r"(<[^>]*>)")
# Inside these, [[links]] and [^citations] are what they say: code shown as written, or a link's own text.
_VERBATIM = {"code", "pre", "a"}


def sub_in_text(pattern: re.Pattern, replace, rendered: str) -> str:
    """`pattern.sub(replace, …)` over the text of sanitized HTML only: never inside a tag or its attributes,
    nor inside code, pre or a link."""
    parts, depth = _TAG.split(rendered), 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _VERBATIM and not part.endswith("/>"):
                depth += -1 if part.startswith("</") else 1
        elif depth == 0:
            parts[index] = pattern.sub(replace, part)
    return "".join(parts)


def link_labels_as_text(rendered: str) -> str:
    """[[Name|label]] links in rendered HTML as just their labels, for plain text (no lookups)."""
    return WIKI_LINK.sub(lambda match: match.group(2) or match.group(1), rendered)
