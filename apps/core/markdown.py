"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list of tags and URL schemes."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": {"colspan"}}
ALLOWED_CLASSES = {"a": {"wiki-link", "missing-link"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Render editor-written Markdown; the output is sanitized, so it is safe to mark as such."""
    if not text:
        return mark_safe("")
    html = md.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    # Headings inside a record's text start at h2: the page's h1 is the record's name.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    if "[[" in html:
        from apps.wiki.links import link_html  # the wiki app depends on core, not the other way round

        html = link_html(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel="nofollow noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 above
