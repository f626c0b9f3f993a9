from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_editors(sender, **kwargs) -> None:
    # Permissions exist only after migrate has run; the group is set up then (idempotent).
    from apps.wiki.services import editors_group_ensure

    editors_group_ensure()


class WikiConfig(AppConfig):
    name = "apps.wiki"
    verbose_name = _("Wiki: aliases, revisions and links")

    def ready(self) -> None:
        from apps.core.models import Citation, Source
        from apps.search import registry as search
        from apps.wiki import registry
        from apps.wiki.forms import CitationEditForm
        from apps.wiki.models import Alias

        # Core's records: core depends on no other app, so the wiki registers them.
        registry.register(
            registry.Kind(
                "source",
                Source,
                (
                    "title",
                    "kind",
                    "publisher",
                    "author",
                    "url",
                    "archive_url",
                    "published",
                    "accessed",
                    "language",
                    "reported_by",
                    "via",
                    "note",
                ),
                _("source"),
            )
        )
        registry.register(
            registry.Kind(
                "citation",
                Citation,
                ("source", "field", "locator", "quote"),
                _("citation"),
                form=CitationEditForm,
                attached=True,
                home=lambda citation: citation.content_object,
            )
        )
        registry.register(
            registry.Kind(
                "alias",
                Alias,
                ("name", "note"),
                _("other name"),
                attached=True,
                home=lambda alias: alias.content_object,
            )
        )
        # An alias is another name of its record: searchable, and found by [[links]].
        search.register_names(_alias_names)
        search.register_feeder(Alias, affected=_alias_record)
        post_migrate.connect(_ensure_editors, sender=self)


def _alias_record(alias) -> list:
    from django.contrib.contenttypes.models import ContentType

    return [(ContentType.objects.get_for_id(alias.content_type_id).model_class(), {"pk": alias.object_id})]


def _alias_names(content_type_id: int, object_ids: list[int]) -> dict[int, list[str]]:
    from apps.wiki.models import Alias

    names: dict[int, list[str]] = {}
    rows = Alias.objects.filter(content_type_id=content_type_id, object_id__in=object_ids).order_by("name")
    for object_id, name in rows.values_list("object_id", "name"):
        names.setdefault(object_id, []).append(name)
    return names
