"""Queries of several words (issue 20, PostgreSQL with the RUM index). Words ANDed that all have champion lists
and match more rows than limits.SCAN_CAP take a page's candidates from those lists, so the page reads no more
rows than the lists hold however many match; under it the RUM scan serves. What the names and the names and
summaries serve alone is argued for one or two words only."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import override_settings

from apps.search.backends import get_backend, limits
from apps.search.backends.base import SearchBackend, positive_part
from apps.search.backends.indexes import LEAD_VECTOR, NAMES_VECTOR
from apps.search.champions import search_champions_rebuild
from apps.search.engine import search
from apps.search.models import Kind, SearchChampion, SearchDocument, SearchName
from apps.search.services import refresh_vectors
from tests.search import fixed_data
from tests.search.test_ranking import _plan_nodes, candidates_plan, conditions, cte_ran, every_match_ranked

pytestmark = pytest.mark.django_db


# Lists of 60 rows for every lexeme held by 50 rows or more: shorter than the rows holding the common words, as on a
# large wiki (production: 1,000 rows for lexemes held by 20,000).
SHORT_LISTS = {"SEARCH_CHAMPION_MIN_DF": 50, "SEARCH_CHAMPIONS": 60}


@pytest.fixture(scope="module")
def _fixed_data_with_short_lists(django_db_setup, django_db_blocker):
    """The fixed data set and its short lists, written once for this module's tests and deleted after them. Each test
    runs in a transaction rolled back after it, so each sees them as written; built for each test, they took 8 to 12
    s of its setup. Every test here sees them: the tests of rows of their own are in test_several_words_own_rows.py."""
    with django_db_blocker.unblock(), override_settings(**SHORT_LISTS):
        if connection.vendor == "postgresql":
            fixed_data.build()
            search_champions_rebuild()
    yield
    with django_db_blocker.unblock():
        SearchChampion.objects.all().delete()
        SearchName.objects.all().delete()
        SearchDocument.objects.all().delete()


@pytest.fixture
def short_lists(_fixed_data_with_short_lists, on_rum, settings):
    """The fixed data set with short lists (SHORT_LISTS), and those settings, which a write to the index reads."""
    for name, value in SHORT_LISTS.items():
        setattr(settings, name, value)
    assert SearchChampion.objects.filter(kind="").exists()


def searched_plan(query: str, kind: str | None = None) -> dict:
    return candidates_plan(query, kind, counted=True)


def cte_rows(plan: dict, name: str) -> int:
    [cte] = [node for node in _plan_nodes(plan) if node.get("Subplan Name") == f"CTE {name}"]
    return cte["Actual Rows"]


def page(query: str, kind: str | None = None) -> list[str]:
    return [hit.url for hit in search(query, kind=kind).hits]


# Words that all have lists, whose lists hold a page's worth of their matches.
LISTED = [
    ("council security staff -treaty", None),
    ("committee defence military -treaty", None),
    ("security forces -treaty", None),
    ("defence staff collective -treaty", None),
    ("council staff -treaty", "body"),
]


def selected(sql: str, *params) -> set:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# A query's words as the page reads them, for SQL that takes the query as a parameter.
WORDS = "websearch_to_tsquery('english', search_spelling(%s))"


def named_or_side_by_side(query: str) -> set[int]:
    """The rows the names and summaries source reads (every word there) and the word pairs' (two side by side)."""
    table = SearchDocument._meta.db_table
    lead = f"SELECT id FROM {table} d WHERE {LEAD_VECTOR} @@ {WORDS}"  # noqa: S608 - our SQL, the query a parameter
    pairs = f"SELECT id FROM {table} d WHERE search_pairs(d.search_vector) @@ search_word_pairs({WORDS})"  # noqa: S608
    return selected(lead, query) | selected(pairs, query)


@pytest.mark.parametrize(("query", "kind"), LISTED)
def test_past_the_scan_cap_the_lists_serve_alone(short_lists, monkeypatch, query, kind):
    """The RUM scan is not started; the page is drawn from the lists of the query's words, with the rows holding
    the words in their names and summaries or side by side, and some of its rows come from the lists alone."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    plan = searched_plan(query, kind)
    assert cte_ran(plan, "in_lists") and not cte_ran(plan, "best")
    positive = positive_part(query)
    lexemes = selected("SELECT unnest(tsvector_to_array(to_tsvector('english', search_spelling(%s))))", positive)
    lists = set(
        SearchChampion.objects.filter(lexeme__in=lexemes, kind=kind or "").values_list("document_id", flat=True)
    )
    hits = set(SearchDocument.objects.filter(url__in=page(query, kind)).values_list("pk", flat=True))
    assert len(hits) == 20
    others = named_or_side_by_side(positive)
    assert hits <= lists | others
    assert hits & (lists - others)


# Three words ORed that all have lists (of the kind, when narrowed): every row of their lists matches the query. (Of
# two, the names serve alone here, as they serve two words ANDed.)
ORED = [
    ("committee OR staff OR defence", None),
    ("council OR security OR forces", None),
    ("security OR forces OR staff -treaty", None),
    ("defence OR military OR collective", None),
    ("council OR staff OR committee", "body"),
]


@pytest.mark.parametrize(("query", "kind"), ORED)
def test_past_the_scan_cap_words_ored_are_taken_from_their_lists(short_lists, monkeypatch, query, kind):
    """An OR of common words matches more rows than any of them: past SCAN_CAP its page is drawn from the lists of
    its words, with the rows naming one of them, and the RUM scan of every match is not started. On this data set
    the page is the one ranked over every match all the same."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    plan = searched_plan(query, kind)
    assert cte_ran(plan, "in_lists") and not cte_ran(plan, "best")
    assert page(query, kind) == every_match_ranked(query, kind)


# ANDs and ORs mixed, of words that all have lists: websearch reads "council staff OR security forces" as
# 'council' & 'staff' | 'secur' & 'forc'.
MIXED = [
    ("council staff OR security forces", None),
    ("committee defence OR military collective", None),
    ("council OR security forces", None),
    ("defence staff OR council security -treaty", None),
    ("council staff OR committee defence", "body"),
]


def listed_rows_matching(query: str, kind: str | None) -> set[int]:
    """The rows of the lists of the query's words (of the kind, when narrowed) that match the whole query."""
    lexemes = selected(
        "SELECT unnest(tsvector_to_array(to_tsvector('english', search_spelling(%s))))", positive_part(query)
    )
    listed = SearchChampion.objects.filter(lexeme__in=lexemes, kind=kind or "").values_list("document_id", flat=True)
    matching = SearchDocument.objects.filter(pk__in=listed, search_vector=get_backend()._query(query))
    return set(matching.values_list("pk", flat=True))


def named_rows_matching(query: str, kind: str | None) -> set[int]:
    """The rows whose names hold the words to look for and that match the whole query (of the kind), when they are
    few enough to be taken whole."""
    table = SearchDocument._meta.db_table
    named = selected(f"SELECT id FROM {table} d WHERE {NAMES_VECTOR} @@ {WORDS}", positive_part(query))  # noqa: S608
    rows = SearchDocument.objects.filter(pk__in=named, search_vector=get_backend()._query(query))
    rows = set((rows.filter(kind=kind) if kind else rows).values_list("pk", flat=True))
    return rows if len(rows) <= limits.WHOLE_CAP else set()


@pytest.mark.parametrize(("query", "kind"), MIXED)
def test_past_the_scan_cap_ands_and_ors_mixed_are_taken_from_their_lists(short_lists, monkeypatch, query, kind):
    """Words ANDed and ORed together that all have lists: past SCAN_CAP the page is drawn from those lists, each list
    row checked against the whole query (a row of the list of 'council' that lacks 'staff' is not one), with the rows
    naming the words, and the RUM scan of every match is not started. The page is those candidates ranked exactly:
    the best of them among every match ranked."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 100_000)
    plan = searched_plan(query, kind)
    assert not cte_ran(plan, "in_lists") and cte_ran(plan, "best")
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    plan = searched_plan(query, kind)
    assert cte_ran(plan, "in_lists") and not cte_ran(plan, "best")
    listed = listed_rows_matching(query, kind)
    assert cte_rows(plan, "in_lists") == len(listed)
    candidates = listed | named_rows_matching(query, kind)
    urls = dict(SearchDocument.objects.filter(pk__in=candidates).values_list("url", "pk"))
    every_match = [hit.url for hit in SearchBackend.page(get_backend(), query, kind, 0, 100_000)]
    expected = [url for url in every_match if url in urls][:20]
    assert len(expected) == 20
    assert page(query, kind) == expected


@pytest.mark.parametrize("query", ['"collective security" OR staff military', '"collective security" OR forces'])
def test_past_the_scan_cap_an_or_with_a_phrase_is_taken_from_its_words_lists(short_lists, monkeypatch, query):
    """ts_rank scores an OR as the mean of its lexemes' own scores, phrases or not: the lists of its words hold the
    best of each. Past SCAN_CAP, when its count did not scan every match in RUM's order (at 1,000,000 rows the time
    budget cuts that scan short), the page's candidates are those lists' rows that match the whole query."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    plan = searched_plan(query)
    assert cte_ran(plan, "in_lists") and not cte_ran(plan, "best")
    assert cte_rows(plan, "in_lists") == len(listed_rows_matching(query, None)) >= 20
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 100_000)
    plan = searched_plan(query)
    assert not cte_ran(plan, "in_lists") and cte_ran(plan, "best")


def table_reads(plan: dict, cte: str) -> list[dict]:
    """The scans of the index's table that the CTE `cte` ran (EXPLAIN ANALYZE)."""
    [node] = [node for node in _plan_nodes(plan) if node.get("Subplan Name") == f"CTE {cte}"]
    return [
        scan
        for scan in _plan_nodes(node)
        if scan.get("Relation Name") == SearchDocument._meta.db_table and scan["Actual Loops"] > 0
    ]


@pytest.mark.parametrize(("query", "kind"), [(q, k) for q, k in ORED if "-" not in q])
def test_words_ored_take_their_lists_rows_without_reading_the_table(short_lists, monkeypatch, query, kind):
    """A row of a word's list holds that word, so it matches words ORed: the lists' rows are not checked against the
    query (joined, the planner read every row matching the OR: 185 of 229 ms at 100,000 rows)."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    plan = searched_plan(query, kind)
    assert cte_rows(plan, "in_lists") > 0
    assert table_reads(plan, "in_lists") == []


@pytest.mark.parametrize(
    "query",
    [
        "security OR forces OR staff -treaty",
        "council security staff",
        "security forces",
        "council staff OR security forces",
    ],
)
def test_list_rows_to_check_are_looked_up_by_id(short_lists, monkeypatch, query):
    """Words ANDed, ORed with exclusions, or ANDs and ORs mixed: each list row is looked up by id and checked, so the
    work is bounded by the lists' length. Joined, the planner hashed every row matching the words, however many."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    plan = searched_plan(query)
    assert cte_rows(plan, "in_lists") > 0
    [read] = table_reads(plan, "in_lists")
    assert "= ANY" in conditions(read), read


@pytest.mark.parametrize(("query", "kind"), ORED)
def test_under_the_scan_cap_words_ored_are_ranked_from_the_rum_scan(short_lists, monkeypatch, query, kind):
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 100_000)
    plan = searched_plan(query, kind)
    assert not cte_ran(plan, "in_lists") and cte_ran(plan, "best")
    assert page(query, kind) == every_match_ranked(query, kind)


@pytest.mark.parametrize(("query", "kind"), LISTED)
def test_under_the_scan_cap_the_lists_are_not_read(short_lists, query, kind):
    """On this small data set the RUM scan holds every match, and the page is the one ranked over every match."""
    plan = searched_plan(query, kind)
    assert not cte_ran(plan, "in_lists") and cte_ran(plan, "best")
    assert page(query, kind) == every_match_ranked(query, kind)


def test_a_word_without_a_list_leaves_the_page_to_the_rum_scan(short_lists, monkeypatch):
    """A word held by fewer rows than SEARCH_CHAMPION_MIN_DF bounds the RUM scan itself: the words ANDed match no
    more rows than it does. The lists are not read at all unless every word has one."""
    monkeypatch.setattr("apps.search.backends.limits.SCAN_CAP", 0)
    query = "security council staff -border"
    SearchChampion.objects.filter(lexeme="staff").delete()
    plan = searched_plan(query)
    assert cte_ran(plan, "best") and cte_rows(plan, "in_lists") == 0
    assert page(query) == every_match_ranked(query, None)


def _row(name: str, summary: str, text: str, n: int) -> SearchDocument:
    return SearchDocument(
        content_type=ContentType.objects.get_for_model(SearchDocument),
        object_id=n,
        kind=Kind.DOCUMENT,
        title=name,
        url=f"/documents/row-{n}/",
        names=name,
        summary=summary,
        text=text,
    )


def test_words_that_all_have_lists_are_not_taken_for_a_misspelt_name(short_lists):
    """A person named "Security Councel" is a misspelt name of "security council" for the counts, while a word has
    no list; once both words have one (each held by 50 rows or more here), the query is spelt right: it is not."""
    misspelt = _misspelt_person()
    query = "security council"
    words = SearchDocument.objects.filter(kind=Kind.PERSON, search_vector=get_backend()._query(query)).count()
    assert search(query).counts.get(Kind.PERSON, 0) == words
    assert misspelt.url not in [hit.url for hit in search(query, kind=Kind.PERSON, per_page=100).hits]
    SearchChampion.objects.filter(lexeme="secur").delete()
    assert search(query).counts.get(Kind.PERSON, 0) == words + 1
    assert misspelt.url in [hit.url for hit in search(query, kind=Kind.PERSON, per_page=100).hits]


def _misspelt_person() -> SearchDocument:
    misspelt = _row("Security Councel", "", "", 99_001)
    misspelt.kind = Kind.PERSON
    misspelt.save()
    refresh_vectors(SearchDocument.objects.filter(pk=misspelt.pk))
    return misspelt


def test_words_spelt_right_that_match_nothing_still_bring_misspelt_names(short_lists):
    misspelt = _misspelt_person()
    query = "security council"
    SearchDocument.objects.filter(search_vector=get_backend()._query(query)).delete()
    assert {"secur", "council"} <= set(SearchChampion.objects.filter(kind="").values_list("lexeme", flat=True))
    results = search(query)
    assert results.counts.get(Kind.PERSON, 0) >= 1
    assert misspelt.url in [hit.url for hit in results.hits]


def test_the_bounded_page_leaves_out_an_excluded_phrase_not_its_words_apart(short_lists):
    """The page a time budget cut short finds rows by the words with phrases read as words ANDed, but an excluded
    phrase keeps its positions: a row holding its words apart is not left out."""
    apart = _row("Council Council Council", "The council's air wing.", "Its defence is the council's.", 99_002)
    together = _row("Council Council Council", "The council's air defence.", "", 99_003)
    SearchDocument.objects.bulk_create([apart, together])
    refresh_vectors(SearchDocument.objects.filter(object_id__in=[99_002, 99_003]))
    search_champions_rebuild()
    listed = set(SearchChampion.objects.filter(lexeme="council", kind="").values_list("document_id", flat=True))
    rows = {row.url: row.pk for row in SearchDocument.objects.filter(object_id__in=[99_002, 99_003])}
    assert set(rows.values()) <= listed
    hits = [hit.url for hit in get_backend()._bounded_page('council -"air defence"', None, 0, 1000)]
    assert apart.url in hits
    assert together.url not in hits
