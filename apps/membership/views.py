import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from apps.bodies.models import Body
from apps.core.models import citations_prefetch, numbered_sources
from apps.meetings.views import participations_of
from apps.membership.models import Membership, MemberState, Person, Post, Role
from apps.wiki.links import what_links_here
from apps.wiki.mixins import SlugRedirectMixin

CITATIONS = citations_prefetch()


def body_members(body: Body, day: dt.date | None) -> dict:
    """The posts of a body with their holders, and its members without a post, today or as of `day`."""
    memberships = Membership.objects.select_related("person", "member_state", "on_behalf_of").prefetch_related(
        CITATIONS
    )
    if day:
        memberships = memberships.as_of(day)
    posts = list(
        Post.objects.filter(body=body)
        .select_related("member_state")
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="holdings"))
    )
    today = dt.date.today()
    for post in posts:
        post.holders = post.holdings if day else [m for m in post.holdings if m.is_current(today)]
        post.upcoming_holders = [] if day else [m for m in post.holdings if m.is_upcoming(today)]
        post.former_holders = (
            [] if day else [m for m in post.holdings if not m.is_current(today) and not m.is_upcoming(today)]
        )
        for membership in post.holdings:
            membership.note_as_of = membership.uncertainty_note(day) if day and membership.status != "in" else ""
    others = list(memberships.filter(body=body, post__isnull=True))
    for membership in others:
        membership.note_as_of = membership.uncertainty_note(day) if day and membership.status != "in" else ""
    citations = [c for m in [*others, *(m for post in posts for m in post.holdings)] for c in m.citations.all()]
    return {"posts": posts, "other_members": others, "member_citations": citations}


class StateListView(ListView):
    template_name = "membership/memberstate_list.html"
    context_object_name = "states"

    def get_queryset(self):
        return MemberState.objects.annotate(seat_count=Count("posts", distinct=True))


class StateDetailView(SlugRedirectMixin, DetailView):
    template_name = "membership/memberstate_detail.html"
    context_object_name = "state"
    queryset = MemberState.objects.prefetch_related(CITATIONS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.object
        rows = list(
            Membership.objects.filter(Q(member_state=state) | Q(on_behalf_of=state))
            .select_related("body", "post", "person")
            .prefetch_related(CITATIONS)
            .order_by("body__path", "post__position", "start_lower", "pk")
        )
        context["presidencies"] = [m for m in rows if m.role == Role.PRESIDENCY]
        context["seats"] = [m for m in rows if m.role != Role.PRESIDENCY]
        context["sources"] = numbered_sources(state.citations.all())
        context["participations"] = list(participations_of(on_behalf_of=state))
        context["links_here"] = what_links_here(state)
        return context


class PersonListView(ListView):
    template_name = "membership/person_list.html"
    context_object_name = "people"
    queryset = Person.objects.all()


class PersonDetailView(SlugRedirectMixin, DetailView):
    template_name = "membership/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            CITATIONS,
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("body", "post", "on_behalf_of")
                .prefetch_related(CITATIONS)
                .order_by("-start_lower", "body__path", "pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = numbered_sources(self.object.citations.all())
        context["participations"] = list(participations_of(person=self.object))
        context["links_here"] = what_links_here(self.object)
        return context
