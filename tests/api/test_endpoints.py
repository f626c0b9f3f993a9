"""Every endpoint, list and detail, on the CSTO dataset: the fields a client expects and every record's citations."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ARTICLE = "Russia-led security bloc to improve Tajikistan's military infrastructure"
CITATION_FIELDS = {"source", "field", "locator", "quote"}
SOURCE_FIELDS = {"id", "title", "publisher", "url", "api_url"}

ENDPOINTS = {
    "bodies": (
        "military-committee",
        {"id", "slug", "name", "abbreviation", "classification", "summary", "description", "founded", "dissolved"}
        | {"name_ru", "abbreviation_ru", "summary_ru", "description_ru"}
        | {"depth", "parent", "ancestors", "children_count", "relations", "citations", "url", "html_url"},
    ),
    "states": (
        "armenia",
        {
            "id",
            "slug",
            "name",
            "official_name",
            "iso_code",
            "joined",
            "left",
            "summary",
            "citations",
            "url",
            "html_url",
        }
        | {"name_ru", "official_name_ru", "summary_ru"},
    ),
    "people": (
        "valery-gerasimov",
        {"id", "slug", "name", "honorific_prefix", "given_name", "patronymic", "family_name", "summary"}
        | {"biography", "citations", "url", "html_url"}
        | {"name_ru", "given_name_ru", "patronymic_ru", "family_name_ru", "summary_ru", "biography_ru"},
    ),
    "posts": (
        None,
        {
            "id",
            "label",
            "label_ru",
            "body",
            "member_state",
            "ex_officio",
            "single_seat",
            "position",
            "citations",
            "url",
        },
    ),
    "memberships": (
        None,
        {
            "id",
            "body",
            "person",
            "member_state",
            "post",
            "role",
            "on_behalf_of",
            "start",
            "end",
            "attested",
            "how_began",
            "how_ended",
        }
        | {"status", "note", "citations", "url"},
    ),
    "documents": (
        "csto-charter",
        {"id", "slug", "title", "kind", "adopted", "adopted_by", "place", "official_url", "summary"}
        | {"description", "statuses", "clauses", "citations", "url", "html_url", "title_ru", "summary_ru"}
        | {"description_ru"},
    ),
    "meetings": (
        "military-committee-2021-12-08-videoconference",
        {"id", "slug", "title", "body", "body_name_as_reported", "start", "end", "date_note", "format", "place"}
        | {"chair", "summary", "participants", "agenda_items", "citations", "url", "html_url"}
        | {"title_ru", "place_ru", "summary_ru"},
    ),
    "sources": (
        None,
        {"id", "key", "title", "kind", "publisher", "author", "url", "archive_url", "language", "published"}
        | {"accessed", "reported_by", "via", "note", "supports", "api_url", "html_url"},
    ),
}


def assert_citations(citations: list[dict]) -> None:
    assert citations, "every record of the dataset is cited"
    for citation in citations:
        assert set(citation) == CITATION_FIELDS
        assert set(citation["source"]) == SOURCE_FIELDS


@pytest.mark.parametrize("kind", ENDPOINTS)
def test_each_list_and_detail_answers_with_its_fields_and_citations(client, dataset, kind):
    slug, fields = ENDPOINTS[kind]
    listing = client.get(f"/api/{kind}/")
    assert listing.status_code == 200
    assert listing["Content-Type"] == "application/json"
    page = listing.json()
    assert {"count", "next", "previous", "results"} <= set(page)
    assert len(page["results"]) == min(page["count"], settings.API_PAGE_SIZE) > 0
    assert (page["next"] is None) == (page["count"] <= settings.API_PAGE_SIZE)
    for record in page["results"]:
        assert set(record) == fields
        if kind != "sources":
            assert_citations(record["citations"])
    first = page["results"][0]
    address = first["api_url"] if kind == "sources" else first["url"]
    if slug:
        address = f"http://testserver/api/{kind}/{slug}/"
    detail = client.get(address)
    assert detail.status_code == 200
    record = detail.json()
    assert set(record) == fields
    if kind == "sources":
        assert record["supports"]
    else:
        assert_citations(record["citations"])


def test_a_body_reads_with_its_place_in_the_tree_not_the_tree_internals(client, dataset):
    body = client.get("/api/bodies/military-committee/").json()
    assert "path" not in body and "numchild" not in body
    assert body["parent"]["slug"] == "council-of-ministers-of-defense"
    assert [a["slug"] for a in body["ancestors"]] == ["csto", "council-of-ministers-of-defense"]
    assert body["depth"] == 3
    assert body["html_url"] == "http://testserver/bodies/military-committee/"
    management = [r for r in body["relations"] if r["kind"] == "general_management"]
    assert management[0]["object"]["slug"] == "council-of-foreign-ministers"
    assert_citations(management[0]["citations"])
    assert any(c["source"]["title"] == ARTICLE for c in body["citations"])


def test_dates_read_as_written_with_their_bounds_never_more_precise(client, dataset):
    meeting = client.get("/api/meetings/military-committee-2021-12-08-videoconference/").json()
    assert meeting["start"] == {
        "edtf": "2021-12-08",
        "display": "8 December 2021",
        "earliest": "2021-12-08",
        "latest": "2021-12-08",
        "uncertain": False,
    }
    assert meeting["end"] is None
    assert meeting["participants"] and meeting["agenda_items"]
    for part in meeting["participants"] + meeting["agenda_items"]:
        assert_citations(part["citations"])


def test_a_document_carries_its_clauses_and_their_citations(client, dataset):
    from tests.factories import REGULATIONS

    document = client.get(f"/api/documents/{REGULATIONS}/").json()
    clause = next(c for c in document["clauses"] if c["number"] == "15")
    assert clause["html_url"].endswith(f"/documents/{REGULATIONS}/clauses/15/")
    assert_citations(clause["citations"])


def test_an_unknown_slug_is_a_404_in_json(client, dataset):
    response = client.get("/api/bodies/no-such-body/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Body matches the given query."}


ALTERNATE = re.compile(r'<link rel="alternate" type="application/json" href="([^"]+)">')


@pytest.mark.parametrize(
    "page",
    [
        "/bodies/military-committee/",
        "/states/armenia/",
        "/people/valery-gerasimov/",
        "/documents/csto-charter/",
        "/meetings/military-committee-2021-12-08-videoconference/",
    ],
)
def test_each_record_page_links_its_json_and_the_link_resolves(client, dataset, page):
    html = client.get(page).content.decode()
    head = html.split("</head>")[0]
    found = ALTERNATE.findall(head)
    assert len(found) == 1, "one alternate link, in the head"
    response = client.get(found[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["html_url"] == f"http://testserver{page}"


def test_russian_texts_are_given_beside_the_english_ones_whatever_the_readers_language(client, dataset):
    from django.utils import translation

    from apps.bodies.models import Body
    from apps.membership.models import Person

    Body.objects.filter(slug="military-committee").update(name_ru="Военный комитет")
    Body.objects.filter(slug="csto").update(name_ru="Организация Договора о коллективной безопасности")
    Person.objects.filter(slug="valery-gerasimov").update(
        given_name_ru="Валерий", patronymic_ru="Васильевич", family_name_ru="Герасимов"
    )
    with translation.override("ru"):
        body = client.get("/api/bodies/military-committee/").json()
        person = client.get("/api/people/valery-gerasimov/").json()
    assert (body["name"], body["name_ru"]) == ("Military Committee", "Военный комитет")
    assert body["ancestors"][0]["name_ru"] == "Организация Договора о коллективной безопасности"
    assert (person["name"], person["name_ru"]) == ("Valery Gerasimov", "Валерий Герасимов")
    assert person["patronymic_ru"] == "Васильевич"
    found = client.get("/api/bodies/", {"q": "Военный"}).json()["results"]
    assert [b["slug"] for b in found] == ["military-committee"]
