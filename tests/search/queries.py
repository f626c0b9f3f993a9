"""What a search's time budget (apps/search/backends/budget.py) adds to the queries a page runs."""

from django.db import connection


def budget_queries(statements: int) -> int:
    """Queries that `statements` statements run under the budget add inside a test's transaction: on PostgreSQL
    a savepoint, its timeout set, the timeout restored and the savepoint released, each; none on SQLite. A request
    in autocommit adds three: BEGIN, the timeout set, COMMIT (test_budget.py)."""
    return 4 * statements if connection.vendor == "postgresql" else 0
