"""PostgreSQL only: British and American spellings indexed as one word. `search_spelling(text)` writes each pair
of apps.search.spelling's one way ("defense" as "defence", "organization" as "organisation", "programme" as
"program", "centre" as "center", "co-operation" as "cooperation"), and the vectors and the queries are both made
from texts passed through it, so "air defense" and "air defence" are the same lexemes, ANDed. Before, a query
with such a word was the OR of its two spellings: no champion list, no names, no word pairs could serve it, and
it was ranked from the RUM scan of every match (docs/search.md, "Results, eighth step").

The rows whose texts hold a form it rewrites get their vectors again, the champion lists are made again (a
lexeme's rows may now be twice as many, or none), and the indexes on the names (0010) and on the names and
summaries (0014), which are expressions, are built again over the new expressions. Made by RunPython so that
SQLite skips it.
"""

from django.db import migrations

# Where a word starts and ends for the text search parser: letters and digits ("_" separates words there,
# unlike in the regular expressions' \m and \M).
START, END = "(?<![[:alnum:]])", "(?![[:alnum:]])"
# (a form as a regular expression, what it is written as), in order: apps.search.spelling.PAIRS when this was
# written, frozen as a migration's should be. Stems where every form stems alike either way ("defensive" as
# "defencive"); whole words where a stem would not: "programming", spelt alike, is left alone, and British forms
# that stem apart from the American ones ("centred": 'centr', "cataloguing": 'catalogu') are written as those.
NORMALIZED = (
    (f"{START}defens", "defenc"),
    (f"{START}offens", "offenc"),
    (f"{START}licens", "licenc"),
    (f"{START}organiz", "organis"),
    (f"{START}realiz", "realis"),
    (f"{START}recogniz", "recognis"),
    (f"{START}analyz", "analys"),
    (f"{START}programme(s?){END}", "program\\1"),
    (f"{START}catalogue(s?){END}", "catalog\\1"),
    (f"{START}catalogu(ed|ing){END}", "catalog\\1"),
    (f"{START}centre(s?){END}", "center\\1"),
    (f"{START}centred{END}", "centered"),
    (f"{START}centring{END}", "centering"),
    (f"{START}armor", "armour"),
    (f"{START}honor", "honour"),
    (f"{START}labor", "labour"),
    (f"{START}co-operat", "cooperat"),
)


def _spelling_sql() -> str:
    body = "$1"
    for pattern, written in NORMALIZED:
        body = f"regexp_replace({body}, '{pattern}', '{written}', 'gi')"
    return f"""CREATE OR REPLACE FUNCTION search_spelling(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {body} $$"""


ANY_FORM = "|".join(pattern for pattern, _ in NORMALIZED)


def _spelt(column: str, spelling: bool) -> str:
    return f"search_spelling({column})" if spelling else column


def names_vector(spelling: bool) -> str:
    """The expression of 0010's index (apps.search.backends.indexes.NAMES_VECTOR)."""
    russian = _spelt("translate(names_ru, 'Ёё', 'Ее')", spelling)
    return f"(to_tsvector('english'::regconfig, {_spelt('names', spelling)}) || to_tsvector('russian'::regconfig, {russian}))"


def lead_vector(spelling: bool) -> str:
    """The expression of 0014's index (apps.search.backends.indexes.LEAD_VECTOR)."""
    russian = _spelt("translate(summary_ru, 'Ёё', 'Ее')", spelling)
    summaries = (
        f"to_tsvector('english'::regconfig, {_spelt('summary', spelling)})"
        f" || to_tsvector('russian'::regconfig, {russian})"
    )
    return f"({names_vector(spelling)} || {summaries})"


def row_vector(spelling: bool) -> str:
    """A row's weighted vector (apps.search.services.search_vector), parts in the same order."""
    parts = []
    for field, weight in (("names", "A"), ("summary", "B"), ("text", "C")):
        for column, config in ((field, "english"), (f"translate({field}_ru, 'Ёё', 'Ее')", "russian")):
            text = f"COALESCE(({_spelt(column, spelling)})::text, '')"
            parts.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def _rebuild(schema_editor, *, spelling: bool) -> None:
    connection = schema_editor.connection
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # every row's texts are read: minutes at 1M rows
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
        indexed = cursor.fetchone() is not None  # 0010 and 0014 made their indexes only beside the RUM index
    texts = "concat_ws(' ', names, summary, text, names_ru, summary_ru, text_ru)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE search_searchdocument SET search_vector = {row_vector(spelling)}"  # noqa: S608 - ours
            f" WHERE search_vector IS NOT NULL AND {texts} ~* %s RETURNING id",
            [ANY_FORM],
        )
        written = [row[0] for row in cursor.fetchall()]
    if written:
        # A lexeme's rows changed: "defense" and "defence" are one list now (the rows of a list of 'defens' may be
        # more than those of 'defenc', which may have had none), and the lists of lexemes no row holds any more go.
        from apps.search.champions import search_champions_rebuild

        search_champions_rebuild(using=connection.alias)
    if indexed:
        # Built beside the old ones, which go last: building locks the table against writes only; dropping locks it
        # against reads too, until the migration commits.
        for name, vector in (("names", names_vector(spelling)), ("lead", lead_vector(spelling))):
            schema_editor.execute(
                f"CREATE INDEX search_doc_kind_{name}_gin_new ON search_searchdocument USING gin (kind, {vector})"
            )
        schema_editor.execute("ANALYZE search_searchdocument")  # the new index expressions' statistics
    for name in ("names", "lead"):
        schema_editor.execute(f"DROP INDEX IF EXISTS search_doc_kind_{name}_gin")
        if indexed:
            schema_editor.execute(f"ALTER INDEX search_doc_kind_{name}_gin_new RENAME TO search_doc_kind_{name}_gin")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_spelling_sql())
    _rebuild(schema_editor, spelling=True)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _rebuild(schema_editor, spelling=False)  # the texts still hold what the vectors were made of
    schema_editor.execute("DROP FUNCTION IF EXISTS search_spelling(text)")


class Migration(migrations.Migration):
    dependencies = [("search", "0014_lead_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
