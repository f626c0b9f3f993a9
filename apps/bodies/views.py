from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation


class BodyTreeView(ListView):
    template_name = "bodies/body_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return Body.objects.get_tree().tree_rows()


class BodyDetailView(DetailView):
    template_name = "bodies/body_detail.html"
    context_object_name = "body"

    def get_queryset(self):
        return Body.objects.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            Prefetch("relations_out", queryset=BodyRelation.objects.select_related("object")),
            Prefetch("relations_in", queryset=BodyRelation.objects.select_related("subject")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.object
        family = list(Body.objects.family_of(body).for_listing("summary"))
        context["ancestors"] = [node for node in family if node.depth < body.depth]
        context["parent"] = context["ancestors"][-1] if context["ancestors"] else None
        context["children"] = [node for node in family if node.depth > body.depth]
        context["sources"] = sorted({c.source for c in body.citations.all()}, key=lambda s: s.title)
        return context
