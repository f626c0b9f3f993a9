"""Champion lists (Manning, Raghavan, Schütze, Introduction to Information Retrieval, §7.1.3), PostgreSQL only.

For every lexeme held by at least SEARCH_CHAMPION_MIN_DF rows, its best SEARCH_CHAMPIONS rows by the rank the
results page gives a one-word query (ts_rank with WEIGHTS, for that lexeme alone), in SearchChampion. A query
whose positive part is that one lexeme ("council -defence") takes its page's candidates from the list instead
of the RUM index, which scores every match of the word before returning the best (docs/search.md, "Results,
fifth step").

What keeps a list exact: every row holding the lexeme that is not in its list ranks after every row in it
(score, then title and id, as the page orders). A rebuild makes the lists; a write to the index
(`search_champions_refresh`) deletes the written rows' entries, inserts a row again only where it ranks at
or before its list's last entry, and trims each list to SEARCH_CHAMPIONS. A row whose rank fell below the
last entry leaves the list, which shrinks until the next rebuild; the page falls back to the RUM scan when
too few of a list's rows match the whole query.
"""

from django.conf import settings
from django.db import connection, transaction

from apps.search.models import SearchChampion, SearchDocument

# ts_rank's weights for D, C, B, A: a name counts five times a mention in running text.
WEIGHTS = [0.05, 0.2, 0.5, 1.0]
_WEIGHTS_SQL = "'{" + ",".join(str(w) for w in WEIGHTS) + "}'::float4[]"
DOCUMENTS = SearchDocument._meta.db_table
CHAMPIONS = SearchChampion._meta.db_table
# A lexeme as a one-lexeme tsquery; a backslash would need E'' quoting, which tsquery does not read.
_LEXEME_QUERY = "quote_literal({})::tsquery"


def champion_size() -> int:
    return getattr(settings, "SEARCH_CHAMPIONS", 1000)


def champion_min_df() -> int:
    return getattr(settings, "SEARCH_CHAMPION_MIN_DF", 20_000)


def _score(vector: str, lexeme: str) -> str:
    return f"ts_rank({_WEIGHTS_SQL}, {vector}, {_LEXEME_QUERY.format(lexeme)})"


def search_champions_rebuild() -> int:
    """Make every list again: the frequent lexemes (ts_stat over the index), each with its best rows.
    Returns the number of lists."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        # One statement over the whole index (minutes at 1,000,000 rows): past the requests' timeout.
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(f"DELETE FROM {CHAMPIONS}")  # noqa: S608 - table names from the models
        cursor.execute(
            f"""INSERT INTO {CHAMPIONS} (lexeme, document_id, score)
            SELECT frequent.word, best.id, best.score
            FROM (SELECT word FROM ts_stat('SELECT search_vector FROM {DOCUMENTS}')
                  WHERE ndoc >= %s AND strpos(word, E'\\\\') = 0) AS frequent
            CROSS JOIN LATERAL (
                SELECT d.id, {_score("d.search_vector", "frequent.word")} AS score
                FROM {DOCUMENTS} d WHERE d.search_vector @@ {_LEXEME_QUERY.format("frequent.word")}
                ORDER BY score DESC, d.title, d.id LIMIT %s
            ) AS best""",  # noqa: S608
            [champion_min_df(), champion_size()],
        )
        cursor.execute(f"SELECT count(DISTINCT lexeme) FROM {CHAMPIONS}")  # noqa: S608
        return cursor.fetchone()[0]


def search_champions_refresh(*, document_ids: list[int]) -> None:
    """Keep the lists exact after these rows' vectors were written: their old entries out, each row back in
    the lists of its lexemes where it ranks at or before the list's last entry, every list that grew trimmed."""
    if connection.vendor != "postgresql" or not document_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CHAMPIONS} WHERE document_id = ANY(%s)", [document_ids])  # noqa: S608
        # Each list's last entry, and each written row's rank for its lexemes that have a list.
        cursor.execute(
            f"""WITH written AS (
                SELECT d.id, d.title, u.lexeme, {_score("d.search_vector", "u.lexeme")} AS score
                FROM {DOCUMENTS} d CROSS JOIN LATERAL unnest(tsvector_to_array(d.search_vector)) AS u(lexeme)
                WHERE d.id = ANY(%s)
                  AND EXISTS (SELECT 1 FROM {CHAMPIONS} c WHERE c.lexeme = u.lexeme)
            )
            INSERT INTO {CHAMPIONS} (lexeme, document_id, score)
            SELECT w.lexeme, w.id, w.score FROM written w
            CROSS JOIN LATERAL (
                SELECT c.score, d.title, d.id FROM {CHAMPIONS} c JOIN {DOCUMENTS} d ON d.id = c.document_id
                WHERE c.lexeme = w.lexeme ORDER BY c.score, d.title DESC, d.id DESC LIMIT 1
            ) AS last
            WHERE w.score > last.score OR (w.score = last.score AND (w.title, w.id) <= (last.title, last.id))
            RETURNING lexeme""",  # noqa: S608
            [document_ids],
        )
        touched = {row[0] for row in cursor.fetchall()}  # only the lists that grew can be too long
        if touched:
            cursor.execute(
                f"""DELETE FROM {CHAMPIONS} WHERE id IN (
                    SELECT id FROM (
                        SELECT c.id, row_number() OVER (
                            PARTITION BY c.lexeme ORDER BY c.score DESC, d.title, d.id) AS place
                        FROM {CHAMPIONS} c JOIN {DOCUMENTS} d ON d.id = c.document_id
                        WHERE c.lexeme = ANY(%s)
                    ) AS ranked WHERE place > %s)""",  # noqa: S608
                [sorted(touched), champion_size()],
            )


def champion_sql(rank_query: tuple[str, list], match: tuple[str, list], kind: str | None, limit: int):
    """SQL of the best `limit` rows (of this kind) from the list of the rank query's one lexeme that also
    match the whole query (`match`: a condition on `d`), best first; none when the rank query is not one
    lexeme or the lexeme has no list. The lexeme is read in SQL from the parsed query (numnode 1: a lone
    lexeme; its text is quoted, `'council'`), so choosing the list costs no query of its own."""
    rank_sql, rank_params = rank_query
    match_sql, match_params = match
    kind_sql, kind_params = ("AND d.kind = %s", [kind]) if kind else ("", [])
    sql = f"""SELECT c.document_id AS id FROM {CHAMPIONS} c JOIN {DOCUMENTS} d ON d.id = c.document_id
        CROSS JOIN (SELECT {rank_sql} AS q) AS rq
        WHERE numnode(rq.q) = 1
          AND c.lexeme = replace(substring(rq.q::text FROM '^''(.*)''$'), '''''', '''')
          AND {match_sql} {kind_sql}
        ORDER BY c.score DESC, d.title, d.id LIMIT %s"""  # noqa: S608
    return sql, [*rank_params, *match_params, *kind_params, limit]
