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
def lists(on_rum, settings):
    """The fixed data set with lists for every lexeme held by 50 rows or more (production: 20,000)."""
    settings.SEARCH_CHAMPION_MIN_DF = 50
    fixed_data.build()
    assert search_champions_rebuild() > 0


def first_pages(page: int = 1) -> dict:
    return {(q, k): [hit.url for hit in search(q, kind=k, page=page).hits] for q, k in QUERIES}


@pytest.mark.parametrize("page", [1, 3])
def test_pages_from_the_lists_are_the_pages_of_the_rum_scan(lists, page):
    """Except that a query whose words all have lists is spelt right, and no misspelt name is counted or shown for
    it (test_several_words): without the lists, one that few rows match counts and shows such names."""
    assert SearchChampion.objects.filter(lexeme="council", kind="").count() > 20
    with_lists, totals = first_pages(page), {(q, k): search(q, kind=k).total for q, k in QUERIES}
    SearchChampion.objects.all().delete()
    without, totals_without = first_pages(page), {(q, k): search(q, kind=k).total for q, k in QUERIES}
    spelt_right = {key for key in totals if totals[key] != totals_without[key]}
    assert len(spelt_right) <= 1 and all(totals[key] < totals_without[key] for key in spelt_right)
    assert {key: urls for key, urls in with_lists.items() if key not in spelt_right} == {
        key: urls for key, urls in without.items() if key not in spelt_right
    }


def test_a_one_word_page_is_taken_from_its_list(lists):
    """Proof that the list is read: the best row's entry taken out of the list, the page goes without it."""
    best = search("council -defence").hits[0].url
    SearchChampion.objects.filter(lexeme="council", document__url=best).delete()
    assert best not in [hit.url for hit in search("council -defence").hits]
    SearchChampion.objects.all().delete()  # no lists: the RUM scan finds it again
    assert search("council -defence").hits[0].url == best


def test_a_word_spelt_two_ways_is_taken_from_its_one_list(lists):
    """Both spellings are one lexeme (migration 0015), so "defense" has a list, that of "defence"."""
    assert not SearchChampion.objects.filter(lexeme="defens").exists()
    page = [hit.url for hit in search("defense").hits]
    assert page == [hit.url for hit in search("defence").hits]
    SearchChampion.objects.filter(lexeme="defenc", document__url=page[0]).delete()
    assert page[0] not in [hit.url for hit in search("defense").hits]


def test_too_short_a_list_leaves_the_page_to_the_rum_scan(lists, settings):
    expected = first_pages()
    settings.SEARCH_CHAMPIONS = 10  # fewer than a page: every list falls back
    search_champions_rebuild()
    assert SearchChampion.objects.filter(lexeme="council", kind="").count() == 10
    assert first_pages() == expected


def listed(lexeme: str, kind: str = "") -> list[str]:
    rows = SearchChampion.objects.filter(lexeme=lexeme, kind=kind).order_by("-score", "document__title", "document_id")
    return list(rows.values_list("document__title", flat=True))


def test_an_edited_row_enters_and_leaves_its_lexemes_list(on_rum, settings):
    settings.SEARCH_CHAMPION_MIN_DF, settings.SEARCH_CHAMPIONS = 3, 3
    for name in ["Alpha Council", "Beta Council", "Gamma Council", "Delta Council"]:
        make_body(name=name)
    search_champions_rebuild()
    assert listed("council") == ["Alpha Council", "Beta Council", "Delta Council"]  # equal scores: by title
    assert listed("council", "body") == listed("council")  # the bodies' own list

    body = make_body(name="Omega Council", description="The council of councils, a council above each council.")
    assert listed("council") == ["Omega Council", "Alpha Council", "Beta Council"]  # trimmed to 3
    body_services.body_update(body=body, name="Omega Board", description="A board.")
    assert listed("council") == ["Alpha Council", "Beta Council"]  # left; Delta is not put back until a rebuild
    assert [hit.title for hit in search("council").hits][:2] == ["Alpha Council", "Beta Council"]

    make_body(name="Zeta Council")  # ranks with the others, after them by title: outside the list's order
    assert listed("council") == ["Alpha Council", "Beta Council"]
    make_body(name="Aardvark Council")  # ranks before the list's last entry: in
    assert listed("council") == ["Aardvark Council", "Alpha Council", "Beta Council"]
    assert listed("council", "body") == listed("council")  # kept as the list over all kinds
    kept = SearchChampion.objects.select_related("document")
    assert all(entry.title == entry.document.title for entry in kept)  # the page's order, from the list's index
    assert SearchDocument.objects.filter(title__endswith="Council").count() == 6


# One common word narrowed to a kind: without syntax a query keeps room for misspelt names (the lists would
# need 220 rows of the kind); with an exclusion, a page of 20 from a list of 60 is enough. "committee" is held
# as its English stem, "committe".
NARROWED = [
    ("committee -defence", "document"),
    ("council -security", "meeting"),
    ("staff -military", "body"),
    ("security -council", "document"),
]


@pytest.fixture
def kind_lists(on_rum, settings):
    """Lists of 60 rows, over all kinds and per kind, for every lexeme held by 50 rows or more."""
    settings.SEARCH_CHAMPION_MIN_DF, settings.SEARCH_CHAMPIONS = 50, 60
    fixed_data.build()
    assert search_champions_rebuild() > 0


def narrowed_pages(page: int = 1) -> dict:
    return {(q, k): [hit.url for hit in search(q, kind=k, page=page).hits] for q, k in NARROWED}


@pytest.mark.parametrize("page", [1, 2])
def test_narrowed_pages_from_the_kinds_lists_are_the_pages_of_the_rum_scan(kind_lists, page):
    documents = SearchChampion.objects.filter(lexeme="committe", kind="document")
    assert documents.count() == 60
    assert set(documents.values_list("document__kind", flat=True)) == {"document"}
    with_lists = narrowed_pages(page)
    assert all(len(urls) == 20 for urls in with_lists.values())
    SearchChampion.objects.all().delete()
    assert with_lists == narrowed_pages(page)


def test_a_narrowed_page_is_taken_from_its_kinds_list(kind_lists):
    """The list over all kinds holds too few documents for a page of "committee": the documents' list serves."""
    query = ("committee -defence", "document")
    best = search(query[0], kind=query[1]).hits[0].url
    SearchChampion.objects.filter(lexeme="committe", kind="").delete()
    assert search(query[0], kind=query[1]).hits[0].url == best  # from the documents' list alone
    SearchChampion.objects.filter(lexeme="committe", kind="document", document__url=best).delete()
    assert best not in [hit.url for hit in search(query[0], kind=query[1]).hits]


def test_a_kind_with_fewer_rows_than_a_list_has_no_list(kind_lists):
    kinds = set(SearchChampion.objects.filter(lexeme="committe").values_list("kind", flat=True))
    assert "member-state" not in kinds and {"", "document"} <= kinds
    held = SearchDocument.objects.filter(kind="person", search_vector="committee").count()
    assert ("person" in kinds) == (held >= 60)


def test_a_written_row_enters_its_kinds_list_only(on_rum, settings):
    settings.SEARCH_CHAMPION_MIN_DF, settings.SEARCH_CHAMPIONS = 3, 2
    for name in ["Alpha Council", "Beta Council", "Gamma Council"]:
        make_body(name=name)
    search_champions_rebuild()
    assert listed("council", "body") == ["Alpha Council", "Beta Council"]
    make_body(name="Aaron Council")
    assert listed("council", "body") == ["Aaron Council", "Alpha Council"]
    assert listed("council") == ["Aaron Council", "Alpha Council"]
    assert not SearchChampion.objects.filter(kind="document").exists()
