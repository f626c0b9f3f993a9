"""Champion lists (Manning, Raghavan, Schütze, Introduction to Information Retrieval, §7.1.3), PostgreSQL only.

For every lexeme held by at least SEARCH_CHAMPION_MIN_DF rows, its best SEARCH_CHAMPIONS rows by the rank the
results page gives a one-word query (ts_rank with WEIGHTS, for that lexeme alone), in SearchChampion. A query
whose positive part is that one lexeme ("council -defence") takes its page's candidates from the list instead
of the RUM index, which scores every match of the word before returning the best (docs/search.md, "Results,
fifth step").

A frequent lexeme has a list over all kinds, and one per kind that holds at least SEARCH_CHAMPIONS rows with
it: a search narrowed to one kind ("committee" in documents) reads its kind's list, as the list over all kinds
may hold few rows of that kind (65 documents among the 1,000 best rows of "committee" at 1,000,000 rows).

What keeps a list exact: every row holding the lexeme (of the list's kind) that is not in its list ranks after
every row in it (score, then title and id, as the page orders). A rebuild makes the lists; a write to the index
(`search_champions_refresh`) deletes the written rows' entries, inserts a row again only where it ranks at
or before its list's last entry, and trims each list to SEARCH_CHAMPIONS. A row whose rank fell below the
last entry leaves the list, which shrinks until the next rebuild; the page falls back to the RUM scan when
too few of a list's rows match the whole query.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from apps.search.models import Kind, SearchChampion, SearchDocument

# ts_rank's weights for D, C, B, A: a name counts five times a mention in running text.
WEIGHTS = [0.05, 0.2, 0.5, 1.0]
WEIGHTS_SQL = "'{" + ",".join(str(w) for w in WEIGHTS) + "}'::float4[]"
DOCUMENTS = SearchDocument._meta.db_table
CHAMPIONS = SearchChampion._meta.db_table
# A lexeme as a one-lexeme tsquery; a backslash would need E'' quoting, which tsquery does not read.
_LEXEME_QUERY = "quote_literal({})::tsquery"
# A plain quoted lexeme in a tsquery's text, as a pattern inside an SQL string (its quotes doubled): no quote, space,
# weight or prefix in it.
_LEXEME = "''[^'' ]+''"
# A tsquery's text that is only plain lexemes ORed ('secur' | 'council'), as search_word_pairs reads them ANDed.
_ORED = rf"'^{_LEXEME}( \| {_LEXEME})+$'"
# Only plain lexemes, ANDed, ORed or both: websearch reads "joint staff OR military committee" as
# 'joint' & 'staff' | 'militari' & 'committe', printed without parentheses since AND binds tighter.
_LEXEMES = rf"'^{_LEXEME}( [&|] {_LEXEME})+$'"
# Only plain lexemes ANDed, or only ORed: what search_word_pairs and _ORED let through.
_ANDED_OR_ORED = rf"'^{_LEXEME}(( & {_LEXEME})+|( \| {_LEXEME})+)$'"
# Plain lexemes joined by any operator but NOT, phrases among them ('joint' <-> 'staff' | 'council'): ts_rank scores a
# query whose top operator is an OR as the mean of its lexemes' own scores, whatever the operators below it.
_PHRASED = rf"'^{_LEXEME}( ([&|]|<->|<[0-9]+>) {_LEXEME})+$'"
# Each quoted lexeme of a tsquery's text, its quotes doubled inside ('o''brien'), as the regexp's first group.
_QUOTED = r"""'''((?:[^'']|'''')+)'''"""
# A lexeme as a tsquery's text quotes it, unquoted ('o''brien' -> o'brien).
_UNQUOTED = "replace({}, '''''', '''')"
# The lexeme of a one-lexeme tsquery (numnode 1), unquoted from its text ('council', 'o''brien').
_LONE_LEXEME = _UNQUOTED.format("substring(({})::text FROM '^''(.*)''$')")


def champion_size() -> int:
    return getattr(settings, "SEARCH_CHAMPIONS", 1000)


def champion_min_df() -> int:
    return getattr(settings, "SEARCH_CHAMPION_MIN_DF", 20_000)


def _score(vector: str, lexeme: str) -> str:
    return f"ts_rank({WEIGHTS_SQL}, {vector}, {_LEXEME_QUERY.format(lexeme)})"


def search_champions_rebuild(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Make every list again: the frequent lexemes (ts_stat over the index), each with its best rows of every
    kind, and over all kinds the best of those. Returns the number of lexemes with lists."""
    if connections[using].vendor != "postgresql":
        return 0
    kinds = ", ".join(f"('{kind}')" for kind in Kind.values)  # the choices' own values
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # One statement over the whole index (minutes at 1,000,000 rows): past the requests' timeout.
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(f"DELETE FROM {CHAMPIONS}")  # noqa: S608 - table names from the models
        cursor.execute(
            f"""INSERT INTO {CHAMPIONS} (lexeme, kind, document_id, score, title)
            SELECT frequent.word, kinds.kind, best.id, best.score, best.title
            FROM (SELECT word FROM ts_stat('SELECT search_vector FROM {DOCUMENTS}')
                  WHERE ndoc >= %s AND strpos(word, E'\\\\') = 0) AS frequent
            CROSS JOIN (VALUES {kinds}) AS kinds(kind)
            CROSS JOIN LATERAL (
                SELECT d.id, d.title, {_score("d.search_vector", "frequent.word")} AS score
                FROM {DOCUMENTS} d
                WHERE d.kind = kinds.kind AND d.search_vector @@ {_LEXEME_QUERY.format("frequent.word")}
                ORDER BY score DESC, d.title, d.id LIMIT %s
            ) AS best""",  # noqa: S608
            [champion_min_df(), champion_size()],
        )
        # The best rows of all kinds are among the best of each kind.
        cursor.execute(
            f"""INSERT INTO {CHAMPIONS} (lexeme, kind, document_id, score, title)
            SELECT lexeme, '', document_id, score, title FROM (
                SELECT lexeme, document_id, score, title,
                       row_number() OVER (PARTITION BY lexeme ORDER BY score DESC, title, document_id) AS place
                FROM {CHAMPIONS}
            ) AS ranked WHERE place <= %s""",  # noqa: S608
            [champion_size()],
        )
        # A kind holding the lexeme in fewer rows than a list's length has none: its own RUM index (migration
        # 0007) finds them quickly.
        cursor.execute(
            f"""DELETE FROM {CHAMPIONS} c USING (
                SELECT lexeme, kind FROM {CHAMPIONS} WHERE kind <> '' GROUP BY lexeme, kind HAVING count(*) < %s
            ) AS short WHERE c.lexeme = short.lexeme AND c.kind = short.kind""",  # noqa: S608
            [champion_size()],
        )
        cursor.execute(f"SELECT count(DISTINCT lexeme) FROM {CHAMPIONS}")  # noqa: S608
        return cursor.fetchone()[0]


def search_champions_refresh(*, document_ids: list[int]) -> None:
    """Keep the lists exact after these rows' vectors were written: their old entries out, each row back in
    the lists of its lexemes (over all kinds, and of its kind) where it ranks at or before the list's last
    entry, every list that grew trimmed."""
    if connection.vendor != "postgresql" or not document_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CHAMPIONS} WHERE document_id = ANY(%s)", [document_ids])  # noqa: S608
        # Each list's last entry, and each written row's rank for its lexemes that have a list.
        cursor.execute(
            f"""WITH written AS (
                SELECT d.id, d.title, d.kind, u.lexeme, {_score("d.search_vector", "u.lexeme")} AS score
                FROM {DOCUMENTS} d CROSS JOIN LATERAL unnest(tsvector_to_array(d.search_vector)) AS u(lexeme)
                WHERE d.id = ANY(%s)
                  AND EXISTS (SELECT 1 FROM {CHAMPIONS} c WHERE c.lexeme = u.lexeme AND c.kind = '')
            )
            INSERT INTO {CHAMPIONS} (lexeme, kind, document_id, score, title)
            SELECT w.lexeme, scope.kind, w.id, w.score, w.title FROM written w
            CROSS JOIN LATERAL (VALUES (''), (w.kind)) AS scope(kind)
            CROSS JOIN LATERAL (
                SELECT c.score, c.title, c.document_id AS id FROM {CHAMPIONS} c
                WHERE c.lexeme = w.lexeme AND c.kind = scope.kind
                ORDER BY c.score, c.title DESC, c.document_id DESC LIMIT 1
            ) AS last
            WHERE w.score > last.score OR (w.score = last.score AND (w.title, w.id) <= (last.title, last.id))
            RETURNING lexeme, kind""",  # noqa: S608
            [document_ids],
        )
        touched = sorted(set(cursor.fetchall()))  # only the lists that grew can be too long
        if touched:
            cursor.execute(
                f"""DELETE FROM {CHAMPIONS} WHERE id IN (
                    SELECT id FROM (
                        SELECT id, row_number() OVER (
                            PARTITION BY lexeme, kind ORDER BY score DESC, title, document_id) AS place
                        FROM {CHAMPIONS}
                        WHERE (lexeme, kind) IN (SELECT * FROM unnest(%s::text[], %s::text[]))
                    ) AS ranked WHERE place > %s)""",  # noqa: S608
                [[lexeme for lexeme, _ in touched], [kind for _, kind in touched], champion_size()],
            )


def champion_sql(rank_query: tuple[str, list], match: tuple[str, list] | None, kind: str | None, limit: int):
    """SQL of the best `limit` rows of the list (of this kind, or over all kinds) of the rank query's one
    lexeme that also match the whole query (`match`: a condition on `d`, None when the query is that lexeme),
    best first; none when the rank query is not one lexeme or the lexeme has no such list. The lexeme is read
    in SQL from the parsed query (numnode 1: a lone lexeme; its text is quoted, `'council'`), so choosing the
    list costs no query of its own; the list's index holds the page's order, so the scan stops at `limit`."""
    rank_sql, rank_params = rank_query
    join, condition, match_params = "", "", []
    if match is not None:
        join = f"JOIN {DOCUMENTS} d ON d.id = c.document_id"
        condition, match_params = f"AND {match[0]}", match[1]
    sql = f"""SELECT c.document_id AS id FROM {CHAMPIONS} c {join}
        CROSS JOIN (SELECT {rank_sql} AS q) AS rq
        WHERE numnode(rq.q) = 1
          AND c.lexeme = {_LONE_LEXEME.format("rq.q")}
          AND c.kind = %s {condition}
        ORDER BY c.score DESC, c.title, c.document_id LIMIT %s"""  # noqa: S608
    return sql, [*rank_params, kind or "", *match_params, limit]


def listed_sql(rank_query: tuple[str, list], match: tuple[str, list] | None, kind: str | None) -> tuple[str, list]:
    """SQL of the rows of the lists (of this kind, or over all kinds) of every word of `pairs.words` (`pairs`, a
    CTE of the page's statement: the rank query's lexemes, `query_words_sql`) that match the
    whole query (`match`: a condition on `d`, None when the rank query `rank_query` is the query); none, and no list
    read, unless every one of those words has such a list. Each list holds at most SEARCH_CHAMPIONS rows, so this
    reads at most that many per word, however many rows match.

    Words ORed only (`pairs.ored`): a row of a word's list holds that word (every write to the lists keeps it so: the
    module's docstring), so it matches the words, and when they are the whole query (`match` None: no exclusions) it
    is not looked up at all. Otherwise (words ANDed, or ANDs and ORs mixed, "joint staff OR military committee") each
    list row is looked up by id (`= ANY(ARRAY(...))`) and checked. Joined instead, the planner hashed every row
    matching the words, a number that grows with the wiki: for words ORed a sequential scan of the table (185 of 229
    ms for "council OR defence" at 100,000 rows), for three words ANDed their 9,999 matches at 1,000,000 rows (54 ms
    for "collective security council", against 28 ms for its 3,000 list rows looked up)."""
    condition, params = match or (f"d.search_vector @@ {rank_query[0]}", rank_query[1])
    every_word_listed = all_listed_sql("(SELECT words FROM pairs)", kind_sql="%s")
    listed = f"""SELECT c.document_id FROM {CHAMPIONS} c
        WHERE (SELECT {every_word_listed})
          AND c.lexeme = ANY((SELECT words FROM pairs)::text[]) AND c.kind = %s"""  # noqa: S608
    listed_params = [kind or "", kind or ""]
    looked_up = f"SELECT d.id FROM {DOCUMENTS} d WHERE d.id = ANY(ARRAY({listed})) AND {condition}"  # noqa: S608
    if match is not None:
        return looked_up, [*listed_params, *params]
    unchecked = f"SELECT DISTINCT document_id AS id FROM ({listed}) AS c WHERE (SELECT ored FROM pairs)"  # noqa: S608
    return (
        f"({unchecked}) UNION ALL ({looked_up} AND NOT (SELECT ored FROM pairs))",  # noqa: S608
        [*listed_params, *listed_params, *params],
    )


def lists_of_every_word_sql(
    query: tuple[str, list], match: tuple[str, list], kind: str | None, *, each: int, total: int
) -> tuple[str, list]:
    """SQL of the rows of the lists (of this kind, or over all kinds) of every lexeme of the tsquery `query` (SQL and
    parameters), whatever its operators, read from the lists' index in its order, the best `each` of each list and
    `total` in all, then those that match the tsquery `match` (a query cut short by the time budget,
    PostgresBackend._bounded_page), each looked up by id."""
    (query_sql, query_params), (match_sql, match_params) = query, match
    every = f"regexp_matches(({query_sql})::text, {_QUOTED}, 'g') AS m"
    lexemes = f"ARRAY(SELECT DISTINCT {_UNQUOTED.format('m[1]')} FROM {every})"  # noqa: S608 - our SQL
    # Each list row looked up by id: joined, the planner may hash every row matching the query instead (an OR's are
    # most of the table), and this page is the one that must stay bounded.
    sql = f"""SELECT d.id FROM {DOCUMENTS} d WHERE d.id = ANY(ARRAY(
            SELECT c.document_id FROM unnest({lexemes}) AS w(lexeme)
            CROSS JOIN LATERAL (
                SELECT c.document_id FROM {CHAMPIONS} c WHERE c.lexeme = w.lexeme AND c.kind = %s
                ORDER BY c.score DESC, c.title, c.document_id LIMIT {int(each)}
            ) AS c LIMIT {int(total)}
        )) AND d.search_vector @@ {match_sql}"""  # noqa: S608
    return sql, [*query_params, kind or "", *match_params]


def query_words_sql(query_sql: str, *, mixed: bool = False) -> str:
    """SQL of the lexemes of a tsquery (`query_sql`, SQL giving one) that is one lexeme, only lexemes ANDed or only
    lexemes ORed, as an array; NULL for any other (a phrase, a NOT, parentheses). `mixed`: also lexemes ANDed and ORed
    in any mix, or an OR with phrases among its lexemes ('joint' <-> 'staff' | 'council'); for a query in ASCII only,
    whose operators are the reader's (beyond ASCII a query ORs its English and Russian readings, so a phrase or words
    ANDed would pass for such a mix). `_ANDED_OR_ORED`, `_LEXEMES` and `_PHRASED` let through only plain quoted
    lexemes, as search_word_pairs (migration 0014) does: no quote, space, weight or prefix to unquote."""
    text = f"({query_sql})::text"
    phrased = (
        f" WHEN {text} ~ {_PHRASED} AND strpos({text}, ' | ') > 0"
        f" THEN regexp_split_to_array(replace({text}, '''', ''), ' ([&|]|<->|<[0-9]+>) ')"
    )
    return (
        f"CASE WHEN numnode({query_sql}) = 1"
        f" THEN ARRAY[{_LONE_LEXEME.format(query_sql)}]"
        f" WHEN {text} ~ {_LEXEMES if mixed else _ANDED_OR_ORED}"
        f" THEN regexp_split_to_array(replace({text}, '''', ''), ' [&|] ')"
        f"{phrased if mixed else ''} END"
    )


def ored_sql(query_sql: str) -> str:
    """SQL, true when the tsquery `query_sql` is only lexemes ORed: a row holding any of them matches it."""
    return f"(({query_sql})::text ~ {_ORED})"


def all_listed_sql(words_sql: str, *, kind_sql: str = "''") -> str:
    """SQL, true when every lexeme of the array `words_sql` (query_words_sql) has a list of the kind `kind_sql`
    (SQL: over all kinds by default). False for NULL."""
    return (
        f"(({words_sql}) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unnest({words_sql}) AS w(lexeme)"  # noqa: S608
        f" WHERE NOT EXISTS (SELECT 1 FROM {CHAMPIONS} l WHERE l.lexeme = w.lexeme AND l.kind = {kind_sql})))"
    )


def spelt_right_sql(query_sql: str) -> str:
    """SQL, true when the tsquery `query_sql` is one lexeme, or lexemes ANDed or ORed, that all have a list over all
    kinds: each is held by SEARCH_CHAMPION_MIN_DF rows or more, a word spelt right, not a misspelt name."""
    return all_listed_sql(query_words_sql(query_sql))
