import datetime as dt

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, View

from apps.bodies.chart import chart_data, render_chart
from apps.bodies.models import Body, BodyRelation, Classification
from apps.core.csv import SOURCE_COLUMNS, Addresses, citations_by_record, csv_response, source_cells
from apps.core.forms import as_of_from
from apps.core.mixins import AsOfMixin, PagePartsMixin
from apps.core.page_cache import remember
from apps.core.translation import with_twins
from apps.documents.models import LegalBasis
from apps.meetings.models import Meeting
from apps.membership.selectors import body_members, standing
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin
from apps.wiki.models import Alias


class BodyTreeView(AsOfMixin, TemplateView):
    template_name = "bodies/body_list.html"

    def get_context_data(self, **kwargs):
        tree = Body.objects.get_tree()
        bodies = tree.tree_rows_as_of(self.as_of) if self.as_of else tree.tree_rows()
        return super().get_context_data(bodies=bodies, **kwargs)


def _day_or_400(request) -> tuple[dt.date | None, HttpResponse | None]:
    """The reader's `?as_of=` day (None for today) for a file, or the 400 answer saying why it cannot be read."""
    form, as_of = as_of_from(request)
    if form.errors:
        return None, HttpResponse(form.errors["as_of"].as_text(), status=400, content_type="text/plain; charset=utf-8")
    return as_of, None


def _dated(name: str, day: dt.date | None) -> str:
    return f"{name}-{day.isoformat()}.csv" if day else f"{name}.csv"


TREE_CSV_HEADER = (
    "name",
    "name_ru",
    "slug",
    "abbreviation",
    "abbreviation_ru",
    "classification",
    "parent",
    "parent_slug",
    "depth",
    "founded",
    "dissolved",
    "summary",
    "summary_ru",
    "url",
    "as_of_note",
    *SOURCE_COLUMNS,
)


class BodyTreeCsvView(View):
    """The tree as a CSV file, in tree order, as it stood on `?as_of=` like the page: two queries."""

    def get(self, request, *args, **kwargs):
        day, refused = _day_or_400(request)
        if refused:
            return refused
        fields = ("id", "classification", "summary", "summary_ru", "parent__name", "parent__slug")
        tree = Body.objects.get_tree()
        if day:
            rows = tree.tree_rows_as_of(day, *fields)
        else:
            names = with_twins(Body, ("name", "slug", "abbreviation"))
            rows = list(tree.values(*fields, *names, "depth", "founded", "dissolved"))
        cited = citations_by_record(Body)
        url = Addresses(request)
        detail = reverse("bodies:detail", kwargs={"slug": "slug-placeholder"})
        return csv_response(
            filename=_dated("csto-bodies", day),
            header=TREE_CSV_HEADER,
            rows=(
                (
                    row["name"],
                    row["name_ru"],
                    row["slug"],
                    row["abbreviation"],
                    row["abbreviation_ru"],
                    Classification(row["classification"]).label,
                    row["parent__name"],
                    row["parent__slug"],
                    row["depth"],
                    row["founded"],
                    row["dissolved"],
                    row["summary"],
                    row["summary_ru"],
                    url(detail.replace("slug-placeholder", row["slug"])),
                    row.get("note", ""),
                    *source_cells(cited.get(row["id"], ())),
                )
                for row in rows
            ),
        )


MEMBERS_CSV_HEADER = (
    "body",
    "body_slug",
    "post",
    "post_state",
    "ex_officio",
    "member",
    "member_kind",
    "member_url",
    "role",
    "on_behalf_of",
    "start",
    "end",
    "attested",
    "status",
    "note",
    *SOURCE_COLUMNS,
)


class BodyMembersCsvView(View):
    """A body's posts and members as its page shows them (today, or on `?as_of=`): one row per holding, and one
    per post nobody is recorded to hold. `status` says where the page puts a holding: `holder` (then or now),
    `unknown` (not known for the date; the latest known holder today), `upcoming` or `former` (today only)."""

    def get(self, request, *args, **kwargs):
        day, refused = _day_or_400(request)
        if refused:
            return refused
        body = get_object_or_404(Body, slug=kwargs["slug"])
        members = body_members(body=body, day=day)
        url = Addresses(request)

        def row(post, holding):
            member = holding.member if holding else None
            return (
                body.name,
                body.slug,
                post.label if post else "",
                post.member_state.name if post and post.member_state else "",
                post.ex_officio if post else "",
                member.name if member else "",  # the English column, as in every file
                ("person" if holding.person_id else "state") if holding else "",
                url(member.get_absolute_url()) if member else "",
                holding.get_role_display() if holding else "",
                holding.on_behalf_of.name if holding and holding.on_behalf_of else "",
                holding.start if holding else "",
                holding.end if holding else "",
                holding.attested if holding else "",
                standing(holding, day) if holding else "",
                getattr(holding, "note_as_of", "") if holding else "",
                *source_cells(holding.citations.all() if holding else ()),
            )

        rows = []
        for post in members["posts"]:
            placed = [*post.holders, *post.unknown, *post.upcoming_holders, *post.former_holders]
            rows.extend(row(post, holding) for holding in placed)
            if not placed:
                rows.append(row(post, None))
        rows.extend(row(None, holding) for holding in members["other_members"])
        return csv_response(filename=_dated(f"csto-{body.slug}-members", day), header=MEMBERS_CSV_HEADER, rows=rows)


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
    when = date_format(day, _("j F Y"))
    return {
        "title": _("Organization chart of the CSTO on %(day)s") % {"day": when},
        "description": _(
            "Boxes are the bodies that existed on %(day)s, each linked to its page; solid lines join a body to the "
            "bodies it contains, dashed arrows show other relations, named in the legend. Boxes with a dashed "
            "outline are bodies whose existence on that date is uncertain."
        )
        % {"day": when},
    }


class BodyDetailView(SlugRedirectMixin, AsOfMixin, PagePartsMixin, DetailView):
    model = Body
    template_name = "bodies/body_detail.html"
    context_object_name = "body"

    def get_part_data(self) -> dict:
        body = self.object
        # Relations both ways in one query; aliases once, for the infobox and for what links here.
        relations = list(
            BodyRelation.objects.filter(Q(subject=body) | Q(object=body)).select_related("subject", "object")
        )
        aliases = list(Alias.objects.for_object(body))
        members = body_members(body=body, day=self.as_of, cite_with=[body])  # the body's sources in the same query
        member_citations = members.pop("member_citations")
        citations = [*body.citations.all(), *member_citations]
        rendering = text_context(citations=citations, texts=[body.localized("description")])
        family = list(Body.objects.family_of(body).for_listing("summary", "founded_lower", "dissolved_upper"))
        return {
            "ancestors": [node for node in family if node.depth < body.depth],
            "parent": next((node for node in reversed(family) if node.depth < body.depth), None),
            "children": [node for node in family if node.depth > body.depth and self._existed(node)],
            **rendering,
            "existed": self._existed(body),
            "relations_out": [relation for relation in relations if relation.subject_id == body.pk],
            "relations_in": [relation for relation in relations if relation.object_id == body.pk],
            # The same for every reader until the next write: kept for the page cache's generation.
            "legal_bases": remember("legal-bases", body.pk, compute=lambda: list(LegalBasis.objects.for_body(body))),
            "latest_meetings": remember("latest-meetings", body.pk, compute=lambda: Meeting.objects.latest_of(body)),
            "aliases": aliases,
            "links_here": what_links_here(body, aliases=aliases),
            **members,
        }

    def _existed(self, body: Body) -> bool:
        return not self.as_of or body.existed_on(self.as_of)
