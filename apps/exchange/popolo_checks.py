"""Reading a Popolo document before anything is written: its JSON, its schemas, its identifiers, references and dates.

Every problem is reported with the JSON path of the offending value and the rule it breaks, all of them at
once (up to a limit), so that a file can be fixed in one go. Nothing is written while any remain.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from apps.core.dates import parse_partial_date
from apps.exchange.popolo_common import SCHEME, STATE_CLASSIFICATION
from apps.exchange.popolo_dates import edtf_from_popolo
from apps.exchange.schema import json_path, schema_errors

MALFORMED = "malformed JSON"
SCHEMA = "Popolo schema"
DUPLICATE = "duplicate identifier"
UNKNOWN = "unknown reference"
IMPOSSIBLE_DATE = "impossible date"
INVALID = "invalid value"
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}: {self.message}"


class ImportRefused(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Checked:
    """A document that passed the checks: its records by collection, each with its JSON path."""

    document: dict[str, Any]
    kinds: dict[str, str] = field(default_factory=dict)  # id -> kind ("body", "state", "person", ...)


class Reader:
    """Walks the document once, collecting problems; the importer reads values through it afterwards."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.kinds: dict[str, str] = {}
        self.first_seen: dict[str, str] = {}
        self.slugs: dict[tuple[str, str], str] = {}

    def problem(self, parts: list, rule: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(json_path(parts), rule, message))

    def objects(self, parts: list, value: Any) -> list[tuple[list, dict]]:
        """The objects of an array, with their paths; anything else is reported."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(parts, INVALID, "must be an array")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append(([*parts, index], item))
            else:
                self.problem([*parts, index], INVALID, "must be an object")
        return found

    def declare(self, parts: list, record: dict, kind: str, *, slugged: bool = False) -> None:
        """Note a record's id (unique in the whole document) and, for records with a page, its slug."""
        record_id = record.get("id")
        if not isinstance(record_id, str) or not record_id:
            self.problem([*parts, "id"], INVALID, "every record needs a string id")
            return
        if record_id in self.first_seen:
            self.problem([*parts, "id"], DUPLICATE, f"“{record_id}” is already the id of {self.first_seen[record_id]}")
            return
        self.first_seen[record_id] = json_path(parts)
        self.kinds[record_id] = kind
        if slugged:
            slug = slug_of(record)
            if not slug:
                self.problem([*parts, "identifiers"], INVALID, f"needs an identifier with scheme “{SCHEME}” (the slug)")
            elif (kind, slug) in self.slugs:
                self.problem(
                    [*parts, "identifiers"], DUPLICATE, f"slug “{slug}” is already used by {self.slugs[(kind, slug)]}"
                )
            else:
                self.slugs[(kind, slug)] = json_path(parts)

    def reference(self, parts: list, value: Any, *kinds: str) -> None:
        if value in (None, ""):
            return
        if not isinstance(value, str) or self.kinds.get(value) not in kinds:
            self.problem(parts, UNKNOWN, f"no {' or '.join(kinds)} with id “{value}” in this file")

    def references(self, parts: list, values: Any, *kinds: str) -> None:
        if values is None:
            return
        if not isinstance(values, list):
            self.problem(parts, INVALID, "must be an array of ids")
            return
        for index, value in enumerate(values):
            self.reference([*parts, index], value, *kinds)

    def popolo_date(self, parts: list, record: dict, name: str) -> None:
        _text, error = edtf_from_popolo(record, name)
        if error:
            self.problem([*parts, name], IMPOSSIBLE_DATE, error)

    def edtf(self, parts: list, record: dict, name: str) -> None:
        value = record.get(name)
        if value in (None, ""):
            return
        try:
            if not isinstance(value, str):
                raise ValidationError("a date must be a string")
            parse_partial_date(value)
        except ValidationError as exc:
            self.problem([*parts, name], IMPOSSIBLE_DATE, exc.messages[0])

    def iso_day(self, parts: list, record: dict, name: str) -> None:
        value = record.get(name)
        if value in (None, ""):
            return
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem([*parts, name], IMPOSSIBLE_DATE, f"“{value}” is not a day of the calendar (YYYY-MM-DD)")

    def citations(self, parts: list, record: dict, key: str = "csto:citations") -> None:
        for path, citation in self.objects([*parts, key], record.get(key)):
            self.reference([*path, "source_id"], citation.get("source_id"), "source")


def slug_of(record: dict) -> str:
    for identifier in record.get("identifiers") or []:
        if isinstance(identifier, dict) and identifier.get("scheme") == SCHEME:
            return str(identifier.get("identifier") or "")
    return ""


def is_state(organization: dict) -> bool:
    return organization.get("classification") == STATE_CLASSIFICATION


def check(text: str | bytes) -> Checked:
    """Parse and check a Popolo document; raises ImportRefused with every problem found."""
    reader = Reader()
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ImportRefused([Problem("$", MALFORMED, f"{exc.args[0].split(':')[0]}{where}")]) from None
    if not isinstance(document, dict):
        raise ImportRefused([Problem("$", MALFORMED, "a Popolo document is a JSON object")])
    reader.problems = [Problem(path, SCHEMA, message) for path, message in schema_errors(document)]
    if reader.problems:
        raise ImportRefused(reader.problems[:MAX_PROBLEMS])
    _declare_all(reader, document)
    _check_all(reader, document)
    if reader.problems:
        raise ImportRefused(reader.problems)
    return Checked(document=document, kinds=reader.kinds)


def _declare_all(reader: Reader, doc: dict) -> None:
    for parts, source in reader.objects(["csto:sources"], doc.get("csto:sources")):
        reader.declare(parts, source, "source")
    for parts, org in reader.objects(["organizations"], doc.get("organizations")):
        reader.declare(parts, org, "state" if is_state(org) else "body", slugged=True)
    for parts, person in reader.objects(["persons"], doc.get("persons")):
        reader.declare(parts, person, "person", slugged=True)
    for parts, post in reader.objects(["posts"], doc.get("posts")):
        reader.declare(parts, post, "post")
    for parts, membership in reader.objects(["memberships"], doc.get("memberships")):
        reader.declare(parts, membership, "membership")
    for parts, document in reader.objects(["csto:documents"], doc.get("csto:documents")):
        reader.declare(parts, document, "document", slugged=True)
        for path, clause in reader.objects([*parts, "clauses"], document.get("clauses")):
            reader.declare(path, clause, "clause")
        for path, status in reader.objects([*parts, "statuses"], document.get("statuses")):
            reader.declare(path, status, "document status")
    for parts, event in reader.objects(["events"], doc.get("events")):
        reader.declare(parts, event, "meeting", slugged=True)
        for path, participant in reader.objects([*parts, "csto:participants"], event.get("csto:participants")):
            reader.declare(path, participant, "participation")
        for path, item in reader.objects([*parts, "csto:agenda"], event.get("csto:agenda")):
            reader.declare(path, item, "agenda item")
    for key, kind in (
        ("csto:body_relations", "body relation"),
        ("csto:document_relations", "document relation"),
        ("csto:legal_bases", "legal basis"),
    ):
        for parts, record in reader.objects([key], doc.get(key)):
            reader.declare(parts, record, kind)


def _check_all(reader: Reader, doc: dict) -> None:
    for parts, source in reader.objects(["csto:sources"], doc.get("csto:sources")):
        reader.reference([*parts, "via_id"], source.get("via_id"), "source")
        reader.edtf(parts, source, "published")
        reader.iso_day(parts, source, "accessed")
    for parts, org in reader.objects(["organizations"], doc.get("organizations")):
        reader.reference([*parts, "parent_id"], org.get("parent_id"), "body")
        for name in ("founding_date", "dissolution_date"):
            reader.popolo_date(parts, org, name)
        for name in ("csto:joined", "csto:left"):
            reader.edtf(parts, org, name)
        reader.citations(parts, org)
        for path, other in reader.objects([*parts, "other_names"], org.get("other_names")):
            reader.citations(path, other)
    for parts, person in reader.objects(["persons"], doc.get("persons")):
        reader.citations(parts, person)
        for path, other in reader.objects([*parts, "other_names"], person.get("other_names")):
            reader.citations(path, other)
    for parts, post in reader.objects(["posts"], doc.get("posts")):
        if not post.get("organization_id"):
            reader.problem([*parts, "organization_id"], INVALID, "a post needs the body it is in")
        reader.reference([*parts, "organization_id"], post.get("organization_id"), "body")
        reader.reference([*parts, "csto:member_state_id"], post.get("csto:member_state_id"), "state")
        reader.citations(parts, post)
    for parts, m in reader.objects(["memberships"], doc.get("memberships")):
        reader.reference([*parts, "organization_id"], m.get("organization_id"), "body")
        member = m.get("member") if isinstance(m.get("member"), dict) else {}
        if m.get("person_id"):
            reader.reference([*parts, "person_id"], m.get("person_id"), "person")
        elif member.get("id"):
            reader.reference([*parts, "member", "id"], member.get("id"), "person", "state")
        else:
            reader.problem(parts, INVALID, "a membership needs a person_id or a member")
        reader.reference([*parts, "post_id"], m.get("post_id"), "post")
        reader.reference([*parts, "on_behalf_of_id"], m.get("on_behalf_of_id"), "state")
        for name in ("start_date", "end_date"):
            reader.popolo_date(parts, m, name)
        reader.edtf(parts, m, "csto:attested")
        reader.citations(parts, m)
    for parts, document in reader.objects(["csto:documents"], doc.get("csto:documents")):
        reader.reference([*parts, "adopted_by_id"], document.get("adopted_by_id"), "body")
        reader.edtf(parts, document, "adopted")
        reader.citations(parts, document)
        for path, other in reader.objects([*parts, "other_names"], document.get("other_names")):
            reader.citations(path, other)
        for path, clause in reader.objects([*parts, "clauses"], document.get("clauses")):
            reader.citations(path, clause)
        for path, status in reader.objects([*parts, "statuses"], document.get("statuses")):
            reader.edtf(path, status, "since")
            reader.citations(path, status)
    for parts, event in reader.objects(["events"], doc.get("events")):
        reader.reference([*parts, "organization_id"], event.get("organization_id"), "body")
        reader.reference([*parts, "csto:chair_id"], event.get("csto:chair_id"), "person")
        for name in ("start_date", "end_date"):
            reader.popolo_date(parts, event, name)
        reader.citations(parts, event)
        for path, other in reader.objects([*parts, "csto:other_names"], event.get("csto:other_names")):
            reader.citations(path, other)
        for path, p in reader.objects([*parts, "csto:participants"], event.get("csto:participants")):
            reader.reference([*path, "person_id"], p.get("person_id"), "person")
            reader.reference([*path, "post_id"], p.get("post_id"), "post")
            reader.reference([*path, "on_behalf_of_id"], p.get("on_behalf_of_id"), "state")
            reader.citations(path, p)
        for path, item in reader.objects([*parts, "csto:agenda"], event.get("csto:agenda")):
            reader.reference([*path, "speaker_id"], item.get("speaker_id"), "person")
            reader.references([*path, "document_ids"], item.get("document_ids"), "document")
            reader.references([*path, "organization_ids"], item.get("organization_ids"), "body", "state")
            reader.citations(path, item)
    for parts, r in reader.objects(["csto:body_relations"], doc.get("csto:body_relations")):
        reader.reference([*parts, "subject_id"], r.get("subject_id"), "body")
        reader.reference([*parts, "object_id"], r.get("object_id"), "body")
        reader.edtf(parts, r, "start")
        reader.edtf(parts, r, "end")
        reader.citations(parts, r)
    for parts, r in reader.objects(["csto:document_relations"], doc.get("csto:document_relations")):
        reader.reference([*parts, "subject_id"], r.get("subject_id"), "document")
        reader.reference([*parts, "object_id"], r.get("object_id"), "document")
        reader.edtf(parts, r, "date")
        reader.citations(parts, r)
    for parts, b in reader.objects(["csto:legal_bases"], doc.get("csto:legal_bases")):
        reader.reference([*parts, "organization_id"], b.get("organization_id"), "body")
        reader.reference([*parts, "document_id"], b.get("document_id"), "document")
        reader.reference([*parts, "clause_id"], b.get("clause_id"), "clause")
        reader.citations(parts, b)
