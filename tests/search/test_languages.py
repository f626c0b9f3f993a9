"""Search in both languages (issue 17): Russian stemming and misspelt Cyrillic names on PostgreSQL, Cyrillic
case folding on SQLite, titles and snippets in the reader's language, the same number of queries in Russian."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from apps.bodies import services as body_services
from apps.bodies.models import Body
from apps.search.engine import search
from apps.search.services import search_index_rebuild
from tests.factories import make_body, make_person
from tests.search.queries import budget_queries

pytestmark = pytest.mark.django_db

URL = reverse("search:search")
MILITARY = "/bodies/military-committee/"
COUNCIL = "/bodies/collective-security-council/"


@pytest.fixture
def bodies():
    make_body(
        name="Military Committee",
        slug="military-committee",
        name_ru="Военный комитет",
        summary="Advises the Council of Ministers of Defence.",
        summary_ru="Готовит предложения Совету министров обороны по военному строительству.",
    )
    make_body(
        name="Collective Security Council",
        slug="collective-security-council",
        name_ru="Совет коллективной безопасности",
        summary="The highest body of the Organization.",
    )
    make_body(name="Joint Staff", slug="joint-staff", summary="Plans the forces' work.")  # no Russian yet


def urls(query: str, **kwargs) -> list[str]:
    return [hit.url for hit in search(query, **kwargs).hits]


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("военного комитета", MILITARY),  # genitive: found by the Russian stem, not the exact name
        ("военным комитетом", MILITARY),
        ("Совета коллективной безопасности", COUNCIL),
        ("советом безопасности", COUNCIL),
        ("военному строительству", MILITARY),  # a Russian summary, weight B
    ],
)
def test_russian_inflected_forms_find_the_record(bodies, on_postgres, query, url):
    assert urls(query) == [url]


def test_russian_exclusions_hold_under_both_stemmings(bodies, on_postgres):
    assert urls("комитет", kind="body") == [MILITARY]
    # "-военного" is 'военного' to the English parser and 'воен' to the Russian one: either excludes
    assert urls("комитет -военного") == []
    assert urls('"военного комитета"') == [MILITARY]
    assert urls('"комитета военного"') == []  # a phrase keeps its order


def test_english_still_ranks_with_english_stemming(bodies, on_postgres):
    assert urls("committees") == [MILITARY]
    assert urls("council -security") == [MILITARY]  # "Council of Ministers" in its summary


@pytest.mark.parametrize(
    ("query", "url"),
    [("Военый комитет", MILITARY), ("Совет колективной безопасности", COUNCIL), ("Бордюша", "/people/bordyuzha/")],
)
def test_misspelt_cyrillic_names_are_caught_by_trigrams(bodies, on_postgres, query, url):
    make_person("Bordyuzha", "Nikolai", slug="bordyuzha", given_name_ru="Николай", family_name_ru="Бордюжа")
    assert urls(query)[0] == url


def test_a_latin_misspelling_does_not_look_at_the_russian_names(bodies, on_postgres):
    assert urls("Militery Comittee")[0] == MILITARY


@pytest.mark.parametrize("query", ["военный КОМИТЕТ", "ВОЕННЫЙ комитет", "Военный Комитет", "военный комитет"])
def test_cyrillic_matches_whatever_the_case(bodies, query):
    """On SQLite LIKE folds only ASCII letters: the index keeps case-folded copies (on PostgreSQL the vector
    is lower-cased anyway)."""
    assert urls(query) == [MILITARY]


def test_cyrillic_case_folding_reaches_summaries_and_exclusions(bodies):
    assert urls("ПРЕДЛОЖЕНИЯ СОВЕТУ") == [MILITARY]
    assert urls("Совет -ВОЕННЫЙ", kind="body") == [COUNCIL]


def russian_url() -> str:
    """/ru/search/ once the interface has its Russian addresses; the same page in Russian meanwhile."""
    with translation.override("ru"):
        return reverse("search:search")


def test_an_english_query_on_the_russian_page_shows_the_russian_title(client, bodies):
    with translation.override("ru"):
        response = client.get(russian_url(), {"q": "Military Committee", "go": "0"})
        both = client.get(russian_url(), {"q": "staff OR committee" if connection.vendor == "postgresql" else "the"})
    assertContains(response, f'<a href="{MILITARY}">')
    assertContains(response, "комитет</")  # the Russian title, its words marked where they matched
    assertNotContains(response, "Military Committee</a>")
    # a record without a Russian title shows the English one, marked as English
    assertContains(both, '<a href="/bodies/joint-staff/" lang="en">')
    assertNotContains(both, f'<a href="{MILITARY}" lang="en">')


def test_a_russian_query_on_the_english_page_shows_the_english_title(client, bodies):
    response = client.get(URL, {"q": "военного комитета" if connection.vendor == "postgresql" else "военный"})
    assertContains(response, f'<a href="{MILITARY}">')
    assertContains(response, "Military Committee</a>")
    assertNotContains(response, f'<a href="{MILITARY}" lang=')


def test_the_russian_snippet_comes_first_for_readers_of_russian(bodies):
    query = "военному строительству" if connection.vendor == "postgresql" else "строительству"
    with translation.override("ru"):
        (hit,) = search(query).hits
    assert "<mark>" in hit.snippet_html
    assert "Готовит предложения" in hit.snippet_html
    with translation.override("en"):
        (english,) = search("Advises").hits
    assert english.title == "Military Committee"
    assert "Council of Ministers" in english.snippet_html


def test_an_exact_russian_name_goes_to_its_record(client, bodies):
    response = client.get(URL, {"q": "военный  КОМИТЕТ"})
    assert response.status_code == 302
    assert response["Location"].startswith(MILITARY)


def test_a_new_russian_name_is_searchable_at_once(bodies):
    body = Body.objects.get(slug="joint-staff")
    body_services.body_update(body=body, name_ru="Объединённый штаб")
    assert urls("Объединённый штаб", kind="body") == ["/bodies/joint-staff/"]
    with translation.override("ru"):
        assert [hit.title for hit in search("Joint Staff", kind="body").hits] == ["Объединённый штаб"]


def grow(count: int) -> None:
    Body.objects.bulk_create(
        [
            Body(name=f"Working group {n}", name_ru=f"Рабочая группа {n}", slug=f"wg-{n}", path=f"{n + 1:04d}", depth=1)
            for n in range(count)
        ]
    )
    search_index_rebuild()


@pytest.mark.parametrize("count", [3, 80])
@pytest.mark.parametrize("query", ["working group", "рабочая группа"])
def test_the_russian_results_page_runs_as_many_queries_as_the_english(client, django_assert_num_queries, count, query):
    grow(count)
    search("warm-up")  # a process asks once whether the RUM index is there (PostgreSQL)
    estimate = 1 if connection.vendor == "postgresql" else 0
    for language in ("en", "ru"):
        with translation.override(language):
            url = reverse("search:search")
            with django_assert_num_queries(3 + estimate + budget_queries(2)):
                response = client.get(url, {"q": query})
            assert response.content.decode().count("<li>\n            <h2><a href=") == min(count, 20)
            with django_assert_num_queries(2 + estimate + budget_queries(2)):
                client.get(url, {"q": query, "kind": "body", "page": "2"})


@pytest.mark.parametrize("query", ["Объединенный штаб", "объединённый штаб"])
def test_yo_and_ye_are_one_letter(client, query):
    """Russian writes ё as е more often than not: either finds the other, and goes to the record by name."""
    make_body(name="Joint Staff", slug="joint-staff", name_ru="Объединённый штаб")
    make_body(name="Other Staff", slug="other-staff", name_ru="Объединенный секретариат")
    assert set(urls(query.split()[0])) == {"/bodies/joint-staff/", "/bodies/other-staff/"}
    assert urls(query)[0] == "/bodies/joint-staff/"  # (on PostgreSQL the other is a close name: trigrams)
    response = client.get(URL, {"q": query})
    assert response.status_code == 302
    assert response["Location"].startswith("/bodies/joint-staff/")


def test_sqlite_marks_a_word_written_with_e_for_yo(client):
    make_body(name="Joint Staff", slug="joint-staff", name_ru="Объединённый штаб")
    with translation.override("ru"):
        (hit,) = search("объединенный").hits
    if connection.vendor == "postgresql":  # ts_headline reads "Объединённый" as it is: found, not marked
        assert hit.title == "Объединённый штаб"
    else:
        assert hit.title_html == "<mark>Объединённый</mark> штаб"
