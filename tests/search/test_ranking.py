"""The first page of results stays what it was before top-k ranking (issue 20), on a fixed data set.

tests/search/ranking_baseline.json was captured from the code before the change (full ranking of every
match, exact counts) with tests/search/fixed_data.py, on SQLite ("simple") and on PostgreSQL.
"""

import json
from pathlib import Path

import pytest
from django.db import connection

from apps.search.engine import search
from tests.search import fixed_data

pytestmark = pytest.mark.django_db

BASELINE = json.loads((Path(__file__).parent / "ranking_baseline.json").read_text())
QUERIES = fixed_data.TYPICAL + fixed_data.COMMON_QUERIES


def expected(query: str, kind: str | None) -> dict:
    return BASELINE["postgresql" if connection.vendor == "postgresql" else "simple"][f"{query}|{kind or ''}"]


@pytest.fixture
def fixed_index():
    fixed_data.build()


@pytest.mark.parametrize(("query", "kind"), QUERIES)
def test_the_first_page_is_the_one_ranked_over_every_match(fixed_index, query, kind):
    assert [hit.url for hit in search(query, kind=kind).hits] == expected(query, kind)["urls"]
