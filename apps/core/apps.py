from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Core: sources and citations")

    def ready(self) -> None:
        from apps.core import page_cache

        page_cache.connect()
