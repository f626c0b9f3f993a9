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


# (British, American) forms of real words, which must give the same lexemes on PostgreSQL.
SPELT_BOTH_WAYS = [
    ("defence", "defense"),
    ("Defences", "DEFENSES"),
    ("offence", "offense"),
    ("licence", "license"),
    ("organisation", "organization"),
    ("organised", "organized"),
    ("realise", "realize"),
    ("recognised", "recognized"),
    ("analyse", "analyze"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("catalogue", "catalog"),
    ("catalogued", "cataloged"),
    ("cataloguing", "cataloging"),
    ("centre", "center"),
    ("centres", "centers"),
    ("centred", "centered"),
    ("armour", "armor"),
    ("armoured", "armored"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("co-operation", "cooperation"),
    ("co-operate", "cooperate"),
    ("air_defence", "air_defense"),  # "_" parts words for the text search parser
]
# Forms the stemmer found alike before the index spelt anything one way, and still must.
STILL_ALIKE = [("program", "programming"), ("programmed", "programming"), ("defensive", "defense")]


def lexemes_of(*texts: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(to_tsvector('english', search_spelling(t))::text ORDER BY n)"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n)",
            [list(texts)],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("british", "american"), SPELT_BOTH_WAYS + STILL_ALIKE)
def test_the_index_spells_both_ways_alike(on_postgres, british, american):
    """`search_spelling` (migration 0015), which the vectors and the queries are made through, gives either form
    the same lexemes, whichever the text or the reader used."""
    first, second = lexemes_of(british, american)
    assert first == second


def test_every_pair_of_the_widened_spellings_is_spelt_one_way():
    """spelling.PAIRS (SQLite, the snippets' marks) and `search_spelling` know the same pairs."""
    for british, american in PAIRS:
        assert any(b.lower().startswith(british) and a.lower().startswith(american) for b, a in SPELT_BOTH_WAYS)
