from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView

from apps.bodies.models import Body, BodyRelation
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
