"""British and American spellings find the same records, on both databases."""

import pytest

from apps.search.backends.base import parse_terms
from apps.search.backends.simple import highlight
from apps.search.engine import search
from apps.search.spelling import PAIRS, spellings, variants
from tests.factories import make_body, make_meeting

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [hit.title for hit in search(query).hits]


@pytest.mark.parametrize(
    ("word", "others"),
    [
        ("defence", ["defense"]),
        ("Defenses", ["defences"]),
        ("organisation", ["organization"]),
        ("organizations", ["organisations"]),
        ("programme", ["program"]),
        ("programs", ["programmes"]),
        ("centre", ["center"]),
        ("committee", []),
    ],
)
def test_each_word_knows_its_other_spelling(word, others):
    assert variants(word) == others


def test_a_query_is_widened_to_every_spelling_but_exclusions_keep_theirs():
    assert spellings("air defense") == ["air defense", "air defence"]
    assert spellings("organisation -defence") == ["organisation -defence", "organization -defence"]


@pytest.fixture
def spelt_both_ways():
    meeting = make_meeting(make_body(name="Military Committee", founded="1990"), title="Session on the skies")
    meeting.summary = "Discussed the air defence of coalition forces."
    meeting.save()
    make_body(name="Training Center", summary="A center for the organization's staff officers.")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("air defense", "Session on the skies"),
        ("air defence", "Session on the skies"),
        ("training centre", "Training Center"),
        ("organisation", "Training Center"),
    ],
)
def test_either_spelling_finds_the_record(spelt_both_ways, query, expected):
    assert expected in titles(query)


def test_the_simple_backend_marks_the_other_spelling_too():
    html = str(highlight("Air defence and air defense.", parse_terms("defense")))
    assert html == "Air <mark>defence</mark> and air <mark>defense</mark>."


def test_the_words_of_a_query_may_stand_in_different_fields_of_a_record():
    staff = make_body(name="Joint Staff", summary="The permanent working body for military matters.")
    make_body(name="Secretariat", summary="A permanent working body.")
    assert titles("joint permanent military") == [staff.name]


def test_an_exclusion_leaves_out_both_spellings(spelt_both_ways):
    """`-defense` leaves out a record spelling it "defence": on PostgreSQL both are one lexeme (migration 0015),
    on SQLite the excluded word is looked for in both spellings."""
    assert "Session on the skies" in titles("coalition forces")
    assert "Session on the skies" not in titles("coalition forces -defense")


def test_the_snippet_marks_the_spelling_the_text_uses(spelt_both_ways):
    [hit] = [hit for hit in search("air defense").hits if hit.title == "Session on the skies"]
    assert "<mark>defence</mark>" in hit.snippet_html


@pytest.mark.parametrize("suffix", ["", "e", "s", "es", "d", "ing", "ation", "ations"])
def test_the_index_spells_both_ways_alike(on_postgres, suffix):
    """Every pair of spelling.PAIRS is one spelling to `search_spelling` (migration 0015), which the vectors
    and the queries are made through: the same lexemes whichever the text or the reader used."""
    from django.db import connection

    words = [(british + suffix, american + suffix) for british, american in PAIRS]
    with connection.cursor() as cursor:
        for british, american in words:
            cursor.execute(
                "SELECT to_tsvector('english', search_spelling(%s)), to_tsvector('english', search_spelling(%s))",
                [british.capitalize(), american.upper()],
            )
            assert len(set(cursor.fetchone())) == 1, (british, american)
