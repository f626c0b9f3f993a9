"""/maintenance/: records without a citation, [[links]] to nothing, and the lists the apps register."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from apps.wiki.maintenance import LIMIT
from tests.factories import (
    cite,
    make_body,
    make_document,
    make_editor,
    make_membership,
    make_person,
    make_post,
)
from tests.pagelinks import internal_links

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    start = html.index(f'<section aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_page_is_named_and_open_to_everyone(client):
    response = client.get("/maintenance/")
    assertContains(response, "<title>Maintenance – CSTO Wiki</title>", html=True)
    assertContains(response, "<h1>Maintenance</h1>", html=True)
    assertContains(response, '<a href="/maintenance/">Maintenance: work for editors</a>', html=True)
    assertContains(response, '<a href="/sources/">Sources</a>', html=True)


def test_records_without_a_citation_are_listed_by_kind(client):
    cited = make_body(name="Cited Committee", slug="cited")
    cite(cited)
    make_body(name="Uncited Committee", slug="uncited")
    make_post(cited, "Secretary")
    make_document(title="Uncited Charter", slug="charter")
    html = section(client.get("/maintenance/").content.decode(), "uncited-heading")
    assert "Cited Committee</a>" not in html
    assert_in_html(html, '<li><a href="/bodies/uncited/">Uncited Committee</a></li>')
    assert_in_html(html, '<li><a href="/documents/charter/">Uncited Charter</a></li>')
    # A post has no page of its own: it is shown on its body's.
    assert_in_html(html, '<li><a href="/bodies/cited/">Secretary (Cited Committee)</a></li>')
    assert_in_html(html, '<h3 id="uncited-1">Bodies <span class="note">(1)</span></h3>')
    assert "Sources" not in html  # sources are what cites, not what is cited


def assert_in_html(html: str, needle: str) -> None:
    from django.test.html import parse_html

    assert parse_html(html).count(parse_html(needle)) >= 1, needle


def test_links_to_nothing_are_listed_with_their_page_and_an_invitation_to_create(client):
    make_body(name="Military Committee", slug="military-committee", description="See [[Joint Staff]].")
    make_body(name="Council", slug="council", description="Reports to the [[Military Committee|committee]].")
    make_person(family_name="Sidorov", slug="sidorov", biography="Chief of [[Joint Staff]] & [[Nowhere & Co]].")
    html = section(client.get("/maintenance/").content.decode(), "broken-heading")
    assert_in_html(
        html,
        '<li><a href="/bodies/military-committee/">Military Committee</a>: <code>[[Joint Staff]]</code> '
        '<a href="/wiki/body/new/?name=Joint+Staff">create “Joint Staff”</a></li>',
    )
    assert_in_html(html, '<a href="/people/sidorov/">Test Sidorov</a>')
    assert_in_html(html, "<code>[[Nowhere &amp; Co]]</code>")
    assert "[[Military Committee]]" not in html  # it resolves
    assert '<span class="note">(3)</span>' in html


def test_people_without_a_post_come_from_the_membership_app(client):
    body = make_body()
    seated = make_person(family_name="Seated", slug="seated")
    make_membership(body, person=seated, post=make_post(body))
    member = make_person(family_name="Member", slug="member")
    make_membership(body, person=member)  # a member, but in no post
    make_person(family_name="Nobody", slug="nobody")
    html = section(client.get("/maintenance/").content.decode(), "other-1-heading")
    assert "People without a post" in html
    assert_in_html(html, '<li><a href="/people/member/">Test Member</a></li>')
    assert_in_html(html, '<li><a href="/people/nobody/">Test Nobody</a></li>')
    assert "Seated" not in html


def test_each_list_shows_its_first_entries_and_the_count_of_all(client):
    from apps.membership.models import Person

    Person.objects.bulk_create(
        Person(given_name="Test", family_name=f"Many{n:03d}", slug=f"many-{n}") for n in range(LIMIT + 5)
    )
    response = client.get("/maintenance/")
    assertContains(response, f"Showing {LIMIT} of {LIMIT + 5}.", count=2)  # uncited people, people without a post
    assert f'People <span class="note">({LIMIT + 5})</span></h3>' in response.content.decode()


def world(size: int) -> None:
    for _n in range(size):
        body = make_body(description="Works with [[Nowhere Body]] and [[Elsewhere]].")
        cite(make_body(parent=body))
        person = make_person(biography="Served in [[Some Body]].")
        make_membership(body, person=person, post=make_post(body))
        make_person()
        make_document()


@pytest.mark.parametrize("size", [1, 12])
def test_maintenance_queries_are_fixed(client, django_assert_num_queries, size):
    from apps.wiki.registry import KINDS, MAINTENANCE

    world(size)
    client.get("/maintenance/")
    # One per kind of record, apart from sources, citations and other names
    uncited = sum(1 for kind in KINDS.values() if not kind.attached and kind.key != "source")
    with_text = sum(1 for kind in KINDS.values() if kind.text_fields)
    # Uncited records, kind by kind; the texts with links, kind by kind, and the names they link to, all at
    # once; one per registered list.
    with django_assert_num_queries(uncited + with_text + 1 + len(MAINTENANCE)):
        response = client.get("/maintenance/")
    assert response.content.decode().count("create “Nowhere Body”") == size


def test_every_link_on_the_maintenance_page_resolves(client):
    world(2)
    client.force_login(make_editor())
    links = internal_links(client.get("/maintenance/").content.decode())
    assert any(link.startswith("/wiki/body/new/?name=") for link in links)
    assert len(links) >= 10
    for link in links:
        assert client.get(link).status_code == 200, link


def test_on_the_dataset_every_link_resolves(client, dataset):
    response = client.get("/maintenance/")
    assertNotContains(response, "Traceback")
    for link in internal_links(response.content.decode()):
        assert client.get(link).status_code == 200, link
