from django.contrib import admin

from apps.search.models import SearchDocument


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    """The index, for looking into: it is written from the records (manage.py search_reindex rebuilds it)."""

    list_display = ("title", "kind", "url")
    list_filter = ("kind",)
    search_fields = ("title", "names", "title_ru", "names_ru")
    fields = ("kind", "title", "title_ru", "url", "names", "names_ru", "summary", "summary_ru", "text", "text_ru")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
