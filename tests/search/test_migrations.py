"""Migration 0015 on a database already holding rows: it writes again the vectors the new spelling changes, as
`search_reindex` would write them, and can be undone."""

import importlib

import pytest
from django.db import connection

from apps.search.engine import search
from apps.search.models import SearchDocument
from apps.search.services import refresh_vectors
from tests.factories import make_body

pytestmark = pytest.mark.django_db

spelling = importlib.import_module("apps.search.migrations.0015_spelling")


def lexemes(document: SearchDocument) -> set[str]:
    sql = "SELECT tsvector_to_array(search_vector) FROM search_searchdocument WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [document.pk])
        return set(cursor.fetchone()[0])


def vector(document: SearchDocument) -> str:
    return SearchDocument.objects.values_list("search_vector", flat=True).get(pk=document.pk)


def test_the_migration_writes_each_vector_as_the_index_writes_it_and_back(on_postgres):
    body = make_body(name="Air Defense Center", summary="Plans the organization's air defense.")
    document = SearchDocument.objects.get(object_id=body.pk, kind="body")
    untouched = SearchDocument.objects.get(object_id=make_body(name="Secretariat").pk, kind="body")
    written, other = vector(document), vector(untouched)
    assert {"defenc", "centr", "organis"} <= lexemes(document)
    with connection.cursor() as cursor:  # the rows' deferred foreign keys checked, as a migration's would be
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    with connection.schema_editor() as editor:
        spelling.backward(None, editor)
    assert {"defens", "center", "organ"} <= lexemes(document) and not {"defenc", "centr"} & lexemes(document)
    assert vector(untouched) == other

    with connection.schema_editor() as editor:
        spelling.forward(None, editor)
    assert vector(document) == written  # what refresh_vectors writes, to the position
    refresh_vectors(SearchDocument.objects.filter(pk=document.pk))
    assert vector(document) == written
    assert [hit.title for hit in search("air defence centre").hits] == ["Air Defense Center"]
