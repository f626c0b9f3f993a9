"""Migrations 0015 to 0017 on a database already holding rows: 0015 writes again the vectors the new spelling
changes, as `search_reindex` would write them; 0016 stores each row's names vector, which PostgreSQL keeps current;
0017 keeps each row's search vector in the row. All can be undone."""

import importlib
import random
import string

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
vector_inline = importlib.import_module("apps.search.migrations.0017_search_vector_inline")


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


def out_of_line(document: SearchDocument) -> tuple[dict[str, str], int, int, int]:
    """The storage of the columns 0017 keeps in the row ('m' main, 'x' extended), the bytes the table keeps in its
    TOAST relation, and the sizes of the row's text and vector as stored (out of line: their data alone)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, a.attstorage FROM pg_attribute a"
            " WHERE a.attrelid = 'search_searchdocument'::regclass AND a.attname = ANY(%s)",
            [vector_inline.READ_ON_EVERY_ROW],
        )
        storage = dict(cursor.fetchall())
        cursor.execute(
            "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'search_searchdocument'::regclass"
        )
        toast = cursor.fetchone()[0]
        cursor.execute(f"SELECT coalesce(sum(octet_length(chunk_data)), 0) FROM {toast}")  # noqa: S608 - a table's name
        toasted = cursor.fetchone()[0]
        sql = "SELECT pg_column_size(text), pg_column_size(search_vector) FROM search_searchdocument WHERE id = %s"
        cursor.execute(sql, [document.pk])
        return storage, toasted, *cursor.fetchone()


def test_each_rows_search_vector_and_names_are_kept_in_the_row_not_out_of_line(on_postgres):
    # Two hundred words of random letters: a text and a vector each too long for a row's 2 kB, neither compressible.
    rng = random.Random(17)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(12)) for _ in range(200)]
    assert SearchDocument.objects.count() == 0  # the table holds this test's row alone: its TOAST is that row's
    body = make_body(name="Vector Committee on the Alphabet's Letters", description=" ".join(words))
    document = SearchDocument.objects.get(object_id=body.pk, kind="body")
    with connection.cursor() as cursor:  # the rows' deferred foreign keys checked, as a migration's would be
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    written = vector(document)
    main = dict.fromkeys(vector_inline.READ_ON_EVERY_ROW, "m")

    storage, toasted, text_size, vector_size = out_of_line(document)
    assert vector_size > 2100 and text_size > 2100  # each past what a row holds before values go out of line
    # The text alone went out of line: not the vector, nor the names and their vector, though the row is still long.
    assert storage == main and toasted == text_size

    with connection.schema_editor() as editor:
        vector_inline.backward(None, editor)
    storage, toasted, text_size, vector_size = out_of_line(document)
    assert set(storage.values()) == {"x"} and toasted == text_size + vector_size  # before 0017: the vector went out
    assert vector(document) == written

    with connection.schema_editor() as editor:
        vector_inline.forward(None, editor)  # the rows already there are written again, their vectors brought in
    storage, toasted, text_size, _ = out_of_line(document)
    assert storage == main and toasted == text_size
    assert vector(document) == written
    assert [hit.title for hit in search("vector committee").hits] == ["Vector Committee on the Alphabet's Letters"]
