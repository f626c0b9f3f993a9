import pytest
from django.urls import reverse

from apps.documents.models import Document, DocumentStatus
from apps.documents.views import DOCUMENTS_CSV_HEADER
from tests.csvfiles import read_csv
from tests.factories import cite, make_body, make_document, make_source

pytestmark = pytest.mark.django_db

DOCUMENTS_CSV_QUERIES = 3  # documents with the bodies adopting them, their statuses, their citations


def test_documents_as_csv(client):
    council = make_body(name="Collective Security Council", slug="csc")
    charter = make_document(
        "Charter of the CSTO",
        slug="charter",
        kind=Document.Kind.CHARTER,
        adopted="2002-10-07",
        adopted_by=council,
        place="Chișinău",
    )
    DocumentStatus.objects.create(document=charter, status=DocumentStatus.Status.IN_FORCE, since="2003-09-18")
    cite(charter, make_source(title="UN Treaty Series", url="https://treaties.un.example/charter"))
    make_document("@Decision", slug="decision")
    response = client.get(reverse("documents:list-csv"))
    assert 'filename="csto-documents.csv"' in response["Content-Disposition"]
    header, rows = read_csv(response)
    assert header == list(DOCUMENTS_CSV_HEADER)
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["charter"] == {
        "title": "Charter of the CSTO",
        "slug": "charter",
        "kind": "Charter",
        "adopted": "2002-10-07",
        "adopted_by": "Collective Security Council",
        "adopted_by_url": "http://testserver/bodies/csc/",
        "place": "Chișinău",
        "status": str(DocumentStatus.Status.IN_FORCE.label),
        "status_since": "2003-09-18",
        "summary": "",
        "url": "http://testserver/documents/charter/",
        "sources": "UN Treaty Series",
        "source_urls": "https://treaties.un.example/charter",
        **{"title_ru": "", "summary_ru": ""},  # not translated
    }
    assert by_slug["decision"]["title"] == "'@Decision"
    assert 'href="/documents/documents.csv"' in client.get(reverse("documents:list")).content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_the_documents_csv_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    body = make_body()
    for _n in range(size):
        document = make_document(adopted_by=body)
        DocumentStatus.objects.create(document=document, status=DocumentStatus.Status.IN_FORCE)
        cite(document)
    with django_assert_num_queries(DOCUMENTS_CSV_QUERIES):
        assert len(read_csv(client.get(reverse("documents:list-csv")))[1]) == size
