"""What the PostgreSQL backend asks of the database's own structures: which connection reads the index, whether
the RUM index exists and its distance operator, the planner's row estimates per kind, the rows holding a query's
words in their names (migration 0016's column and index) or in their names and summaries (0014's index, made again
by 0015), and SQL compiled for hand-written statements."""

import json

from django.contrib.postgres.search import SearchQuery, SearchQueryField, SearchVectorField
from django.db import connections, router
from django.db.models import BooleanField, F, FloatField, Func, IntegerField, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.db.models.sql import Query

from apps.search.champions import WEIGHTS_SQL
from apps.search.models import SearchDocument

RUM_INDEX = "search_doc_vector_rum"
_rum_checked: dict[str, bool] = {}


def read_connection():
    """Where this request reads the index: the backend's raw SQL goes where the ORM's reads go (a replica for
    anonymous readers, when the deployment has one: apps/core/routing.py)."""
    return connections[router.db_for_read(SearchDocument)]


def has_rum_index() -> bool:
    """Whether the RUM index exists (migration 0004 creates it where the extension is installed); asked once
    per process and database."""
    connection = read_connection()
    name = connection.settings_dict["NAME"]
    if name not in _rum_checked:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
            _rum_checked[name] = cursor.fetchone() is not None
    return _rum_checked[name]


def plan_estimates(plan: dict, kinds: list[str]) -> tuple[list[int], bool]:
    """Rows per kind from the plan (EXPLAIN, FORMAT JSON) of a UNION ALL of one query per kind, and whether
    they are per kind (False: a plan not foreseen, its total shared out evenly)."""
    if len(kinds) == 1:  # no Append
        return [round(plan["Plan Rows"])], True
    top, divisor = plan, 1.0
    while plan["Node Type"] == "Gather" and len(plan.get("Plans", [])) == 1:  # a Parallel Append under it
        # a parallel-aware scan's rows are per process: the planner divides them by this (costsize.c)
        workers = plan.get("Workers Planned", 0)
        divisor = workers + max(1.0 - 0.3 * workers, 0.0)
        plan = plan["Plans"][0]
    # Which child is which kind: a Parallel Append reorders its children (costliest first), so each is
    # known by the kind it filters on, `(kind)::text = 'body'::text`, or by its kind's partial RUM index
    # (migration 0007), whose predicate the planner leaves out of the scan's conditions.
    estimates = {}
    for child in plan.get("Plans", []) if plan["Node Type"] == "Append" else []:
        text = json.dumps(child)
        named = [kind for kind in kinds if f"= '{kind}'::text" in text or f'"{kind_index(kind)}"' in text]
        if len(named) == 1:
            estimates[named[0]] = round(child["Plan Rows"] * (divisor if child.get("Parallel Aware") else 1))
    if len(estimates) != len(kinds):  # a plan not foreseen
        return [round(top["Plan Rows"] / len(kinds))] * len(kinds), False
    return [estimates[kind] for kind in kinds], True


def kind_index(kind: str) -> str:
    """The name of a kind's partial RUM index (migration 0007)."""
    return f"{RUM_INDEX}_{kind.replace('-', '_')}"


# The vector of a row's names alone, as migration 0016 stores it (a generated column, GIN-indexed with the kind):
# read, not computed again, where a scan reads the table in order (migration 0016's docstring).
NAMES_VECTOR = "d.names_vector"
# The expression the column is generated from (migration 0015's names, spelt).
NAMES_EXPRESSION = (
    "(to_tsvector('english'::regconfig, search_spelling(d.names))"
    " || to_tsvector('russian'::regconfig, search_spelling(translate(d.names_ru, 'Ёё', 'Ее'))))"
)
# The vector of a row's names and summaries, as migration 0015 indexes it (GIN, with the kind; an expression).
LEAD_VECTOR = (
    f"({NAMES_EXPRESSION}"
    " || to_tsvector('english'::regconfig, search_spelling(d.summary))"
    " || to_tsvector('russian'::regconfig, search_spelling(translate(d.summary_ru, 'Ёё', 'Ее'))))"
)


def rows_holding(
    vector: str,
    rank: tuple[str, list],
    match: tuple[str, list] | None,
    kind: str | None,
    *,
    cap: int,
    to_score: bool = False,
) -> tuple[str, list]:
    """SQL of at most `cap` + 1 rows whose `vector` (NAMES_VECTOR, LEAD_VECTOR) holds every word of the rank
    query, found in that vector's own index, that also match the whole query (`match`, None when the rank query
    is the query); `to_score`: each with its search vector, for scores_of."""
    rank_sql, rank_params = rank
    condition, params = ("", []) if match is None else (f"AND {match[0]}", list(match[1]))
    if kind:
        condition, params = f"{condition} AND d.kind = %s", [*params, kind]
    columns = "d.id, d.search_vector" if to_score else "d.id"
    sql = f"""SELECT {columns} FROM {SearchDocument._meta.db_table} d
        WHERE {vector} @@ {rank_sql} {condition} LIMIT {cap + 1}"""  # noqa: S608
    return sql, [*rank_params, *params]


def scores_of(cte: str, rank: tuple[str, list], *, cap: int) -> tuple[str, list]:
    """SQL of the rows the CTE `cte` holds (ids and search vectors), each with its score (the page's ts_rank of its
    whole vector), when they are at most `cap`: past it none is scored. The vectors are the ones the CTE's scan read,
    not looked up again by id (673 + 311 lookups, 2 ms, for "collective security council" at 1,000,000 rows)."""
    rank_sql, rank_params = rank
    sql = f"""SELECT c.id, ts_rank({WEIGHTS_SQL}, c.search_vector, {rank_sql}) AS score
        FROM {cte} c WHERE (SELECT count(*) FROM {cte}) <= {cap}"""  # noqa: S608
    return sql, list(rank_params)


def among_best_scored(cte: str, *, stop: int) -> str:
    """SQL condition on a row of `cte` (scores_of's rows): its score is at least the `stop`-th best there (ties kept).

    A scored row's score is the page's rank without the exact-name bonus. One below the `stop`-th of its own source
    has `stop` rows ranking above it, all of them among the page's candidates: the names-and-summaries and word-pairs
    sources check the kind and the exclusions, and a row holding the words in its names or summaries holds them in
    its whole vector. So it cannot reach the page, and the bonus lifts only rows the exact names' source brings
    anyway: the page ranks again a page's worth of each source, not the LEAD_CAP rows each may score (673 + 311 of
    1,188 candidates for "collective security council" at 1,000,000 rows). A row whose vector is not written yet has
    no score, and is not a match."""
    last = f"SELECT score FROM {cte} WHERE score IS NOT NULL ORDER BY score DESC OFFSET {max(stop, 1) - 1} LIMIT 1"  # noqa: S608
    return f"score >= COALESCE(({last}), 0)"


def side_by_side(
    rank: tuple[str, list], match: tuple[str, list] | None, kind: str | None, *, cap: int
) -> tuple[str, list]:
    """SQL of the ids, kinds and search vectors (for scores_of) of at most `cap` + 1 rows holding the word pairs of
    `pairs.q` (`pairs`, a CTE of the statement: `search_word_pairs` or `search_phrase_pairs` of the query, migrations
    0014 and 0011), found in the word pairs' index (0011), that match the whole query (`match`, None when the rank
    query is it)."""
    condition, params = rank if match is None else match
    if match is None:
        condition = f"d.search_vector @@ {condition}"
    kind_condition, kind_params = ("AND d.kind = %s", [kind]) if kind else ("", [])
    # OFFSET 0 keeps the words' check out of the pairs' index scan: combined with the words' index, which cannot
    # check pairs, every row found would compute its pairs again to be rechecked.
    sql = f"""SELECT d.id, d.kind, d.search_vector FROM (
            SELECT d.id, d.kind, d.search_vector FROM {SearchDocument._meta.db_table} d
            WHERE (SELECT q FROM pairs) IS NOT NULL AND search_pairs(d.search_vector) @@ (SELECT q FROM pairs)
            {kind_condition} OFFSET 0
        ) AS d WHERE {condition} LIMIT {cap + 1}"""  # noqa: S608
    return sql, [*kind_params, *params]


class AnyOfArray(Func):
    """`column = ANY(ARRAY(subquery))`: the subquery's rows (a page's candidates) made into an array first, which the
    planner then looks up one by one in the column's index, or checks on the rows of another scan. Written
    `column IN (subquery)`, the page's statement was planned as a join, with the candidates estimated as the sum of
    every source's estimate, though at most one or two sources run: 7,066 for "security OR council" at 100,000 rows,
    where 220 are read. The planner then hashed them and checked the words on every row of the table (287 of the
    statement's 363 ms); the length of an array it takes as small, and the statement took 44 ms."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return f"{column_sql} = ANY(ARRAY({subquery_sql}))", [*column_params, *subquery_params]


class Stripped(Func):
    """`strip(search_vector)`: the vector's lexemes without their positions, as migration 0018's partial GIN indexes
    hold them, one per kind; a query without phrase operators matches it as it matches the vector (nor weights:
    `'x':A` matches a stripped vector holding 'x' at any weight; websearch_to_tsquery writes none)."""

    function = "strip"
    output_field = SearchVectorField()


class _Matches(Func):
    """`vector @@ query`, for a query that is an expression of ours rather than a SearchQuery (which Django's lookup
    would parse again as plain text)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _Checked(Func):
    """`ts_match_vq(vector, query)`: what `@@` computes, written as a function so that no index serves it: a check
    of the rows another index found."""

    function = "ts_match_vq"
    output_field = BooleanField()


# A phrase operator in a tsquery's text (<-> or <2>), read as & to find a phrase's rows by its words.
PHRASE_OPERATOR = "<(-|[0-9]+)>"


def _position(expression, text: str) -> Func:
    """`strpos(expression::text, text)`: where `text` first stands in a tsquery's text, 0 when it does not."""
    return Func(Cast(expression, TextField()), Value(text), function="strpos", output_field=IntegerField())


def matching_words(rows: QuerySet, query: SearchQuery, *, positive: SearchQuery, quoted: bool) -> QuerySet:
    """These rows whose words match `query`, found in migration 0018's indexes (`Stripped`). A stripped vector never
    matches a phrase operator. A hyphenated word is one (`'air-def' <-> 'air' <-> 'defenc'`): when the reader quoted
    no phrase among the words to look for (`quoted` False), a query with a phrase is found there by `positive` (the
    query without its exclusions) with its phrases read as words ANDed, then checked on the vector itself. The whole
    word ('air-def') is rare, so few rows are checked (0.4 ms for "air-defence forces" in documents at 1,000,000 rows,
    where the RUM index took 49 ms though no row holds it); an excluded phrase leaves out few of the rows holding the
    other words ("forces -air-defence"). A quoted phrase of common words ("joint staff") would have thousands of rows
    checked on the heap (409 ms, 9,125 rows, where the RUM index checks positions inside it): it is found in the
    vector's own indexes. The query's text is a constant to the planner, which folds these tests away and plans the
    one condition that holds.

    Every row matching `query` matches `positive` only when the query ANDs its exclusions to it. Not when an OR joins
    them (websearch reads "forces OR -air-defence" as 'forc' | !(...); a query beyond ASCII, ORing its two readings,
    is taken as such too), nor when `positive` holds a NOT itself (a lone minus, "forces - air-defence"), nor when
    it is empty (stop words only, "the -air-defence"): those are found in the vector's own indexes too."""
    as_words = Func(
        Cast(positive, TextField()), Value(PHRASE_OPERATOR), Value("&"), Value("g"), function="regexp_replace"
    )
    stripped = Stripped("search_vector")
    rows = rows.alias(
        phrases=_position(query, "<"),
        ors=_position(query, "|"),
        negations=_position(query, "!"),
        positive_negations=_position(positive, "!"),
        positive_nodes=Func(positive, function="numnode", output_field=IntegerField()),
        stripped=stripped,
        holds_words=_Matches(stripped, Cast(as_words, SearchQueryField())),
        checked=_Checked(F("search_vector"), query),
    )
    by_vector = Q(phrases__gt=0, search_vector=query)
    if quoted:
        return rows.filter(Q(phrases=0, stripped=query) | by_vector)
    necessary = Q(positive_negations=0, positive_nodes__gt=0) & (Q(ors=0) | Q(negations=0))
    unsure = Q(ors__gt=0, negations__gt=0) | Q(positive_negations__gt=0) | Q(positive_nodes=0)
    return rows.filter(
        Q(phrases=0, stripped=query)
        | (Q(phrases__gt=0, holds_words=True, checked=True) & necessary)
        | (by_vector & unsure)
    )


class RumDistance(Func):
    """`search_vector <=> query`: RUM's rank distance, smaller is better, computed inside the index."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def compiled(expression) -> tuple[str, list]:
    """SQL and parameters of an expression on SearchDocument (a SearchQuery), for hand-written SQL."""
    query = Query(SearchDocument)
    sql, params = query.get_compiler(connection=read_connection()).compile(expression.resolve_expression(query))
    return sql, list(params)
