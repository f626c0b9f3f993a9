from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Core: sources and citations"

    def ready(self) -> None:
        from apps.core import page_cache

        page_cache.connect()
