"""How PostgreSQL runs the search's statements: planned and run, never compiled to machine code (JIT).

The page's statement is one of many CTEs and the planner's cost estimate for it passes jit_above_cost (100,000 by
default) at 1,000,000 index rows: compiling it took 134 to 160 ms, where it runs in 20 (docs/search.md, eleventh
step). settings.py turns JIT off on every connection (DATABASE_JIT).
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.search.backends import get_backend
from apps.search.services import search_index_rebuild
from tests.factories import make_body, make_document
from tests.search.test_ranking import conditions

pytestmark = pytest.mark.django_db


def test_a_search_statement_is_not_compiled_however_costly_its_plan(on_postgres):
    with connection.cursor() as cursor:
        # pg_jit_available() is false while jit is off: asked with it on for a moment, then set back.
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'on', false), pg_jit_available()")
        setting, _, available = cursor.fetchone()
        cursor.execute("SELECT set_config('jit', %s, false)", [setting])
        if not available:
            pytest.skip("this PostgreSQL server has no JIT (its llvmjit library): there is nothing to turn off")
        cursor.execute("SET jit_above_cost = 0")  # every plan costs more: JIT, if on, compiles every statement
    make_body(name="Council of Defence Ministers", summary="The defence ministers of the member states.")
    make_document(title="Regulation on the Council", description="The council meets twice a year.")
    search_index_rebuild()
    candidates = get_backend()._candidates("council defence", None, 20)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {candidates.sql}", candidates.params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
    assert plan["Plan"]["Actual Rows"] > 0
    assert "JIT" not in plan, plan.get("JIT")


def _outer_nodes(node: dict):
    """The plan's nodes outside its CTEs and subqueries (InitPlans, SubPlans): the statement's own joins and scans."""
    yield node
    for child in node.get("Plans", []):
        if child.get("Parent Relationship") not in ("InitPlan", "SubPlan"):
            yield from _outer_nodes(child)


def test_the_page_looks_up_its_candidates_by_id_instead_of_joining_them(on_rum):
    """The page's candidates are an array (indexes.AnyOfArray), which the planner looks up by id or checks on the rows
    of a scan it prefers on these few rows; no join outside the statement's CTEs and subqueries. As a join
    (`id IN (candidates)`), the planner took them for the sum of every source's estimate, though one or two run,
    and checked the words on every row of the table: 287 of 363 ms for "security OR council" at 100,000 rows."""
    make_body(name="Council of Defence Ministers", summary="The defence ministers of the member states.")
    make_document(title="Regulation on the Council", description="The council meets twice a year.")
    search_index_rebuild()
    backend = get_backend()
    backend.counts("council OR defence")
    with CaptureQueriesContext(connection) as statements:  # the page's own statement, never the bounded one
        hits = backend._page("council OR defence", None, 0, 20)
    assert {hit.title for hit in hits} == {"Council of Defence Ministers", "Regulation on the Council"}
    (page,) = [s["sql"] for s in statements.captured_queries if "ts_headline" in s["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {page}")
        plan = cursor.fetchone()[0]
    nodes = list(_outer_nodes((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]))
    joins = [node["Node Type"] for node in nodes if "Join" in node["Node Type"] or node["Node Type"] == "Nested Loop"]
    assert not joins
    (scan,) = [node for node in nodes if node.get("Relation Name") == "search_searchdocument"]
    assert "= ANY" in conditions(scan), scan
