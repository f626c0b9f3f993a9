import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apps.documents.models import Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.documents.services import clause_add, legal_basis_add
from tests.budgets import BODY_PAGE_WITH_LEGAL_BASES, LAST_EDITED, WHAT_LINKS_HERE
from tests.factories import cite, make_body, make_document

pytestmark = pytest.mark.django_db


def test_list_groups_documents_by_kind_with_dates_as_written_and_status(client, dataset):
    regulations = Document.objects.get(slug="regulations-on-the-council-of-ministers-of-defense")
    DocumentStatus.objects.create(document=regulations, status=DocumentStatus.Status.IN_FORCE, since="2003")
    response = client.get(reverse("documents:list"))
    content = response.content.decode()
    assert content.index('id="kind-treaty"') < content.index('id="kind-charter"') < content.index('id="kind-decision"')
    assertContains(response, '<time datetime="1992-05-15">15 May 1992</time>', html=True)
    assertContains(response, "in force since 2003")
    assertNotContains(response, "status not recorded")  # a document without a status line says nothing of it
    assertContains(
        response,
        '<li><a href="/documents/csto-charter/">Charter of the Collective Security Treaty Organization</a>, '
        '<time datetime="2002-10-07">7 October 2002</time> – amended since 19 December 2012</li>',
        html=True,
    )


def test_document_page_shows_infobox_clauses_relations_bodies_and_sources(client, dataset):
    response = client.get("/documents/regulations-on-the-council-of-ministers-of-defense/")
    assertContains(response, "<h1>Regulations on the Council of Ministers of Defense</h1>", html=True)
    assertContains(
        response, '<dd><a href="/bodies/collective-security-council/">Collective Security Council</a></dd>', html=True
    )
    assertContains(response, 'id="clause-15"')
    assertContains(response, '<a href="#clause-15">Clause 15</a>', html=True)
    assertContains(response, "Summary, not the official wording:")
    assertContains(response, "approves this document")
    assertContains(response, '<a href="/bodies/military-committee/">Military Committee</a>', html=True)
    assertContains(response, "Russia-led security bloc to improve Tajikistan")


def test_clause_page_has_its_own_address_and_links_back(client, dataset):
    response = client.get("/documents/regulations-on-the-council-of-ministers-of-defense/clauses/15/")
    assertContains(
        response,
        "<title>Clause 15 of the Regulations on the Council of Ministers of Defense – CSTO Wiki</title>",
        html=True,
    )
    assertContains(response, "/documents/regulations-on-the-council-of-ministers-of-defense/#clause-15")
    assertContains(response, "Bodies that rest on this clause")
    assert client.get("/documents/regulations-on-the-council-of-ministers-of-defense/clauses/99/").status_code == 404
    assert client.get("/documents/no-such-document/").status_code == 404


def test_from_the_military_committee_two_clicks_reach_the_clause_and_the_approving_decision(client, dataset):
    response = client.get("/bodies/military-committee/")
    assertContains(response, "Established under")
    clause_url = "/documents/regulations-on-the-council-of-ministers-of-defense/clauses/15/"
    decision_url = "/documents/decision-of-the-collective-security-council-of-28-april-2003/"
    assertContains(response, f'<a href="{clause_url}">clause 15</a>', html=True)
    assertContains(response, f'<a href="{decision_url}">decision</a>', html=True)
    assertContains(response, '<time datetime="2003-04-28">28 April 2003</time>', html=True)
    assertContains(response, "Guided by")
    assertContains(
        response,
        '<a href="/documents/csto-charter/">Charter of the Collective Security Treaty Organization</a>',
        html=True,
    )
    assert client.get(clause_url).status_code == 200
    decision = client.get(decision_url)
    assertContains(decision, "This document approves")


def test_markdown_in_clauses_is_sanitized(client):
    document = make_document("Protocol", slug="protocol")
    clause_add(document=document, number="1", text="Fine *text*. <script>alert(1)</script>[x](javascript:alert(1))")
    response = client.get(document.get_absolute_url())
    assertContains(response, "<em>text</em>")
    assertNotContains(response, "<script>alert")
    assertNotContains(response, "javascript:")


def document_with_clauses(count: int) -> Document:
    adopting = make_body(name="Council")
    document = make_document("Big", slug="big", adopted_by=adopting)
    other = make_document("Other")
    DocumentRelation.objects.create(subject=other, object=document, kind=DocumentRelation.Kind.AMENDS)
    DocumentStatus.objects.create(document=document, status=DocumentStatus.Status.IN_FORCE, since="2003")
    cite(document)
    for n in range(count):
        clause = clause_add(document=document, number=str(n + 1), text=f"Clause text {n}")
        cite(clause)
        legal_basis_add(body=make_body(), document=document, clause=clause, kind=LegalBasis.Kind.GOVERNED_BY)
    return document


@pytest.mark.parametrize("count", [1, 300])
def test_document_page_queries_do_not_grow_with_clauses(client, django_assert_num_queries, count):
    document = document_with_clauses(count)
    with django_assert_num_queries(9 + WHAT_LINKS_HERE + LAST_EDITED):  # statuses and their citations: one query each
        response = client.get(document.get_absolute_url())
    assert response.content.decode().count('class="clause"') == count


@pytest.mark.parametrize("count", [1, 40])
def test_body_page_queries_do_not_grow_with_legal_bases(client, django_assert_num_queries, count):
    body = make_body(name="Committee")
    for n in range(count):
        decision = make_document(f"Decision {n}", adopted_by=body, adopted="2003")
        document = make_document(f"Regulations {n}")
        DocumentRelation.objects.create(subject=decision, object=document, kind=DocumentRelation.Kind.APPROVES)
        clause = clause_add(document=document, number="15", text="…")
        legal_basis_add(body=body, document=document, clause=clause, kind=LegalBasis.Kind.ESTABLISHED_BY)
    url = body.get_absolute_url()
    client.get(url)  # warm Django's content-type cache, as in production
    with django_assert_num_queries(BODY_PAGE_WITH_LEGAL_BASES):
        response = client.get(url)
    assert response.content.decode().count("approved by") == count


def test_a_treaty_is_signed_and_then_in_force_and_amended_each_dated_and_cited(client, dataset):
    response = client.get(reverse("documents:detail", kwargs={"slug": "csto-charter"}))
    assertContains(response, '<dt>Signed</dt><dd><time datetime="2002-10-07">7 October 2002</time></dd>', html=True)
    html = response.content.decode()
    status = html[html.index("<dt>Status</dt>") : html.index("</dd>", html.index("<dt>Status</dt>"))]
    assert status.index("In force since 18 September 2003") < status.index("Amended since 19 December 2012")
    assert status.count('<sup class="cite"') >= 2  # each change cited
    assertContains(response, "Basic facts")  # the organization's own account of when it came into force
    decision = client.get(
        reverse("documents:detail", kwargs={"slug": "decision-of-the-collective-security-council-of-28-april-2003"})
    )
    assertContains(decision, "<dt>Adopted</dt>", html=True)


def test_the_treaty_shows_its_entry_into_force_apart_from_its_signing(client, dataset):
    response = client.get(reverse("documents:detail", kwargs={"slug": "collective-security-treaty"}))
    assertContains(response, '<dt>Signed</dt><dd><time datetime="1992-05-15">15 May 1992</time></dd>', html=True)
    assertContains(response, "In force since 20 April 1994")
    assertContains(response, "25 years of the Collective Security Treaty")
