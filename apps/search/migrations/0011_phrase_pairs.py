"""PostgreSQL only: the word pairs of every row, for phrases (Elasticsearch's `index_phrases`).

`search_pairs(vector)` is the set of pairs of lexemes standing next to each other in a vector ('joint staff'
when 'joint' is at some position and 'staff' at the next), the very adjacency a phrase query (`<->`) tests;
`search_phrase_pairs(query)` is, for a query that is only a phrase of lexemes ('joint' <-> 'staff' <->
'council'), its pairs ANDed ('joint staff' & 'staff council'), and NULL for any other query. A GIN index on
the kind and the pairs (an expression over the stored vector: nothing to write) finds a phrase's rows among
the few holding its pairs, where the RUM index reads the positions of every row holding its words (docs/
search.md, "Results, sixth step"). Made by RunPython, like 0002, so that it stays out of Django's model state.
"""

from django.db import migrations

PAIRS = r"""
CREATE OR REPLACE FUNCTION search_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT one.lexeme || ' ' || next.lexeme)), ''::tsvector)
  FROM (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS one
  JOIN (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS next ON next.p = one.p + 1
$$
"""
PHRASE_PAIRS = r"""
CREATE OR REPLACE FUNCTION search_phrase_pairs(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN query::text ~ '^''[^'' ]+''( <-> ''[^'' ]+'')+$' THEN (
    SELECT string_agg(quote_literal(words[i] || ' ' || words[i + 1]), ' & ')::tsquery
    FROM (SELECT string_to_array(replace(query::text, '''', ''), ' <-> ') AS words) AS split,
         generate_series(1, array_length(words, 1) - 1) AS i)
  END
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(PAIRS)
    schema_editor.execute(PHRASE_PAIRS)
    # Every row's pairs are computed (about 0.4 ms a row): minutes on a large index, past the requests' timeout.
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_doc_kind_pairs_gin ON search_searchdocument"
        " USING gin (kind, search_pairs(search_vector))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_doc_kind_pairs_gin")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_phrase_pairs(tsquery)")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_pairs(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_names_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
