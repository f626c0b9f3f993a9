"""Migration 0015 on a database already holding rows: it writes again the vectors the new spelling changes, as
`search_reindex` would write them, and can be undone."""

import importlib

import pytest
from django.db import connection

from apps.search.engine import search
from apps.search.models import SearchChampion, SearchDocument
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


def unspelt_vector(document: SearchDocument) -> str:
    """The vector as it was written before migration 0015."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {spelling.row_vector(False)} FROM search_searchdocument WHERE id = %s",  # noqa: S608
            [document.pk],
        )
        return cursor.fetchone()[0]


def listed() -> set[str]:
    return set(SearchChampion.objects.values_list("lexeme", flat=True).distinct())


def test_the_migration_writes_each_vector_as_the_index_writes_it_and_back(on_postgres, settings):
    settings.SEARCH_CHAMPION_MIN_DF, settings.SEARCH_CHAMPIONS = 2, 2  # lists for the words of two rows or more
    body = make_body(name="Air Defense Center", summary="Plans the organization's air defense.")
    document = SearchDocument.objects.get(object_id=body.pk, kind="body")
    make_body(name="Defence Secretariat", summary="Keeps the defence records.")
    untouched = SearchDocument.objects.get(object_id=make_body(name="Secretariat").pk, kind="body")
    written, other, before = vector(document), vector(untouched), unspelt_vector(document)
    assert {"defenc", "center", "organis"} <= lexemes(document)
    with connection.cursor() as cursor:  # the rows' deferred foreign keys checked, as a migration's would be
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    with connection.schema_editor() as editor:
        spelling.backward(None, editor)
    assert vector(document) == before and vector(untouched) == other
    assert {"defens", "organ"} <= lexemes(document) and "defenc" not in lexemes(document)
    assert "defenc" not in listed()  # one row spells it so: the lists were made again

    with connection.schema_editor() as editor:
        spelling.forward(None, editor)
    assert vector(document) == written  # what refresh_vectors writes, to the position
    refresh_vectors(SearchDocument.objects.filter(pk=document.pk))
    assert vector(document) == written
    assert "defenc" in listed() and "defens" not in listed()
    assert [hit.title for hit in search("air defence centre").hits] == ["Air Defense Center"]
