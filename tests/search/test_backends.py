"""Search on whichever database the suite runs on: ranking, aliases, clause and agenda text, escaping.

PostgreSQL-only behaviour (websearch OR, stemming, misspellings) is marked with the `on_postgres` fixture.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from apps.bodies.models import Body
from apps.documents.models import Clause
from apps.meetings.models import AgendaItem
from apps.search.backends.base import parse_terms
from apps.search.backends.indexes import plan_estimates
from apps.search.backends.simple import highlight
from apps.search.engine import exact_match, search
from apps.wiki.models import Alias
from tests.factories import make_body, make_document, make_meeting, make_person, make_state

pytestmark = pytest.mark.django_db


def titles(query: str, **kwargs) -> list[str]:
    return [hit.title for hit in search(query, **kwargs).hits]


def test_a_body_named_so_ranks_above_a_body_that_mentions_it():
    make_body(name="Coordination Council", description="It works closely with the joint staff on plans.")
    make_body(name="Joint Staff of the Organization")
    assert titles("joint staff") == ["Joint Staff of the Organization", "Coordination Council"]


def test_a_summary_ranks_above_running_text():
    make_body(name="Council A", description="Among much else, it deals with peacekeeping.")
    make_body(name="Council B", summary="Peacekeeping body.")
    assert titles("peacekeeping") == ["Council B", "Council A"]


def test_an_exact_name_ranks_first():
    make_body(name="Secretariat of the Committee", summary="Serves the Committee, the Committee's staff.")
    make_body(name="Committee")
    assert titles("committee")[0] == "Committee"


def test_an_alias_finds_its_record_and_is_an_exact_name():
    body = make_body(name="Military Committee", slug="military-committee")
    make_body(name="Council of Foreign Ministers")
    Alias.objects.create(content_object=body, name="CSTO Military Council")
    assert titles("CSTO Military Council")[0] == "Military Committee"
    assert exact_match("csto  military COUNCIL") == "/bodies/military-committee/"
    assert exact_match("Military Committee") == "/bodies/military-committee/"


def test_an_abbreviation_is_an_exact_name():
    make_body(name="Collective Security Treaty Organization", abbreviation="CSTO", slug="csto")
    assert exact_match("csto") == "/bodies/csto/"


def test_a_name_shared_by_two_records_is_not_an_exact_match():
    make_person("Ivanov", given_name="Ivan", slug="ivan-1")
    make_person("Ivanov", given_name="Ivan", slug="ivan-2")
    assert exact_match("Ivan Ivanov") is None
    assert len(search("Ivan Ivanov").hits) == 2


def test_clause_text_is_found_and_links_to_the_clause():
    document = make_document("Regulations on the Council", slug="regulations")
    Clause.objects.create(document=document, number="15", heading="Committee", text="Rolling stock is inspected.")
    [hit] = search("rolling stock").hits
    assert hit.url == "/documents/regulations/clauses/15/"
    assert hit.title == "Regulations on the Council, clause 15: Committee"
    assert hit.kind == "document"


def test_agenda_item_text_finds_its_meeting():
    meeting = make_meeting(make_body(name="Council", founded="1990"), title="Session of 2022", slug="session")
    AgendaItem.objects.create(meeting=meeting, title="Air matters", outcome="Air defence of coalition forces.")
    [hit] = search("coalition forces").hits
    assert hit.url == "/meetings/session/"
    assert [h.url for h in search("Air matters").hits] == ["/meetings/session/"]


def test_people_and_states_are_found_by_name():
    make_person("Gerasimov", given_name="Valery", honorific_prefix="General of the Army", slug="gerasimov")
    make_state("Armenia", official_name="Republic of Armenia", slug="armenia")
    assert [h.url for h in search("Gerasimov").hits] == ["/people/gerasimov/"]
    assert [h.url for h in search("Republic of Armenia").hits] == ["/states/armenia/"]
    assert exact_match("Armenia") == "/states/armenia/"


def test_results_can_be_narrowed_to_one_kind():
    make_body(name="Armenia Liaison Office")
    make_state("Armenia", slug="armenia")
    results = search("Armenia", kind="member-state")
    assert [h.url for h in results.hits] == ["/states/armenia/"]
    assert results.counts == {"body": 1, "member-state": 1}
    assert results.total == 1


def test_results_are_paginated():
    for n in range(25):
        make_body(name=f"Working group {n:02d}")
    first, second = search("working group"), search("working group", page=2, per_page=20)
    assert first.total == 25 and len(first.hits) == 20 and len(second.hits) == 5
    assert search("working group", page="999").page.number == 2  # out of range: the last page


def test_quoted_phrases_and_exclusions_work_on_both_databases():
    make_body(name="Joint Staff")
    make_body(name="Secretariat", description="Works with the joint staff.")
    make_body(name="Staff college", description="Trains joint planners.")
    assert titles('"joint staff"') == ["Joint Staff", "Secretariat"]
    assert titles('"joint staff" -secretariat') == ["Joint Staff"]


def test_the_index_follows_saves_and_deletes():
    body = make_body(name="Council of Elders", slug="elders")
    assert titles("elders") == ["Council of Elders"]
    body.name = "Council of Sages"
    body.save()
    assert titles("elders") == [] and titles("sages") == ["Council of Sages"]
    alias = Alias.objects.create(content_object=body, name="Wise Ones")
    assert titles("wise") == ["Council of Sages"]
    alias.delete()
    assert titles("wise") == []
    Body.objects.filter(pk=body.pk).delete()
    assert titles("sages") == []


def test_a_renamed_document_moves_its_clauses_in_the_index():
    document = make_document("Old Charter", slug="old-charter")
    Clause.objects.create(document=document, number="1", text="Peaceful settlement of disputes.")
    document.title, document.slug = "New Charter", "new-charter"
    document.save()
    [hit] = search("disputes").hits
    assert hit.url == "/documents/new-charter/clauses/1/"
    document.delete()
    assert search("disputes").hits == []


def test_deleting_an_agenda_item_takes_its_words_out_of_the_meeting():
    meeting = make_meeting(make_body(name="Council", founded="1990"))
    item = AgendaItem.objects.create(meeting=meeting, title="Peacekeeping")
    assert len(search("peacekeeping").hits) == 1
    item.delete()
    assert search("peacekeeping").hits == []


def test_reindex_finds_records_written_without_signals():
    Body.objects.bulk_create([Body(name="Bulk Council", slug="bulk", path="0002", depth=1)])
    assert titles("bulk") == []
    call_command("search_reindex", stdout=io.StringIO())
    assert titles("bulk") == ["Bulk Council"]


def test_the_csto_dataset_is_searchable_after_load_csto(dataset):
    assert exact_match("Military Council") == "/bodies/military-committee/"
    assert exact_match("CSTO Military Council") == "/bodies/military-committee/"
    assert exact_match("Military Committee") == "/bodies/military-committee/"
    assert exact_match("Armenia") == "/states/armenia/"
    assert "/people/valery-gerasimov/" in [h.url for h in search("Gerasimov").hits]
    assert any("/clauses/15/" in h.url for h in search("clause 15").hits)


def test_snippets_escape_the_text_then_mark_the_matches():
    make_body(name="Payload Council", description="Payload <script>alert(1)</script> & <b>bold</b> payload.")
    [hit] = search("payload").hits
    html = f"{hit.title_html} {hit.snippet_html}"
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html or "alert(1)" not in html
    assert "<mark>" in html and "</mark>" in html


def test_the_marker_characters_in_data_cannot_make_tags():
    make_body(name="Odd \ue000Council\ue001", description="Text with \ue000 markers \ue001 of its own.")
    [hit] = search("odd").hits
    assert hit.title == "Odd Council"
    assert str(hit.snippet_html).count("<mark>") == str(hit.snippet_html).count("</mark>")


def test_the_fallback_highlighter_escapes_before_marking():
    html = highlight("a <mark>x</mark> & <script>b</script>", parse_terms("script"))
    assert html == "a &lt;mark&gt;x&lt;/mark&gt; &amp; &lt;<mark>script</mark>&gt;b&lt;/<mark>script</mark>&gt;"


def test_query_terms_read_like_websearch():
    terms = parse_terms('"joint  staff" -secretariat or council, -"air force" !!')
    assert terms.include == ("joint staff", "council")
    assert terms.exclude == ("secretariat", "air force")


# --- PostgreSQL only -------------------------------------------------------------------------


def test_websearch_or_and_stemming(on_postgres):
    make_body(name="Joint Staff")
    make_body(name="Secretariat")
    make_body(name="Council", summary="It meets yearly.")
    assert sorted(titles("staff or secretariat")) == ["Joint Staff", "Secretariat"]
    assert titles("meeting") == ["Council"]  # "meets" and "meeting" share a stem


def test_a_misspelt_name_still_finds_the_person(on_postgres):
    make_person("Gerasimov", given_name="Valery", slug="gerasimov")
    make_person("Sidorov", given_name="Anatoly", slug="sidorov")
    assert [h.url for h in search("Gerasimof").hits] == ["/people/gerasimov/"]
    assert search("Valeri Gerasimof").hits[0].url == "/people/gerasimov/"


def test_misspelt_names_count_only_where_the_words_match_few(on_postgres, monkeypatch):
    """Counted as the pages show them: a kind whose words fill a page's candidates shows no misspelt names."""
    monkeypatch.setattr("apps.search.backends.limits.CANDIDATES", 0)  # candidates: a first page's 20
    for n in range(25):
        make_body(name=f"Garrison Board {n}")
    make_body(name="Garison Council")  # a similar name only, among bodies the word fills
    person = make_person("Garison", given_name="Ivan")  # a similar name only, among people the word misses
    assert search("Garrison").counts == {"body": 25, "person": 1}
    assert "Garison Council" not in [hit.title for hit in search("Garrison", kind="body", page=2).hits]
    assert [hit.url for hit in search("Garrison", kind="person").hits] == [person.get_absolute_url()]


def test_postgres_headlines_escape_the_text_then_mark(on_postgres):
    make_body(name="Council", description="The <script>alert('x')</script> committee met.")
    [hit] = search("committee").hits
    assert "<script" not in hit.snippet_html
    assert "<mark>committee</mark>" in hit.snippet_html


def test_estimates_per_kind_are_read_from_a_parallel_plan_in_any_order():
    def scan(kind, rows, parallel=False):
        return {"Node Type": "Bitmap Heap Scan", "Plan Rows": rows, "Parallel Aware": parallel,
                "Filter": f"((kind)::text = '{kind}'::text)"}  # fmt: skip

    kinds = ["body", "member-state", "document"]
    serial = {
        "Node Type": "Append",
        "Plan Rows": 8,
        "Plans": [scan("body", 5), scan("member-state", 1), scan("document", 2)],
    }
    assert plan_estimates(serial, kinds) == ([5, 1, 2], True)
    # a Parallel Append puts the costliest first; a parallel-aware scan's rows are per process (2 workers: / 2.4)
    children = [scan("document", 1000, parallel=True), scan("body", 5), scan("member-state", 1)]
    parallel = {"Node Type": "Gather", "Workers Planned": 2, "Plan Rows": 2406,
                "Plans": [{"Node Type": "Append", "Plan Rows": 1006, "Plans": children}]}  # fmt: skip
    assert plan_estimates(parallel, kinds) == ([5, 1, 2400], True)
    # anything else: the total shared out, and the caller counts every kind
    assert plan_estimates({"Node Type": "Seq Scan", "Plan Rows": 30}, kinds) == ([10, 10, 10], False)


def test_a_scan_of_a_kinds_own_index_is_known_by_the_index():
    """The planner leaves a partial index's predicate (`kind = 'member-state'`) out of the scan's conditions."""
    own_index = {"Node Type": "Index Scan", "Plan Rows": 1, "Index Name": "search_doc_vector_rum_member_state",
                 "Index Cond": "(search_vector @@ '''secur'''::tsquery)"}  # fmt: skip
    body = {"Node Type": "Bitmap Heap Scan", "Plan Rows": 5, "Recheck Cond": "((kind)::text = 'body'::text)"}
    plan = {"Node Type": "Append", "Plan Rows": 6, "Plans": [body, own_index]}
    assert plan_estimates(plan, ["body", "member-state"]) == ([5, 1], True)


def test_the_planner_keeps_few_statistics_on_the_names(on_postgres):
    """Migration 0013: each similar-names condition is estimated against every value the statistics keep on
    the names (pg_trgm's matchingsel), about 1 ms of planning per condition with PostgreSQL's default 100."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstattarget FROM pg_attribute"
            " WHERE attrelid = 'search_searchdocument'::regclass AND attname IN ('names', 'names_ru')"
        )
        assert dict(cursor.fetchall()) == {"names": 10, "names_ru": 10}
