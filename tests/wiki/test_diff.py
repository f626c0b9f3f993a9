"""Comparing revisions: word-level marks, and bounded work however long the texts."""

import random

import pytest

from apps.wiki.diff import MAX_WORD_PAIRS, word_diff

WORDS = ["alpha", "beta", "gamma", "delta", "council", "committee", "security", "treaty", "staff", "defence"]


def long_text(size: int, *, paragraphs: bool, seed: int = 1) -> str:
    rng = random.Random(seed)
    sentences = []
    while sum(map(len, sentences)) < size:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".")
    if not paragraphs:
        return " ".join(sentences)
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))


def with_changes(text: str, every: int = 50) -> tuple[str, int]:
    tokens = text.split(" ")
    changed = 0
    for i in range(0, len(tokens), every):
        if "\n" not in tokens[i] and not tokens[i].endswith("."):
            tokens[i], changed = "CHANGED", changed + 1
    return " ".join(tokens), changed


def test_changed_words_are_marked_and_the_rest_escaped():
    old, new = word_diff("The <b>council</b> met.", "The <b>committee</b> met.")
    assert str(old) == "The <del>&lt;b&gt;council&lt;/b&gt;</del> met."
    assert str(new) == "The <ins>&lt;b&gt;committee&lt;/b&gt;</ins> met."


@pytest.mark.parametrize("paragraphs", [True, False], ids=["paragraphs", "one-paragraph"])
def test_a_100_kb_text_is_compared_word_by_word_past_the_direct_limit(paragraphs):
    old = long_text(100_000, paragraphs=paragraphs)
    new, changed = with_changes(old)
    assert len(old.split()) ** 2 > MAX_WORD_PAIRS  # far past what is compared directly
    _old_html, new_html = word_diff(old, new)
    assert str(new_html).count("<ins>CHANGED</ins>") == changed > 100


def test_one_endless_sentence_changed_throughout_is_shown_replaced_whole():
    old = " ".join(WORDS[i % 10] for i in range(20_000))
    new = " ".join(WORDS[(i + 1) % 10] if i % 7 == 0 else WORDS[i % 10] for i in range(20_000))
    old_html, new_html = word_diff(old, new)
    assert str(old_html).count("<del>") == 1 and str(new_html).count("<ins>") == 1


@pytest.mark.django_db
def test_a_text_longer_than_the_limit_is_refused_with_a_message(client, django_user_model):
    from django.contrib.auth.models import Group

    from apps.core.markdown import MAX_TEXT_LENGTH
    from apps.wiki.services import EDITORS
    from tests.factories import make_body

    body = make_body(name="Committee", slug="committee")
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    data = {"name": "Committee", "slug": "committee", "classification": body.classification}
    data |= {"description": "x" * (MAX_TEXT_LENGTH + 1), "wiki-summary": "long"}
    response = client.post("/bodies/committee/edit/", data)
    assert response.status_code == 400
    assert "Ensure this value has at most 100000 characters" in response.content.decode()


@pytest.mark.django_db
def test_compare_shows_labels_names_and_only_the_word_that_changed():
    from apps.bodies.models import Body, Classification
    from apps.wiki.diff import compare_versions
    from tests.factories import make_body

    parent, other = make_body(name="Council of Ministers"), make_body(name="Joint Staff")
    old = {"name": "Committee", "classification": Classification.COMMITTEE, "parent_id": parent.pk}
    old |= {"description": "First paragraph.\r\n\r\nSecond one word here.\r\n\r\nThird paragraph."}
    new = {"name": "Committee", "classification": Classification.COUNCIL, "parent_id": other.pk}
    new |= {"description": "First paragraph.\n\nSecond one term here.\n\nThird paragraph."}
    rows = {row.label: row for row in compare_versions(Body, old, new)}
    assert str(rows["Classification"].old) == "<del>Committee</del>"
    assert str(rows["Classification"].new) == "<ins>Council</ins>"
    assert "Council" in str(rows["Parent"].old) and "Joint" in str(rows["Parent"].new)
    description = rows["Description"]
    assert str(description.old).count("<del>") == 1 and "<del>word</del>" in str(description.old)
    assert str(description.new).count("<ins>") == 1 and "<ins>term</ins>" in str(description.new)
