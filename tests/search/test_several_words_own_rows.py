"""Queries of several words on rows of each test's own, with no champion lists (issue 20, PostgreSQL with the RUM
index): which sources serve them, and how many of the rows they score are ranked again. Apart from
test_several_words.py, whose tests share one data set with short lists for the whole module."""

import pytest
from django.db import connection

from apps.search.backends import get_backend
from apps.search.backends.indexes import LEAD_VECTOR
from apps.search.champions import WEIGHTS_SQL
from apps.search.models import SearchDocument
from apps.search.services import refresh_vectors
from tests.search import fixed_data
from tests.search.test_ranking import cte_ran, every_match_ranked
from tests.search.test_several_words import WORDS, _row, cte_rows, page, searched_plan, selected

pytestmark = pytest.mark.django_db


def test_three_words_two_of_them_named_apart_are_not_left_to_the_lead_rows(on_rum):
    """25 rows hold the three words in their names and summaries and score about 0.95, enough for a page. A row
    naming two of them with a word between ("Alpha Delta Beta") and saying the third in its text scores 0.98: a
    close pair of names outweighs the rest. Neither the names nor the pairs side by side find it, so the names and
    summaries must not serve a page of three words alone."""
    rows = [_row("Alpha Council", "Beta report on gamma.", "Minutes of a session.", n) for n in range(25)]
    apart = _row("Alpha Delta Beta Board", "A board of the treaty.", "It met once; a gamma was seen.", 99)
    SearchDocument.objects.bulk_create([*rows, apart])
    refresh_vectors(SearchDocument.objects.all())
    query = "alpha beta gamma"
    assert page(query)[0] == apart.url
    assert page(query) == every_match_ranked(query, None)


def test_two_russian_words_are_two_words(on_rum):
    """A query beyond ASCII is read as English and as Russian, ORed (7 nodes for two words): the names still serve
    it alone, as they serve two English words."""
    rows = [_row(f"Council {n}", "", "", n) for n in range(25)]
    for row in rows:
        row.names_ru = "Совет коллективной безопасности"
    SearchDocument.objects.bulk_create(rows)
    refresh_vectors(SearchDocument.objects.all())
    plan = searched_plan("коллективной безопасности")
    assert cte_rows(plan, "in_names") == 25 and not cte_ran(plan, "best")


def best_of_each_scored_source(query: str, stop: int) -> tuple[set[int], set[int]]:
    """Every row the names and summaries source and the word pairs' source score, and of those, the rows of each
    scoring at least its `stop`-th score (the page's rank without the exact-name bonus)."""
    score, table = f"ts_rank({WEIGHTS_SQL}, d.search_vector, {WORDS})", SearchDocument._meta.db_table
    sources = [
        (f"SELECT id, {score} FROM {table} d WHERE {LEAD_VECTOR} @@ {WORDS}", [query, query]),  # noqa: S608
        (
            f"SELECT id, {score} FROM {table} d WHERE search_pairs(d.search_vector) @@ search_word_pairs({WORDS})"  # noqa: S608
            f" AND d.search_vector @@ {WORDS}",
            [query, query, query],
        ),
    ]
    every, best = set(), set()
    with connection.cursor() as cursor:
        for sql, params in sources:
            cursor.execute(sql, params)
            scores = dict(cursor.fetchall())
            every |= set(scores)
            last = sorted(scores.values(), reverse=True)[stop - 1] if len(scores) >= stop else 0
            best |= {row for row, value in scores.items() if value >= last}
    return every, best


@pytest.mark.parametrize(
    "query",
    ["collective security council", "council security staff", "committee defence military", "defence staff collective"],
)
def test_of_the_rows_scored_only_a_pages_worth_is_ranked_again(on_rum, monkeypatch, query):
    """The rows holding every word in their names or summaries, and those holding two side by side, are scored by
    the page's rank: below the `stop`-th of their own source none can reach the page, so the page ranks again only
    a page's worth of each (with those tied with the last), not every row each source scored."""
    fixed_data.build()
    monkeypatch.setattr("apps.search.backends.limits.CANDIDATES", 0)  # the RUM scan brings `stop` rows
    monkeypatch.setattr("apps.search.backends.limits.WHOLE_CAP", 1)  # the names serve no page, bring one row at most
    scored, best = best_of_each_scored_source(query, 2)
    candidates = get_backend()._candidates(query, None, 2)
    taken = selected(candidates.sql, *candidates.params)
    assert len(scored) > 8
    assert best <= taken  # each source's best rows are ranked
    assert len((taken & scored) - best) <= 2 + 1 + 1  # others only as the RUM scan's two, a name, an exact name
    monkeypatch.undo()  # with the page's own limits, the page is still the one ranked over every match
    assert page(query) == every_match_ranked(query, None)
