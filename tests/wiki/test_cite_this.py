"""Cite this page: a permanent link to the revision shown and its citation as text, BibTeX and CSL-JSON."""

import json
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from apps.documents.models import Clause
from apps.wiki import services
from apps.wiki.addresses import record_url, version_url
from apps.wiki.citing import bibtex_escape
from tests.factories import make_body, make_document, make_editor, make_meeting, make_person, make_state

pytestmark = pytest.mark.django_db

CITE_PAGE_QUERIES = 2  # the record; its newest revision with its author


def balanced(text: str) -> bool:
    """Whether every brace closes, as BibTeX counts them (escaped or not)."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.fixture
def committee():
    body = make_body(name="Military Committee", slug="military-committee")
    services.ensure_baseline(body)
    return body


def test_the_page_gives_the_permanent_link_of_the_revision_shown(client, committee):
    version = services.latest_version(committee)
    response = client.get(record_url(committee, "cite-this"))
    assert response.status_code == 200
    permanent = f"http://testserver/bodies/military-committee/history/{version.pk}/"
    assertContains(response, "<title>Cite this page: Military Committee – CSTO Wiki</title>", html=False)
    assertContains(response, f'<a href="{version_url(committee, version.pk)}" data-undated>{permanent}</a>')
    revised = response.context["citation"].revised_text
    text = f"Military Committee. CSTO Wiki, revision of {revised}. {permanent}. Retrieved "
    assertContains(response, text)
    # The permanent link shows that revision, and still does after the record changes.
    services.record_save(
        obj=committee, values={"name": "Renamed Committee"}, user=make_editor(), summary="", base_version_id=version.pk
    )
    old = client.get(version_url(committee, version.pk))
    assert old.status_code == 200
    assertContains(old, "Military Committee")
    newer = services.latest_version(committee)
    assert newer.pk != version.pk
    assert f"/history/{newer.pk}/" in client.get(record_url(committee, "cite-this")).content.decode()


def test_bibtex_download(client, committee):
    version = services.latest_version(committee)
    response = client.get(record_url(committee, "cite-this"), {"format": "bibtex"})
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="cstowiki-body-military-committee-{version.pk}.bib"'
    )
    entry = response.content.decode()
    assert entry.startswith(f"@misc{{cstowiki:body:military-committee:{version.pk},\n")
    assert "  title = {{Military Committee}},\n" in entry
    assert (
        f"  howpublished = {{\\url{{http://testserver/bodies/military-committee/history/{version.pk}/}}}},\n" in entry
    )
    assert re.search(r"  year = \{\d{4}\},\n", entry)
    assert "  note = {Revision of " in entry
    assert entry.rstrip().endswith("}")
    assert balanced(entry)


def test_csl_json_download(client, committee):
    version = services.latest_version(committee)
    response = client.get(record_url(committee, "cite-this"), {"format": "csl-json"})
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert response["Content-Disposition"].endswith('.json"')
    [item] = json.loads(response.content)
    created = version.revision.date_created
    assert item["type"] == "webpage"
    assert item["title"] == "Military Committee"
    assert item["container-title"] == "CSTO Wiki"
    assert item["URL"] == f"http://testserver/bodies/military-committee/history/{version.pk}/"
    assert item["issued"] == {"date-parts": [[created.year, created.month, created.day]]}
    assert len(item["accessed"]["date-parts"][0]) == 3


def test_plain_text_download_and_an_unknown_format(client, committee):
    response = client.get(record_url(committee, "cite-this"), {"format": "text"})
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Military Committee. CSTO Wiki, revision of ")
    refused = client.get(record_url(committee, "cite-this"), {"format": "docx"})
    assert refused.status_code == 400


def test_titles_with_braces_quotes_and_specials_are_escaped_everywhere(client):
    name = 'The {Secret} "Council" & 100% of $x_1 #2 ~^ \\ <b>'
    body = make_body(name=name, slug="odd")
    services.ensure_baseline(body)
    url = record_url(body, "cite-this")
    entry = client.get(url, {"format": "bibtex"}).content.decode()
    assert balanced(entry)
    title = re.search(r"  title = \{\{(.*)\}\},\n", entry).group(1)
    assert title == bibtex_escape(name)
    assert title == (
        r'The \textbraceleft{}Secret\textbraceright{} {"}Council{"} \& 100\% of \$x\_1 \#2 '
        r"\textasciitilde{}\textasciicircum{} \textbackslash{} <b>"
    )
    [item] = json.loads(client.get(url, {"format": "csl-json"}).content)
    assert item["title"] == name
    page = client.get(url).content.decode()
    assert name not in page  # always escaped in the HTML
    assert "The {Secret} &quot;Council&quot; &amp; 100% of $x_1 #2 ~^ \\ &lt;b&gt;" in page


def test_a_record_without_a_revision_is_cited_by_its_address(client):
    make_body(name="Unrevised", slug="unrevised")
    response = client.get("/bodies/unrevised/cite-this/")
    assertContains(response, "No revision of this page is recorded yet")
    assert "Permanent link" not in response.content.decode()
    entry = client.get("/bodies/unrevised/cite-this/", {"format": "bibtex"}).content.decode()
    assert entry.startswith("@misc{cstowiki:body:unrevised,\n")
    assert "\\url{http://testserver/bodies/unrevised/}" in entry
    assert client.get("/bodies/no-such-body/cite-this/").status_code == 404


def test_every_kind_of_record_page_offers_it(client):
    body = make_body(name="Council", slug="council")
    document = make_document("Charter", slug="charter")
    clause = Clause.objects.create(document=document, number="15", text="Text.")
    records = [body, make_state("Armenia", slug="armenia"), make_person("Sidorov", slug="sidorov"), document]
    records += [make_meeting(body, slug="council-2022"), clause]
    for record in records:
        services.ensure_baseline(record)
        page = client.get(record.get_absolute_url())
        cite_this = record_url(record, "cite-this")
        assertContains(page, f'<a href="{cite_this}">Cite this page</a>')
        response = client.get(cite_this)
        assert response.status_code == 200, cite_this
        version = services.latest_version(record)
        assert client.get(version_url(record, version.pk)).status_code == 200
    assert record_url(clause, "cite-this") == f"/wiki/clause/{clause.pk}/cite-this/"
    # Not to be mistaken for citing a source for the record, which stays where it was, for editors.
    assert record_url(body, "cite-this") == "/bodies/council/cite-this/"
    assert record_url(body, "cite") == "/bodies/council/cite/"
    assert reverse("wiki:body-cite-this", kwargs={"slug": "council"}) != reverse(
        "wiki:body-cite", kwargs={"slug": "council"}
    )


@pytest.mark.parametrize("edits", [1, 12])
def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, edits):
    body = make_body(slug="edited")
    services.ensure_baseline(body)
    editor = make_editor()
    for n in range(edits):
        services.record_save(obj=body, values={"summary": f"Edit {n}"}, user=editor, summary="", base_version_id=None)
    for query in ({}, {"format": "bibtex"}, {"format": "csl-json"}):
        with django_assert_num_queries(CITE_PAGE_QUERIES):
            assert client.get(record_url(body, "cite-this"), query).status_code == 200


def test_on_a_dated_page_the_cited_links_are_left_undated(client, committee):
    page = client.get(record_url(committee, "cite-this"), {"as_of": "2022-06-01"}).content.decode()
    version = services.latest_version(committee)
    assert f'<a href="{version_url(committee, version.pk)}" data-undated>' in page
