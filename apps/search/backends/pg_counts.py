"""Counts per kind on PostgreSQL (issue 20, docs/search.md): the planner's estimate first, then each kind
counted exactly up to COUNT_BOUND in one statement; a "phrase" counted from one scan of its matches,
which is also its page's candidates.
"""

import json
import time
from collections import Counter

from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

from apps.search.backends import budget, limits
from apps.search.backends.base import PER_PAGE, Count, positive_part
from apps.search.backends.indexes import (
    RumDistance,
    compiled,
    has_rum_index,
    matching_words,
    plan_estimates,
    read_connection,
    side_by_side,
)
from apps.search.champions import spelt_right_sql
from apps.search.models import Kind, SearchDocument

# Stands for the kind in SQL compiled once for all kinds (_for_kinds): no kind is this, and no query can hold
# it (PostgreSQL refuses NUL in text, and forms refuse it before).
_ANY_KIND = "\x00kind"


def _for_kinds(queryset: QuerySet, kinds: list[str], limit: int | None = None) -> list[tuple[str, list]]:
    """The SQL and parameters of `queryset` narrowed to each of these kinds (at most `limit` rows each),
    compiled once: compiling a queryset costs Django about half a millisecond, most of a search's time in
    Python, and the counts need one per kind, two or three times."""
    narrowed = queryset.filter(kind=_ANY_KIND)
    sql, params = (narrowed[:limit] if limit is not None else narrowed).query.sql_with_params()
    return [(sql, [kind if param == _ANY_KIND else param for param in params]) for kind in kinds]


class PostgresCounts:
    """The counts half of PostgresBackend, which gives it `_query`, `_rank_query`, `_similar`, `_trigram` and
    the `_phrase_scan`, `_estimated`, `_started` and `cut_short` of this search."""

    def counts(self, query: str) -> dict[str, Count]:
        """The planner's row estimate per kind first (one EXPLAIN); the kinds it puts past
        ESTIMATE_TRUSTED are "about" that many without counting. The others are counted exactly up to
        COUNT_BOUND (each count stops there: a LIMITed subquery), and those past it keep the estimate.
        The estimate is the words' alone: the planner estimates similar names (`names %> q`) from a fixed
        selectivity (about 6,000 rows at 1,000,000 for "Gerasimof", which has 1 match)."""
        self._started = time.monotonic()  # a search's budget starts with its counts (a backend may serve several)
        matches = SearchDocument.objects.filter(search_vector=self._query(query)).values("pk")
        kinds = list(Kind.values)
        estimates, per_kind = self._estimates(matches, kinds)
        estimates = dict(zip(kinds, estimates, strict=True))
        self._estimated[query] = estimates  # for the page's candidates (PostgresBackend._candidates)
        counts = {
            kind: Count(estimate, approximate=True)
            for kind, estimate in estimates.items()
            if per_kind and '"' not in query and estimate > limits.ESTIMATE_TRUSTED * limits.COUNT_BOUND
        }
        to_count = [kind for kind in kinds if kind not in counts]
        if not to_count:
            return counts
        count = self._phrase_counts if '"' in query else self._bounded_counts
        exact, cut = budget.within(budget.budget_ms(budget.COUNTS_SHARE), lambda: count(query, to_count))
        if cut:  # counting took longer than its share of the budget: the estimates stand, as "about"
            self.cut_short.add("counts")
            # The planner puts no scan under one row: a kind may show "about 1" and hold none.
            counts.update({kind: Count(estimates[kind], approximate=True) for kind in to_count if estimates[kind]})
            exact = {}
        for kind, n in exact.items():
            if n > limits.COUNT_BOUND:
                counts[kind] = Count(max(estimates[kind], limits.COUNT_BOUND + 1), approximate=True)
            elif n:
                counts[kind] = Count(n)
        return dict(sorted(counts.items(), key=lambda item: kinds.index(item[0])))

    def _bounded_counts(self, query: str, kinds: list[str]) -> dict[str, int]:
        """These kinds' matches, each counted up to COUNT_BOUND + 1 (or a little more: past the bound), in one
        query. A kind's word matches are a LIMITed scan of its own index of the vectors stripped of their positions
        (migration 0018; `_matching_words`: a hyphenated word, or an excluded phrase, found there by the words to look
        for with phrases read as words ANDed, then checked; a quoted phrase to look for, which needs the positions,
        from the vector's own indexes).

        With misspellings, a kind's similar names (pg_trgm) count only where its words match fewer rows than a
        first page's candidates (CANDIDATES + PER_PAGE): the page leaves them out otherwise (_candidates), as
        large engines correct spelling only when there are few results, and the scan of every name holding a
        common word was most of the count's time (19 ms of 20 for "security" at 100k rows). The similar names
        of those kinds are scanned once (a CTE, at most CLOSE_NAMES rows, never started when no kind needs
        them) and joined to each kind's word matches by a UNION. With more similar names than CLOSE_NAMES
        (rare), those kinds left under the bound are counted again, each with its own LIMITed scan. No kind needs
        them when every word of the query has a champion list (held by SEARCH_CHAMPION_MIN_DF rows or more): such a
        query is spelt right, and the scan of names similar to three such words took 68 of the 77 ms of the count
        of "joint staff military" at 1,000,000 rows."""
        words = self._matching_words(SearchDocument.objects.order_by().values("pk"), query)
        trigram = self._trigram(query)
        ctes, params = [], []
        for n, (sql, kind_params) in enumerate(_for_kinds(words, kinds, limits.COUNT_BOUND + 1)):
            ctes.append(f"words{n} AS MATERIALIZED ({sql})")
            params.extend(kind_params)
        parts = [f"(SELECT count(*) FROM words{n})" for n in range(len(kinds))]  # noqa: S608 - our own names
        if trigram:
            few = limits.CANDIDATES + PER_PAGE
            # No kind needs them when every word is held by SEARCH_CHAMPION_MIN_DF rows or more (spelt right) and
            # the words match some row.
            matched = " + ".join(f"(SELECT count(*) FROM words{n})" for n in range(len(kinds)))  # noqa: S608
            needing = " UNION ALL ".join(
                f"SELECT %s AS kind WHERE (SELECT count(*) FROM words{n}) < {few}"  # noqa: S608
                f" AND NOT ((SELECT spelt_right FROM spelling) AND {matched} > 0)"
                for n in range(len(kinds))
            )
            rank_sql, rank_params = compiled(self._rank_query(query))
            spelling = f"SELECT {spelt_right_sql('r.q')} AS spelt_right FROM (SELECT {rank_sql} AS q) AS r"  # noqa: S608
            # When one or two kinds need them (the rare ones, for common words), one scan per kind, each started
            # only when its kind needs it, so that the (kind, names) trigram index (migration 0012) reads that
            # kind's names alone: 194 -> 20 ms for "Council of Ministers" at 1,000,000 rows. When more do (a
            # rare word or a name), one scan of every kind's names: five scans of the per-kind index cost 34 ms
            # for "Valery Gerasimov" at 1,000,000 rows, one 8 ms.
            needed = RawSQL("SELECT kind FROM needing", [])  # a CTE of this statement
            close = SearchDocument.objects.order_by().filter(self._similar(query)).values("pk", "kind")
            sql, close_params = close.filter(kind__in=needed)[: limits.CLOSE_NAMES].query.sql_with_params()
            few_kinds = limits.FEW_KINDS
            branches = [f"(SELECT * FROM ({sql}) AS names_close WHERE (SELECT count(*) FROM needing) > {few_kinds})"]  # noqa: S608
            close_params = list(close_params)
            for kind, (sql, branch_params) in zip(kinds, _for_kinds(close, kinds, limits.CLOSE_NAMES), strict=True):
                branches.append(
                    f"(SELECT * FROM ({sql}) AS names_close WHERE %s IN (SELECT kind FROM needing)"  # noqa: S608
                    f" AND (SELECT count(*) FROM needing) <= {few_kinds})"
                )
                close_params += [*branch_params, kind]
            ctes += [
                f"spelling AS MATERIALIZED ({spelling})",
                f"needing AS MATERIALIZED ({needing})",
                f"close AS MATERIALIZED (SELECT * FROM ({' UNION ALL '.join(branches)}) AS similar_names"  # noqa: S608
                f" LIMIT {limits.CLOSE_NAMES})",
            ]
            params += [*rank_params, *kinds, *close_params]
            parts = [
                f"(SELECT count(*) FROM (SELECT pk FROM words{n} UNION SELECT pk FROM close WHERE kind = %s) AS found)"  # noqa: S608
                for n in range(len(kinds))
            ] + [*parts, "(SELECT count(*) FROM close)"]
            params += kinds
        with read_connection().cursor() as cursor:
            cursor.execute(f"WITH {', '.join(ctes)} SELECT {', '.join(parts)}", params)
            row = cursor.fetchone()
        counts = dict(zip(kinds, row, strict=False))
        if trigram and row[-1] >= limits.CLOSE_NAMES:  # more similar names than scanned: count those kinds again
            word_counts = dict(zip(kinds, row[len(kinds) :], strict=False))
            for kind in [kind for kind, n in counts.items() if n <= limits.COUNT_BOUND and word_counts[kind] < few]:
                counts[kind] = self._bounded(query, kind).count()
        return counts

    def _phrase_counts(self, query: str, kinds: list[str]) -> dict[str, int]:
        """These kinds' matches of a query with a "phrase": one scan of its matches (at most COUNT_BOUND + 1
        per kind in all, of any kind), counted per kind, in one statement of two branches, one of which runs.

        A query whose words to look for are only a phrase of lexemes ("joint staff", `"joint staff" -council`) is
        found by the phrase's word pairs (migration 0011: the rows holding 'joint staff' as a pair, checked against
        the whole query), a few rows' worth of the GIN index, unordered (with an exclusion, 187 -> 17 ms for the
        search of `"collective security" -council` at 1,000,000 rows). Any other is scanned in the RUM index's
        order, which checks the phrase's positions in the index, where a GIN index on the words finds every row
        holding them and rechecks each on the heap (290 ms for "joint staff" in documents at 1,000,000 rows), but
        reads the positions of every row holding its words (115 ms). Either scan is the page's candidates too
        (`_scanned`). When it stops at its limit, the kinds it left under the bound are counted again."""
        limit = len(kinds) * (limits.COUNT_BOUND + 1)
        search_query = self._query(query)
        matches = SearchDocument.objects.filter(search_vector=search_query)
        if has_rum_index():  # the order of the page's candidates (_candidates)
            matches = matches.alias(distance=RumDistance(F("search_vector"), self._rank_query(query)))
            matches = matches.annotate(place=F("distance")).order_by("distance")
        else:
            matches = matches.annotate(place=Value(0.0, output_field=FloatField()))
        scan_sql, scan_params = matches.values_list("pk", "kind", "place")[:limit].query.sql_with_params()
        match_sql, match_params = compiled(search_query)
        # The pairs of the phrase to look for: a row holding them is checked against the whole query, exclusions too.
        # Only when the query ANDs its exclusions to that phrase: with an OR in it, '"joint staff" OR -council' is
        # 'joint' <-> 'staff' | !'council', matched by rows without the pairs (a query beyond ASCII ORs its readings).
        rank_sql, rank_params = compiled(self._rank_query(query))
        rank_sql = f"CASE WHEN strpos(({match_sql})::text, '|') = 0 THEN {rank_sql} END"
        rank_params = [*match_params, *rank_params]
        # The rows holding the pairs, checked against the whole query (given as the rank query, with no other `match`).
        paired_sql, paired_params = side_by_side((match_sql, match_params), None, None, cap=limit - 1)
        sql = (
            f"WITH pairs AS MATERIALIZED (SELECT search_phrase_pairs({rank_sql}) AS q) "  # noqa: S608
            f"(SELECT id, kind, NULL::float8, false FROM ({paired_sql}) AS paired) "
            f"UNION ALL (SELECT *, true FROM ({scan_sql}) AS scan WHERE (SELECT q FROM pairs) IS NULL) ORDER BY 3"
        )
        with read_connection().cursor() as cursor:
            cursor.execute(sql, [*rank_params, *paired_params, *scan_params])
            rows = cursor.fetchall()
        found = [(pk, kind) for pk, kind, _place, _ordered in rows]
        ordered = has_rum_index() and all(ordered for *_, ordered in rows)
        self._phrase_scan[query] = (found, len(found) < limit, ordered)
        counts = Counter(kind for _pk, kind in found)
        counts = {kind: counts[kind] for kind in kinds}
        if len(found) >= limit and (under := [kind for kind, n in counts.items() if n <= limits.COUNT_BOUND]):
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
            return ids if complete and len(ids) <= limits.WHOLE_CAP else None
        ids = ids[:limit]
        return ids if complete or len(ids) >= limit else None

    def _bounded(self, query: str, kind: str) -> QuerySet[SearchDocument]:
        """This kind's matches, at most COUNT_BOUND + 1 of them from each scan (more than COUNT_BOUND: past
        the bound): the word matches, and with misspellings the similar names, in a UNION."""
        rows = SearchDocument.objects.filter(kind=kind).order_by().values("pk")
        words = self._matching_words(rows, query)[: limits.COUNT_BOUND + 1]
        if not self._trigram(query):
            return words
        return words.union(rows.filter(self._similar(query))[: limits.COUNT_BOUND + 1])

    def _matching_words(self, rows: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
        """These rows matching the query's words, from the stripped vectors' indexes where they serve
        (`indexes.matching_words`). A phrase quoted among the words to look for needs the vector's positions; so
        do exclusions alone, which leave no words to find the rows by."""
        positive = positive_part(query)
        quoted = '"' in positive or not positive.strip()
        return matching_words(rows, self._query(query), positive=self._rank_query(query), quoted=quoted)

    def _estimates(self, matches: QuerySet[SearchDocument], kinds: list[str]) -> tuple[list[int], bool]:
        """The planner's row estimates for these kinds' matches: one EXPLAIN of their UNION ALL; and whether
        they are per kind (False: a plan not foreseen, the total shared out evenly)."""
        parts, params = [], []
        for sql, kind_params in _for_kinds(matches, kinds):
            parts.append(f"({sql})")
            params.extend(kind_params)
        with read_connection().cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {' UNION ALL '.join(parts)}", params)
            plan = cursor.fetchone()[0]
        return plan_estimates((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"], kinds)
