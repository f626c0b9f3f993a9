"""Pages about the wiki's own material: its sources and what each supports, and the maintenance lists."""

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView, TemplateView

from apps.core.models import Citation, Source
from apps.wiki import maintenance
from apps.wiki.supports import supported_records

MAX_QUERY_LENGTH = 200


class SourceListView(ListView):
    template_name = "wiki/source_list.html"
    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        # A NUL never gets here: apps.core.middleware refuses it with a 400.
        self.query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        sources = Source.objects.annotate(citation_count=Count("citations")).order_by("title", "pk")
        if self.query:
            sources = sources.filter(
                Q(title__icontains=self.query) | Q(publisher__icontains=self.query) | Q(url__icontains=self.query)
            )
        return sources

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, max_query_length=MAX_QUERY_LENGTH, **kwargs)


class SourceDetailView(DetailView):
    template_name = "wiki/source_detail.html"
    context_object_name = "source"
    queryset = Source.objects.select_related("via")

    def get_context_data(self, **kwargs):
        source = self.object
        citations = Citation.objects.filter(source=source).select_related("content_type").order_by("pk")
        return super().get_context_data(
            relayed=list(source.relayed.order_by("title", "pk")),
            supported=supported_records(citations),
            **kwargs,
        )


class MaintenanceView(TemplateView):
    template_name = "wiki/maintenance.html"

    def get_context_data(self, **kwargs):
        uncited = maintenance.uncited_listings()
        return super().get_context_data(
            uncited=uncited,
            uncited_total=sum(listing.total for listing in uncited),
            broken=maintenance.broken_links(),
            others=maintenance.registered_listings(),
            limit=maintenance.LIMIT,
            **kwargs,
        )
