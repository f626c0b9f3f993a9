"""Template filters shared by every app: Markdown and partial dates."""

from django import template

from apps.core.dates import format_partial_date
from apps.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def partial_date(text: str) -> str:
    return format_partial_date(text)
