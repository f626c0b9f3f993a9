"""What both backends share: the hit a page shows, the query's terms, and the backend interface."""

import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Exists, FloatField, OuterRef, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.search.indexing import START_SEL, STOP_SEL
from apps.search.models import Kind, SearchDocument, SearchName, name_key

PER_PAGE = 20  # hits on a results page


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    title_html: SafeString  # the title, escaped, matches in <mark>
    snippet_html: SafeString  # a passage of the text, escaped, matches in <mark>
    rank: float
    lang: str = ""  # the title's language when it is not the reader's (an untranslated record), for lang=

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def marked(text: str) -> SafeString:
    """Text carrying START_SEL/STOP_SEL around matches, as HTML: escape everything first, then mark."""
    escaped = str(escape((text or "").strip()))
    return mark_safe(escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))  # noqa: S308


_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class Terms:
    """A query read the way websearch_to_tsquery reads it, roughly: words and "phrases", -excluded."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]

    @property
    def plain(self) -> bool:
        return not self.exclude


def parse_terms(query: str) -> Terms:
    include: list[str] = []
    exclude: list[str] = []
    for match in _TOKEN.finditer(query):
        minus, phrase, word = match.groups()
        if word is not None and word.lower() == "or" and not minus:
            continue  # no OR in the simple backend: the other words are all required
        text = " ".join(phrase.split()) if phrase is not None else _EDGE_PUNCTUATION.sub("", word)
        if text and re.search(r"\w", text):
            (exclude if minus else include).append(text)
    return Terms(tuple(dict.fromkeys(include)), tuple(dict.fromkeys(exclude)))


def uses_syntax(query: str) -> bool:
    """Quotes, exclusions or OR: then the query is meant as websearch syntax, not as a name to match."""
    return '"' in query or bool(re.search(r"(^|\s)-\S", query)) or bool(re.search(r"\s(or|OR)\s", query))


def exact_bonus(query: str, points: float) -> Case:
    """`points` for a record named exactly `query` (name, alias or abbreviation), else nothing."""
    named = Exists(SearchName.objects.filter(document=OuterRef("pk"), key=name_key(query)))
    return Case(When(named, then=Value(float(points))), default=Value(0.0), output_field=FloatField())


@dataclass(frozen=True)
class Count:
    """Matches of one kind: exact, or (`approximate`) an estimate once the exact count passed its bound (or
    when the planner's estimate is far past it: then it is not counted)."""

    n: int
    approximate: bool = False


def positive_part(query: str) -> str:
    """The query without its -excluded words and phrases: what a record is ranked by (the exclusions only
    filter). Empty when the query is nothing but exclusions."""
    kept = [match.group(0) for match in _TOKEN.finditer(query) if not match.group(1)]
    return " ".join(kept)


def negative_part(query: str) -> str:
    """The -excluded words and phrases of the query, with their minus signs ("" when there are none)."""
    return " ".join(match.group(0) for match in _TOKEN.finditer(query) if match.group(1))


class SearchBackend:
    """Matching, ranking and highlighting over SearchDocument rows; one subclass per database family."""

    name = "base"

    def __init__(self) -> None:
        # What ran out of this search's time budget (PostgreSQL, budget.py): "counts" (estimated instead),
        # "page" (ranked from bounded sources), "unfinished" (no rows); empty when nothing did.
        self.cut_short: set[str] = set()

    def matches(self, query: str) -> QuerySet[SearchDocument]:
        """Every row matching `query`, annotated with `rank`, unordered, unsliced."""
        raise NotImplementedError

    def ranked(self, matches: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
        """The rows for a page, best first, with what `hits` needs to build highlights."""
        raise NotImplementedError

    def hits(self, rows: QuerySet[SearchDocument], query: str) -> list[Hit]:
        raise NotImplementedError

    def kind_counts(self, matches: QuerySet[SearchDocument]) -> dict[str, int]:
        rows = matches.order_by().values_list("kind").annotate(n=models.Count("pk"))
        return dict(rows)

    def counts(self, query: str) -> dict[str, Count]:
        """Matches per kind (kinds without any left out). This fallback counts every match, exactly."""
        return {kind: Count(n) for kind, n in self.kind_counts(self.matches(query)).items() if n}

    def page(self, query: str, kind: str | None, start: int, stop: int) -> list[Hit]:
        """Hits `start` to `stop` (0-based, stop excluded) of the ranking, of one kind or of all.
        This fallback ranks every match."""
        matches = self.matches(query)
        if kind:
            matches = matches.filter(kind=kind)
        return self.hits(self.ranked(matches, query)[start:stop], query)

    def exact_url(self, query: str) -> str | None:
        """The address of the one record named exactly `query` (name or alias), or None."""
        key = name_key(query)
        if not key:
            return None
        urls = list(SearchName.objects.filter(key=key).values_list("document__url", flat=True).distinct()[:2])
        return urls[0] if len(urls) == 1 else None
