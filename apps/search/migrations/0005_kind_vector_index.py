"""PostgreSQL only, and only where the btree_gin extension is available (it ships with PostgreSQL's contrib,
in Debian's postgresql package): a GIN index on (kind, search_vector), so a count of one kind's matches
(`kind = 'body' AND search_vector @@ query`) intersects the two in the index and reads only that kind's
matches on the heap, not every match of the query (docs/search.md). A kind with few records (member states)
is then counted in well under a millisecond instead of a scan of the table.

Elsewhere this does nothing: the counts use the plain GIN index of 0002 and stay correct, only slower.
Creating an extension needs a superuser (or a trusted extension: btree_gin is trusted from PostgreSQL 13);
CI and the tests connect as `postgres`. Like 0002 and 0004, the index is made by RunPython so that it stays
out of Django's model state.
"""

from django.db import migrations

INDEX = "search_doc_kind_vector_gin"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'")
        if cursor.fetchone() is None:
            return  # not installed on this server: the counts use the GIN index on the vector alone
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument USING gin (kind, search_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_rum_index")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
