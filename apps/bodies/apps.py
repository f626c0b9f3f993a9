from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "apps.bodies"
    verbose_name = _("Bodies")

    def ready(self) -> None:
        from apps.bodies import indexing, services
        from apps.bodies.forms import BodyForm
        from apps.bodies.models import TREE_FIELDS, Body, BodyRelation
        from apps.search import registry as search
        from apps.wiki import registry as wiki

        wiki.register(
            wiki.Kind(
                "body",
                Body,
                ("name", "slug", "abbreviation", "classification", "summary", "description", "founded", "dissolved"),
                _("body"),
                prefix="bodies",
                text_fields=("description",),
                form=BodyForm,  # adds "Part of": the parent, which body_save turns into a move
                save=services.body_save,
                delete=lambda *, instance: services.body_delete(body=instance),
                creates_missing_links=True,
                not_recorded=TREE_FIELDS,  # derived from the recorded parent and sibling order
            )
        )
        wiki.register(
            wiki.Kind(
                "body-relation",
                BodyRelation,
                ("subject", "kind", "object", "start", "end"),
                _("relation between bodies"),
                home=lambda relation: relation.subject,
            )
        )
        search.register(Body, build=indexing.body_entry, queryset=Body.objects.all)
