"""PostgreSQL only: the planner's statistics on the names (English and Russian) cut to 10 values, from 100.

Each similar-names condition (`names %> query`, pg_trgm) is estimated by `matchingsel`, which computes the
word similarity of the query to every most-common value and histogram entry of the column: about 1 ms of
planning per condition with 100 of them, and a search's statements hold seven such conditions (six in the
counts, one among the page's candidates), so a search spent 7 to 10 ms planning before it read a row. With 10
entries the planner's estimate of similar names falls back mostly on pg_trgm's default selectivity, which the
counts already distrust (docs/search.md, "Results, seventh step"). Of the benchmark's 41 statements at 100,000
rows, the plans that changed changed in how a few similar names are joined to the kinds needing them; the
searches took 0.83 times as long (median), none clearly longer. The names are not compared otherwise (exact
names are SearchName's keys). Made by RunPython so that SQLite skips it.
"""

from django.db import migrations

TARGET = 10


def set_target(target: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE search_searchdocument ALTER COLUMN names SET STATISTICS {target},"
            f" ALTER COLUMN names_ru SET STATISTICS {target}"
        )
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        schema_editor.execute("ANALYZE search_searchdocument (names, names_ru)")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0012_kind_names_trigram_index")]

    operations = [migrations.RunPython(set_target(TARGET), set_target(-1), elidable=False)]
