"""PostgreSQL only: pg_trgm, a GIN index on the search vector and a trigram GIN index on the names.

On SQLite (and any other database) every operation here does nothing: TrigramExtension checks the
vendor itself, and the indexes are created by RunPython guarded by it, so they stay out of Django's
model state (makemigrations has nothing to say about them).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "search_doc_vector_gin": "USING gin (search_vector)",
    "search_doc_names_trgm": "USING gin (names gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, method in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_searchdocument {method}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
