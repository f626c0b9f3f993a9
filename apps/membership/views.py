import datetime as dt

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView, View

from apps.core.csv import SOURCE_COLUMNS, Addresses, csv_response, source_cells
from apps.core.forms import as_of_from
from apps.core.mixins import AsOfMixin, PagePartsMixin
from apps.core.models import citations_prefetch
from apps.core.translation import localized_order
from apps.meetings.models import Participation
from apps.membership.models import Membership, MemberState, Person, Post, Role
from apps.membership.selectors import states_by_standing, status_note
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin

CITATIONS = citations_prefetch()


class MemberStateListView(AsOfMixin, TemplateView):
    """The states by their standing in the organization today or on `?as_of=`: members, former members
    (marked as such, with how each membership ended), states that joined later. Three queries."""

    template_name = "membership/memberstate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["day"] = self.as_of or dt.date.today()
        context.update(states_by_standing(day=context["day"]))
        return context


STATES_CSV_HEADER = (
    "name",
    "name_ru",
    "slug",
    "official_name",
    "official_name_ru",
    "iso_code",
    "member_since",
    "member_until",
    "summary",
    "summary_ru",
    "url",
    "sits_in",
    *SOURCE_COLUMNS,
)


class MemberStateCsvView(View):
    """The member states as a CSV file, with the bodies each sits in through a seat of its own: three queries."""

    def get(self, request, *args, **kwargs):
        seats = Post.objects.select_related("body").order_by("body__path", "position")
        states = MemberState.objects.prefetch_related(CITATIONS, Prefetch("posts", queryset=seats))
        url = Addresses(request)
        return csv_response(
            filename="csto-member-states.csv",
            header=STATES_CSV_HEADER,
            rows=(
                (
                    state.name,
                    state.name_ru,
                    state.slug,
                    state.official_name,
                    state.official_name_ru,
                    state.iso_code,
                    state.joined,
                    state.left,
                    state.summary,
                    state.summary_ru,
                    url(state.get_absolute_url()),
                    " | ".join(dict.fromkeys(post.body.name for post in state.posts.all())),
                    *source_cells(state.citations.all()),
                )
                for state in states
            ),
        )


PEOPLE_CSV_HEADER = (
    "name",
    "name_ru",
    "family_name",
    "family_name_ru",
    "given_name",
    "given_name_ru",
    "patronymic",
    "patronymic_ru",
    "rank_or_honorific",
    "slug",
    "summary",
    "summary_ru",
    "url",
    *SOURCE_COLUMNS,
)


class PersonCsvView(View):
    """The people as a CSV file, in the order of the list: two queries."""

    def get(self, request, *args, **kwargs):
        url = Addresses(request)
        return csv_response(
            filename="csto-people.csv",
            header=PEOPLE_CSV_HEADER,
            rows=(
                (
                    person.name,
                    person.in_language("name", "ru"),
                    person.family_name,
                    person.family_name_ru,
                    person.given_name,
                    person.given_name_ru,
                    person.patronymic,
                    person.patronymic_ru,
                    person.honorific_prefix,
                    person.slug,
                    person.summary,
                    person.summary_ru,
                    url(person.get_absolute_url()),
                    *source_cells(person.citations.all()),
                )
                for person in Person.objects.prefetch_related(CITATIONS)
            ),
        )


SEATS_CSV_HEADER = (
    "state",
    "body",
    "body_slug",
    "body_url",
    "post",
    "member",
    "member_kind",
    "member_url",
    "role",
    "on_behalf_of",
    "start",
    "end",
    "attested",
    "as_of_note",
    *SOURCE_COLUMNS,
)


class MemberStateSeatsCsvView(View):
    """A state's memberships and those of the people sitting for it, presidencies included, as the state's page
    lists them (today, or on `?as_of=`): three queries."""

    def get(self, request, *args, **kwargs):
        form, day = as_of_from(request)
        if form.errors:
            return HttpResponse(form.errors["as_of"].as_text(), status=400, content_type="text/plain; charset=utf-8")
        state = get_object_or_404(MemberState, slug=kwargs["slug"])
        rows = _noted(
            list(
                _as_of(Membership.objects.filter(Q(member_state=state) | Q(on_behalf_of=state)), day)
                .select_related("body", "post", "person", "member_state", "on_behalf_of")
                .prefetch_related(CITATIONS)
                .order_by("body__path", "post__position", "start_lower", "pk")
            ),
            day,
        )
        url = Addresses(request)
        return csv_response(
            filename=f"csto-{state.slug}-seats-{day.isoformat()}.csv" if day else f"csto-{state.slug}-seats.csv",
            header=SEATS_CSV_HEADER,
            rows=(
                (
                    state.name,
                    m.body.name,
                    m.body.slug,
                    url(m.body.get_absolute_url()),
                    m.post.label if m.post else "",
                    m.member.name,  # the English column, as in every file
                    "person" if m.person_id else "state",
                    url(m.member.get_absolute_url()),
                    m.get_role_display(),
                    m.on_behalf_of.name if m.on_behalf_of else "",
                    m.start,
                    m.end,
                    m.attested,
                    m.note_as_of,
                    *source_cells(m.citations.all()),
                )
                for m in rows
            ),
        )


def _as_of(memberships, day):
    """Memberships held, or that may have held, on `day` (each with a note when that is uncertain); all today."""
    return memberships.as_of(day) if day else memberships


def _noted(rows: list[Membership], day) -> list[Membership]:
    for membership in rows:
        membership.note_as_of = status_note(membership, day) if day else ""
    return rows


def _participations_by(participations, day):
    """Meetings held, or that may have been held, by `day` (a meeting of "2022" may be before 1 June 2022)."""
    return participations.filter(meeting__start_lower__lte=day) if day else participations


class MemberStateDetailView(SlugRedirectMixin, AsOfMixin, PagePartsMixin, DetailView):
    template_name = "membership/memberstate_detail.html"
    context_object_name = "state"
    model = MemberState

    def get_part_data(self) -> dict:
        state = self.object
        # Its memberships of the organization (the root body), every one whatever the date: the infobox's history.
        prefetch_related_objects(
            [state],
            CITATIONS,
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(body__depth=1, role=Role.MEMBER).order_by("start_lower", "pk"),
                to_attr="spans",
            ),
        )
        rows = _noted(
            list(
                _as_of(Membership.objects.filter(Q(member_state=state) | Q(on_behalf_of=state)), self.as_of)
                .select_related("body", "post", "person")
                .prefetch_related(CITATIONS)
                .order_by("body__path", "post__position", "start_lower", "pk")
            ),
            self.as_of,
        )
        return {
            "presidencies": [m for m in rows if m.role == Role.PRESIDENCY],
            "seats": [m for m in rows if m.role != Role.PRESIDENCY],
            **text_context(citations=state.citations.all()),
            "participations": list(
                _participations_by(Participation.objects.filter(on_behalf_of=state), self.as_of).with_meetings()
            ),
            "links_here": what_links_here(state),
        }


class PersonListView(ListView):
    template_name = "membership/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        # By family name in the reader's language (an untranslated name sorts by its English one).
        return Person.objects.order_by(localized_order("family_name"), localized_order("given_name"), "pk")


class PersonDetailView(SlugRedirectMixin, AsOfMixin, PagePartsMixin, DetailView):
    template_name = "membership/person_detail.html"
    context_object_name = "person"
    model = Person

    def get_part_data(self) -> dict:
        person = self.object
        prefetch_related_objects(
            [person],
            CITATIONS,
            Prefetch(
                "memberships",
                queryset=_as_of(Membership.objects.all(), self.as_of)
                .select_related("body", "post", "on_behalf_of")
                .prefetch_related(CITATIONS)
                .order_by("-start_lower", "body__path", "pk"),
            ),
        )
        _noted(list(person.memberships.all()), self.as_of)
        return {
            **text_context(citations=person.citations.all(), texts=[person.localized("biography")]),
            "participations": list(
                _participations_by(Participation.objects.filter(person=person), self.as_of).with_meetings()
            ),
            "links_here": what_links_here(person),
        }
