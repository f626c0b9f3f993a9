from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    verbose_name = _("Governing documents")

    def ready(self) -> None:
        from apps.documents import indexing
        from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
        from apps.search import registry as search
        from apps.wiki import registry as wiki

        wiki.register(
            wiki.Kind(
                "document",
                Document,
                ("title", "slug", "kind", "adopted", "adopted_by", "place", "official_url", "summary", "description"),
                _("document"),
                prefix="documents",
                text_fields=("description",),
            )
        )
        wiki.register(
            wiki.Kind(
                "clause",
                Clause,
                ("number", "document", "heading", "text", "is_summary", "order"),
                _("clause"),
                text_fields=("text",),
            )
        )
        wiki.register(
            wiki.Kind(
                "document-status",
                DocumentStatus,
                ("document", "status", "since", "note"),
                _("document status"),
                home=lambda status: status.document,
            )
        )
        wiki.register(
            wiki.Kind(
                "document-relation",
                DocumentRelation,
                ("subject", "kind", "object", "date"),
                _("relation between documents"),
                home=lambda relation: relation.subject,
            )
        )
        wiki.register(
            wiki.Kind(
                "legal-basis",
                LegalBasis,
                ("body", "kind", "document", "clause", "order"),
                _("legal basis"),
                home=lambda basis: basis.body,
            )
        )
        search.register(Document, build=indexing.document_entry, queryset=Document.objects.all)
        search.register(Clause, build=indexing.clause_entry, queryset=lambda: Clause.objects.select_related("document"))
        # A clause's entry carries its document's title and address.
        search.register_feeder(Document, affected=lambda document: [(Clause, {"document_id": document.pk})])
