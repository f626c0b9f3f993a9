"""Search backends, chosen by the database in use: PostgreSQL full text, or the simple fallback."""

from django.db import connection

from apps.search.backends.base import Count, Hit, SearchBackend


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from apps.search.backends.postgresql import PostgresBackend

        return PostgresBackend()
    from apps.search.backends.simple import SimpleBackend

    return SimpleBackend()


__all__ = ["Count", "Hit", "SearchBackend", "get_backend"]
