from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, View

from apps.core.csv import SOURCE_COLUMNS, Addresses, csv_response, source_cells
from apps.core.mixins import PagePartsMixin
from apps.core.models import citations_prefetch
from apps.core.translation import localized_order
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin

CITATIONS = citations_prefetch()


class DocumentListView(ListView):
    template_name = "documents/document_list.html"

    def get_queryset(self):
        documents = Document.objects.select_related("adopted_by").prefetch_related("statuses")
        return documents.order_by("adopted_lower", localized_order("title"), "pk")  # titles in the reader's language

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {kind: [] for kind in Document.Kind}
        for document in context["object_list"]:
            groups[Document.Kind(document.kind)].append(document)
        context["groups"] = [(kind.label, kind.value, docs) for kind, docs in groups.items() if docs]
        return context


DOCUMENTS_CSV_HEADER = (
    "title",
    "title_ru",
    "slug",
    "kind",
    "adopted",
    "adopted_by",
    "adopted_by_url",
    "place",
    "status",
    "status_since",
    "summary",
    "summary_ru",
    "url",
    *SOURCE_COLUMNS,
)


class DocumentCsvView(View):
    """The documents as a CSV file, each with its latest status: four queries."""

    def get(self, request, *args, **kwargs):
        documents = Document.objects.select_related("adopted_by").prefetch_related("statuses", CITATIONS)
        url = Addresses(request)

        def row(document):
            status = document.current_status
            return (
                document.title,
                document.title_ru,
                document.slug,
                document.get_kind_display(),
                document.adopted,
                document.adopted_by.name if document.adopted_by else "",
                url(document.adopted_by.get_absolute_url()) if document.adopted_by else "",
                document.place,
                status.get_status_display() if status else "",
                status.since if status else "",
                document.summary,
                document.summary_ru,
                url(document.get_absolute_url()),
                *source_cells(document.citations.all()),
            )

        return csv_response(
            filename="csto-documents.csv", header=DOCUMENTS_CSV_HEADER, rows=(row(d) for d in documents)
        )


class DocumentDetailView(SlugRedirectMixin, PagePartsMixin, DetailView):
    template_name = "documents/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return Document.objects.select_related("adopted_by")

    def get_part_data(self) -> dict:
        document = self.object
        prefetch_related_objects(
            [document],
            CITATIONS,
            Prefetch("statuses", queryset=DocumentStatus.objects.prefetch_related(CITATIONS)),
            Prefetch("clauses", queryset=Clause.objects.prefetch_related(CITATIONS)),
            Prefetch("relations_out", queryset=DocumentRelation.objects.select_related("object")),
            Prefetch("relations_in", queryset=DocumentRelation.objects.select_related("subject")),
            Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("body", "clause").order_by("kind")),
        )
        citations = [
            *document.citations.all(),
            *(c for status in document.statuses.all() for c in status.citations.all()),
            *(c for clause in document.clauses.all() for c in clause.citations.all()),
        ]
        # The texts as the page shows them, in the reader's language: their [[links]] and [^sources].
        texts = [document.localized("description"), *(clause.localized("text") for clause in document.clauses.all())]
        return {**text_context(citations=citations, texts=texts), "links_here": what_links_here(document)}


class ClauseDetailView(DetailView):
    template_name = "documents/clause_detail.html"
    context_object_name = "clause"

    def get_object(self, queryset=None):
        queryset = Clause.objects.select_related("document").prefetch_related(
            CITATIONS, Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("body"))
        )
        return get_object_or_404(queryset, document__slug=self.kwargs["slug"], number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        rendering = text_context(citations=self.object.citations.all(), texts=[self.object.localized("text")])
        return super().get_context_data(document=self.object.document, **rendering, **kwargs)
