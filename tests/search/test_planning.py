"""How PostgreSQL runs the search's statements: planned and run, never compiled to machine code (JIT).

The page's statement is one of many CTEs and the planner's cost estimate for it passes jit_above_cost (100,000 by
default) at 1,000,000 index rows: compiling it took 134 to 160 ms, where it runs in 20 (docs/search.md, eleventh
step). settings.py turns JIT off on every connection (DATABASE_JIT).
"""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.bodies.models import Body
from apps.search.backends import get_backend
from apps.search.models import SearchDocument
from apps.search.services import refresh_vectors, search_index_rebuild
from tests.factories import make_body, make_document
from tests.search.test_ranking import _plan_nodes, conditions

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


def test_each_kind_is_counted_from_its_own_words_index(on_postgres):
    """The counts' condition is the one migration 0018's indexes hold (`strip(search_vector)`, one partial GIN index
    per kind), so that each kind's count reads its words' posting lists without their positions: 8.7 against 13.7 ms
    from the RUM indexes for three common words at 1,000,000 rows. Eight hundred rows of each kind, a few holding the
    words. What is asked is whether each index serves its kind's condition, not which of several the planner
    prefers on a few pages (a choice earlier tests' ANALYZE can sway): the table is not read whole, nor by
    another index, dropped for this test's transaction."""
    content_type = ContentType.objects.get_for_model(Body)
    SearchDocument.objects.bulk_create(
        SearchDocument(
            content_type=content_type,
            object_id=n,
            kind=kind,
            title=f"Row {n}",
            url=f"/rows/{n}/",
            names=f"Council of Defence Ministers {n}" if n % 100 == 0 else f"Working group {n}",
            text="Its agenda." if n % 200 == 0 else "Minutes of its meetings.",
        )
        for n, kind in enumerate(kind for kind in ("body", "person", "document", "meeting") for _ in range(800))
    )
    refresh_vectors(SearchDocument.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    backend = get_backend()
    with CaptureQueriesContext(connection) as statements:
        counts = backend.counts("council defence -agenda")
    kinds = ("body", "person", "document", "meeting")
    assert {kind: count.n for kind, count in counts.items()} == dict.fromkeys(kinds, 4)
    (count_sql,) = [s["sql"] for s in statements.captured_queries if s["sql"].startswith("WITH words0")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = 'search_searchdocument'::regclass"
            " AND i.indexrelid::regclass::text NOT LIKE 'search_doc_words_%%'"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {index}")  # rolled back with the test's transaction
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # the constraints' indexes, read whole
        cursor.execute(f"EXPLAIN (FORMAT JSON) {count_sql}")
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    # Each kind's index scanned for the words' condition (a GIN index can also be read whole, for its predicate).
    scanned = {node.get("Index Name"): node.get("Index Cond", "") for node in _plan_nodes(plan)}
    for kind in ("body", "member_state", "person", "document", "meeting"):
        condition = scanned.get(f"search_doc_words_{kind}", "")
        assert condition.startswith("(strip(search_vector) @@ "), (kind, scanned)
    plan = json.dumps(plan)
    # The test for a phrase operator was folded away before planning: the words' one condition, no other index.
    assert "strpos" not in plan and "search_doc_vector_rum" not in plan


def test_a_phrase_is_counted_from_the_vectors_positions_which_the_stripped_ones_lack(on_postgres):
    """A stripped vector never matches a phrase operator (`'forc' <-> 'rapid'`). A quoted phrase to look for is counted
    from the vector itself, as are exclusions alone; a hyphenated word (a phrase of its parts), or an excluded phrase,
    from the stripped vector's index by the words to look for, phrases read as words ANDed, each row found then
    checked on the vector (indexes.matching_words)."""
    make_body(name="Rapid-Reaction Forces")  # 'rapid-react' 'rapid' 'reaction' 'forc'
    make_body(name="Reaction Forces, Rapid")
    search_index_rebuild()
    backend = get_backend()
    assert backend._bounded_counts("rapid forces", ["body"]) == {"body": 2}
    assert backend._bounded_counts('"forces rapid"', ["body"]) == {"body": 1}
    assert backend._bounded_counts('"rapid forces"', ["body"]) == {"body": 0}
    assert backend._bounded_counts('-"forces rapid" forces', ["body"]) == {"body": 1}
    assert backend._bounded_counts("forces -rapid-reaction", ["body"]) == {"body": 1}
    assert backend._bounded_counts("-rapid-reaction", ["body"]) == {"body": 1}
    bodies = SearchDocument.objects.filter(kind="body").values("pk")
    make_body(name="Border Guard")  # neither word
    search_index_rebuild()
    # The words to look for do not bound these: an OR joins the exclusion ('forc' | !(...)), a lone minus is a NOT
    # among them, or stop words leave none.
    for query in (
        "forces OR -rapid-reaction",
        "-rapid-reaction OR forces",
        "forces - rapid-reaction",
        "the -rapid-reaction",
    ):
        exact = SearchDocument.objects.filter(kind="body", search_vector=backend._query(query)).count()
        assert backend._matching_words(bodies, query).count() == exact, query  # the count adds similar names
    assert backend._bounded_counts("forces OR -rapid-reaction", ["body"]) == {"body": 3}  # the three bodies
    plans = {}
    for query, count in [
        ("rapid-reaction forces", 1),
        ("forces -rapid-reaction", 1),
        ('forces -"rapid reaction"', 1),
        ('"forces rapid"', 1),
        ("-rapid-reaction", 2),  # and the Border Guard
    ]:
        rows = backend._matching_words(bodies, query)
        assert rows.count() == count, query  # the count adds the similar names: the words alone here
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plans[query] = "\n".join(row[0] for row in cursor.fetchall())
    # The stripped vectors' condition, which their index serves (test_each_kind_is_counted_from_its_own_words_index;
    # on two rows the planner may read the kind's rows another way), its phrase read as words ANDed.
    hyphenated = plans["rapid-reaction forces"]
    words = "strip(search_vector) @@ '''rapid-react'' & ''rapid'' & ''reaction'' & ''forc'''::tsquery"
    assert words in hyphenated and "ts_match_vq(search_vector" in hyphenated, hyphenated
    # An excluded phrase: found by the words to look for alone (the phrase's words ANDed under the NOT would leave out
    # rows holding them apart), then checked.
    for query in ("forces -rapid-reaction", 'forces -"rapid reaction"'):
        found_by = "strip(search_vector) @@ '''forc'''::tsquery"
        assert found_by in plans[query] and "ts_match_vq(search_vector" in plans[query], plans[query]
    for query in ('"forces rapid"', "-rapid-reaction"):
        assert "strip(" not in plans[query] and "strpos" not in plans[query], plans[query]
