"""A search's time budget on PostgreSQL (issue 20, docs/search.md "Results, tenth step"): the statements that can
read more as the wiki grows run under a deadline, their share of SEARCH_BUDGET_MS, and a part cut short by it gives
way to a bounded answer instead of an error, as large engines return the results they have when their deadline
passes (Elasticsearch's `timeout`, with `timed_out` in the response).
"""

import math
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, transaction

from apps.search.backends.indexes import read_connection

T = TypeVar("T")

# PostgreSQL's SQLSTATE for a statement cancelled, by statement_timeout among others: query_canceled.
QUERY_CANCELED = "57014"
# Shares of SEARCH_BUDGET_MS: the counts, the page's statement, and the bounded page that replaces it when cut (that
# one at least: it has what the counts left too, PostgresBackend.page).
COUNTS_SHARE, PAGE_SHARE, FALLBACK_SHARE = 0.25, 0.5, 0.25
_TIMEOUT = "set_config('statement_timeout', %s, true)"


class _OutOfTime(Exception):
    """The deadline passed between two statements of a budgeted part."""


def budget_ms(share: float) -> int:
    """This share of the search's budget, in milliseconds; 0 when there is no budget (SEARCH_BUDGET_MS 0)."""
    return max(1, round(settings.SEARCH_BUDGET_MS * share)) if settings.SEARCH_BUDGET_MS > 0 else 0


def budget_left_ms(since: float) -> int:
    """What is left of the search's whole budget, in milliseconds, `since` (time.monotonic()) it began; 0 or less
    when it has run out or there is no budget."""
    return budget_ms(1.0) - round((time.monotonic() - since) * 1000)


def within(ms: int, run: Callable[[], T]) -> tuple[T | None, bool]:
    """`run()` with its statements cancelled once `ms` milliseconds have passed, all of them together, and whether
    one was: (its result, False), or (None, True). The first statement runs under a `statement_timeout` of `ms`,
    each later one under what is left. A savepoint (a transaction in autocommit) holds the timeout, so a cancelled
    statement leaves the request's own transaction usable and the connection's timeout as it was. `ms` 0: no
    budget, `run()` as it is."""
    if ms <= 0:
        return run(), False
    connection = read_connection()
    deadline = time.monotonic() + ms / 1000
    statements = 0

    def before_each(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        if statements > 1:  # the timeout set was the whole share: the later statements get what is left
            left = math.ceil((deadline - time.monotonic()) * 1000)
            if left <= 0:
                raise _OutOfTime
            execute(f"SELECT {_TIMEOUT}", [f"{left}ms"], False, context)
        return execute(sql, params, many, context)

    # SET LOCAL outlives a released savepoint, till the end of the transaction: set it back then.
    outer = connection.in_atomic_block or not connection.get_autocommit()
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"SELECT current_setting('statement_timeout'), {_TIMEOUT}", [f"{ms}ms"])
            before = cursor.fetchone()[0]
            with connection.execute_wrapper(before_each):
                result = run()
            if outer:
                cursor.execute(f"SELECT {_TIMEOUT}", [before])
    except _OutOfTime:
        return None, True
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        return None, True
    return result, False
