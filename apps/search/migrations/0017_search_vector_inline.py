"""PostgreSQL only: each row's search vector kept in the row itself (storage MAIN), not out of line in the table's
TOAST relation, and the rows written again so that the vectors already there move in.

A row longer than about 2 kB is made to fit by its largest values: with the default storage (EXTENDED) a vector
that does not compress by a quarter (lexemes and positions seldom do) goes out of line like the texts. At
1,000,000 synthetic rows most vectors did (685 MB of TOAST for a 2 GB table). Every candidate a page checks
(`search_vector @@ query`) or scores (`ts_rank`) then read its vector through the TOAST index and table: 2.4 more
buffers a row, nearly half the time of the page's statement for three common words, whose candidate sources read
thousands of rows (docs/search.md, "Results, fourteenth step"). With MAIN the texts go out of line first; the
vector is compressed only if the row is still too long, and moved out only past a page's size. The few short values
every scan reads (READ_ON_EVERY_ROW) are kept in the row too: with the vector in, a row holding a long vector (8 % of
the synthetic rows hold one past 1.9 kB) stays too long once its texts are out, and PostgreSQL then moves its other
values out one by one, its names' vector among them.

Setting the storage changes only rows written after it; the column's type is set again, to itself, `USING` an
expression (the vector joined to an empty one, which leaves it as it was), so that PostgreSQL writes the table
again with every value placed anew, and every index on it, with the table locked until the migration commits (9 min
50 s at 1,000,000 rows, where a replica replaying it holds the lock as long).
"""

from django.db import migrations

# The short values a scan reads on every row it visits, beside the vector: the names' vector (0016's, read where the
# names' source reads the table in order), the names (checked by the misspelt names' scan), the title and address.
# A row still too long once its texts are out of line would send these out after them, one by one.
READ_ON_EVERY_ROW = ["search_vector", "names_vector", "names", "title", "url"]


def _store(schema_editor, storage: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # the table is written again: minutes at 1M rows
    # The type's change resets the column's storage to the type's own; the storage set after it, in the same
    # statement, is the one the rewrite (run once every subcommand is done) writes the rows with.
    schema_editor.execute(
        "ALTER TABLE search_searchdocument"
        " ALTER COLUMN search_vector TYPE tsvector USING search_vector || ''::tsvector, "
        + ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in READ_ON_EVERY_ROW)
    )
    schema_editor.execute("ANALYZE search_searchdocument")  # a rewritten table's statistics are gone


def forward(apps, schema_editor):
    _store(schema_editor, "MAIN")


def backward(apps, schema_editor):
    _store(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0016_names_vector_column")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
