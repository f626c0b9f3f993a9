from django.db.models import Prefetch, Q
from django.views.generic import DetailView, ListView

from apps.core.mixins import AsOfMixin
from apps.core.models import citations_prefetch
from apps.meetings.models import Participation
from apps.membership.models import Membership, MemberState, Person, Post, Role
from apps.membership.selectors import status_note
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin

CITATIONS = citations_prefetch()


class MemberStateListView(ListView):
    template_name = "membership/memberstate_list.html"
    context_object_name = "states"

    def get_queryset(self):
        # What each state's seats are (the bodies it sits in through a seat of its own), not a count of them.
        return MemberState.objects.prefetch_related(
            Prefetch("posts", queryset=Post.objects.select_related("body").order_by("body__path", "position"))
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


class MemberStateDetailView(SlugRedirectMixin, AsOfMixin, DetailView):
    template_name = "membership/memberstate_detail.html"
    context_object_name = "state"
    queryset = MemberState.objects.prefetch_related(CITATIONS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.object
        rows = _noted(
            list(
                _as_of(Membership.objects.filter(Q(member_state=state) | Q(on_behalf_of=state)), self.as_of)
                .select_related("body", "post", "person")
                .prefetch_related(CITATIONS)
                .order_by("body__path", "post__position", "start_lower", "pk")
            ),
            self.as_of,
        )
        context["presidencies"] = [m for m in rows if m.role == Role.PRESIDENCY]
        context["seats"] = [m for m in rows if m.role != Role.PRESIDENCY]
        context.update(text_context(citations=state.citations.all()))
        context["participations"] = list(
            _participations_by(Participation.objects.filter(on_behalf_of=state), self.as_of).with_meetings()
        )
        context["links_here"] = what_links_here(state)
        return context


class PersonListView(ListView):
    template_name = "membership/person_list.html"
    context_object_name = "people"
    queryset = Person.objects.all()


class PersonDetailView(SlugRedirectMixin, AsOfMixin, DetailView):
    template_name = "membership/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            CITATIONS,
            Prefetch(
                "memberships",
                queryset=_as_of(Membership.objects.all(), self.as_of)
                .select_related("body", "post", "on_behalf_of")
                .prefetch_related(CITATIONS)
                .order_by("-start_lower", "body__path", "pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(text_context(citations=self.object.citations.all(), texts=[self.object.biography]))
        _noted(list(self.object.memberships.all()), self.as_of)
        context["participations"] = list(
            _participations_by(Participation.objects.filter(person=self.object), self.as_of).with_meetings()
        )
        context["links_here"] = what_links_here(self.object)
        return context
