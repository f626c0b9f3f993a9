"""Field-by-field comparison of two revisions, with word-level differences in text."""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.core.translation import twin_language, with_twins
from apps.wiki.registry import history_fields

WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class Row:
    label: str
    old: SafeString
    new: SafeString
    changed: bool


def _text(value) -> str:
    return "" if value is None else str(value)


# difflib compares every word with every other in the worst case: beyond this many word pairs, the changed
# part is compared paragraph by paragraph, then sentence by sentence; a sentence still too large is shown
# replaced whole.
MAX_WORD_PAIRS = 250_000


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts escaped, with removed words in <del> (old side) and added words in <ins> (new side).

    Bounded work whatever the texts' size: the common beginning and end are set aside first, and a large
    changed middle is split into paragraphs (see MAX_WORD_PAIRS).
    """
    old_parts, new_parts = [], []
    for op, removed, added in _changes(WORDS.findall(old), WORDS.findall(new)):
        if op == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed:
            old_parts.append(format_html("<del>{}</del>", removed))
        if added:
            new_parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308 - every part escaped above


def _changes(old: list[str], new: list[str]):
    """(op, old text, new text) runs, "equal" or not, over two word lists."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    if start:
        yield "equal", "".join(old[:start]), "".join(new[:start])
    old_mid, new_mid = old[start : len(old) - end], new[start : len(new) - end]
    if len(old_mid) * len(new_mid) <= MAX_WORD_PAIRS:
        yield from _matched(old_mid, new_mid)
    else:
        yield from _by_chunks(old_mid, new_mid)
    if end:
        yield "equal", "".join(old[len(old) - end :]), "".join(new[len(new) - end :])


def _matched(old: list[str], new: list[str]):
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        yield op, "".join(old[a1:a2]), "".join(new[b1:b2])


def _by_chunks(old: list[str], new: list[str], level: int = 0):
    """Paragraphs (then sentences) matched as wholes, which are few and so cheap to match; the words of each
    changed pair compared when small enough, else the next level down, else shown replaced whole."""
    if level == len(_CHUNK_ENDS):
        yield "replace", "".join(old), "".join(new)
        return
    old_chunks, new_chunks = _chunks(old, level), _chunks(new, level)
    matcher = difflib.SequenceMatcher(a=old_chunks, b=new_chunks, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_words = [w for chunk in old_chunks[a1:a2] for w in WORDS.findall(chunk)]
        new_words = [w for chunk in new_chunks[b1:b2] for w in WORDS.findall(chunk)]
        if op == "equal":
            yield op, "".join(old_words), "".join(new_words)
        elif len(old_words) * len(new_words) <= MAX_WORD_PAIRS:
            yield from _matched(old_words, new_words)
        else:
            yield from _by_chunks(old_words, new_words, level + 1)


# Where a chunk ends, by level: a paragraph at a blank line, a sentence after a full stop.
_CHUNK_ENDS = (
    lambda previous, word: not word.strip() and word.count("\n") >= 2,
    lambda previous, word: not word.strip() and previous.endswith((".", "!", "?", ";")),
)


def _chunks(words: list[str], level: int) -> list[str]:
    ends, chunks, current = _CHUNK_ENDS[level], [], []
    for word in words:
        if current and ends(current[-1], word):
            current.append(word)
            chunks.append("".join(current))
            current = []
        else:
            current.append(word)
    if current:
        chunks.append("".join(current))
    return chunks


def compare_versions(model: type[models.Model], old: dict, new: dict, *, only: Iterable[str] = ()) -> list[Row]:
    """Field by field, as a reader knows the values: choices by their labels, related records by their names
    (one query per related field that has values), text with its line endings made alike. `only` limits
    the rows to those fields (by attname)."""
    rows = []
    # A translated field's Russian twin right after it (apps.core.translation), as in the edit form.
    names = with_twins(model, [name for name in history_fields(model) if not twin_language(model, name)])
    fields = [model._meta.get_field(name) for name in names if name != "id"]
    if only:
        fields = [field for field in fields if field.attname in set(only)]
    names = _related_names(fields, old, new)
    for field in fields:
        before = _shown(field, old.get(field.attname), names)
        after = _shown(field, new.get(field.attname), names)
        old_html, new_html = word_diff(before, after) if before != after else (escape(before), escape(after))
        rows.append(Row(capfirst(str(field.verbose_name)), old_html, new_html, before != after))
    return rows


def _shown(field: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return names.get((field.name, value), f"#{value} (deleted)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return _text(value).replace("\r\n", "\n").replace("\r", "\n")


def _related_names(fields: list[models.Field], *versions: dict) -> dict:
    """{(field name, id): the related record's name} for the ids the versions hold."""
    names = {}
    for field in fields:
        if not field.is_relation:
            continue
        ids = {version.get(field.attname) for version in versions} - {None, ""}
        if ids:
            for record in field.related_model._default_manager.filter(pk__in=ids):
                names[(field.name, record.pk)] = str(record)
    return names
