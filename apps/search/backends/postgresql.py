"""Full-text search on PostgreSQL: a weighted tsvector with a GIN index, websearch syntax, ts_rank,
ts_headline for snippets, and pg_trgm word similarity on names for misspellings ("Gerasimof").

At scale (issue 20, docs/search.md): a page ranks precisely only a few hundred candidates, taken best
first from the RUM index (`ORDER BY search_vector <=> query LIMIT n`, computed inside the index from the
positions it stores; from the kind's own partial RUM index when the search is narrowed to one kind, migration
0007), plus the records named exactly so and, when the words match fewer rows than that, the closest
misspelt names. Without the RUM index (the extension not installed) every match is ranked, as before. A
query with a "phrase" is counted in one scan of its matches, in the RUM index's order, which checks the
phrase's positions in the index. Counts per kind are exact up to
COUNT_BOUND and the planner's estimate beyond it; a kind estimated far past the bound is not counted at all,
and with the (kind, search_vector) GIN index (btree_gin, migration 0005) a count reads only its kind's
matches.
"""

import functools
import json
import operator
from collections import Counter

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf
from django.db.models.sql import Query

from apps.core.translation import active_language
from apps.search.backends.base import (
    PER_PAGE,
    Count,
    Hit,
    SearchBackend,
    exact_bonus,
    marked,
    negative_part,
    positive_part,
    uses_syntax,
)
from apps.search.backends.indexes import has_rum_index, names_first, plan_estimates, read_connection
from apps.search.champions import WEIGHTS, champion_sql
from apps.search.indexing import START_SEL, STOP_SEL
from apps.search.models import YO, Kind, SearchDocument, SearchName, name_key
from apps.search.services import RUSSIAN_CONFIG, SEARCH_CONFIG
from apps.search.spelling import spellings

# Shorter queries are whole words or stop words ("the") more often than misspellings.
TRIGRAM_MIN_LENGTH = 4
TRIGRAM_WEIGHT = 0.5
# Candidates a page is ranked from, taken in the RUM index's own order (its score weighs A to D
# 1, 0.4, 0.2, 0.1, close to ts_rank's weights here); a page further down takes as many more.
CANDIDATES = 200
# Counts per kind are exact up to here; beyond, the planner's estimate ("about 12,000").
COUNT_BOUND = 1000
# A kind the planner estimates at more than this many times COUNT_BOUND is not counted: even a bounded count
# reads COUNT_BOUND rows on the heap and the whole kind's share of the index, and the page would say "about"
# anyway. Words' estimates are within a factor of about 2.5 on our data (docs/search.md); a "phrase" is
# estimated as if its words were only ANDed (70 times too many for "joint staff"), so it is always counted.
ESTIMATE_TRUSTED = 4
# Similar names (pg_trgm) scanned once for the counts of every kind; past this many, see _bounded_counts.
CLOSE_NAMES = 5000
# Kinds needing their similar names counted, at most, that are scanned one by one (_bounded_counts).
FEW_KINDS = 2
# Rows, at most, that a page takes whole as its candidates when their order is not known: those naming every
# word of the query, or every match of a phrase found by its word pairs.
WHOLE_CAP = 500


class RumDistance(Func):
    """`search_vector <=> query`: RUM's rank distance, smaller is better, computed inside the index."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class PostgresBackend(SearchBackend):
    name = "postgresql"
    CONFIGS = (SEARCH_CONFIG, RUSSIAN_CONFIG)  # the two readings of a query beyond ASCII (_query)

    def __init__(self) -> None:
        # A phrase's matches from its count, for this search's page (one backend per search: engine.search):
        # query -> ([(id, kind), ...], whether that is every match, whether in the RUM index's order).
        self._phrase_scan: dict[str, tuple[list[tuple[int, str]], bool, bool]] = {}

    def _query(self, query: str) -> SearchQuery:
        """The query in websearch syntax, OR the same query with other spellings of its words; read as English
        and as Russian when it has letters beyond ASCII.

        An ASCII query is parsed once: the "russian" configuration reads Latin words with the English stemmer,
        so both would give the same lexemes. Otherwise its words are read both ways (`(english OR russian)`)
        and its -exclusions are ANDed in each reading: OR-ing two whole queries would let a record excluded
        under one stemming through the other ("-комитета" is 'комитет' in Russian, 'комитета' in English)."""
        if query.isascii():
            return self._parsed(query, SEARCH_CONFIG)
        query = query.translate(YO)  # as the Russian texts are indexed (services.search_vector)
        positive, negative = positive_part(query), negative_part(query)
        readings = []
        if positive.strip():
            readings.append(self._parsed(positive, SEARCH_CONFIG) | self._parsed(positive, RUSSIAN_CONFIG))
        if negative:
            readings += [SearchQuery(negative, search_type="websearch", config=c) for c in self.CONFIGS]
        return functools.reduce(operator.and_, readings) if readings else self._parsed(query, SEARCH_CONFIG)

    def _parsed(self, query: str, config: str) -> SearchQuery:
        alternatives = [SearchQuery(q, search_type="websearch", config=config) for q in spellings(query)]
        return functools.reduce(operator.or_, alternatives)

    def _similar(self, query: str) -> Q:
        """Names some words of which the query is similar to (pg_trgm, GIN trigram indexes): the English
        names, and the Russian ones too for a query beyond ASCII (a Latin query is never close to them)."""
        return functools.reduce(
            operator.or_, (Q(TrigramWordSimilar(F(column), Value(query))) for column in _name_columns(query))
        )

    def _similarity(self, query: str):
        found = [TrigramWordSimilarity(Value(query), column) for column in _name_columns(query)]
        return Greatest(*found) if len(found) > 1 else found[0]

    def _rank_query(self, query: str) -> SearchQuery:
        """What a match is ranked by: the query without its exclusions. ts_rank gives every row the same
        1e-20 for a query with a NOT in it, so -excluded words used to leave the ranking to the titles."""
        return self._query(positive_part(query) if _excludes(query) else query)

    def _trigram(self, query: str) -> bool:
        return len(query) >= TRIGRAM_MIN_LENGTH and not uses_syntax(query)

    def matches(self, query: str) -> QuerySet[SearchDocument]:
        search_query = self._query(query)
        condition = Q(search_vector=search_query)
        rank = SearchRank(F("search_vector"), self._rank_query(query), weights=WEIGHTS)
        if self._trigram(query):
            # A name spelt wrong: the query is similar to some words of a record's names (GIN trigram index).
            # Only rows the words did not match pay for the similarity (it is slow on many rows).
            condition |= self._similar(query)
            rank = Case(
                When(search_vector=search_query, then=rank),
                default=TRIGRAM_WEIGHT * self._similarity(query),
                output_field=FloatField(),
            )
        # A record named exactly the query comes first, whatever the word counts say.
        return SearchDocument.objects.filter(condition).alias(rank=rank + exact_bonus(query, 10.0))

    def ranked(self, matches: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
        """Best first, with the title and a snippet in the reader's language: for a reader of Russian the
        Russian title when the record has one, and a snippet from the Russian texts, then the English ones
        (the best fragments come from whichever the query matched); parsed with "russian", which reads the
        Latin words as "english" does."""
        search_query = self._query(query)
        russian = active_language() == "ru"
        marks = {"config": RUSSIAN_CONFIG if russian else SEARCH_CONFIG, "start_sel": START_SEL, "stop_sel": STOP_SEL}
        title, passage = F("title"), ["summary", Value("\n"), "text"]
        if russian:
            title = Coalesce(NullIf(F("title_ru"), Value("")), F("title"))
            passage = ["summary_ru", Value("\n"), "text_ru", Value("\n"), *passage]
        return (
            matches.annotate(rank_value=F("rank"))
            .order_by("-rank_value", "title", "pk")
            .annotate(
                title_marked=SearchHeadline(title, search_query, highlight_all=True, **marks),
                snippet_marked=SearchHeadline(
                    Concat(*passage, output_field=TextField()),
                    search_query,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .only("kind", "title", "title_ru", "url")
        )

    def _named(self, query: str, kind: str | None) -> QuerySet:
        """Ids of the records named exactly `query` (of this kind)."""
        named = SearchName.objects.filter(key=name_key(query))
        return (named.filter(document__kind=kind) if kind else named).values("document_id")

    def _candidates(self, query: str, kind: str | None, stop: int) -> RawSQL:
        """Ids of the rows a page is ranked from: the best by RUM's score, the exact names, and the closest
        misspelt names only when the words match fewer rows than that (one SQL statement).

        A query whose positive part is one lexeme with a champion list (apps.search.champions; narrowed to a
        kind, the kind's own list) takes the list's rows that match the whole query (read in the page's order
        from the list's index, the whole query checked only when it has exclusions) instead of the RUM scan,
        when at least `stop` of them do (the page's rows are then all among them: every row outside the list
        ranks after every row in it); with misspellings possible, at least as many as the RUM scan's limit, so
        that the misspelt names are left out as they would be. Else the list's rows are not used.

        Else, the rows holding every word of the rank query in their names (migration 0010's index), when there
        are at least a page's worth (`stop`) and at most WHOLE_CAP: they are taken whole and neither the RUM
        scan nor the misspelt names' scan is started. A row naming the query's words ranks above every row
        that does not for one word (ts_rank's weights: a name 1, running text 0.2; at least 0.61 against at
        most 0.2, and a misspelt name's 0.5 x similarity), and in practice for several (two words of a short
        name score 0.76 to 0.99, a pair in running text 0.2); past the cap the names' own order would not be
        the page's, so the RUM scan runs. At 1,000,000 rows "Military Committee" is 263 such rows among
        40,411 matches.

        The misspelt names' scan (`names %> q ORDER BY word_similarity`) reads every name holding a common
        word (208 ms at 1,000,000 rows for "committee"): when the words already fill the candidates it is
        skipped, as large engines correct spelling only when there are few results. The CTEs' counts are
        InitPlans, so PostgreSQL gates the RUM and trigram scans with one-time filters and never starts them."""
        search_query, limit = self._query(query), CANDIDATES + stop
        rank_query = self._rank_query(query)
        rows = SearchDocument.objects.filter(kind=kind) if kind else SearchDocument.objects.all()
        best = (
            rows.filter(search_vector=search_query)
            .order_by(RumDistance(F("search_vector"), rank_query))
            .values("pk")[:limit]
        )
        best_sql, params = best.query.sql_with_params()
        match_sql, match_params = _compiled(search_query)
        rank_sql, rank_params = _compiled(rank_query)
        # Without exclusions the rank query is the query: a candidate holding its words matches it.
        match = (f"d.search_vector @@ {match_sql}", match_params) if _excludes(query) else None
        champ_sql, champ_params = champion_sql((rank_sql, rank_params), match, kind, limit)
        names_sql, names_params = names_first(rank_sql, rank_params, match, kind, cap=WHOLE_CAP)
        enough = limit if self._trigram(query) else stop
        named_sql, named_params = self._named(query, kind).query.sql_with_params()
        in_names = f"(SELECT count(*) FROM in_names) BETWEEN {stop} AND {WHOLE_CAP}"  # noqa: S608 - integers
        sql = (
            f"WITH champ AS MATERIALIZED ({champ_sql}), "  # noqa: S608
            f"in_names AS MATERIALIZED (SELECT * FROM ({names_sql}) AS n WHERE (SELECT count(*) FROM champ) < %s), "
            f"best AS MATERIALIZED (SELECT * FROM ({best_sql}) AS rum WHERE (SELECT count(*) FROM champ) < %s"
            f" AND NOT {in_names}) "
            f"SELECT id FROM champ WHERE (SELECT count(*) FROM champ) >= %s "
            f"UNION SELECT * FROM in_names WHERE {in_names} UNION SELECT * FROM best UNION ({named_sql})"
        )
        params = [*champ_params, *names_params, enough, *params, enough, enough, *named_params]
        if self._trigram(query):
            close = rows.filter(self._similar(query)).order_by(self._similarity(query).desc(), "pk").values("pk")
            close_sql, close_params = close[:limit].query.sql_with_params()
            sql += (
                f" UNION (SELECT * FROM ({close_sql}) AS close"  # noqa: S608
                f" WHERE GREATEST((SELECT count(*) FROM best), (SELECT count(*) FROM champ)) < %s AND NOT {in_names})"
            )
            params += [*close_params, limit]
        return RawSQL(sql, params)  # noqa: S611 - SQL compiled by Django, values as parameters

    def page(self, query: str, kind: str | None, start: int, stop: int) -> list[Hit]:
        if not has_rum_index():
            return super().page(query, kind, start, stop)
        scanned = self._scanned(query, kind, CANDIDATES + stop)
        if scanned is None:
            candidates = self._candidates(query, kind, stop)
        else:  # a phrase's matches, best first, from its count: no second scan of the RUM index
            named_sql, params = self._named(query, kind).query.sql_with_params()
            candidates = RawSQL(f"SELECT unnest(%s::bigint[]) UNION ({named_sql})", [scanned, *params])  # noqa: S611
        matches = self.matches(query).filter(pk__in=candidates)
        if kind:
            matches = matches.filter(kind=kind)
        return self.hits(self.ranked(matches, query)[start:stop], query)

    def counts(self, query: str) -> dict[str, Count]:
        """The planner's row estimate per kind first (one EXPLAIN); the kinds it puts past
        ESTIMATE_TRUSTED are "about" that many without counting. The others are counted exactly up to
        COUNT_BOUND (each count stops there: a LIMITed subquery), and those past it keep the estimate.
        The estimate is the words' alone: the planner estimates similar names (`names %> q`) from a fixed
        selectivity (about 6,000 rows at 1,000,000 for "Gerasimof", which has 1 match)."""
        matches = SearchDocument.objects.filter(search_vector=self._query(query)).values("pk")
        kinds = list(Kind.values)
        estimates, per_kind = self._estimates(matches, kinds)
        estimates = dict(zip(kinds, estimates, strict=True))
        counts = {
            kind: Count(estimate, approximate=True)
            for kind, estimate in estimates.items()
            if per_kind and '"' not in query and estimate > ESTIMATE_TRUSTED * COUNT_BOUND
        }
        to_count = [kind for kind in kinds if kind not in counts]
        if not to_count:
            return counts
        exact = self._phrase_counts(query, to_count) if '"' in query else self._bounded_counts(query, to_count)
        for kind, n in exact.items():
            if n > COUNT_BOUND:
                counts[kind] = Count(max(estimates[kind], COUNT_BOUND + 1), approximate=True)
            elif n:
                counts[kind] = Count(n)
        return dict(sorted(counts.items(), key=lambda item: kinds.index(item[0])))

    def _bounded_counts(self, query: str, kinds: list[str]) -> dict[str, int]:
        """These kinds' matches, each counted up to COUNT_BOUND + 1 (or a little more: past the bound), in one
        query. A kind's word matches are a LIMITed scan of the (kind, vector) index.

        With misspellings, a kind's similar names (pg_trgm) count only where its words match fewer rows than a
        first page's candidates (CANDIDATES + PER_PAGE): the page leaves them out otherwise (_candidates), as
        large engines correct spelling only when there are few results, and the scan of every name holding a
        common word was most of the count's time (19 ms of 20 for "security" at 100k rows). The similar names
        of those kinds are scanned once (a CTE, at most CLOSE_NAMES rows, never started when no kind needs
        them) and joined to each kind's word matches by a UNION. With more similar names than CLOSE_NAMES
        (rare), those kinds left under the bound are counted again, each with its own LIMITed scan."""
        words = SearchDocument.objects.order_by().values("pk").filter(search_vector=self._query(query))
        trigram = self._trigram(query)
        ctes, params = [], []
        for n, kind in enumerate(kinds):
            sql, kind_params = words.filter(kind=kind)[: COUNT_BOUND + 1].query.sql_with_params()
            ctes.append(f"words{n} AS MATERIALIZED ({sql})")
            params.extend(kind_params)
        parts = [f"(SELECT count(*) FROM words{n})" for n in range(len(kinds))]  # noqa: S608 - our own names
        if trigram:
            few = CANDIDATES + PER_PAGE
            needing = " UNION ALL ".join(
                f"SELECT %s AS kind WHERE (SELECT count(*) FROM words{n}) < {few}"  # noqa: S608
                for n in range(len(kinds))
            )
            # When one or two kinds need them (the rare ones, for common words), one scan per kind, each started
            # only when its kind needs it, so that the (kind, names) trigram index (migration 0012) reads that
            # kind's names alone: 194 -> 20 ms for "Council of Ministers" at 1,000,000 rows. When more do (a
            # rare word or a name), one scan of every kind's names: five scans of the per-kind index cost 34 ms
            # for "Valery Gerasimov" at 1,000,000 rows, one 8 ms.
            needed = RawSQL("SELECT kind FROM needing", [])  # a CTE of this statement
            close = SearchDocument.objects.order_by().filter(self._similar(query), kind__in=kinds)
            sql, close_params = close.filter(kind__in=needed).values("pk", "kind")[:CLOSE_NAMES].query.sql_with_params()
            branches = [f"(SELECT * FROM ({sql}) AS names_close WHERE (SELECT count(*) FROM needing) > {FEW_KINDS})"]  # noqa: S608
            close_params = list(close_params)
            for kind in kinds:
                close = SearchDocument.objects.order_by().filter(self._similar(query), kind=kind)
                sql, branch_params = close.values("pk", "kind")[:CLOSE_NAMES].query.sql_with_params()
                branches.append(
                    f"(SELECT * FROM ({sql}) AS names_close WHERE %s IN (SELECT kind FROM needing)"  # noqa: S608
                    f" AND (SELECT count(*) FROM needing) <= {FEW_KINDS})"
                )
                close_params += [*branch_params, kind]
            ctes += [
                f"needing AS MATERIALIZED ({needing})",
                f"close AS MATERIALIZED (SELECT * FROM ({' UNION ALL '.join(branches)}) AS similar_names"  # noqa: S608
                f" LIMIT {CLOSE_NAMES})",
            ]
            params += [*kinds, *close_params]
            parts = [
                f"(SELECT count(*) FROM (SELECT pk FROM words{n} UNION SELECT pk FROM close WHERE kind = %s) AS found)"  # noqa: S608
                for n in range(len(kinds))
            ] + [*parts, "(SELECT count(*) FROM close)"]
            params += kinds
        with read_connection().cursor() as cursor:
            cursor.execute(f"WITH {', '.join(ctes)} SELECT {', '.join(parts)}", params)
            row = cursor.fetchone()
        counts = dict(zip(kinds, row, strict=False))
        if trigram and row[-1] >= CLOSE_NAMES:  # more similar names than scanned: count those kinds again
            word_counts = dict(zip(kinds, row[len(kinds) :], strict=False))
            for kind in [kind for kind, n in counts.items() if n <= COUNT_BOUND and word_counts[kind] < few]:
                counts[kind] = self._bounded(query, kind).count()
        return counts

    def _phrase_counts(self, query: str, kinds: list[str]) -> dict[str, int]:
        """These kinds' matches of a query with a "phrase": one scan of its matches (at most COUNT_BOUND + 1
        per kind in all, of any kind), counted per kind, in one statement of two branches, one of which runs.

        A query that is only a phrase of lexemes ("joint staff") is found by its word pairs (migration 0011:
        the rows holding 'joint staff' as a pair, checked against the whole phrase), a few rows' worth of the
        GIN index, unordered. Any other is scanned in the RUM index's order, which checks the phrase's
        positions in the index, where a GIN index on the words finds every row holding them and rechecks each
        on the heap (290 ms for "joint staff" in documents at 1,000,000 rows), but reads the positions of
        every row holding its words (115 ms). Either scan is the page's candidates too (`_scanned`). When it
        stops at its limit, the kinds it left under the bound are counted again."""
        limit = len(kinds) * (COUNT_BOUND + 1)
        search_query = self._query(query)
        matches = SearchDocument.objects.filter(search_vector=search_query)
        if has_rum_index():  # the order of the page's candidates (_candidates)
            matches = matches.alias(distance=RumDistance(F("search_vector"), self._rank_query(query)))
            matches = matches.annotate(place=F("distance")).order_by("distance")
        else:
            matches = matches.annotate(place=Value(0.0, output_field=FloatField()))
        scan_sql, scan_params = matches.values_list("pk", "kind", "place")[:limit].query.sql_with_params()
        match_sql, match_params = _compiled(search_query)
        sql = (
            f"WITH pairs AS MATERIALIZED (SELECT search_phrase_pairs({match_sql}) AS q) "  # noqa: S608
            # OFFSET 0 keeps the phrase's own check out of the index scan: combined with a GIN index on the words,
            # which cannot check a phrase, every row found would compute its pairs again to be rechecked.
            f"(SELECT id, kind, NULL::float8, false FROM (SELECT d.id, d.kind, d.search_vector"
            f" FROM {SearchDocument._meta.db_table} d WHERE (SELECT q FROM pairs) IS NOT NULL"
            " AND search_pairs(d.search_vector) @@ (SELECT q FROM pairs) OFFSET 0) AS paired"
            f" WHERE search_vector @@ {match_sql} LIMIT {limit}) "
            f"UNION ALL (SELECT *, true FROM ({scan_sql}) AS scan WHERE (SELECT q FROM pairs) IS NULL) ORDER BY 3"
        )
        with read_connection().cursor() as cursor:
            cursor.execute(sql, [*match_params, *match_params, *scan_params])
            rows = cursor.fetchall()
        found = [(pk, kind) for pk, kind, _place, _ordered in rows]
        ordered = has_rum_index() and all(ordered for *_, ordered in rows)
        self._phrase_scan[query] = (found, len(found) < limit, ordered)
        counts = Counter(kind for _pk, kind in found)
        counts = {kind: counts[kind] for kind in kinds}
        if len(found) >= limit and (under := [kind for kind, n in counts.items() if n <= COUNT_BOUND]):
            counts.update(self._bounded_counts(query, under))
        return counts

    def _scanned(self, query: str, kind: str | None, limit: int) -> list[int] | None:
        """The page's candidates from this search's count of its phrase, when that scan holds them: in the RUM
        index's order, the best `limit` ids (of this kind) when it saw every match or that many of the kind;
        found by the word pairs, unordered, every match (of this kind) when it saw all and they are at most
        WHOLE_CAP (the page ranks them all); else None."""
        found, complete, ordered = self._phrase_scan.get(query, ([], False, True))
        ids = [pk for pk, found_kind in found if kind is None or found_kind == kind]
        if not ordered:
            return ids if complete and len(ids) <= WHOLE_CAP else None
        ids = ids[:limit]
        return ids if complete or len(ids) >= limit else None

    def _bounded(self, query: str, kind: str) -> QuerySet[SearchDocument]:
        """This kind's matches, at most COUNT_BOUND + 1 of them from each scan (more than COUNT_BOUND: past
        the bound): the word matches, and with misspellings the similar names, in a UNION."""
        rows = SearchDocument.objects.filter(kind=kind).order_by().values("pk")
        words = rows.filter(search_vector=self._query(query))[: COUNT_BOUND + 1]
        if not self._trigram(query):
            return words
        return words.union(rows.filter(self._similar(query))[: COUNT_BOUND + 1])

    def _estimates(self, matches: QuerySet[SearchDocument], kinds: list[str]) -> tuple[list[int], bool]:
        """The planner's row estimates for these kinds' matches: one EXPLAIN of their UNION ALL; and whether
        they are per kind (False: a plan not foreseen, the total shared out evenly)."""
        parts, params = [], []
        for kind in kinds:
            sql, kind_params = matches.filter(kind=kind).query.sql_with_params()
            parts.append(f"({sql})")
            params.extend(kind_params)
        with read_connection().cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {' UNION ALL '.join(parts)}", params)
            plan = cursor.fetchone()[0]
        return plan_estimates((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"], kinds)

    def hits(self, rows: QuerySet[SearchDocument], query: str) -> list[Hit]:
        return [
            Hit(
                kind=row.kind,
                title=row.shown_title(),
                url=row.url,
                title_html=marked(row.title_marked),
                snippet_html=marked(row.snippet_marked),
                rank=float(row.rank_value),
                lang=row.fallback_language(),
            )
            for row in rows
        ]


def _compiled(expression) -> tuple[str, list]:
    """SQL and parameters of an expression on SearchDocument (a SearchQuery), for hand-written SQL."""
    query = Query(SearchDocument)
    sql, params = query.get_compiler(connection=read_connection()).compile(expression.resolve_expression(query))
    return sql, list(params)


def _excludes(query: str) -> bool:
    """Whether the query has -exclusions beside words to rank by (so its rank query is not the query)."""
    positive = positive_part(query)
    return positive != query and bool(positive.strip())


def _name_columns(query: str) -> tuple[str, ...]:
    return ("names",) if query.isascii() else ("names", "names_ru")
