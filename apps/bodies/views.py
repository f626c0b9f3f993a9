import datetime as dt

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, View

from apps.bodies.chart import chart_data, render_chart
from apps.bodies.models import Body, BodyRelation
from apps.core.forms import as_of_from
from apps.core.mixins import AsOfMixin
from apps.core.models import citations_prefetch
from apps.documents.models import LegalBasis
from apps.meetings.models import Meeting
from apps.membership.selectors import body_members
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin
from apps.wiki.models import Alias


class BodyTreeView(AsOfMixin, TemplateView):
    template_name = "bodies/body_list.html"

    def get_context_data(self, **kwargs):
        tree = Body.objects.get_tree()
        bodies = tree.tree_rows_as_of(self.as_of) if self.as_of else tree.tree_rows()
        return super().get_context_data(bodies=bodies, **kwargs)


class BodyChartView(AsOfMixin, TemplateView):
    """The organization chart on `as_of`, or today: what existed then, as boxes, with a list for the same."""

    template_name = "bodies/body_chart.html"

    def get_context_data(self, **kwargs):
        day = self.as_of or dt.date.today()
        rows, relations = chart_data(day)
        by_id = {row["id"]: row for row in rows}
        listed = [{**r, "subject": by_id[r["subject_id"]], "object": by_id[r["object_id"]]} for r in relations]
        for relation in listed:
            relation["label"] = BodyRelation.Kind(relation["kind"]).label
        detail_url = reverse("bodies:detail", kwargs={"slug": "slug-placeholder"})
        chart = render_chart(
            rows, relations, url_of=lambda slug: detail_url.replace("slug-placeholder", slug), **chart_words(day)
        )
        download = reverse("bodies:chart-svg") + (f"?as_of={day.isoformat()}" if self.as_of else "")
        return super().get_context_data(
            day=day, chart=chart, bodies=rows, relations=listed, download_url=download, **kwargs
        )


class BodyChartSvgView(View):
    """The same chart as a file of its own, with absolute links, to download or embed elsewhere."""

    def get(self, request, *args, **kwargs):
        form, as_of = as_of_from(request)
        if form.errors:
            return HttpResponse(form.errors["as_of"].as_text(), status=400, content_type="text/plain; charset=utf-8")
        day = as_of or dt.date.today()
        rows, relations = chart_data(day)
        detail_url = request.build_absolute_uri(reverse("bodies:detail", kwargs={"slug": "slug-placeholder"}))
        svg = render_chart(
            rows, relations, url_of=lambda slug: detail_url.replace("slug-placeholder", slug), **chart_words(day)
        )
        response = HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="csto-chart-{day.isoformat()}.svg"'
        return response


def chart_words(day: dt.date) -> dict:
    """The chart's title and description, the same on the page and in the file."""
    when = date_format(day, "j F Y")
    return {
        "title": _("Organization chart of the CSTO on %(day)s") % {"day": when},
        "description": _(
            "Boxes are the bodies that existed on %(day)s, each linked to its page; solid lines join a body to the "
            "bodies it contains, dashed arrows show other relations, named in the legend. Boxes with a dashed "
            "outline are bodies whose existence on that date is uncertain."
        )
        % {"day": when},
    }


class BodyDetailView(SlugRedirectMixin, AsOfMixin, DetailView):
    template_name = "bodies/body_detail.html"
    context_object_name = "body"

    def get_queryset(self):
        return Body.objects.prefetch_related(
            citations_prefetch(),
            Prefetch("relations_out", queryset=BodyRelation.objects.select_related("object")),
            Prefetch("relations_in", queryset=BodyRelation.objects.select_related("subject")),
        )

    def get_context_data(self, **kwargs):
        body = self.object
        members = body_members(body=body, day=self.as_of)
        member_citations = members.pop("member_citations")
        rendering = text_context(citations=[*body.citations.all(), *member_citations], texts=[body.description])
        family = list(Body.objects.family_of(body).for_listing("summary", "founded_lower", "dissolved_upper"))
        return super().get_context_data(
            ancestors=[node for node in family if node.depth < body.depth],
            parent=next((node for node in reversed(family) if node.depth < body.depth), None),
            children=[node for node in family if node.depth > body.depth and self._existed(node)],
            **rendering,
            existed=self._existed(body),
            legal_bases=LegalBasis.objects.for_body(body),
            latest_meetings=Meeting.objects.latest_of(body),
            aliases=Alias.objects.for_object(body),
            links_here=what_links_here(body),
            **members,
            **kwargs,
        )

    def _existed(self, body: Body) -> bool:
        return not self.as_of or body.existed_on(self.as_of)
