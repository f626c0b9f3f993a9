"""PostgreSQL only, and only where the RUM index of 0004 exists (the rum extension installed): one partial RUM
index per kind (`WHERE kind = 'document'`), so a search narrowed to one kind takes its best candidates from
that kind's matches alone, instead of scoring every kind's matches in the whole index and filtering them
after (docs/search.md, "Results, fourth step": 208-240 -> 83-120 ms for "committee" in documents at
1,000,000 rows). Together they are about as large as the RUM index of 0004.

A new kind needs its index here too (a migration); without one its searches use the RUM index of 0004 as
before. Elsewhere this does nothing. Like 0002 and 0004, the indexes are made by RunPython so that they stay
out of Django's model state.
"""

from django.db import migrations

# The kinds when this was written (apps.search.models.Kind), frozen as a migration's data should be.
KINDS = ["body", "member-state", "person", "document", "meeting"]


def index_name(kind: str) -> str:
    return "search_doc_vector_rum_" + kind.replace("-", "_")


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
        if cursor.fetchone() is None:
            return  # no rum extension on this server: the search ranks every match (see docs/search.md)
    for kind in KINDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(kind)} ON search_searchdocument"
            f" USING rum (search_vector rum_tsvector_ops) WHERE kind = '{kind}'"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(kind)}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_russian")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
