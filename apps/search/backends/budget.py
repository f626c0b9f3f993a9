"""A search's time budget on PostgreSQL (issue 20, docs/search.md "Results, tenth step"): each statement that can
read more as the wiki grows runs under a `statement_timeout` of its share of SEARCH_BUDGET_MS, and a statement
cut short by it gives way to a bounded answer instead of an error, as large engines return the results they
have when their deadline passes (Elasticsearch's `timeout`, with `timed_out` in the response).
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, transaction

from apps.search.backends.indexes import read_connection

T = TypeVar("T")

# PostgreSQL's SQLSTATE for a statement cancelled, by statement_timeout among others: query_canceled.
QUERY_CANCELED = "57014"
# Shares of SEARCH_BUDGET_MS: the counts, the page's statement, and the bounded page that replaces it when cut.
COUNTS_SHARE, PAGE_SHARE, FALLBACK_SHARE = 0.3, 0.5, 0.2


def budget_ms(share: float) -> int:
    """This share of the search's budget, in milliseconds (at least 1: 0 would turn the timeout off)."""
    return max(1, round(settings.SEARCH_BUDGET_MS * share))


def within(ms: int, run: Callable[[], T]) -> tuple[T | None, bool]:
    """`run()` with each of its statements cancelled past `ms` milliseconds, and whether one was: (its result,
    False), or (None, True). A savepoint (a transaction in autocommit) holds the timeout, so a cancelled
    statement leaves the request's own transaction usable and the connection's timeout as it was."""
    connection = read_connection()
    outer = connection.in_atomic_block
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)", [f"{ms}ms"]
            )
            before = cursor.fetchone()[0]
            result = run()
            if outer:  # SET LOCAL outlives a released savepoint: till the end of the transaction
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        return None, True
    return result, False
