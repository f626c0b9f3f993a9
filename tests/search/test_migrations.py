"""Migrations 0015 and 0016 on a database already holding rows: 0015 writes again the vectors the new spelling
changes, as `search_reindex` would write them; 0016 stores each row's names vector, which PostgreSQL keeps current.
Both can be undone."""

import importlib

import pytest
from django.db import connection

from apps.search.backends.indexes import NAMES_EXPRESSION
from apps.search.engine import search
from apps.search.models import SearchChampion, SearchDocument
from apps.search.services import refresh_vectors
from tests.factories import make_body

pytestmark = pytest.mark.django_db

spelling = importlib.import_module("apps.search.migrations.0015_spelling")
names_column = importlib.import_module("apps.search.migrations.0016_names_vector_column")


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
        names_column.backward(None, editor)  # 0016's column is computed by search_spelling, which 0015 brought
        spelling.backward(None, editor)
    assert vector(document) == before and vector(untouched) == other
    assert {"defens", "organ"} <= lexemes(document) and "defenc" not in lexemes(document)
    assert "defenc" not in listed()  # one row spells it so: the lists were made again

    with connection.schema_editor() as editor:
        spelling.forward(None, editor)
        names_column.forward(None, editor)
    assert vector(document) == written  # what refresh_vectors writes, to the position
    refresh_vectors(SearchDocument.objects.filter(pk=document.pk))
    assert vector(document) == written
    assert "defenc" in listed() and "defens" not in listed()
    assert [hit.title for hit in search("air defence centre").hits] == ["Air Defense Center"]


def names_vectors(document: SearchDocument) -> tuple[str, str, set[str]]:
    """The row's stored names vector, the vector its names compute to now, and the stored one's lexemes."""
    sql = f"SELECT d.names_vector::text, ({NAMES_EXPRESSION})::text, tsvector_to_array(d.names_vector)"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} FROM search_searchdocument d WHERE d.id = %s", [document.pk])
        stored, computed, words = cursor.fetchone()
    return stored, computed, set(words)


def names_index() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_doc_kind_names_gin'")
        row = cursor.fetchone()
    return row[0] if row else ""


def test_each_rows_names_vector_is_stored_as_its_names_spell_it_and_kept_current(on_postgres):
    body = make_body(name="Air Defense Center", name_ru="Центр противовоздушной обороны")
    document = SearchDocument.objects.get(object_id=body.pk, kind="body")
    stored, computed, words = names_vectors(document)
    assert stored == computed
    assert {"air", "defenc", "center", "центр", "оборон"} <= words

    body.name = "Joint Staff"
    body.save()  # its row written again (apps.search.registry)
    stored, computed, words = names_vectors(document)
    assert stored == computed
    assert "joint" in words and "defenc" not in words


def test_the_names_migration_can_be_undone_and_done_again(on_postgres):
    document = SearchDocument.objects.get(object_id=make_body(name="Organization Centre").pk, kind="body")
    with connection.cursor() as cursor:  # the rows' deferred foreign keys checked, as a migration's would be
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    indexed = bool(names_index())  # only beside the RUM index (migration 0010)

    with connection.schema_editor() as editor:
        names_column.backward(None, editor)
    with connection.cursor() as cursor:
        columns = {
            column.name for column in connection.introspection.get_table_description(cursor, "search_searchdocument")
        }
    assert "names_vector" not in columns
    assert not indexed or "search_spelling(names)" in names_index()

    with connection.schema_editor() as editor:
        names_column.forward(None, editor)
    stored, computed, words = names_vectors(document)
    assert stored == computed
    assert {"organis", "center"} <= words
    assert not indexed or "(kind, names_vector)" in names_index()
