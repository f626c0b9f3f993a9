"""Full-text search on PostgreSQL: a weighted tsvector with a GIN index, websearch syntax, ts_rank,
ts_headline for snippets, and pg_trgm word similarity on names for misspellings ("Gerasimof").

At scale (issue 20, docs/search.md): a page ranks precisely only a few hundred candidates, taken best
first from the RUM index (`ORDER BY search_vector <=> query LIMIT n`, computed inside the index from the
positions it stores; from the kind's own partial RUM index when the search is narrowed to one kind, migration
0007), plus the records named exactly so and, when the words match fewer rows than that, the closest
misspelt names. Without the RUM index (the extension not installed) every match is ranked, as before. A
query with a "phrase" is counted in one scan of its matches, in the RUM index's order, which checks the
phrase's positions in the index. The counts per kind are PostgresCounts' (pg_counts.py); the bounds are in
limits.py.
"""

import functools
import operator
import time

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf

from apps.core.translation import active_language
from apps.search.backends import budget, limits
from apps.search.backends.base import (
    Hit,
    SearchBackend,
    exact_bonus,
    marked,
    negative_part,
    parse_terms,
    positive_part,
    uses_syntax,
)
from apps.search.backends.indexes import (
    LEAD_VECTOR,
    NAMES_VECTOR,
    PHRASE_OPERATOR,
    AnyOfArray,
    RumDistance,
    among_best_scored,
    compiled,
    has_rum_index,
    rows_holding,
    scores_of,
    side_by_side,
)
from apps.search.backends.pg_counts import PostgresCounts
from apps.search.champions import (
    WEIGHTS,
    champion_sql,
    listed_sql,
    lists_of_every_word_sql,
    ored_sql,
    query_words_sql,
    spelt_right_sql,
)
from apps.search.indexing import START_SEL, STOP_SEL
from apps.search.models import YO, SearchDocument, SearchName, name_key
from apps.search.services import RUSSIAN_CONFIG, SEARCH_CONFIG, Spelling
from apps.search.spelling import spellings

# Shorter queries are whole words or stop words ("the") more often than misspellings.
TRIGRAM_MIN_LENGTH = 4
TRIGRAM_WEIGHT = 0.5


class PostgresBackend(PostgresCounts, SearchBackend):
    name = "postgresql"
    CONFIGS = (SEARCH_CONFIG, RUSSIAN_CONFIG)  # the two readings of a query beyond ASCII (_query)

    def __init__(self) -> None:
        # A phrase's matches from its count, for this search's page (one backend per search: engine.search):
        # query -> ([(id, kind), ...], whether that is every match, whether in the RUM index's order).
        self._phrase_scan: dict[str, tuple[list[tuple[int, str]], bool, bool]] = {}
        # The planner's estimate of the words' matches per kind, from the counts of this search (a plan not
        # foreseen: its total shared out evenly): query -> {kind: n}.
        self._estimated: dict[str, dict[str, int]] = {}
        self._started = time.monotonic()  # the search's time budget counts from here, or from its counts (page)
        super().__init__()

    def _query(self, query: str, *, widened: bool = False) -> SearchQuery:
        """The query in websearch syntax, its words spelt as the index spells them (Spelling, migration 0015:
        "defense" is read as "defence", "programme" as "program"); read as English and as Russian when it has
        letters beyond ASCII.
        `widened`: instead, the OR of the query with other spellings of its words, as the texts are written,
        for the highlights (ts_headline reads the texts themselves).

        An ASCII query is parsed once: the "russian" configuration reads Latin words with the English stemmer,
        so both would give the same lexemes. Otherwise its words are read both ways (`(english OR russian)`)
        and its -exclusions are ANDed in each reading: OR-ing two whole queries would let a record excluded
        under one stemming through the other ("-комитета" is 'комитет' in Russian, 'комитета' in English)."""
        if query.isascii():
            return self._parsed(query, SEARCH_CONFIG, widened=widened)
        query = query.translate(YO)  # as the Russian texts are indexed (services.search_vector)
        positive, negative = positive_part(query), negative_part(query)
        readings = []
        if positive.strip():
            readings.append(
                self._parsed(positive, SEARCH_CONFIG, widened=widened)
                | self._parsed(positive, RUSSIAN_CONFIG, widened=widened)
            )
        if negative:
            readings += [self._parsed(negative, c, widened=widened) for c in self.CONFIGS]
        if not readings:
            return self._parsed(query, SEARCH_CONFIG, widened=widened)
        return functools.reduce(operator.and_, readings)

    def _parsed(self, query: str, config: str, *, widened: bool = False) -> SearchQuery:
        if not widened:
            return SearchQuery(Spelling(Value(query)), search_type="websearch", config=config)
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
        rank = self._words_rank(query)
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

    def _words_rank(self, query: str) -> SearchRank:
        """A row's rank by the words of the query (ts_rank with WEIGHTS), without its exclusions (_rank_query)."""
        return SearchRank(F("search_vector"), self._rank_query(query), weights=WEIGHTS)

    def ranked(self, matches: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
        """Best first, with the title and a snippet in the reader's language: for a reader of Russian the
        Russian title when the record has one, and a snippet from the Russian texts, then the English ones
        (the best fragments come from whichever the query matched); parsed with "russian", which reads the
        Latin words as "english" does."""
        search_query = self._query(query, widened=True)
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
        """Ids of the rows a page is ranked from, in one SQL statement: from the first of these sources that
        holds enough, then the records named exactly so. The CTEs' counts are InitPlans, so PostgreSQL gates
        each later source with a one-time filter and never starts the ones not needed.

        1. A champion list: a query whose positive part is one lexeme with a list (apps.search.champions;
           narrowed to a kind, the kind's own list) takes the list's rows that match the whole query, read in
           the page's order from the list's index (the whole query checked only when it has exclusions), when
           at least `stop` of them do (every row outside the list ranks after every row in it); with
           misspellings possible, at least as many as the RUM scan's limit, so that the misspelt names are
           left out as they would be.
        2. The names: the rows holding every word of the rank query in their names (migration 0016's stored
           vector and its index), when they are at least a page's worth (`stop`) and at most WHOLE_CAP, taken
           whole. For one word this is exact (ts_rank's weights: a name 1, running text 0.2; a name scores at
           least 0.61, a row without it at most 0.2, a misspelt name 0.5 x similarity); for several, two words
           of a short name score 0.76 to 0.99, a pair in running text 0.2. At 1,000,000 rows "Military
           Committee" is 263 such rows among 40,411 matches.
        3. The names and summaries (migration 0014's index), for words ANDed (or one lexeme) that the names
           hold too rarely: the rows holding every word there, at most LEAD_CAP, with the rows holding two of
           the words side by side in any text (the word pairs' index of 0011; `search_word_pairs`), at most
           LEAD_CAP too, are scored, and when at least `stop` of the first score LEAD_SCORE or more, those of
           either scoring that much are the candidates (those under it cannot reach the page). One pair of the words in
           running text cannot reach it, nor a misspelt name; a text naming them close together two or three
           times can, and is among the candidates when it names them side by side: one with a word between
           ("Council of Collective Security") is the bet, as it is against the names. A query with an OR, a
           phrase or Russian words has no pairs and goes on to the RUM scan (a word spelt two ways is one
           lexeme: Spelling). At 1,000,000 rows "border security" is 395 such rows among 13,875 matches.
           Sources 2 and 3 serve alone only one or two words: of three, two named close together ("Alpha Delta
           Beta") score about as much as all three, whatever holds the third. Of the rows scored here, only a
           page's worth of each (with ties) is ranked again, whether the source serves or not
           (indexes.among_best_scored).
        4. The lists of words ANDed, ORed or both ("joint staff OR military committee"), or of an OR with phrases
           ('"joint staff" OR council': ts_rank scores an OR as the mean of its lexemes' own scores, the lists' order),
           that all have one (of the kind, when narrowed), read only when this search's counts estimated more than
           SCAN_CAP (1,000) matches: their rows that match the whole query, at most SEARCH_CHAMPIONS a word (every
           row of them, for words ORed only). When at least `stop` of them match, they serve, with the rows of 2
           and 3 (the words match far more rows than the RUM scan's limit, so no misspelt name is looked for). What
           this bets: a row holding the words close together in running text only, in no list, is missed; on a small
           data set such rows reach the first page, on a large one rows naming the words fill it (docs/search.md,
           "Results, ninth step").
        5. Else the best by RUM's score (`ORDER BY search_vector <=> query`, from the kind's own RUM index when
           narrowed), and the closest misspelt names when the words match fewer rows than that: their scan
           (`names %> q ORDER BY word_similarity`) reads every name holding a common word (208 ms at 1,000,000
           rows for "committee"), so it is left out when the words fill the candidates, as large engines
           correct spelling only when there are few results, nor when every word has a list (spelt right). The
           RUM scan computes the score of every match:
           its time grows with them (docs/search.md), but it runs only under SCAN_CAP estimated matches, or
           for a word without a list, held by fewer rows than SEARCH_CHAMPION_MIN_DF, or for a phrase, Russian
           words, or parentheses: these the time budget bounds (page). With the rows of 2 and 3 read before it (those
           scored, a page's worth of each), all are ranked: more candidates can only bring the page closer to the one
           ranked over every match."""
        search_query, limit = self._query(query), limits.CANDIDATES + stop
        rank_query = self._rank_query(query)
        rows = SearchDocument.objects.filter(kind=kind) if kind else SearchDocument.objects.all()
        best = (
            rows.filter(search_vector=search_query)
            .order_by(RumDistance(F("search_vector"), rank_query))
            .values("pk")[:limit]
        )
        best_sql, params = best.query.sql_with_params()
        match_sql, match_params = compiled(search_query)
        rank = compiled(rank_query)
        # The rank query read as English only: a query beyond ASCII is also read as Russian, ORed, and a count of
        # its words must not count both readings ("коллективной безопасности" is two words, 7 nodes).
        english = compiled(self._parsed(positive_part(query) if _excludes(query) else query, SEARCH_CONFIG))
        # Without exclusions the rank query is the query: a candidate holding its words matches it.
        match = (f"d.search_vector @@ {match_sql}", match_params) if _excludes(query) else None
        champ_sql, champ_params = champion_sql(rank, match, kind, limit)
        cap = limits.WHOLE_CAP
        names_sql, names_params = rows_holding(NAMES_VECTOR, rank, match, kind, cap=cap)
        lead_cap = limits.LEAD_CAP
        lead_sql, lead_params = rows_holding(LEAD_VECTOR, rank, match, kind, cap=lead_cap, to_score=True)
        scored_sql, scored_params = scores_of("in_lead", rank, cap=lead_cap)
        pairs_scored_sql, pairs_scored_params = scores_of("in_pairs", rank, cap=lead_cap)
        enough = limit if self._trigram(query) else stop
        named_sql, named_params = self._named(query, kind).query.sql_with_params()
        pairs_sql, pairs_params = side_by_side(rank, match, kind, cap=lead_cap)
        lists_sql, lists_params = listed_sql(rank, match, kind)
        # Past SCAN_CAP estimated matches the lists serve alone when they hold a page, and the RUM scan is not
        # started; under it they are not read: the RUM scan is bounded, and cheaper than reading the lists.
        many = "TRUE" if self._estimate(query, kind) > limits.SCAN_CAP else "FALSE"
        # Which source serves (integers in the SQL, ours).
        # One or two lexemes: what the names and the lead rows serve alone is argued for one or two words only.
        few = "((SELECT english_nodes FROM pairs) <= 3)"  # one lexeme, or two ANDed
        by_names = f"({few} AND (SELECT count(*) FROM in_names) BETWEEN {stop} AND {cap})"  # noqa: S608
        lead_scores = (
            f"((SELECT count(*) FROM in_lead) <= {lead_cap}"  # noqa: S608
            f" AND (SELECT count(*) FROM lead_scored WHERE score >= {limits.LEAD_SCORE}) >= {stop})"
        )
        lead_serves = f"({few} AND {lead_scores})"
        # The lead rows are read only for one lexeme (it needs no pairs: a row without it in its names or summary
        # scores at most 0.2) or for lexemes ANDed (any other query has no pairs, NULL); unread, they never serve. For
        # an OR they would be read in vain at scale: past LEAD_CAP none is scored (1,001 rows read in 10 to 17 ms for
        # "joint staff OR military committee" at 1,000,000 rows; for '"joint staff" OR council' the planner read them
        # by a sequential scan computing each row's LEAD_VECTOR, 225 ms).
        pairable = "((SELECT nodes FROM pairs) = 1 OR (SELECT q FROM pairs) IS NOT NULL)"
        by_lead = f"({lead_serves} AND (SELECT count(*) FROM in_pairs) <= {lead_cap})"  # noqa: S608

        no_list = "(SELECT count(*) FROM champ) < %s"
        # The words match far more rows than the RUM scan's limit: no misspelt name is looked for.
        by_lists = f"({many} AND (SELECT count(*) FROM in_lists) >= {stop})"  # noqa: S608
        # The words of lexemes ANDed and ORed, or of phrases in an OR, for their lists (one lexeme: the champion list).
        words = f"CASE WHEN numnode(r.q) > 1 THEN {query_words_sql('r.q', mixed=query.isascii())} END"
        # Every word held by SEARCH_CHAMPION_MIN_DF rows or more: spelt right, so no misspelt name is looked for.
        spelt_right = spelt_right_sql("r.q")
        sql = (
            f"WITH pairs AS MATERIALIZED (SELECT search_word_pairs(r.q) AS q, numnode(r.q) AS nodes, {words} AS words,"  # noqa: S608
            f" {spelt_right} AS spelt_right, {ored_sql('r.q')} AS ored"
            f", numnode(e.q) AS english_nodes FROM (SELECT {rank[0]} AS q) AS r, (SELECT {english[0]} AS q) AS e), "
            f"champ AS MATERIALIZED ({champ_sql}), "
            f"in_names AS MATERIALIZED (SELECT * FROM ({names_sql}) AS n WHERE {no_list}), "
            f"in_lead AS MATERIALIZED (SELECT * FROM ({lead_sql}) AS l WHERE {no_list} AND NOT {by_names}"
            f" AND {pairable}), "
            f"lead_scored AS MATERIALIZED ({scored_sql}), "
            f"in_pairs AS MATERIALIZED (SELECT * FROM ({pairs_sql}) AS p WHERE {lead_serves} OR NOT {few}), "
            f"pairs_scored AS MATERIALIZED ({pairs_scored_sql}), "
            f"in_lists AS MATERIALIZED (SELECT * FROM ({lists_sql}) AS c WHERE {many}"
            f" AND {no_list} AND NOT {by_names} AND NOT {by_lead}), "
            f"best AS MATERIALIZED (SELECT * FROM ({best_sql}) AS rum WHERE {no_list}"
            f" AND NOT {by_names} AND NOT {by_lead} AND NOT {by_lists}) "
            f"SELECT id FROM champ WHERE (SELECT count(*) FROM champ) >= %s "
            f"UNION SELECT id FROM in_names WHERE {by_names} "
            # The scored rows, a page's worth of each, whether they serve or not. When the lead rows serve, at least
            # `stop` of them score LEAD_SCORE or more, so their page's worth does too, and of the word pairs' rows
            # only those scoring as much are taken: no other reaches the page.
            f"UNION SELECT id FROM lead_scored WHERE {among_best_scored('lead_scored', stop=stop)} "
            f"UNION SELECT id FROM pairs_scored WHERE (score >= {limits.LEAD_SCORE} OR NOT {by_lead})"
            f" AND {among_best_scored('pairs_scored', stop=stop)} "
            # Else every row the bounded sources read, with the RUM scan's when it ran: all are ranked again, so
            # more candidates can only bring the page closer to the one ranked over every match.
            f"UNION SELECT id FROM in_lists "
            f"UNION SELECT id FROM in_names WHERE NOT {by_names} AND NOT {by_lead}"
            f" AND (SELECT count(*) FROM in_names) <= {cap} "
            f"UNION SELECT * FROM best UNION ({named_sql})"
        )
        params = [
            *rank[1],
            *english[1],
            *champ_params,
            *names_params,
            enough,
            *lead_params,
            enough,
            *scored_params,
            *pairs_params,
            *pairs_scored_params,
            *lists_params,
            enough,
            *params,
            enough,
            enough,
            *named_params,
        ]
        if self._trigram(query):
            close = rows.filter(self._similar(query)).order_by(self._similarity(query).desc(), "pk").values("pk")
            close_sql, close_params = close[:limit].query.sql_with_params()
            sql += (
                f" UNION (SELECT * FROM ({close_sql}) AS close"  # noqa: S608
                " WHERE GREATEST((SELECT count(*) FROM best), (SELECT count(*) FROM champ)) < %s"
                # Spelt right: no misspelt name, unless the words match nothing at all.
                " AND NOT ((SELECT spelt_right FROM pairs) AND (SELECT count(*) FROM best) > 0)"
                f" AND NOT {by_names} AND NOT {by_lead} AND NOT {by_lists})"
            )
            params += [*close_params, limit]
        return RawSQL(sql, params)  # noqa: S611 - SQL compiled by Django, values as parameters

    def _estimate(self, query: str, kind: str | None) -> int:
        """The planner's estimate of the words' matches (of this kind), from this search's counts; 0 unknown."""
        estimated = self._estimated.get(query, {})
        return estimated.get(kind, 0) if kind else sum(estimated.values())

    def page(self, query: str, kind: str | None, start: int, stop: int) -> list[Hit]:
        """The page from its candidates (_candidates) within its share of the search's budget; past it, the page
        ranked from bounded sources only (_bounded_page), within theirs or what is left of the whole budget when that
        is more (the counts took less than their share); past that too, no rows (the page says the search took too
        long). `cut_short` tells which happened."""
        hits, cut = budget.within(budget.budget_ms(budget.PAGE_SHARE), lambda: self._page(query, kind, start, stop))
        if not cut:
            return hits
        self.cut_short.add("page")
        # Its share, or what the counts left of theirs besides: the search's statements keep to the budget in all.
        fallback_ms = max(budget.budget_ms(budget.FALLBACK_SHARE), budget.budget_left_ms(self._started))
        hits, cut = budget.within(fallback_ms, lambda: self._bounded_page(query, kind, start, stop))
        if cut or not hits:  # nothing to show (a misspelt name is not looked for): not "nothing found" either
            self.cut_short.add("unfinished")
        return hits or []

    def _page(self, query: str, kind: str | None, start: int, stop: int) -> list[Hit]:
        if not has_rum_index():
            return super().page(query, kind, start, stop)
        scanned = self._scanned(query, kind, limits.CANDIDATES + stop)
        if scanned is None:
            candidates = self._candidates(query, kind, stop)
        else:  # a phrase's matches, best first, from its count: no second scan of the RUM index
            named_sql, params = self._named(query, kind).query.sql_with_params()
            candidates = RawSQL(f"SELECT unnest(%s::bigint[]) UNION ({named_sql})", [scanned, *params])  # noqa: S611
        matches = self.matches(query).filter(AnyOfArray(F("pk"), candidates))
        if kind:
            matches = matches.filter(kind=kind)
        return self.hits(self.ranked(matches, query)[start:stop], query)

    def _bounded_page(self, query: str, kind: str | None, start: int, stop: int) -> list[Hit]:
        """The page when its own statement ran out of time: ranked from sources that read a bounded number of rows
        whatever the query (an OR, a phrase, Russian words included), by the words alone. The best rows of the lists
        of every word of the query that has one, whatever its operators (FALLBACK_LIST_ROWS a word,
        FALLBACK_LISTS_ROWS in all, from the lists' index), and the first matches the words' index gives, in no
        order (CANDIDATES + `stop`); both found by the query with its phrases read as words ANDed (`_flat`: a GIN
        index holds no positions, so a phrase is checked on every row holding its words, past any LIMIT), its
        exclusions as they are, the whole query checked on those rows only. No misspelt names, no exact-name
        bonus: the exact names are not read (nor are they by the counts, so that a lock on them is how the tests
        run a page out of time: test_budget.py)."""
        if not positive_part(query).strip():  # only exclusions: their phrases must keep their positions
            rank = match = compiled(self._query(query))
        else:
            rank = match = _flat(compiled(self._rank_query(query)))
        if _excludes(query):  # an excluded phrase read as words ANDed would leave out rows holding them apart
            excluded_sql, excluded_params = compiled(self._query(negative_part(query)))
            match = (f"({rank[0]} && {excluded_sql})", [*rank[1], *excluded_params])
        kind_sql, kind_params = ("AND d.kind = %s", [kind]) if kind else ("", [])
        # Each word's share of FALLBACK_LISTS_ROWS (a word beyond ASCII has two readings), at most FALLBACK_LIST_ROWS.
        words = sum(len(term.split()) for term in parse_terms(positive_part(query)).include) or 1
        each = min(limits.FALLBACK_LIST_ROWS, limits.FALLBACK_LISTS_ROWS // (words * (1 if query.isascii() else 2)))
        lists_sql, lists_params = lists_of_every_word_sql(
            rank, match, kind, each=max(each, 1), total=limits.FALLBACK_LISTS_ROWS
        )
        sample_sql = (
            f"SELECT d.id FROM {SearchDocument._meta.db_table} d WHERE d.search_vector @@ {match[0]} {kind_sql}"  # noqa: S608
            f" LIMIT {limits.CANDIDATES + stop}"
        )
        candidates = RawSQL(f"({lists_sql}) UNION ({sample_sql})", [*lists_params, *match[1], *kind_params])  # noqa: S611
        # The candidates are of the kind already: the lists of that kind, the matches of that kind.
        rows = SearchDocument.objects.filter(AnyOfArray(F("pk"), candidates), search_vector=self._query(query))
        return self.hits(self.ranked(rows.alias(rank=self._words_rank(query)), query)[start:stop], query)

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


def _flat(query: tuple[str, list]) -> tuple[str, list]:
    """SQL of a tsquery (compiled) with its phrase operators (<->, <2>) read as AND: the rows it matches hold the
    words, and an index finds them without checking positions row by row."""
    sql, params = query
    return f"regexp_replace(({sql})::text, '{PHRASE_OPERATOR}', '&', 'g')::tsquery", params


def _excludes(query: str) -> bool:
    """Whether the query has -exclusions beside words to rank by (so its rank query is not the query)."""
    positive = positive_part(query)
    return positive != query and bool(positive.strip())


def _name_columns(query: str) -> tuple[str, ...]:
    return ("names",) if query.isascii() else ("names", "names_ru")
