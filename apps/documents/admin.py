from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import CitationInline
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.wiki.admin import AliasInline


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0
    fields = (("number", "order", "is_summary"), ("heading", "heading_ru"), ("text", "text_ru"))
    ordering = ("order", "pk")
    show_change_link = True


class DocumentStatusInline(admin.TabularInline):
    model = DocumentStatus
    extra = 0
    fields = ("status", "since", "note")


class DocumentRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "subject"
    extra = 0
    autocomplete_fields = ("object",)
    fields = ("kind", "object", "date")
    verbose_name = _("relation to another document")


class LegalBasisInline(admin.TabularInline):
    """Which bodies a document establishes, governs or guides; also shown on each body."""

    model = LegalBasis
    extra = 0
    autocomplete_fields = ("body", "document", "clause")
    fields = ("kind", "body", "document", "clause", "order")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "adopted", "adopted_by")
    list_filter = ("kind", "adopted_by")
    search_fields = ("title", "title_ru", "summary", "place")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("adopted_by",)
    list_select_related = ("adopted_by",)
    inlines = (
        DocumentStatusInline,
        ClauseInline,
        DocumentRelationInline,
        LegalBasisInline,
        CitationInline,
        AliasInline,
    )


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "heading", "is_summary")
    list_filter = ("is_summary", "document")
    search_fields = ("number", "heading", "text", "document__title")
    autocomplete_fields = ("document",)
    list_select_related = ("document",)
    inlines = (CitationInline,)


@admin.register(DocumentRelation)
class DocumentRelationAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "object", "date")
    list_filter = ("kind",)
    search_fields = ("subject__title", "object__title")
    autocomplete_fields = ("subject", "object")
    inlines = (CitationInline,)


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ("body", "kind", "document", "clause")
    list_filter = ("kind", "body", "document")
    autocomplete_fields = ("body", "document", "clause")
    list_select_related = ("body", "document", "clause")
    inlines = (CitationInline,)
