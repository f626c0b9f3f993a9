"""The fallback for SQLite (and any database but PostgreSQL): case-insensitive substring matching.

Documented behaviour:
- every word or "quoted phrase" of the query must occur in a record's names, summary or text, English
  or Russian, in any of its British or American spellings (apps.search.spelling); "-word" excludes
  records containing it. Case is ignored in every alphabet: the index row keeps case-folded copies of
  the texts (`folded_*`, written in Python by services._row) and the query is folded the same way
  (models.fold) before SQLite's LIKE, which itself folds ASCII letters only ("КОМИТЕТ" finds "комитет");
  OR is not supported (the other words are all required); there is no stemming and no misspelling
  tolerance: those need PostgreSQL;
- ranking: a record named exactly the query first, then per word a match in the names (4) above one
  in the summary (2) above one in the text (1), then by title;
- snippets are cut from the text in Python around the first match, escaped, then the matches wrapped
  in <mark>; a reader of Russian sees the Russian title when the record has one, and a snippet from the
  Russian texts first, then the English ones.
"""

import re

from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.translation import active_language
from apps.search.backends.base import Hit, SearchBackend, Terms, exact_bonus, parse_terms
from apps.search.models import SearchDocument, fold
from apps.search.spelling import spellings

SNIPPET_CHARS = 240
FIELD_SCORES = (("names", 4), ("summary", 2), ("text", 1))


def _any_spelling_in(field: str, term: str) -> Q:
    condition = Q()
    for spelling in spellings(term):
        condition |= Q(**{f"folded_{field}__contains": fold(spelling)})
    return condition


def _contains(term: str) -> Q:
    """The term, in any of its spellings, in the names, summary or text."""
    return _any_spelling_in("names", term) | _any_spelling_in("summary", term) | _any_spelling_in("text", term)


def highlight(text: str, terms: Terms, *, limit: int | None = None) -> SafeString:
    """`text` (cut to about `limit` characters around the first match) escaped, with matches in <mark>."""
    if not text:
        return mark_safe("")
    pattern = _pattern(terms)
    if limit is not None and len(text) > limit:
        first = pattern.search(text) if pattern else None
        start = max(0, (first.start() if first else 0) - limit // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 20 else start
        end = min(len(text), start + limit)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        text = ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
    if pattern is None:
        return escape(text)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(str(escape(text[position : match.start()])))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(str(escape(text[position:])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text escaped above


def _pattern(terms: Terms) -> re.Pattern | None:
    if not terms.include:
        return None
    alternatives = sorted((re.escape(s) for t in terms.include for s in spellings(t)), key=len, reverse=True)
    # ё and е are one letter to the matching (models.fold): marked either way
    return re.compile("|".join(re.sub("[её]", "[её]", a, flags=re.IGNORECASE) for a in alternatives), re.IGNORECASE)


class SimpleBackend(SearchBackend):
    name = "simple"

    def matches(self, query: str) -> QuerySet[SearchDocument]:
        terms = parse_terms(query)
        if not terms.include:
            return SearchDocument.objects.none()
        rows = SearchDocument.objects.all()
        for term in terms.include:
            rows = rows.filter(_contains(term))
        for term in terms.exclude:
            rows = rows.exclude(_contains(term))
        score = exact_bonus(query, 100)
        for term in terms.include:
            score = score + Case(
                *(When(_any_spelling_in(name, term), then=Value(float(points))) for name, points in FIELD_SCORES),
                default=Value(0),
                output_field=FloatField(),
            )
        return rows.alias(rank=score)

    def ranked(self, matches: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
        return matches.annotate(rank_value=F("rank")).order_by("-rank_value", "title", "pk")

    def hits(self, rows: QuerySet[SearchDocument], query: str) -> list[Hit]:
        terms = parse_terms(query)
        return [
            Hit(
                kind=row.kind,
                title=row.shown_title(),
                url=row.url,
                title_html=highlight(row.shown_title(), terms),
                snippet_html=highlight(_snippet_source(row), terms, limit=SNIPPET_CHARS),
                rank=float(row.rank_value),
                lang=row.fallback_language(),
            )
            for row in rows
        ]


def _snippet_source(row: SearchDocument) -> str:
    """The summary and text as one passage (the Russian ones first for a reader of Russian); the
    highlighter cuts it around the first match."""
    parts = [row.summary, row.text]
    if active_language() == "ru":
        parts = [row.summary_ru, row.text_ru, *parts]
    return " ".join(" ".join(part.split()) for part in parts if part)
