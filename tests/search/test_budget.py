"""A search's time budget on PostgreSQL (apps/search/backends/budget.py): a statement past its share is cancelled,
and the page gives what it has (estimated counts, a page ranked from bounded sources) and says so.

To run out of time for certain, not by chance, a second connection holds a table's ACCESS EXCLUSIVE lock: every
statement reading that table waits for it until its timeout cancels it, and the statements that do not read it
run as usual. The exact names are read by the page's own statement but not by the bounded page that replaces it,
nor by the counts; the champion lists by both pages (and by the counts of a query that could be a misspelt name).
The data must be committed for that (a transactional test): inside the test's transaction the index's rebuild
already holds locks on both.
"""

import threading
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apps.search.backends import budget
from apps.search.engine import search
from apps.search.models import SearchChampion, SearchName
from apps.search.services import search_index_rebuild
from tests.browser.quality import (
    VNU_FAILING_TYPES,
    VNU_JAR,
    HtmlChecker,
    find_java,
    format_vnu_messages,
    tool_missing,
)
from tests.factories import make_body, make_document

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("search:search")


@pytest.fixture
def wiki(on_postgres, settings):
    # 1,000 ms in all: the counts may take 250, the page 500, the bounded page 250.
    settings.SEARCH_BUDGET_MS = 1000
    make_body(name="Council of Defence Ministers", summary="The defence ministers of the member states.")
    make_body(name="Military Committee", summary="Advises the council of defence ministers.")
    make_document(title="Regulation on the Council", description="The council meets twice a year.")
    search_index_rebuild()


@contextmanager
def held(model):
    """A second connection holding `model`'s table locked, till the block ends. It waits for autovacuum (cancelling
    it) rather than failing at once; a statement of ours outside the budget that reads the table fails in 5 s, with
    lock_not_available, instead of waiting for the test's timeout."""
    locker = psycopg.connect(**connection.get_connection_params())
    try:
        locker.execute("SET lock_timeout = '5s'")
        locker.execute(f"LOCK TABLE {model._meta.db_table} IN ACCESS EXCLUSIVE MODE")  # in its transaction
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
        yield locker  # closing it early lets the lock go
    finally:
        locker.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def test_a_search_in_time_is_not_cut_short(wiki, django_assert_num_queries):
    search("council")  # a process asks once whether the RUM index is there, when it first makes a page
    # In autocommit, as a request runs, the budget adds three queries a statement: BEGIN, its timeout, COMMIT (the
    # estimates' EXPLAIN, the counts, the page).
    with django_assert_num_queries(3 + 2 * 3):
        results = search("council defence")
    assert results.cut_short == frozenset()
    assert [hit.title for hit in results.hits][:2] == ["Council of Defence Ministers", "Military Committee"]


def test_a_page_out_of_time_is_ranked_from_bounded_sources_and_says_so(wiki):
    expected = [hit.title for hit in search("council defence").hits]
    with held(SearchName):
        results = search("council defence")
        response = search_page({"q": "council defence", "go": "0"})
        narrowed = search_page({"q": "council defence", "kind": "body"})
    assert results.cut_short == {"page"}
    assert results.counts == {"body": 2}
    # Every match is among the bounded sources' rows on so few: the same page.
    assert [hit.title for hit in results.hits] == expected
    assertContains(response, "Ranking every match took too long")
    assertNotContains(response, "Counting every match took too long")
    assertContains(response, "<mark>Council</mark> of <mark>Defence</mark> Ministers", html=False)
    assertContains(response, "More words, or one kind of record, narrow the search.")
    assertContains(narrowed, "More words narrow the search.")  # a kind is chosen already


def test_an_or_out_of_time_is_ranked_from_bounded_sources(wiki):
    expected = [hit.title for hit in search("committee OR regulation").hits]
    with held(SearchName):
        results = search("committee OR regulation")
    assert results.cut_short == {"page"}
    assert results.counts == {"body": 1, "document": 1}
    assert [hit.title for hit in results.hits] == expected


def test_the_bounded_page_has_what_the_counts_left_of_the_budget(wiki, settings):
    """Budget 2,000 ms: the counts (which read neither table held here) take a few, the page's statement is cut at
    1,000, and the bounded page, which reads the lists, finds them locked until 1,750 ms: past its own share (500 ms,
    till about 1,500 ms), within what the search has left (till 2,000 ms). 250 ms either side, for a loaded machine."""
    settings.SEARCH_BUDGET_MS = 2000
    expected = [hit.title for hit in search("committee OR regulation").hits]
    with held(SearchName), held(SearchChampion) as lists:
        release = threading.Timer(1.75, lists.close)
        release.start()
        try:
            results = search("committee OR regulation")
        finally:
            release.cancel()
    assert results.cut_short == {"page"}
    assert [hit.title for hit in results.hits] == expected


def test_when_the_bounded_page_runs_out_of_time_too_the_page_says_so(wiki):
    # Both pages read the lists, and so do the counts of a query that could be a misspelt name: their estimates stand.
    with held(SearchChampion):
        results = search("council defence")
        response = search_page({"q": "council defence", "go": "0"})
    assert results.cut_short == {"counts", "page", "unfinished"}
    assert results.hits == []
    assert results.approximate == frozenset(results.counts)
    assertContains(response, "This search took too long to finish, so no results are shown.")
    assertContains(response, "Counting every match took too long: the numbers are estimates.")
    assertNotContains(response, "Nothing found")
    assertNotContains(response, '<ol class="search-results"')


def test_a_misspelt_name_cut_short_is_not_found_and_the_page_says_so(wiki):
    # The bounded page looks for no misspelt names: it has nothing to show, which is not "nothing found".
    assert search("Militery Committee").hits  # in time: the close names find it
    with held(SearchName):
        results = search("Militery Committee")
        response = search_page({"q": "Militery Committee", "go": "0"})
    assert results.cut_short == {"page", "unfinished"}
    assert results.hits == []
    assertContains(response, "This search took too long to finish, so no results are shown.")
    assertNotContains(response, "Nothing found")
    assertNotContains(response, 'rel="next"')


def test_the_pages_cut_short_are_valid_html(wiki):
    with held(SearchName):
        pages = {"ranked from bounded sources": search_page({"q": "council defence", "go": "0"}).content.decode()}
    with held(SearchChampion):
        pages["unfinished"] = search_page({"q": "council defence", "go": "0"}).content.decode()
    java = find_java()
    if java is None or not VNU_JAR.is_file():
        tool_missing("java or the Nu Html Checker not found (apt-get install default-jre; npm ci)")
    for name, messages in HtmlChecker(java, VNU_JAR).validate(pages).items():
        errors = [message for message in messages if message.get("type") in VNU_FAILING_TYPES]
        assert not errors, f"{name}:\n{format_vnu_messages(errors, pages[name])}"


def search_page(params: dict):
    response = Client().get(URL, params)
    assert response.status_code == 200
    return response


def timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def sleep(seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


def test_the_connections_timeout_is_as_it_was_after_a_budgeted_statement(on_postgres):
    before = timeout()
    with transaction.atomic():  # a request's transaction: SET LOCAL would outlive the savepoint
        assert budget.within(50, timeout) == ("50ms", False)
        assert timeout() == before
        # cancelled: the transaction is still usable, and its timeout as it was
        assert budget.within(1, lambda: sleep(0.1)) == (None, True)
        assert timeout() == before
    assert budget.within(50, timeout) == ("50ms", False)  # autocommit: its own transaction
    assert timeout() == before
    transaction.set_autocommit(False)  # a transaction of one's own, without atomic()
    try:
        assert budget.within(50, timeout) == ("50ms", False)
        assert timeout() == before
    finally:
        transaction.rollback()
        transaction.set_autocommit(True)


def test_the_budget_is_for_all_of_a_parts_statements_together(on_postgres):
    def twice():
        sleep(0.12)
        sleep(0.12)
        return "done"

    before = timeout()
    # each sleep is within 200 ms, both together are not: the second has what the first left
    assert budget.within(200, twice) == (None, True)
    assert budget.within(600, twice) == ("done", False)
    assert timeout() == before


def test_a_budget_of_nothing_is_no_budget(on_postgres, settings):
    settings.SEARCH_BUDGET_MS = 0
    assert budget.budget_ms(budget.PAGE_SHARE) == 0
    assert budget.within(0, timeout) == (timeout(), False)
