"""Record content in English and Russian: each translated field has a twin column `<field>_ru` in the same row.

Storage is django-modeltranslation's (one column per language, in the record's own table, so revisions,
serializers, the loader and the page cache see plain model fields), without its runtime patching of managers,
querysets and attribute access, which fights django-reversion, the serializers, the loader and the page cache.

Two ways to read a translated field, on purpose:

- **Python reads columns.** `body.name` is always the English text (the canonical column, required where it
  was), `body.name_ru` always the Russian one. Everything that writes or serializes (forms, services, the
  API, CSV, Popolo, revisions, the loader, the search index) names the column it means; nothing changes under
  its feet with the reader's language.
- **Templates show the reader's language.** This is the one piece of magic, and why it exists: every
  template already says `{{ body.name }}`, and the reader should see the Russian name under Russian without
  each template choosing a column. Django's template engine resolves `body.name` by trying `body["name"]`
  *before* `getattr(body, "name")`. `TranslatedModel.__getitem__` answers that dictionary lookup for the
  translated fields (and composed ones such as a person's `name`) with the active language's text, falling
  back to the other language when it is empty, and raises KeyError for every other key so that the template
  engine goes on to the attribute as usual. Python code never subscripts a record, so it is unaffected.
  `__iter__ = None` keeps a record non-iterable (`__getitem__` alone would make `iter(record)` "work").

`str(record)` follows the reader's language too (choice labels, breadcrumbs, page titles).

In templates, `{{ body.untranslated.name }}` is True when the name shown is the fallback language's (the
reader's language has no text for it). The `translated` filter (`{{ body|translated:"name" }}`, core
template tags) renders the text with `lang="…"` when it is in the fallback language, and the partial
templates/core/_untranslated.html (`{% include "core/_untranslated.html" with record=body field="name" %}`)
shows the "not yet translated" note next to a heading.

Lists sort by the reader's language with `localized_order("name")` (a Coalesce in the same query).
"""

import string

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

CANONICAL = "en"  # the language of the unsuffixed column
LANGUAGES = ("en", "ru")
TRANSLATED_LANGUAGES = tuple(language for language in LANGUAGES if language != CANONICAL)


def column(field: str, language: str) -> str:
    """The column holding `field` in `language`: `name` for English, `name_ru` for Russian."""
    return field if language == CANONICAL else f"{field}_{language}"


def translated_columns(fields) -> list[str]:
    """The twin columns of `fields` in the other languages, e.g. ["name_ru", "summary_ru"]."""
    return [column(field, language) for field in fields for language in TRANSLATED_LANGUAGES]


def with_twins(model, names) -> tuple[str, ...]:
    """`names` with each of `model`'s translated fields followed by its twin columns (name, name_ru, slug,
    ...): for forms, and for .only()/.values() that must not leave out what a page shows in Russian."""
    translated = getattr(model, "translated_fields", ())
    return tuple(one for name in names for one in (name, *(translated_columns([name]) if name in translated else ())))


def twin_language(model, name: str) -> str | None:
    """The language of `name` when it is a twin column of one of `model`'s translated fields, else None."""
    for field in getattr(model, "translated_fields", ()):
        for language in TRANSLATED_LANGUAGES:
            if name == column(field, language):
                return language
    return None


def paired(model, fields) -> list:
    """Admin `fields` with each translated field and its twins on one line (a tuple), wherever the twins
    were listed: the English and the Russian side by side."""
    translated = getattr(model, "translated_fields", ())
    lines = []
    for line in fields:
        if isinstance(line, str) and twin_language(model, line):
            continue  # placed beside its English field
        if isinstance(line, str) and line in translated:
            lines.append((line, *translated_columns([line])))
        elif isinstance(line, (list, tuple)):
            lines.append(tuple(name for part in paired(model, line) for name in _flat(part)))
        else:
            lines.append(line)
    return lines


def _flat(line) -> tuple:
    return tuple(line) if isinstance(line, (list, tuple)) else (line,)


def active_language() -> str:
    """The reader's language among ours (a regional variant counts as its language); English otherwise."""
    language = (translation.get_language() or CANONICAL).split("-")[0].lower()
    return language if language in LANGUAGES else CANONICAL


def fallback_order(language: str) -> list[str]:
    """The languages to try for `language`: itself first, then the others (canonical first)."""
    return [language, *(other for other in LANGUAGES if other != language)]


def localized_order(field: str, *, descending: bool = False):
    """An ordering expression for `field` in the reader's language, falling back to English when the
    translation is empty: no extra query, just a Coalesce in the ORDER BY."""
    language = active_language()
    expression = F(field)
    if language != CANONICAL:
        expression = Coalesce(NullIf(column(field, language), Value("")), F(field))
    return expression.desc() if descending else expression.asc()


def translated_field(field: models.Field) -> models.Field:
    """The Russian twin of a model field: same type and length, optional, empty by default."""
    _name, _path, args, kwargs = field.deconstruct()
    for key in ("unique", "null", "error_messages", "validators"):
        kwargs.pop(key, None)
    kwargs.update(
        blank=True,
        default="",
        verbose_name=format_lazy("{} ({})", field.verbose_name, _("Russian")),
        help_text=_("Leave empty until it is translated; readers of Russian see the English meanwhile."),
    )
    return type(field)(*args, **kwargs)


def row_text(row: dict, field: str, language: str | None = None) -> tuple[str, str]:
    """(text, its language) of `field` in a .values() row that holds its twin columns, in the reader's
    language with fallback: for the pages that render plain rows instead of records (the tree, the strip)."""
    for one in fallback_order(language or active_language()):
        if text := row.get(column(field, one)):
            return text, one
    return "", language or active_language()


class _Untranslated:
    """`record.untranslated.<field>`: whether the field is shown in the fallback language."""

    def __init__(self, record: "TranslatedModel") -> None:
        self._record = record

    def __getitem__(self, field: str) -> bool:
        if field not in self._record.translatable_names():
            raise KeyError(field)
        return self._record.shown_language(field) != active_language()

    def __getattr__(self, field: str) -> bool:
        try:
            return self[field]
        except KeyError:
            raise AttributeError(field) from None


class TranslatedModel:
    """Mixin for models with translated fields (listed in `translated_fields`; each has a `<field>_ru`
    column). `composed_fields` are names built from several translated fields, e.g. a person's
    `{"name": "{given_name} {family_name}"}`: shown in a language only when all its parts have text there."""

    translated_fields: tuple[str, ...] = ()
    composed_fields: dict[str, str] = {}
    __iter__ = None  # see the module docstring

    def __getitem__(self, key):
        if isinstance(key, str) and key in self.translatable_names():
            return self.localized(key)
        raise KeyError(key)

    @classmethod
    def translatable_names(cls) -> tuple[str, ...]:
        return (*cls.translated_fields, *cls.composed_fields)

    def in_language(self, field: str, language: str) -> str:
        """The text of `field` in exactly `language` ("" when it has none): no fallback."""
        if field in self.composed_fields:
            pattern = self.composed_fields[field]
            parts = _pattern_fields(pattern)
            values = {part: self.in_language(part, language) for part in parts}
            if not all(values.values()):
                return ""
            return pattern.format(**values)
        return getattr(self, column(field, language)) or ""

    def shown_language(self, field: str, language: str | None = None) -> str:
        """The language `field` is shown in for a reader of `language` (the active one by default)."""
        order = fallback_order(language or active_language())
        return next((one for one in order if self.in_language(field, one)), order[0])

    def localized(self, field: str, language: str | None = None) -> str:
        """`field` in `language` (the reader's by default), else in the first other language that has it."""
        return self.in_language(field, self.shown_language(field, language))

    def all_languages(self, field: str) -> list[str]:
        """Every non-empty text of `field`, canonical first (a record's names in all its languages)."""
        texts = [self.in_language(field, language) for language in LANGUAGES]
        return list(dict.fromkeys(text for text in texts if text))

    def all_names(self) -> list[str]:
        """The record's name (its str()) in every language it has one, canonical first."""
        names = []
        for language in LANGUAGES:
            with translation.override(language):
                names.append(str(self))
        return list(dict.fromkeys(names))

    @property
    def untranslated(self) -> _Untranslated:
        return _Untranslated(self)


def _pattern_fields(pattern: str) -> list[str]:
    return [name for _literal, name, _spec, _conversion in string.Formatter().parse(pattern) if name]
