"""/sources/ and /sources/<id>/: every source, and everything each one supports."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.budgets import LAST_EDITED
from tests.factories import (
    cite,
    make_body,
    make_document,
    make_editor,
    make_meeting,
    make_membership,
    make_person,
    make_post,
    make_source,
    make_state,
)
from tests.pagelinks import internal_links

pytestmark = pytest.mark.django_db


def test_source_list_shows_each_source_with_its_details_and_citation_count(client):
    tass = make_source(title="CSTO chiefs meet", publisher="TASS", kind="news", published="2021-12")
    body = make_body(name="Military Committee", slug="military-committee")
    cite(body, tass)
    cite(body, tass, field="founded")
    make_source(title="Uncited work", publisher="BelTA")
    response = client.get("/sources/")
    assertContains(response, "<title>Sources – CSTO Wiki</title>", html=True)
    assertContains(response, "<h1>Sources</h1>", html=True)
    assertContains(
        response,
        f'<tr><td><a href="/sources/{tass.pk}/">CSTO chiefs meet</a></td><td>TASS</td><td>News report</td>'
        "<td>December 2021</td><td>2</td></tr>",
        html=True,
    )
    assertContains(response, "<td>BelTA</td>", html=True)
    assertContains(response, "2 sources")


def test_the_search_box_is_labelled_and_searches_title_publisher_and_address(client):
    make_source(title="Russia-led bloc", publisher="Asia-Plus", url="https://asiaplustj.info/en/news/1")
    make_source(title="Another report", publisher="TASS", url="https://tass.com/world/2")
    page = client.get("/sources/").content.decode()
    assert '<label for="source-search-q">Title, publisher or address contains</label>' in page
    assert 'id="source-search-q" name="q"' in page
    for query, found, missing in [
        ("russia-led", "Russia-led bloc", "Another report"),  # title, any case
        ("tass", "Another report", "Russia-led bloc"),  # publisher and address
        ("asiaplustj", "Russia-led bloc", "Another report"),  # address only
    ]:
        response = client.get("/sources/", {"q": query})
        assertContains(response, found)
        assertNotContains(response, missing)
        assertContains(response, f'value="{query}"')
    response = client.get("/sources/", {"q": "nothing like it"})
    assertContains(response, "No source’s title, publisher or address contains “nothing like it”.")
    assert client.get("/sources/", {"q": "a\x00b"}).status_code == 400  # refused before the database


def test_source_list_is_paginated_by_fifty(client):
    for n in range(55):
        make_source(title=f"Report {n:02d}")
    first = client.get("/sources/").content.decode()
    assert first.count('<td><a href="/sources/') == 50
    assert "Page 1 of 2" in first
    second = client.get("/sources/", {"page": 2}).content.decode()
    assert second.count('<td><a href="/sources/') == 5


@pytest.mark.parametrize("count", [2, 60])
def test_source_list_queries_are_fixed(client, django_assert_num_queries, count):
    body = make_body()
    for _n in range(count):
        cite(body, make_source())
    with django_assert_num_queries(2):  # the count for the paginator, one page of sources with their counts
        client.get("/sources/")
    with django_assert_num_queries(2):
        client.get("/sources/", {"q": "source"})


def supported_world(source, size: int):
    """`size` records of each of several kinds citing `source`: with their own pages (bodies, people,
    documents) and without (posts, memberships)."""
    for _n in range(size):
        body = make_body()
        person = make_person()
        post = make_post(body)
        cite(body, source, field="founded", locator="para. 2", quote="It was founded then.")
        cite(person, source)
        cite(make_document(), source, field="adopted")
        cite(post, source)
        cite(make_membership(body, person=person, post=post), source, field="start")


def test_source_page_shows_everything_about_the_source(client):
    agency = make_source(title="TASS wire", publisher="TASS")
    relaying = make_source(title="Asia-Plus report", publisher="Asia-Plus", via=agency)
    source = make_source(
        title="CSTO chiefs meet",
        kind="document",
        publisher="CSTO",
        author="Press office",
        url="https://example.org/report",
        archive_url="https://web.archive.org/web/2022/https://example.org/report",
        published="2021-12-09",
        accessed="2024-05-01",
        language="en",
        reported_by="TASS; BelTA",
        via=relaying,
        note="Relays the agencies' reports.",
    )
    make_source(title="Another relay", via=source)
    response = client.get(f"/sources/{source.pk}/")
    assertContains(response, "<title>CSTO chiefs meet – CSTO Wiki</title>", html=True)
    assertContains(response, "<h1>CSTO chiefs meet</h1>", html=True)
    for fact in [
        "<dt>Kind</dt><dd>Official document</dd>",
        "<dt>Publisher</dt><dd>CSTO</dd>",
        "<dt>Author</dt><dd>Press office</dd>",
        '<dd><a href="https://example.org/report" rel="nofollow noopener">https://example.org/report</a></dd>',
        "<dt>Archived copy</dt>",
        '<dd><time datetime="2021-12-09">9 December 2021</time></dd>',
        '<dd><time datetime="2024-05-01">1 May 2024</time></dd>',
        "<dt>Language</dt><dd>en</dd>",
        "<dt>Reporting</dt><dd>TASS; BelTA</dd>",
        f'<dd><a href="/sources/{relaying.pk}/">Asia-Plus report</a></dd>',
        '<p class="source-note">Relays the agencies&#x27; reports.</p>',
        "<h2 id=supports-heading>What this source supports</h2>",
        "<p>Nothing in the wiki cites this source yet.</p>",
    ]:
        assertContains(response, fact, html=True)
    assertContains(response, "Another relay</a>")


def test_source_page_lists_what_it_supports_grouped_by_record(client):
    source = make_source(title="CSTO chiefs meet")
    body = make_body(name="Military Committee", slug="military-committee")
    post = make_post(body, "Head of the Military Committee")
    cite(body, source, field="founded", locator="para. 2", quote="It was founded in 2003.")
    cite(body, source)
    cite(post, source, field="single_seat")
    response = client.get(f"/sources/{source.pk}/")
    assertContains(
        response,
        '<li><a href="/bodies/military-committee/">Military Committee</a> <span class="note">(body)</span>'
        "<ul><li>Supports: founded; at para. 2: <q>It was founded in 2003.</q></li>"
        "<li>Supports the record as a whole</li></ul></li>",
        html=True,
    )
    assertContains(
        response,
        '<li><a href="/bodies/military-committee/">Head of the Military Committee (Military Committee)</a> '
        '<span class="note">(post)</span><ul><li>Supports: single seat</li></ul></li>',
        html=True,
    )


def test_every_link_on_a_source_page_resolves(client):
    source = make_source(url="https://example.org/", via=make_source())
    supported_world(source, 1)
    make_source(via=source)
    client.force_login(make_editor())
    links = internal_links(client.get(f"/sources/{source.pk}/").content.decode())
    assert f"/wiki/source/{source.pk}/edit/" in links
    assert len(links) >= 9
    for link in links:
        assert client.get(link).status_code == 200, link


def test_readers_see_the_history_and_editors_the_edit_link(client):
    source = make_source()
    response = client.get(f"/sources/{source.pk}/")
    assertContains(response, f'<a href="/wiki/source/{source.pk}/history/">History</a>', html=True)
    assertNotContains(response, f"/wiki/source/{source.pk}/edit/")
    client.force_login(make_editor())
    edit = f'<a href="/wiki/source/{source.pk}/edit/">Edit</a>'
    assertContains(client.get(f"/sources/{source.pk}/"), edit, html=True)


def test_an_unknown_source_is_a_404(client):
    assert client.get("/sources/999999/").status_code == 404


def test_a_citation_of_a_record_that_is_gone_is_listed_without_a_link(client):
    source = make_source()
    body = make_body(name="Gone Body")
    citation = cite(body, source)
    type(citation).objects.filter(pk=citation.pk).update(object_id=10**9)
    response = client.get(f"/sources/{source.pk}/")
    assertContains(
        response,
        '<li>#1000000000 <span class="note">(body, deleted)</span>'
        "<ul><li>Supports the record as a whole</li></ul></li>",
        html=True,
    )


@pytest.mark.parametrize("size", [1, 8])
def test_source_page_queries_are_fixed(client, django_assert_num_queries, size):
    source = make_source(via=make_source())
    supported_world(source, size)
    for _n in range(size):
        make_source(via=source)
    url = reverse("wiki:source-detail", kwargs={"pk": source.pk})
    client.get(url)  # warm the content-type cache
    # The source with what relays it, the sources it relays, its citations with their content types, and
    # one per kind of record cited (bodies, people, documents, posts, memberships), its last revision.
    with django_assert_num_queries(3 + 5 + LAST_EDITED):
        response = client.get(url)
    assert response.content.decode().count("Supports") == 5 * size


def test_a_source_has_its_page_as_its_address():
    source = make_source()
    assert source.get_absolute_url() == f"/sources/{source.pk}/"


def test_record_pages_link_their_sources_to_the_source_pages(client):
    body = make_body(name="Committee", slug="committee")
    online = make_source(title="Online report", url="https://example.org/r")
    printed = make_source(title="Printed book")
    cite(body, online)
    cite(body, printed)
    response = client.get("/bodies/committee/")
    assertContains(response, '<a href="https://example.org/r" rel="nofollow noopener">Online report</a>', html=True)
    assertContains(
        response,
        f'<a class="source-page" href="/sources/{online.pk}/">about this source'
        '<span class="visually-hidden">: Online report</span></a>',
        html=True,
    )
    assertContains(response, "<cite>Printed book</cite>", html=True)
    assertContains(response, f'<a class="source-page" href="/sources/{printed.pk}/">', count=1)


NOTICE = (
    '<p class="citation-needed">Citation needed: no source is cited for this record yet. '
    '<a href="/maintenance/">More records that need sources</a></p>'
)


def uncited_records():
    from apps.documents.models import Clause

    body = make_body(name="Committee", slug="committee")
    document = make_document(slug="charter")
    clause = Clause.objects.create(document=document, number="1", text="Text.")
    return [
        body,
        make_person(slug="someone"),
        document,
        clause,
        make_state(slug="somewhere"),
        make_meeting(body, slug="a-meeting"),
    ]


def test_a_record_page_without_citations_says_a_citation_is_needed(client):
    for record in uncited_records():
        response = client.get(record.get_absolute_url())
        assertContains(response, NOTICE, html=True)
        cite(record)
        assertNotContains(client.get(record.get_absolute_url()), "citation-needed")


def test_citations_of_what_a_record_holds_do_not_cite_the_record_itself(client):
    body = make_body(name="Committee", slug="committee")
    cite(make_membership(body), make_source(title="About a member"))
    response = client.get("/bodies/committee/")
    assertContains(response, "About a member")
    assertContains(response, NOTICE, html=True)
