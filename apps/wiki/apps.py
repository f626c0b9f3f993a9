from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_editors(sender, **kwargs) -> None:
    # Permissions exist only after migrate has run; the group is set up then (idempotent).
    from apps.wiki.services import editors_group_ensure

    editors_group_ensure()


class WikiConfig(AppConfig):
    name = "apps.wiki"
    verbose_name = "Wiki: aliases, revisions and links"

    def ready(self) -> None:
        from apps.wiki.registry import register_history

        register_history()
        post_migrate.connect(_ensure_editors, sender=self)
