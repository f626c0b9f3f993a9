from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search index; the apps that own the records register them (apps.search.registry)."""

    name = "apps.search"
    verbose_name = _("Search")
