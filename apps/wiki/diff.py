"""Field-by-field comparison of two revisions, with word-level differences in text."""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts escaped, with removed words in <del> (old side) and added words in <ins> (new side)."""
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(old_words[a1:a2]), "".join(new_words[b1:b2])
        if op == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed:
            old_parts.append(format_html("<del>{}</del>", removed))
        if added:
            new_parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308 - every part escaped above


def compare_versions(model: type[models.Model], old: dict, new: dict) -> list[Row]:
    rows = []
    for name in history_fields(model):
        field = model._meta.get_field(name)
        if name == "id":
            continue
        before, after = _text(old.get(field.attname)), _text(new.get(field.attname))
        old_html, new_html = word_diff(before, after) if before != after else (escape(before), escape(after))
        rows.append(Row(str(field.verbose_name).capitalize(), old_html, new_html, before != after))
    return rows
