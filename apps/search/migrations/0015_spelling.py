"""PostgreSQL only: British and American spellings indexed as one word. `search_spelling(text)` writes the
American stems of apps.search.spelling's pairs as the British ones ("defense" as "defence", "organization" as
"organisation"; "co-operation" as "cooperation", one word), and the vectors and the queries are both made from
texts passed through it, so "air defense" and "air defence" are the same lexemes, ANDed. Before, a query with
such a word was the OR of its two spellings: no champion list, no names, no word pairs could serve it, and it
was ranked from the RUM scan of every match (docs/search.md, "Results, eighth step").

The rows whose texts hold one of the American stems get their vectors again (and their champion lists' entries,
as a write to the index does); the indexes on the names (0010) and on the names and summaries (0014), which are
expressions, are made again over the new expressions. Made by RunPython so that SQLite skips it.
"""

from django.db import migrations

# (American stem as a regular expression, what it is written as): apps.search.spelling.PAIRS when this was written,
# frozen as a migration's should be. A lookahead keeps the British form from being written again ("programme").
NORMALIZED = (
    ("defens", "defenc"),
    ("offens", "offenc"),
    ("licens", "licenc"),
    ("organiz", "organis"),
    ("realiz", "realis"),
    ("recogniz", "recognis"),
    ("analyz", "analys"),
    ("program(?!me)", "programme"),
    ("catalog(?!ue)", "catalogue"),
    ("center", "centre"),
    ("armor", "armour"),
    ("honor", "honour"),
    ("labor", "labour"),
    ("co-operat", "cooperat"),
)


def _spelling_sql() -> str:
    body = "$1"
    for pattern, written in NORMALIZED:
        body = f"regexp_replace({body}, '\\m{pattern}', '{written}', 'gi')"
    return f"""CREATE OR REPLACE FUNCTION search_spelling(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {body} $$"""


ANY_STEM = "\\m(" + "|".join(pattern for pattern, _ in NORMALIZED) + ")"


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
            [ANY_STEM],
        )
        written = [row[0] for row in cursor.fetchall()]
    if written:
        # The written rows' entries in the champion lists, kept exact as any write to the index keeps them; the
        # service reads only the lists' table and the vectors, which this migration's state already has.
        from apps.search.champions import search_champions_refresh

        search_champions_refresh(document_ids=written)
    # Last: dropping an index locks the table against reads until the migration commits.
    schema_editor.execute("DROP INDEX IF EXISTS search_doc_kind_names_gin")
    schema_editor.execute("DROP INDEX IF EXISTS search_doc_kind_lead_gin")
    if indexed:
        schema_editor.execute(
            "CREATE INDEX search_doc_kind_names_gin ON search_searchdocument"
            f" USING gin (kind, {names_vector(spelling)})"
        )
        schema_editor.execute(
            f"CREATE INDEX search_doc_kind_lead_gin ON search_searchdocument USING gin (kind, {lead_vector(spelling)})"
        )
    schema_editor.execute("ANALYZE search_searchdocument")  # the new index expressions' statistics


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
