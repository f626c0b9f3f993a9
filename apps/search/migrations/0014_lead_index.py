"""PostgreSQL only: a GIN index on the kind and the vector of a row's names and summaries (an expression: nothing
stored, nothing to write; the kind through btree_gin, as in 0005 and 0010), where the RUM index of 0004 exists;
and `search_word_pairs(query)`, the pairs of a query's words as they could stand side by side in a text.

The page's candidates for several words look there after the names (0010) and before the RUM scan: a row
holding every word in its names or summary ranks above nearly every row that holds one of them only in its
running text; the exceptions are texts that repeat the words together ("Joint Staff" five times), found by the
word pairs' index of 0011 (docs/search.md, "Results, seventh step"). For a query that is only lexemes ANDed
('border' & 'secur'), `search_word_pairs` gives each ordered pair ORed ('border secur' | 'secur border'), the
form `search_pairs` indexes; for any other query, NULL. Like 0010, made by RunPython so that it stays out of
Django's model state.
"""

from django.db import migrations

# apps.search.backends.indexes.LEAD_VECTOR when this was written, frozen as a migration's should be.
LEAD_VECTOR = (
    "(to_tsvector('english'::regconfig, names)"
    " || to_tsvector('russian'::regconfig, translate(names_ru, 'Ёё', 'Ее'))"
    " || to_tsvector('english'::regconfig, summary)"
    " || to_tsvector('russian'::regconfig, translate(summary_ru, 'Ёё', 'Ее')))"
)
WORD_PAIRS = r"""
CREATE OR REPLACE FUNCTION search_word_pairs(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN query::text ~ '^''[^'' ]+''( & ''[^'' ]+'')+$' THEN (
    SELECT string_agg(quote_literal(one || ' ' || other), ' | ')::tsquery
    FROM (SELECT string_to_array(replace(query::text, '''', ''), ' & ') AS words) AS split,
         unnest(words) AS one, unnest(words) AS other
    WHERE one <> other)
  END
$$
"""


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(WORD_PAIRS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
        if cursor.fetchone() is None:
            return  # no rum extension on this server: the search ranks every match (see docs/search.md)
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # a minute or two at 1,000,000 rows
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS search_doc_kind_lead_gin ON search_searchdocument USING gin (kind, {LEAD_VECTOR})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_kind_lead_gin")
        schema_editor.execute("DROP FUNCTION IF EXISTS search_word_pairs(tsquery)")


class Migration(migrations.Migration):
    dependencies = [("search", "0013_names_statistics")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
