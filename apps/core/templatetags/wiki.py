"""Template filters shared by every app: Markdown and partial dates."""

from django import template
from django.utils.html import format_html

from apps.core.dates import SIMPLE_DATE, format_partial_date
from apps.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text, defer_links=True)


@register.filter
def partial_date(text: str) -> str:
    return format_partial_date(text)


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
