"""Template tags shared by every app: partial dates as written, footnotes numbered for the page, and the parts of
record pages kept per generation ({% page_part %}, apps/core/page_parts.py)."""

from django import template
from django.utils.html import format_html, format_html_join

from apps.core.dates import SIMPLE_DATE, format_partial_date, format_partial_range
from apps.core.page_parts import page_part
from apps.core.translation import active_language

register = template.Library()
register.tag("page_part", page_part)


@register.filter
def partial_date(text: str, governed: str = "") -> str:
    """`|partial_date`, or `|partial_date:"governed"` after a preposition ("since"; see format_partial_date)."""
    return format_partial_date(text, governed=bool(governed))


@register.filter
def partial_date_html(text: str) -> str:
    """A partial date as written, in <time> with a machine-readable datetime where HTML allows one."""
    if not text:
        return ""
    shown = format_partial_date(text)
    match = SIMPLE_DATE.match(text.strip())
    if match and not match.group("qualifier"):
        return format_html('<time datetime="{}">{}</time>', text.strip(), shown)
    return format_html("<span>{}</span>", shown)


@register.filter
def partial_range_html(start: str, end: str) -> str:
    """From `start` to `end` in <time> elements; one date when they name the same one (never "2022 – 2022")."""
    shown = format_partial_range(start, end)
    if shown == format_partial_date(start):
        return partial_date_html(start)
    if shown == format_partial_date(end):
        return partial_date_html(end)
    return format_html("{} – {}", partial_date_html(start), partial_date_html(end))


@register.simple_tag(takes_context=True)
def footnotes(context, citations) -> str:
    """Numbered links to the sources of `citations`, numbered by the page's PageSources (`sources`)."""
    sources = context.get("sources")
    return format_html_join(
        "", "{}", ((sources.footnote(citation.source, citation.locator),) for citation in citations)
    )


@register.inclusion_tag("core/_toc.html")
def contents(*entries) -> dict:
    """A record page's table of contents, from its sections in page order, shown with more than three.

    `entries` come in threes: the id of a section's h2, its label, and whether the page shows the section
    (`{% contents "members-heading" _("Posts and members") True "related-heading" _("Related bodies") related %}`).
    The page passes what it shows, from the same values its sections test: nothing is read back from HTML.
    """
    if len(entries) % 3:
        raise template.TemplateSyntaxError("contents takes (id, label, shown) in threes")
    sections = [(entries[i], entries[i + 1]) for i in range(0, len(entries), 3) if entries[i + 2]]
    return {"sections": sections if len(sections) > 3 else []}


@register.filter
def translated(record, field: str) -> str:
    """`record`'s `field` in the reader's language; text shown in the other language (no translation yet)
    carries its own lang attribute so that screen readers pronounce it right (apps.core.translation)."""
    shown = record.shown_language(field)
    text = record.in_language(field, shown)
    if shown == active_language():
        return text
    return format_html('<span lang="{}">{}</span>', shown, text)


@register.filter
def untranslated(record, field: str) -> bool:
    """Whether `record`'s `field` is shown in the other language than the reader's."""
    return bool(getattr(record, "untranslated", None) and record.untranslated[field])
