"""Full-text search on PostgreSQL: a weighted tsvector with a GIN index, websearch syntax, ts_rank,
ts_headline for snippets, and pg_trgm word similarity on names for misspellings ("Gerasimof")."""

import functools
import operator

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat

from apps.search.backends.base import Hit, SearchBackend, exact_bonus, marked, uses_syntax
from apps.search.indexing import START_SEL, STOP_SEL
from apps.search.models import SearchDocument
from apps.search.services import SEARCH_CONFIG
from apps.search.spelling import spellings

# ts_rank's weights for D, C, B, A: a name counts five times a mention in running text.
WEIGHTS = [0.05, 0.2, 0.5, 1.0]
# Shorter queries are whole words or stop words ("the") more often than misspellings.
TRIGRAM_MIN_LENGTH = 4
TRIGRAM_WEIGHT = 0.5


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def _query(self, query: str) -> SearchQuery:
        """The query in websearch syntax, OR the same query with other spellings of its words."""
        alternatives = [SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG) for q in spellings(query)]
        return functools.reduce(operator.or_, alternatives)

    def matches(self, query: str) -> QuerySet[SearchDocument]:
        search_query = self._query(query)
        condition = Q(search_vector=search_query)
        rank = SearchRank(F("search_vector"), search_query, weights=WEIGHTS)
        if len(query) >= TRIGRAM_MIN_LENGTH and not uses_syntax(query):
            # A name spelt wrong: the query is similar to some words of a record's names (GIN trigram index).
            # Only rows the words did not match pay for the similarity (it is slow on many rows).
            condition |= Q(TrigramWordSimilar(F("names"), Value(query)))
            rank = Case(
                When(search_vector=search_query, then=rank),
                default=TRIGRAM_WEIGHT * TrigramWordSimilarity(Value(query), "names"),
                output_field=FloatField(),
            )
        # A record named exactly the query comes first, whatever the word counts say.
        return SearchDocument.objects.filter(condition).alias(rank=rank + exact_bonus(query, 10.0))

    def ranked(self, matches: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
        search_query = self._query(query)
        marks = {"config": SEARCH_CONFIG, "start_sel": START_SEL, "stop_sel": STOP_SEL}
        return (
            matches.annotate(rank_value=F("rank"))
            .order_by("-rank_value", "title", "pk")
            .annotate(
                title_marked=SearchHeadline("title", search_query, highlight_all=True, **marks),
                snippet_marked=SearchHeadline(
                    Concat("summary", Value("\n"), "text", output_field=TextField()),
                    search_query,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .only("kind", "title", "url")
        )

    def hits(self, rows: QuerySet[SearchDocument], query: str) -> list[Hit]:
        return [
            Hit(
                kind=row.kind,
                title=row.title,
                url=row.url,
                title_html=marked(row.title_marked),
                snippet_html=marked(row.snippet_marked),
                rank=float(row.rank_value),
            )
            for row in rows
        ]
