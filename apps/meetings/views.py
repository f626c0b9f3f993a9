from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, View

from apps.bodies.models import Body
from apps.core.csv import SOURCE_COLUMNS, Addresses, csv_response, source_cells
from apps.core.dates import format_partial_date
from apps.core.mixins import PagePartsMixin
from apps.core.models import citations_prefetch, prefetch_citations
from apps.core.timeline import is_exact, render_strip, span_dates
from apps.core.translation import row_text
from apps.meetings.forms import MeetingFilterForm
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = MeetingFilterForm(self.request.GET or None)
        meetings = Meeting.objects.select_related("body").newest_first()
        return self.filter_form.filter(meetings) if self.filter_form.is_bound else meetings

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filter_form.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.filter_form.cleaned_data if self.filter_form.is_bound else {}
        context.update(
            filter_form=self.filter_form,
            chosen={key: value for key, value in chosen.items() if value},
            facet_bodies=Body.objects.filter(meetings__isnull=False).distinct().for_listing().order_by("path"),
            facet_years=[d.year for d in Meeting.objects.dates("start_lower", "year", order="DESC")],
            facet_formats=Meeting.Format.choices,
            meeting_strip=self.meeting_strip(),
        )
        return context

    def meeting_strip(self):
        """Every meeting the filters keep (not only this page's), by year: one query, however many there are."""
        meetings = self.object_list.values("title", "title_ru", "slug", "start", "end", "start_lower")
        marks = [
            {
                "year": meeting["start_lower"].year,
                "label": row_text(meeting, "title")[0],
                "url": reverse("meetings:detail", kwargs={"slug": meeting["slug"]}),
                "dates": _dates(meeting),
                "exact": is_exact(meeting["start"]),
            }
            for meeting in meetings
            if meeting["start_lower"]
        ]
        return render_strip(
            marks,
            ident="meeting-strip",
            title=_("Meetings by year"),
            description=_(
                "One mark per meeting, in the column of its year, each leading to the meeting's record; filled "
                "marks are dated to the day, hollow ones only by month or year."
            ),
        )


def _dates(meeting: dict) -> str:
    """A meeting's date as written: one day, or its first and last."""
    return span_dates(meeting["start"], meeting["end"]) if meeting["end"] else format_partial_date(meeting["start"])


MEETINGS_CSV_HEADER = (
    "title",
    "title_ru",
    "slug",
    "date",
    "until",
    "format",
    "body",
    "body_slug",
    "body_url",
    "body_name_as_reported",
    "place",
    "place_ru",
    "chair",
    "chair_url",
    "url",
    *SOURCE_COLUMNS,
)


class MeetingCsvView(View):
    """The meetings the list's filters keep (`?body=`, `?year=`, `?format=`), all of them, newest first, as a CSV
    file: two queries. A filter that cannot be read is answered 400, as on the list."""

    def get(self, request, *args, **kwargs):
        form = MeetingFilterForm(request.GET or None)
        meetings = Meeting.objects.select_related("body", "chair").prefetch_related(citations_prefetch())
        meetings = form.filter(meetings.newest_first()) if form.is_bound else meetings.newest_first()
        if form.errors:
            errors = " ".join(f"{form[name].label}: {' '.join(messages)}" for name, messages in form.errors.items())
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        url = Addresses(request)
        return csv_response(
            filename="csto-meetings.csv",
            header=MEETINGS_CSV_HEADER,
            rows=(
                (
                    meeting.title,
                    meeting.title_ru,
                    meeting.slug,
                    meeting.start,
                    meeting.end,
                    meeting.get_format_display(),
                    meeting.body.name,
                    meeting.body.slug,
                    url(meeting.body.get_absolute_url()),
                    meeting.body_name_as_reported,
                    meeting.place,
                    meeting.place_ru,
                    meeting.chair.name if meeting.chair else "",
                    url(meeting.chair.get_absolute_url()) if meeting.chair else "",
                    url(meeting.get_absolute_url()),
                    *source_cells(meeting.citations.all()),
                )
                for meeting in meetings
            ),
        )


class MeetingDetailView(SlugRedirectMixin, PagePartsMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.select_related("body", "chair")

    def get_part_data(self) -> dict:
        meeting = self.object
        prefetch_related_objects(
            [meeting],
            Prefetch("participations", queryset=Participation.objects.select_related("person", "on_behalf_of")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("speaker").prefetch_related("documents", "bodies", "states"),
            ),
        )
        # The sources of the meeting, its participants and its agenda items: one query for all three.
        prefetch_citations([meeting, *meeting.participations.all(), *meeting.agenda_items.all()])
        citations = [
            *meeting.citations.all(),
            *(c for p in meeting.participations.all() for c in p.citations.all()),
            *(c for item in meeting.agenda_items.all() for c in item.citations.all()),
        ]
        # The texts as the page shows them, in the reader's language: their [[links]] and [^sources].
        items = meeting.agenda_items.all()
        texts = [meeting.localized("summary"), *(i.localized(t) for i in items for t in ("discussion", "outcome"))]
        return {"links_here": what_links_here(meeting), **text_context(citations=citations, texts=texts)}
