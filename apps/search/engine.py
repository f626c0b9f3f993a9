"""The one search interface the views (and anyone else) use, whatever the database.

    results = search("military committee", kind="body", page=2)
    results.page.object_list  # [Hit(kind, title, url, title_html, snippet_html, rank), ...]
    exact_match("Military Council")  # "/bodies/military-committee/" or None

A results page costs a fixed number of queries, whatever the number of records: one for the counts
per kind (which also give the paginator its total) and one for the page's rows with their highlights.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from apps.search.backends import Hit, SearchBackend, get_backend
from apps.search.models import Kind

PER_PAGE = 20


class _LazyHits(Sequence):
    """The ranked rows as the paginator sees them: a known length, and hits built only for the slice taken."""

    def __init__(self, backend: SearchBackend, matches, query: str, total: int) -> None:
        self.backend, self.matches, self.query, self.total = backend, matches, query, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if self.total == 0:
            return []
        return self.backend.hits(self.backend.ranked(self.matches, self.query)[index], self.query)


@dataclass(frozen=True)
class SearchResults:
    query: str
    kind: str | None
    counts: dict[str, int]  # matches per kind, whatever the chosen kind
    page: Page

    @property
    def total(self) -> int:
        """Matches of the chosen kind (or of all kinds)."""
        return self.page.paginator.count

    @property
    def hits(self) -> list[Hit]:
        return list(self.page.object_list)


def search(
    query: str, *, kind: str | None = None, page: int | str | None = 1, per_page: int = PER_PAGE
) -> SearchResults:
    """Records matching `query`, best first, optionally of one kind, one page of them."""
    backend = get_backend()
    matches = backend.matches(query)
    counts = {k: n for k, n in backend.kind_counts(matches).items() if n}
    if kind:
        kind = Kind(kind).value
        matches = matches.filter(kind=kind)
        total = counts.get(kind, 0)
    else:
        total = sum(counts.values())
    paginator = Paginator(_LazyHits(backend, matches, query, total), per_page)
    return SearchResults(query=query, kind=kind, counts=counts, page=paginator.get_page(page))


def exact_match(query: str) -> str | None:
    """The address of the one record whose name or alias is exactly `query` (ignoring case), if there is one."""
    return get_backend().exact_url(query)
