"""Popolo JSON export and import: schemas, dates, the round trip, refusals, dry runs, revisions, query counts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision, Version

from apps.core.models import Source
from apps.documents.models import Clause, DocumentRelation, DocumentStatus, LegalBasis
from apps.exchange.popolo_checks import ImportRefused
from apps.exchange.popolo_export import popolo_document, popolo_json
from apps.exchange.popolo_import import popolo_import
from apps.exchange.schema import COLLECTIONS, schema_errors, validator
from apps.meetings.models import AgendaItem, Participation
from apps.membership.models import Person
from apps.wiki.models import Alias
from tests.exchange.helpers import empty_the_wiki, row_counts
from tests.factories import (
    cite,
    make_body,
    make_document,
    make_meeting,
    make_membership,
    make_person,
    make_post,
    make_source,
    make_state,
)

pytestmark = pytest.mark.django_db


def build_wiki(n: int = 1) -> None:
    """A small wiki with every kind of record, `n` times over, with partial and uncertain dates, and Russian
    texts beside the English ones."""
    source = make_source(key=f"report-{n}", url="https://example.org/report", published="2021-12-09")
    make_source(title="Keyless", publisher="")
    root = make_body(
        name=f"Organization {n}",
        name_ru=f"Организация {n}",
        abbreviation="ORG",
        founded="2002-10-07",
        classification="organization",
        summary_ru="Региональная организация.",
    )
    for i in range(n):
        body = make_body(parent=root, founded="2003-04", dissolved="2022?")
        state = make_state(iso_code="AM", joined="1992~", official_name="Republic", name_ru=f"Государство {i}")
        person = make_person(
            patronymic="Vasilyevich",
            honorific_prefix="General",
            given_name_ru="Валерий",
            patronymic_ru="Васильевич",
            family_name_ru=f"Герасимов{i}",
        )
        post = make_post(body, label="Head", member_state=state, ex_officio="Chief of Staff", label_ru="Начальник")
        make_membership(body, person=person, post=post, role="head", on_behalf_of=state, start="2012", end="2021?")
        membership = make_membership(body, member_state=state, role="presidency", start="2021-12-08", end="2021-12")
        cite(membership, source, locator="paragraph 3")
        document = make_document(adopted="2003-04-28", adopted_by=root, title_ru=f"Устав {n}-{i}")
        clause = Clause.objects.create(
            document=document, number="15", heading="Committee", heading_ru="Комитет", text_ru="Текст.", order=1
        )
        DocumentStatus.objects.create(document=document, status="in_force", since="2003")
        other = make_document(kind="regulations")
        DocumentRelation.objects.create(subject=document, kind="approves", object=other, date="2003-04-28")
        LegalBasis.objects.create(body=body, kind="established_by", document=other, clause=None)
        LegalBasis.objects.create(body=body, kind="governed_by", document=document, clause=clause)
        meeting = make_meeting(body, start="2021-12-08", place="Moscow", place_ru="Москва", chair=person)
        Participation.objects.create(meeting=meeting, person=person, capacity="Head", on_behalf_of=state)
        Participation.objects.create(meeting=meeting, capacity="Chief of Staff of X", order=1)
        item = AgendaItem.objects.create(
            meeting=meeting, title=f"Air defence {i}", title_ru=f"ПВО {i}", outcome="Agreed.", outcome_ru="Согласовано."
        )
        item.documents.set([document])
        item.bodies.set([body])
        item.states.set([state])
        Alias.objects.create(content_object=body, name=f"Military Council {i}", note="press")
        cite(body, source)


def test_every_object_validates_against_its_popolo_schema():
    build_wiki()
    document = popolo_document(base_url="https://wiki.example.org")
    assert list(schema_errors(document)) == []
    for collection, name in COLLECTIONS.items():
        assert document[collection], f"no {collection} to validate"
        for item in document[collection]:
            assert list(validator(name).iter_errors(item)) == []
    kinds = {org["classification"] for org in document["organizations"]}
    assert {"organization", "committee", "member state"} <= kinds
    event = document["events"][0]
    assert event["csto:participants"] and event["csto:agenda"]
    assert document["csto:documents"] and document["csto:legal_bases"] and document["csto:sources"]
    body = document["organizations"][0]
    assert body["links"] == [
        {
            "note": "Page in the CSTO Wiki",
            "url": f"https://wiki.example.org/bodies/{body['identifiers'][0]['identifier']}/",
        }
    ]


def test_the_schemas_are_really_applied_with_their_refs():
    """A bad date and a bad other name (checked through the other_name.json $ref) are caught."""
    errors = list(
        validator("organization").iter_errors({"founding_date": "7 October 2002", "other_names": [{"name": 5}]})
    )
    assert len(errors) == 2


def test_russian_names_are_other_names_noted_ru_and_every_russian_text_is_an_extension():
    build_wiki()
    document = popolo_document()
    root = document["organizations"][0]
    assert {"name": "Организация 1", "note": "ru", "csto:derived": True} in root["other_names"]
    assert root["csto:translations"] == {"ru": {"name": "Организация 1", "summary": "Региональная организация."}}
    person = document["persons"][0]
    assert {
        "name": "Валерий Герасимов0",
        "note": "ru",
        "csto:derived": True,
        "given_name": "Валерий",
        "family_name": "Герасимов0",
        "patronymic_name": "Васильевич",
    } in person["other_names"]
    assert document["posts"][0]["csto:translations"] == {"ru": {"label": "Начальник"}}
    clause = document["csto:documents"][0]["clauses"][0]
    assert clause["csto:translations"] == {"ru": {"heading": "Комитет", "text": "Текст."}}
    event = document["events"][0]
    assert event["csto:translations"] == {"ru": {"place": "Москва"}}
    assert event["csto:agenda"][0]["csto:translations"] == {"ru": {"title": "ПВО 0", "outcome": "Согласовано."}}


def test_dates_keep_their_precision_and_uncertainty_goes_to_an_extension():
    build_wiki()
    document = popolo_document()
    committee = next(o for o in document["organizations"] if o["classification"] == "committee")
    assert committee["founding_date"] == "2003-04"
    assert committee["dissolution_date"] == "2022"  # never 2022-01-01, never the qualifier
    assert committee["csto:dissolution_date_edtf"] == "2022?"
    assert "csto:founding_date_edtf" not in committee
    head = next(m for m in document["memberships"] if m.get("role") == "head")
    assert (head["start_date"], head["end_date"], head["csto:end_date_edtf"]) == ("2012", "2021", "2021?")
    presidency = next(m for m in document["memberships"] if m.get("role") == "presidency")
    assert presidency["start_date"] == "2021-12-08"
    assert presidency["member"] == {"@type": "Organization", "id": presidency["member"]["id"]}
    assert "person_id" not in presidency


def round_trip() -> tuple[str, str]:
    first = popolo_json()
    empty_the_wiki()
    assert set(row_counts().values()) == {0}
    popolo_import(text=first)
    return first, popolo_json()


def test_export_import_into_an_empty_wiki_export_again_is_identical():
    build_wiki(2)
    first, second = round_trip()
    assert second == first
    assert json.loads(first)["memberships"]


def test_the_csto_dataset_exports_validates_and_round_trips(dataset):
    document = json.loads(popolo_json())
    assert list(schema_errors(document)) == []
    assert any(o["name"] == "Military Committee" for o in document["organizations"])
    first, second = round_trip()
    assert second == first


def test_importing_the_same_file_again_changes_nothing_and_records_no_revision():
    build_wiki()
    text = popolo_json()
    revisions = Revision.objects.count()
    report = popolo_import(text=text)
    assert sum(report.created.values()) == sum(report.changed.values()) == 0
    assert Revision.objects.count() == revisions


def test_a_revision_per_changed_record():
    build_wiki()
    document = popolo_document()
    empty_the_wiki()
    revisions = Revision.objects.count()
    report = popolo_import(text=json.dumps(document))
    written = sum(report.created.values())
    assert Revision.objects.count() - revisions == written
    person = document["persons"][0]
    person["summary"] = "A new summary."
    revisions = Revision.objects.count()
    report = popolo_import(text=json.dumps(document))
    assert dict(report.changed) == {"person": 1} and sum(report.created.values()) == 0
    assert Revision.objects.count() - revisions == 1
    stored = Person.objects.get(slug=person["identifiers"][0]["identifier"])
    assert Version.objects.get_for_object(stored).first().field_dict["summary"] == "A new summary."


def test_a_dry_run_reports_and_writes_nothing():
    build_wiki()
    text = popolo_json()
    empty_the_wiki()
    out = io.StringIO()
    call_command("import_popolo", _write(text), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "would be created" in out.getvalue()
    assert set(row_counts().values()) == {0}


def _write(text: str) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as file:
        file.write(text)
    return file.name


def _refused(text: str) -> str:
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_popolo", _write(text), stdout=io.StringIO(), stderr=io.StringIO())
    assert row_counts() == before, "something was written"
    return str(refused.value)


def _broken(change) -> str:
    build_wiki()
    document = popolo_document()
    Source.objects.create(title="Stays", key="stays")  # a row the refused import must leave alone
    change(document)
    return _refused(json.dumps(document))


def test_import_refuses_malformed_json():
    make_body(name="Kept")
    message = _refused('{"organizations": [}')
    assert "$: malformed JSON" in message and "line 1" in message


def test_import_refuses_an_unknown_reference():
    def change(document):
        document["memberships"][1]["organization_id"] = "body/nowhere"

    assert "$.memberships[1].organization_id: unknown reference" in _broken(change)


def test_import_refuses_an_impossible_date():
    def change(document):
        document["memberships"][0]["start_date"] = "2021-02-30"

    message = _broken(change)
    assert "$.memberships[0].start_date: impossible date" in message and "2021-02-30" in message


def test_import_refuses_a_date_outside_the_popolo_pattern():
    def change(document):
        document["organizations"][0]["founding_date"] = "7 October 2002"

    assert "$.organizations[0].founding_date: Popolo schema" in _broken(change)


def test_import_refuses_duplicate_identifiers():
    def change(document):
        document["persons"].append(dict(document["persons"][0]))

    message = _broken(change)
    assert "$.persons[1].id: duplicate identifier" in message and "$.persons[0]" in message


def test_import_refuses_a_record_the_wiki_refuses_and_writes_nothing_of_the_rest():
    def change(document):
        document["memberships"][0]["end_date"] = "1990"  # before its start: the model's own rule

    message = _broken(change)
    assert "$.memberships[0]: invalid value" in message and "end" in message


def test_import_shows_progress_on_standard_error():
    build_wiki(3)
    text = popolo_json()
    err = io.StringIO()
    call_command("import_popolo", _write(text), stdout=io.StringIO(), stderr=err)
    assert "records" in err.getvalue()


def test_export_command_writes_a_file_or_standard_output(tmp_path):
    build_wiki()
    out = io.StringIO()
    call_command("export_popolo", stdout=out)
    assert out.getvalue() == popolo_json()
    target = tmp_path / "wiki.json"
    call_command("export_popolo", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == popolo_json()


def test_the_export_page(client):
    build_wiki()
    response = client.get(reverse("exchange:popolo"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["organizations"][0]["links"][0]["url"].startswith("http://testserver/bodies/")
    assert client.post(reverse("exchange:popolo")).status_code == 405


def _export_queries() -> int:
    popolo_json()  # warm the content-type cache
    with CaptureQueriesContext(connection) as queries:
        popolo_json()
    return len(queries)


def test_the_export_runs_a_fixed_number_of_queries_whatever_the_size():
    build_wiki(1)
    small = _export_queries()
    build_wiki(6)
    assert _export_queries() == small == EXPORT_QUERIES


# Sources, citations, aliases, bodies, states, people, documents, clauses, posts, memberships, meetings,
# participants, agenda items with their documents, bodies and states, statuses, and the three relations.
EXPORT_QUERIES = 20


def test_import_refused_is_raised_by_the_service():
    with pytest.raises(ImportRefused) as refused:
        popolo_import(text=b"\xff")
    assert refused.value.problems[0].rule == "malformed JSON"
