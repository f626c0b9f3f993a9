import pytest
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from apps.bodies.models import Body
from apps.search.engine import search
from apps.search.services import search_index_rebuild
from apps.wiki.models import Alias
from tests.factories import make_body, make_state
from tests.search.queries import budget_queries

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def test_an_exact_alias_goes_straight_to_its_record_with_a_way_back(client, dataset):
    response = client.get(URL, {"q": "Military Council"})
    assertRedirects(response, "/bodies/military-committee/?from_search=Military+Council")
    page = client.get(response["Location"])
    assertContains(page, "You were taken straight here for “Military Council”.")
    assertContains(page, 'href="/search/?q=Military%20Council&amp;go=0"')
    results = client.get(URL, {"q": "Military Council", "go": "0"})
    assert results.status_code == 200
    assertContains(results, '<a href="/bodies/military-committee/">', count=1)


@pytest.mark.parametrize("query", ["Military Committee", "military committee", "Armenia", "CSTO"])
def test_exact_names_go_to_their_pages(client, dataset, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 302


def test_a_kind_filter_or_a_page_shows_results_instead_of_going(client, dataset):
    assert client.get(URL, {"q": "Armenia", "kind": "member-state"}).status_code == 200
    assert client.get(URL, {"q": "Armenia", "page": "1"}).status_code == 200


def test_results_page_ranks_highlights_and_filters(client, dataset):
    response = client.get(URL, {"q": "committee"})
    assert response.status_code == 200
    assertContains(response, "<title>Search results for “committee” – CSTO Wiki</title>", html=True)
    assertContains(response, "<mark>")
    assertContains(response, 'href="/bodies/military-committee/"')
    assertContains(response, 'href="?q=committee&amp;kind=body"')
    only_documents = client.get(URL, {"q": "committee", "kind": "document"})
    assertContains(only_documents, "/documents/regulations-on-the-council-of-ministers-of-defense/clauses/15/")
    assertNotContains(only_documents, 'href="/bodies/military-committee/"')


def test_data_cannot_inject_markup_into_the_results_page(client):
    make_body(name="Payload Council", description="A payload <script>alert(1)</script> in the text.")
    make_body(name="Other <script>alert(2)</script> payload body", slug="other")
    response = client.get(URL, {"q": "payload"})
    content = response.content.decode()
    main = content[content.index("<main") :]
    assert "<script" not in main
    assert "&lt;script&gt;" in main
    assert "<mark>" in main


def test_a_query_that_finds_nothing_says_so(client):
    response = client.get(URL, {"q": "zanzibar"})
    assert response.status_code == 200
    assertContains(response, "Nothing found for “zanzibar”.")


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_an_empty_search_shows_the_form_and_a_hint(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assertContains(response, "<h1>Search</h1>", html=True)
    assertContains(response, "Type a name")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "Keep the search to 200 characters or fewer"),
        ({"q": "?!... --- ***"}, "Type at least one letter or digit"),
        ({"q": "a\x00b"}, "cannot be searched for"),
        ({"q": "-defence"}, "Add a word to look for"),
        ({"q": '-"joint staff" -council'}, "Add a word to look for"),
        ({"q": "council", "kind": "planets"}, "Choose one of the kinds of record listed."),
    ],
)
def test_bad_queries_get_a_clear_message_not_an_error(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assertContains(response, 'aria-invalid="true"', status_code=400)


def test_websearch_punctuation_does_not_break_the_page(client):
    make_body(name="Council")
    for query in ['"', '"council', "-council", "council -", "a & b | !c", "'); drop table x; --", "OR", "(("]:
        response = client.get(URL, {"q": query})
        assert response.status_code in (200, 400), query


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(client):
    make_body(name="Council")
    assert client.get(URL, {"q": "council", "page": "abc"}).status_code == 200
    assert client.get(URL, {"q": "council", "page": "99"}).status_code == 200


def grow(count: int) -> None:
    Body.objects.bulk_create(
        [Body(name=f"Working group {n}", slug=f"wg-{n}", path=f"{n + 1:04d}", depth=1) for n in range(count)]
    )
    for state in range(count // 10 + 1):
        Alias.objects.create(content_object=make_state(f"State {state}"), name=f"Working group state {state}")
    search_index_rebuild()


@pytest.mark.parametrize("query", ["working group", '"working group"'])  # words; a phrase (counted in one scan)
@pytest.mark.parametrize("count", [3, 80])
def test_results_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count, query):
    grow(count)
    # a process asks once whether the RUM index is there (PostgreSQL), when it first ranks a page or counts a
    # phrase: a search without matches does neither, so the warm-up has some (alone, this test did 5 queries)
    assert search("working group").hits
    # PostgreSQL asks the planner's estimates per kind first (one EXPLAIN), then counts the kinds under them
    estimate = 1 if connection.vendor == "postgresql" else 0
    # the "Go" check for an exact name, the counts per kind, the page's rows with their highlights
    # each of the counts and the page under the time budget (budget_queries)
    with django_assert_num_queries(3 + estimate + budget_queries(2)):
        response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.content.decode().count("<li>\n            <h2><a href=") == min(count + count // 10 + 1, 20)
    # narrowed to one kind, there is no "Go" check
    with django_assert_num_queries(2 + estimate + budget_queries(2)):
        client.get(URL, {"q": query, "kind": "body", "page": "2"})


def test_pagination_links_keep_the_query_and_the_kind(client):
    grow(45)
    response = client.get(URL, {"q": "working group", "kind": "body"})
    assertContains(response, 'href="?q=working+group&amp;kind=body&amp;page=2" rel="next"')
    assertContains(response, "Page 1 of 3")


def test_the_search_box_is_on_every_page(client):
    make_state("Armenia", slug="armenia")
    for url in ["/", "/states/armenia/", URL]:
        response = client.get(url)
        assertContains(response, '<form class="site-search" role="search" action="/search/"')
        assertContains(response, '<label for="site-search-q">')


@pytest.mark.parametrize("count", [150, 400])
def test_past_the_count_bound_the_page_adds_one_estimate_whatever_the_size(
    client, django_assert_num_queries, monkeypatch, count, on_postgres
):
    monkeypatch.setattr("apps.search.backends.limits.COUNT_BOUND", 100)
    grow(count)
    search("warm-up")
    # the "Go" check, one EXPLAIN for the estimates per kind, the bounded counts, the page's rows
    with django_assert_num_queries(4 + budget_queries(2)):
        response = client.get(URL, {"q": "working group"})
    assertContains(response, "about ")
    with django_assert_num_queries(3 + budget_queries(2)):
        client.get(URL, {"q": "working group", "kind": "body", "page": "2"})
