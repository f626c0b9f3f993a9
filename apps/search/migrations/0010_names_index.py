"""PostgreSQL only, and only where the RUM index of 0004 exists (the page's other candidates come from it): a
GIN index on the kind and the vector of the names alone (an expression: nothing stored, nothing to write; the
kind through btree_gin, as in 0005), the first place a page looks for its candidates: rows holding every word
of the query in their names rank first, and the names' posting lists are a fraction of the whole texts'
(docs/search.md, "Results, sixth step"). Like 0002, 0004 and 0007, made by RunPython so that it stays out of
Django's model state.
"""

from django.db import migrations

# apps.search.backends.postgresql.NAMES_VECTOR when this was written, frozen as a migration's should be.
NAMES_VECTOR = (
    "(to_tsvector('english'::regconfig, names)"
    " || to_tsvector('russian'::regconfig, translate(names_ru, 'Ёё', 'Ее')))"
)


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
        if cursor.fetchone() is None:
            return  # no rum extension on this server: the search ranks every match (see docs/search.md)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS search_doc_kind_names_gin ON search_searchdocument USING gin (kind, {NAMES_VECTOR})"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_kind_names_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_champion_lists_per_kind")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
