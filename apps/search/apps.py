from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search index; the apps that own the records register them (apps.search.registry)."""

    name = "apps.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        connection_created.connect(register_casefold, dispatch_uid="search-sqlite-casefold")


def register_casefold(sender, connection, **kwargs) -> None:
    """SQLite only: `casefold(text)`, Python's str.casefold, with which services.refresh_vectors writes the
    index's folded copies (SQLite's own lower() folds ASCII letters only). Queries never call it: they
    compare the stored copies with a query folded in Python, so matching stays SQLite's native LIKE."""
    if connection.vendor == "sqlite":
        from apps.search.models import fold

        connection.connection.create_function("casefold", 1, _null_safe(fold), deterministic=True)


def _null_safe(function):
    return lambda text: None if text is None else function(text)
