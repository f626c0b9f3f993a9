"""A fixed, made-up search index for the ranking tests: the same rows on every run and on both databases.

Written straight into the index (SearchDocument and SearchName rows, vectors computed as search_reindex
does), like benchmarks/search.py but small: a few common domain words are in a fifth to a third of the
rows, so the common-word queries have many more matches than a page, as on a large wiki.
"""

import random

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from apps.search.models import Kind, SearchDocument, SearchName, name_key
from apps.search.services import refresh_vectors

SEED = 20240607


def word_list(text: str) -> list[str]:
    return text.split()


COMMON = word_list("council committee security defence defense staff military collective forces")
RARE = word_list(
    "peacekeeping treaty charter secretariat logistics border exercise planning coordination terrorism cyber "
    "intelligence budget protocol ratification presidency summit ministers foreign emergency crisis stability"
)
SYLLABLES = word_list("ka ra mo ve li sa to ni gu ba de zo ru pe shi cha ko la mi da vo ne ti ga so be")
GIVEN = word_list("Valery Anatoly Sergei Andrei Nikolai Igor Oleg Yuri Dmitry Viktor Pavel Arman Nurlan Tigran")

# Typical searches (names, a phrase, an exclusion, a misspelling, one kind, a rare word) and common words.
TYPICAL = [
    ("Peacekeeping Council", None),
    ("Sergei Kavoli", None),
    ('"joint staff"', None),
    ("peacekeeping -exercise", None),
    ("Kavolli", None),
    ("treaty", "document"),
    ("ratification", None),
    ("border security", None),
]
COMMON_QUERIES = [
    ("security", None),
    ("council -defence", None),
    ("committee", "document"),
    ("military", None),
    ("staff", "body"),
]


def _word(rng: random.Random, made_up: list[str]) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(COMMON)
    if roll < 0.14:
        return rng.choice(RARE)
    return rng.choice(made_up)


def _words(rng: random.Random, made_up: list[str], low: int, high: int) -> str:
    return " ".join(_word(rng, made_up) for _ in range(rng.randint(low, high)))


def build(count: int = 1500) -> None:
    rng = random.Random(SEED)
    made_up = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(400)]
    content_type = ContentType.objects.get_for_model(SearchDocument)  # no record behind these rows
    rows = []
    for n in range(count):
        share = n % 10
        if share < 2:
            name = f"{rng.choice(COMMON + RARE).capitalize()} {rng.choice(['Council', 'Committee', 'Staff'])}"
            name += f" on {_words(rng, made_up, 1, 2)}"
            kind, url, summary = Kind.BODY, f"/bodies/fixed-{n}/", _words(rng, made_up, 4, 10)
        elif share < 4:
            name = f"{rng.choice(GIVEN)} {''.join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()}"
            name += rng.choice(["ov", "in", "enko", "li"])
            kind, url, summary = Kind.PERSON, f"/people/fixed-{n}/", f"Chief of {_words(rng, made_up, 2, 4)}"
        elif share < 8:
            name = f"{rng.choice(['Agreement', 'Decision', 'Protocol'])} on {_words(rng, made_up, 2, 5)}"
            kind, url, summary = Kind.DOCUMENT, f"/documents/fixed-{n}/", _words(rng, made_up, 4, 10)
        else:
            name = f"Meeting of the {rng.choice(COMMON + RARE).capitalize()} Council, {1992 + n % 30}"
            kind, url, summary = Kind.MEETING, f"/meetings/fixed-{n}/", _words(rng, made_up, 3, 8)
        if n % 97 == 0:
            summary += " It works with the joint staff."
        text = " ".join(_words(rng, made_up, 6, 14).capitalize() + "." for _ in range(rng.randint(1, 6)))
        rows.append(
            SearchDocument(
                content_type=content_type,
                object_id=n + 1,
                kind=kind,
                title=name,
                url=url,
                names=name,
                summary=summary,
                text=text,
            )
        )
    SearchDocument.objects.bulk_create(rows)
    SearchName.objects.bulk_create([SearchName(document=row, key=name_key(row.names)) for row in rows])
    refresh_vectors(SearchDocument.objects.all())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the statistics the count estimates read, as autovacuum keeps
            cursor.execute("ANALYZE search_searchdocument")
