from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from apps.core.models import citations_prefetch
from apps.meetings.models import Participation
from apps.membership.models import Membership, MemberState, Person, Role
from apps.wiki.links import text_context, what_links_here
from apps.wiki.mixins import SlugRedirectMixin

CITATIONS = citations_prefetch()


class MemberStateListView(ListView):
    template_name = "membership/memberstate_list.html"
    context_object_name = "states"

    def get_queryset(self):
        return MemberState.objects.annotate(seat_count=Count("posts", distinct=True))


class MemberStateDetailView(SlugRedirectMixin, DetailView):
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
        context.update(text_context(citations=state.citations.all()))
        context["participations"] = list(Participation.objects.filter(on_behalf_of=state).with_meetings())
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
        context.update(text_context(citations=self.object.citations.all(), texts=[self.object.biography]))
        context["participations"] = list(Participation.objects.filter(person=self.object).with_meetings())
        context["links_here"] = what_links_here(self.object)
        return context
