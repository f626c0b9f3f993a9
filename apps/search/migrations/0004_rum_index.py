"""PostgreSQL only, and only where the rum extension is installed (Debian: postgresql-<version>-rum): the
extension and a RUM index on the search vector, which returns matches best first by rank
(`ORDER BY search_vector <=> query`) without reading every match (docs/search.md).

Elsewhere this does nothing, and the search ranks every match as before. Creating an extension needs a
superuser (or a trusted extension); CI and the tests connect as `postgres`. Like 0002, the index is made by
RunPython so that it stays out of Django's model state.
"""

from django.db import migrations

INDEX = "search_doc_vector_rum"


def create_rum_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return  # not installed on this server: the search ranks every match (see docs/search.md)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument USING rum (search_vector rum_tsvector_ops)"
    )


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_member_state_kind")]

    operations = [migrations.RunPython(create_rum_index, drop_rum_index, elidable=False)]
