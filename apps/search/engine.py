"""The one search interface the views (and anyone else) use, whatever the database.

    results = search("military committee", kind="body", page=2)
    results.page.object_list  # [Hit(kind, title, url, title_html, snippet_html, rank), ...]
    results.counts, results.approximate  # {"body": 12000, "document": 37}, {"body"}: "about 12,000"
    exact_match("Military Council")  # "/bodies/military-committee/" or None

A results page costs a fixed number of queries, whatever the number of records: on PostgreSQL one EXPLAIN
for the planner's estimate per kind, then one for the counts of the kinds not estimated far past
COUNT_BOUND (exact up to it, each stopping there; none when every kind is far past); on SQLite one exact
count per kind in one query; and one for the page's rows with their highlights. On
PostgreSQL with the RUM index, the page's rows are the best of a few hundred candidates taken in rank
order from the index, not of every match (see docs/search.md). On PostgreSQL the counts and the page run
under a time budget (backends/budget.py: a transaction each, to hold its timeout): past it the counts are
estimated and the page is ranked from bounded sources (one statement more), and `cut_short` says so.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from apps.search.backends import Count, Hit, SearchBackend, get_backend
from apps.search.backends.base import PER_PAGE
from apps.search.models import Kind

# Past this many results a search pages no further (50 pages of 20): the counts beyond are estimates.
MAX_RESULTS = 1000


class _LazyHits(Sequence):
    """The ranked rows as the paginator sees them: a known length, and hits built only for the slice taken."""

    def __init__(self, backend: SearchBackend, query: str, kind: str | None, total: int) -> None:
        self.backend, self.query, self.kind, self.total = backend, query, kind, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if self.total == 0:
            return []
        start, stop, _ = index.indices(self.total)
        return self.backend.page(self.query, self.kind, start, stop)


@dataclass(frozen=True)
class SearchResults:
    query: str
    kind: str | None
    counts: dict[str, int]  # matches per kind, whatever the chosen kind
    page: Page
    approximate: frozenset[str] = field(default_factory=frozenset)  # kinds whose count is an estimate
    # What ran out of the search's time budget (PostgreSQL): "counts", "page", "unfinished" (SearchBackend)
    cut_short: frozenset[str] = field(default_factory=frozenset)

    @property
    def total(self) -> int:
        """Matches of the chosen kind (or of all kinds): exact, or an estimate when `total_is_approximate`."""
        if self.kind:
            return self.counts.get(self.kind, 0)
        return sum(self.counts.values())

    @property
    def total_is_approximate(self) -> bool:
        return self.kind in self.approximate if self.kind else bool(self.approximate)

    @property
    def hits(self) -> list[Hit]:
        return list(self.page.object_list)


def search(
    query: str, *, kind: str | None = None, page: int | str | None = 1, per_page: int = PER_PAGE
) -> SearchResults:
    """Records matching `query`, best first, optionally of one kind, one page of them."""
    backend = get_backend()
    found: dict[str, Count] = backend.counts(query)
    counts = {k: c.n for k, c in found.items() if c.n}
    approximate = frozenset(k for k, c in found.items() if c.n and c.approximate)
    if kind:
        kind = Kind(kind).value
        total = counts.get(kind, 0)
    else:
        total = sum(counts.values())
    paginator = Paginator(_LazyHits(backend, query, kind, min(total, MAX_RESULTS)), per_page)
    page_obj = paginator.get_page(page)  # the page's rows are read here
    return SearchResults(
        query=query,
        kind=kind,
        counts=counts,
        page=page_obj,
        approximate=approximate,
        cut_short=frozenset(backend.cut_short),
    )


def exact_match(query: str) -> str | None:
    """The address of the one record whose name or alias is exactly `query` (ignoring case), if there is one."""
    return get_backend().exact_url(query)
