"""PostgreSQL only: one partial GIN index per kind of each row's lexemes without their positions
(`strip(search_vector)`), for the counts per kind.

A count of one kind (backends/pg_counts.py, up to COUNT_BOUND) intersects the posting lists of the query's words in
that kind's index. The RUM indexes of 0007 hold each word's positions beside every row, so that they rank inside the
index; a count needs none of that, and GIN's posting lists are compressed row ids alone, half the size (297 MB against
636 MB at 1,000,000 rows). Counting three common words read their lists in 8.7 ms from these against 13.7 from the
RUM indexes (docs/search.md, "Results, fourteenth step"). On the stripped vector, so that the counts use them and
nothing else does (`indexes.matching_words`): on the vector itself their costs were so close to the RUM indexes' that
the planner kept the RUM index for the counts of three words at 100,000 rows. A query without phrase operators
matches the stripped vector as it matches the vector; a stripped vector never matches one, so a query with one (a
"phrase", a hyphenated word) is counted from the vector's own indexes.

Made on any PostgreSQL server, with or without the rum extension (GIN is PostgreSQL's own). A new kind needs its
index here too (a migration); without one its count reads its rows in the table, up to COUNT_BOUND. Like 0007, the
indexes are made by RunPython so that they stay out of Django's model state. At 1,000,000 rows they took 23 s to
build; each row written updates one of them.
"""

from django.db import migrations

# The kinds when this was written (apps.search.models.Kind), frozen as a migration's data should be.
KINDS = ["body", "member-state", "person", "document", "meeting"]


def index_name(kind: str) -> str:
    return "search_doc_words_" + kind.replace("-", "_")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # seconds at 1M rows: past a request's timeout
    for kind in KINDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(kind)} ON search_searchdocument"
            f" USING gin (strip(search_vector)) WHERE kind = '{kind}'"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(kind)}")


class Migration(migrations.Migration):
    dependencies = [("search", "0017_search_vector_inline")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
