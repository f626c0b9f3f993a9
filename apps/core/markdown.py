"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list of tags and URL schemes."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": {"colspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str, *, defer_links: bool = False) -> SafeString:
    """Render editor-written Markdown; the output is sanitized, so it is safe to mark as such.

    [[Wiki links]] are resolved after sanitizing. With `defer_links` they are left as markers that
    WikiLinkMiddleware resolves for the whole page in one query (see apps/wiki/links.py).
    """
    if not text:
        return mark_safe("")
    from apps.wiki import links  # the wiki app depends on core, not the other way round

    html = md.markdown(links.strip_markers(text), extensions=["tables", "sane_lists"], output_format="html")
    # Headings inside a record's text start at h2: the page's h1 is the record's name.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    if "[[" in cleaned:
        # Links are built with format_html from the escaped text nh3 let through.
        cleaned = links.defer_links(cleaned) if defer_links else links.link_html(cleaned)
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 above; links escaped by format_html
