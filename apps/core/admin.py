from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

from apps.core.models import Citation, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "kind", "published", "url")
    list_filter = ("kind", "publisher")
    search_fields = ("title", "publisher", "author", "url", "reported_by", "key")


class CitationInline(GenericTabularInline):
    """Sources cited by a record, editable on that record's admin page."""

    model = Citation
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("source", "field", "locator", "quote")
