"""PostgreSQL only: a trigram GIN index on the names with the kind (btree_gin, as in 0005), so that the similar
names of one kind (a count's misspelt names, a narrowed page's) are found among that kind's names alone: the
names holding a common word ("Council of Ministers") are thousands in the index of 0002, and reading them cost
a count 194 ms at 1,000,000 rows where only the member states needed their similar names. Made by RunPython,
like 0002, so that it stays out of Django's model state.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # seconds at 1,000,000 rows
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_doc_kind_names_trgm ON search_searchdocument"
        " USING gin (kind, names gin_trgm_ops, names_ru gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_kind_names_trgm")


class Migration(migrations.Migration):
    dependencies = [("search", "0011_phrase_pairs")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
