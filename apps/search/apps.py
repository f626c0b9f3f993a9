from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search index; the apps that own the records register them (apps.search.registry)."""

    name = "apps.search"
    verbose_name = "Search"
