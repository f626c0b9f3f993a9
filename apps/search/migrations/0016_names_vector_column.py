"""PostgreSQL only: each row's names vector stored, in a generated column `names_vector`, and 0010's index (as
0015 made it again) built on that column instead of on the expression.

A page's candidates look first for the rows holding every word in their names (`indexes.rows_holding`, at most
WHOLE_CAP + 1 of them). For words ORed that many names hold ("security OR council": nearly a third of the rows at
1,000,000), the planner rightly reads the table in order and stops at the limit, rather than build a bitmap of
every name holding either word; but each row read computed its names vector again (two `to_tsvector` of the
names spelt by `search_spelling`, 34 regular expressions), 59 ms of that statement's 89 at 1,000,000 rows
(docs/search.md, "Results, thirteenth step"). Stored, the vector is read, not computed. PostgreSQL writes the column
on every insert and on every update that sets the names, so nothing else writes it; it stays out of Django's model
state, like 0010's index, since SQLite has no such vector. A later migration that changes `search_spelling` must
write the column again, as 0015 wrote `search_vector`: PostgreSQL computes it again only in an UPDATE that sets
`names` or `names_ru` (`SET names = names`), not in one that sets `search_vector` alone.

Adding the column rewrites the table and every index on it, with the table locked until the migration commits
(1 min 14 s at 100,000 rows, 15 min at 1,000,000, where the word pairs' index takes about ten): the names' old index
is dropped first, not rebuilt in the rewrite only to be dropped after it.
"""

from django.db import migrations

# apps.search.backends.indexes.NAMES_EXPRESSION when this was written (0015's names_vector(True)), frozen.
NAMES_EXPRESSION = (
    "(to_tsvector('english'::regconfig, search_spelling(names))"
    " || to_tsvector('russian'::regconfig, search_spelling(translate(names_ru, 'Ёё', 'Ее'))))"
)
INDEX = "search_doc_kind_names_gin"


def _indexed(connection) -> bool:
    with connection.cursor() as cursor:  # 0010 made its index only beside the RUM index
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [INDEX])
        return cursor.fetchone() is not None


def _index(schema_editor, vector: str) -> None:
    schema_editor.execute(f"CREATE INDEX {INDEX} ON search_searchdocument USING gin (kind, {vector})")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # the table is written again: minutes at 1M rows
    indexed = _indexed(schema_editor.connection)
    if indexed:  # the rewrite below locks the table anyway: no need to build the new index beside the old
        schema_editor.execute(f"DROP INDEX {INDEX}")
    schema_editor.execute(
        "ALTER TABLE search_searchdocument"
        f" ADD COLUMN names_vector tsvector GENERATED ALWAYS AS ({NAMES_EXPRESSION}) STORED"
    )
    if indexed:
        _index(schema_editor, "names_vector")
    schema_editor.execute("ANALYZE search_searchdocument (names_vector)")  # its statistics, for the planner


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    indexed = _indexed(schema_editor.connection)
    schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN names_vector")  # drops its index too
    if indexed:
        _index(schema_editor, NAMES_EXPRESSION)
    schema_editor.execute("ANALYZE search_searchdocument")  # the expression index's statistics


class Migration(migrations.Migration):
    dependencies = [("search", "0015_spelling")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
