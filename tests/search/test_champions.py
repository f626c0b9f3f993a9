"""Champion lists (apps.search.champions, PostgreSQL with the RUM index): a one-word query's page from its
lexeme's list of best rows gives the page the RUM scan gives, and writes keep the lists exact."""

import pytest

from apps.bodies import services as body_services
from apps.search.champions import search_champions_rebuild
from apps.search.engine import search
from apps.search.models import SearchChampion, SearchDocument
from tests.factories import make_body
from tests.search import fixed_data

pytestmark = pytest.mark.django_db

QUERIES = fixed_data.TYPICAL + fixed_data.COMMON_QUERIES


@pytest.fixture
def on_rum(on_postgres):
    from apps.search.backends.postgresql import has_rum_index

    if not has_rum_index():
        pytest.skip("needs the rum extension (Debian: postgresql-<version>-rum; .ci/run installs it)")


@pytest.fixture
def lists(on_rum, settings):
    """The fixed data set with lists for every lexeme held by 50 rows or more (production: 20,000)."""
    settings.SEARCH_CHAMPION_MIN_DF = 50
    fixed_data.build()
    assert search_champions_rebuild() > 0


def first_pages(page: int = 1) -> dict:
    return {(q, k): [hit.url for hit in search(q, kind=k, page=page).hits] for q, k in QUERIES}


@pytest.mark.parametrize("page", [1, 3])
def test_pages_from_the_lists_are_the_pages_of_the_rum_scan(lists, page):
    assert SearchChampion.objects.filter(lexeme="council").count() > 20
    with_lists = first_pages(page)
    SearchChampion.objects.all().delete()
    assert with_lists == first_pages(page)


def test_a_one_word_page_is_taken_from_its_list(lists):
    """Proof that the list is read: the best row's entry taken out of the list, the page goes without it."""
    best = search("council -defence").hits[0].url
    SearchChampion.objects.filter(lexeme="council", document__url=best).delete()
    assert best not in [hit.url for hit in search("council -defence").hits]
    SearchChampion.objects.all().delete()  # no lists: the RUM scan finds it again
    assert search("council -defence").hits[0].url == best


def test_too_short_a_list_leaves_the_page_to_the_rum_scan(lists, settings):
    expected = first_pages()
    settings.SEARCH_CHAMPIONS = 10  # fewer than a page: every list falls back
    search_champions_rebuild()
    assert SearchChampion.objects.filter(lexeme="council").count() == 10
    assert first_pages() == expected


def listed(lexeme: str) -> list[str]:
    rows = SearchChampion.objects.filter(lexeme=lexeme).order_by("-score", "document__title", "document_id")
    return list(rows.values_list("document__title", flat=True))


def test_an_edited_row_enters_and_leaves_its_lexemes_list(on_rum, settings):
    settings.SEARCH_CHAMPION_MIN_DF, settings.SEARCH_CHAMPIONS = 3, 3
    for name in ["Alpha Council", "Beta Council", "Gamma Council", "Delta Council"]:
        make_body(name=name)
    search_champions_rebuild()
    assert listed("council") == ["Alpha Council", "Beta Council", "Delta Council"]  # equal scores: by title

    body = make_body(name="Omega Council", description="The council of councils, a council above each council.")
    assert listed("council") == ["Omega Council", "Alpha Council", "Beta Council"]  # trimmed to 3
    body_services.body_update(body=body, name="Omega Board", description="A board.")
    assert listed("council") == ["Alpha Council", "Beta Council"]  # left; Delta is not put back until a rebuild
    assert [hit.title for hit in search("council").hits][:2] == ["Alpha Council", "Beta Council"]

    make_body(name="Zeta Council")  # ranks with the others, after them by title: outside the list's order
    assert listed("council") == ["Alpha Council", "Beta Council"]
    make_body(name="Aardvark Council")  # ranks before the list's last entry: in
    assert listed("council") == ["Aardvark Council", "Alpha Council", "Beta Council"]
    assert SearchDocument.objects.filter(title__endswith="Council").count() == 6
