"""A second language costs no query: every page runs as many queries in Russian as in English (the Russian
columns come in the same rows; lists sort by them in the same query)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import translate_url
from django.utils import translation

from apps.bodies.models import Body
from apps.documents.models import Clause, Document
from apps.meetings.models import AgendaItem, Meeting
from apps.membership.models import MemberState, Person, Post

pytestmark = pytest.mark.django_db

MEETING = "military-committee-2021-12-08-videoconference"
PAGES = [
    "/",
    "/bodies/",
    "/bodies/?as_of=2010-01-01",
    "/bodies/chart/",
    "/bodies/military-committee/",
    "/bodies/bodies.csv",
    "/bodies/military-committee/members.csv",
    "/states/",
    "/states/armenia/",
    "/states/states.csv",
    "/people/",
    "/people/valery-gerasimov/",
    "/people/people.csv",
    "/documents/",
    "/documents/csto-charter/",
    "/documents/documents.csv",
    f"/meetings/{MEETING}/",
    "/meetings/",
    "/meetings/meetings.csv",
    "/api/bodies/",
    "/api/bodies/military-committee/",
    "/api/people/valery-gerasimov/",
    "/api/documents/csto-charter/",
]


def translate_some_of_everything() -> None:
    committee = Body.objects.get(slug="military-committee")
    committee.name_ru, committee.summary_ru = "Военный комитет", "Орган."
    committee.save()  # through the search index's hooks: [[Военный комитет]] finds it
    Body.objects.filter(slug="csto").update(name_ru="ОДКБ", abbreviation_ru="ОДКБ")
    MemberState.objects.filter(slug="armenia").update(name_ru="Армения")
    Person.objects.filter(slug="valery-gerasimov").update(given_name_ru="Валерий", family_name_ru="Герасимов")
    Post.objects.filter(body__slug="military-committee").update(label_ru="Член")
    Document.objects.filter(slug="csto-charter").update(title_ru="Устав", description_ru="Текст [[Военный комитет]].")
    Clause.objects.filter(document__slug="csto-charter").update(heading_ru="Статья")
    Meeting.objects.filter(slug=MEETING).update(title_ru="Заседание Военного комитета", place_ru="Москва")
    AgendaItem.objects.filter(meeting__slug=MEETING).update(title_ru="Вопрос")


def queries(client, url: str, language: str) -> tuple[int, str]:
    """Queries and HTML of `url` read in `language` (its address in that language: /ru/... for Russian)."""
    address = translate_url(url, language)  # read in English: the English address resolves
    with translation.override(language), CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, (url, language, response.status_code)
    return len(captured), response.content.decode("utf-8")


@pytest.mark.parametrize("url", PAGES)
def test_a_page_runs_as_many_queries_in_russian_as_in_english(client, dataset, url):
    translate_some_of_everything()
    client.get(url)  # warm the content-type cache
    english, _html = queries(client, url, "en")
    russian, _html = queries(client, url, "ru")
    assert russian == english, url


def test_the_russian_pages_show_the_russian_names(client, dataset):
    translate_some_of_everything()
    _count, html = queries(client, "/bodies/military-committee/", "ru")
    assert "<h1>Военный комитет</h1>" in html
    _count, html = queries(client, "/documents/csto-charter/", "ru")
    assert 'href="/bodies/military-committee/" class="wiki-link">Военный комитет</a>' in html
    _count, html = queries(client, "/bodies/", "ru")
    assert ">Военный комитет</a>" in html
    _count, html = queries(client, "/states/", "ru")
    assert "Армения" in html
