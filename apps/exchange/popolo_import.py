"""Writing a checked Popolo document into the wiki: all or nothing, through each kind's write hook.

Records are matched with what is stored by their slug (bodies, states, people, documents, meetings), by key
(sources) or by what makes them unique in the wiki (a post's body and label, a clause's document and number,
...); a record is written only when a value differs, in a revision of its own, through the same hook as an
edit on the site (apps.wiki.services.save_hook), so bodies go through the tree services. The whole import is
one transaction: the first record the wiki refuses undoes everything, and a dry run is always undone.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.exchange.popolo_checks import INVALID, ImportRefused, Problem, check, is_state, slug_of
from apps.exchange.popolo_common import DERIVED, ISO_SCHEME, translated_values
from apps.exchange.popolo_dates import edtf_from_popolo
from apps.exchange.popolo_import_events import write_events
from apps.exchange.schema import json_path
from apps.membership.models import Membership, MemberState, Person, Post
from apps.wiki.models import Alias
from apps.wiki.services import save_hook

PROGRESS_EVERY = 500
Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What the import wrote (or, in a dry run, would have written), by kind of record."""

    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"{sum(self.created.values())} records {verb} created, {sum(self.changed.values())} changed, "
            f"{sum(self.unchanged.values())} left as they were."
        ]
        for kind in sorted(set(self.created) | set(self.changed) | set(self.unchanged)):
            lines.append(
                f"  {kind}: {self.created[kind]} new, {self.changed[kind]} changed, {self.unchanged[kind]} unchanged"
            )
        return "\n".join(lines)


def popolo_import(
    *, text: str | bytes, dry_run: bool = False, progress: Progress | None = None, comment: str = ""
) -> ImportReport:
    """Import a Popolo document written by export_popolo. Raises ImportRefused (nothing written) on bad input."""
    checked = check(text)
    writer = Writer(checked.document, progress=progress, comment=comment or "Imported from Popolo JSON")
    writer.report.dry_run = dry_run
    with transaction.atomic():
        writer.run()
        if dry_run:
            transaction.set_rollback(True)
    return writer.report


class Writer:
    """Writes the records of one document; `self.ids` maps each file id to the stored record."""

    def __init__(self, document: dict, *, progress: Progress | None, comment: str) -> None:
        self.doc = document
        self.progress = progress
        self.comment = comment
        self.report = ImportReport()
        self.ids: dict[str, models.Model] = {}
        self.claimed: set[tuple[type, int]] = set()  # records already matched, never matched twice
        self.done = 0
        self.total = _count(document)

    # -- the parts every kind shares --------------------------------------------------------------------

    def write(
        self, obj: models.Model, values: dict[str, Any], parts: list, label: str, *, counted: bool = True
    ) -> models.Model:
        """Set `values` (by attname) and save through the kind's hook, in a revision, if anything differs."""
        adding = obj._state.adding
        if not adding and all(getattr(obj, name) == value for name, value in values.items()):
            self.report.unchanged[label] += 1
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            try:
                with transaction.atomic(), reversion.create_revision():
                    reversion.set_comment(self.comment)
                    obj = save_hook(type(obj))(instance=obj)
            except ValidationError as exc:
                raise ImportRefused([Problem(json_path(parts), INVALID, _messages(exc))]) from None
            except IntegrityError as exc:
                raise ImportRefused([Problem(json_path(parts), INVALID, f"refused by the database: {exc}")]) from None
            (self.report.created if adding else self.report.changed)[label] += 1
        if obj.pk:
            self.claimed.add((type(obj), obj.pk))
        if counted:  # progress counts the records of the file, not their citations and other names
            self.tick()
        return obj

    def find(self, model: type[models.Model], **lookup: Any) -> models.Model | None:
        """A stored record matching `lookup` that no other record of this file has matched."""
        for candidate in model._default_manager.filter(**lookup).order_by("pk"):
            if (model, candidate.pk) not in self.claimed:
                return candidate
        return None

    def tick(self) -> None:
        self.done += 1
        if self.progress and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def ref(self, record_id: str | None) -> models.Model | None:
        return self.ids.get(record_id) if record_id else None

    def ref_pk(self, record_id: str | None) -> int | None:
        obj = self.ref(record_id)
        return obj.pk if obj else None

    def citations(self, obj: models.Model, record: dict, parts: list, key: str = "csto:citations") -> None:
        content_type = ContentType.objects.get_for_model(obj)
        for index, row in enumerate(record.get(key) or []):
            source = self.ids[row["source_id"]]
            where = {"source": source, "content_type": content_type, "object_id": obj.pk, "field": row.get("field", "")}
            citation = Citation.objects.filter(**where).first() or Citation(**where)
            values = {"locator": row.get("locator", ""), "quote": row.get("quote", "")}
            self.write(citation, values, [*parts, key, index], "citation", counted=False)

    def aliases(self, obj: models.Model, record: dict, parts: list, key: str = "other_names") -> None:
        content_type = ContentType.objects.get_for_model(obj)
        for index, row in enumerate(record.get(key) or []):
            if row.get(DERIVED):
                continue  # made from a field of the record (abbreviation, official name), written with it
            where = {"content_type": content_type, "object_id": obj.pk, "name": row["name"]}
            alias = Alias.objects.filter(**where).first() or Alias(**where)
            alias = self.write(
                alias, {"note": row.get("note") or ""}, [*parts, key, index], "other name", counted=False
            )
            self.citations(alias, row, [*parts, key, index])

    def date(self, record: dict, name: str) -> str:
        text, _error = edtf_from_popolo(record, name)  # checked before anything was written
        return text

    # -- the kinds, in an order where what a record refers to is written before it ----------------------

    def run(self) -> None:
        self.sources()
        organizations = _indexed(self.doc, "organizations")
        self.bodies([item for item in organizations if not is_state(item[1])])
        self.states([item for item in organizations if is_state(item[1])])
        self.persons()
        self.posts()
        self.memberships()
        self.documents()
        self.relations()
        write_events(self)

    def sources(self) -> None:
        items = _indexed(self.doc, "csto:sources")
        for parts, row in _parents_first(items, "via_id", "source"):
            key = row.get("key") or None
            values = {
                "key": key,
                "title": row.get("title", ""),
                "kind": row.get("kind", Source.Kind.OTHER),
                "publisher": row.get("publisher", ""),
                "author": row.get("author", ""),
                "url": row.get("url", ""),
                "archive_url": row.get("archive_url", ""),
                "language": row.get("language", ""),
                "published": row.get("published", ""),
                "accessed": dt.date.fromisoformat(row["accessed"]) if row.get("accessed") else None,
                "reported_by": row.get("reported_by", ""),
                "via_id": self.ref_pk(row.get("via_id")),
                "note": row.get("note", ""),
            }
            if key:
                source = Source.objects.filter(key=key).first()
            else:
                same = {name: values[name] for name in ("title", "publisher", "url", "published")}
                source = self.find(Source, key__isnull=True, **same)
            self.ids[row["id"]] = self.write(source or Source(), values, parts, "source")

    def bodies(self, items: list[tuple[list, dict]]) -> None:
        for parts, row in _parents_first(items, "parent_id", "body"):
            slug = slug_of(row)
            body = Body.objects.filter(slug=slug).first() or Body(slug=slug)
            values = {
                "name": row.get("name") or "",
                "abbreviation": row.get("csto:abbreviation", ""),
                "classification": row.get("classification", ""),
                "summary": row.get("abstract", ""),
                "description": row.get("description", ""),
                "founded": self.date(row, "founding_date"),
                "dissolved": self.date(row, "dissolution_date"),
                "parent_id": self.ref_pk(row.get("parent_id")),
                **translated_values(Body, row),
            }
            self.ids[row["id"]] = body = self.write(body, values, parts, "body")
            self.aliases(body, row, parts)
            self.citations(body, row, parts)

    def states(self, items: list[tuple[list, dict]]) -> None:
        for parts, row in items:
            slug = slug_of(row)
            state = MemberState.objects.filter(slug=slug).first() or MemberState(slug=slug)
            iso = [i["identifier"] for i in row.get("identifiers") or [] if i.get("scheme") == ISO_SCHEME]
            values = {
                "name": row.get("name") or "",
                "official_name": row.get("csto:official_name", ""),
                "iso_code": iso[0] if iso else "",
                "joined": row.get("csto:joined", ""),
                "left": row.get("csto:left", ""),
                "summary": row.get("abstract", ""),
                **translated_values(MemberState, row),
            }
            self.ids[row["id"]] = state = self.write(state, values, parts, "member state")
            self.aliases(state, row, parts)
            self.citations(state, row, parts)

    def persons(self) -> None:
        for parts, row in _indexed(self.doc, "persons"):
            slug = slug_of(row)
            person = Person.objects.filter(slug=slug).first() or Person(slug=slug)
            values = {
                "given_name": row.get("given_name", ""),
                "patronymic": row.get("patronymic_name", ""),
                "family_name": row.get("family_name", ""),
                "honorific_prefix": row.get("honorific_prefix", ""),
                "summary": row.get("summary", ""),
                "biography": row.get("biography", ""),
                **translated_values(Person, row),
            }
            self.ids[row["id"]] = person = self.write(person, values, parts, "person")
            self.aliases(person, row, parts)
            self.citations(person, row, parts)

    def posts(self) -> None:
        for parts, row in _indexed(self.doc, "posts"):
            body = self.ids[row["organization_id"]]
            post = Post.objects.filter(body=body, label=row.get("label", "")).first() or Post(body=body)
            values = {
                "label": row.get("label", ""),
                "member_state_id": self.ref_pk(row.get("csto:member_state_id")),
                "ex_officio": row.get("csto:ex_officio", ""),
                "single_seat": bool(row.get("csto:single_seat", False)),
                "position": row.get("csto:position", 0),
                **translated_values(Post, row),
            }
            self.ids[row["id"]] = post = self.write(post, values, parts, "post")
            self.citations(post, row, parts)

    def memberships(self) -> None:
        for parts, row in _indexed(self.doc, "memberships"):
            member = self.ids[row.get("person_id") or row["member"]["id"]]
            is_person = isinstance(member, Person)
            key = {
                "body_id": self.ref_pk(row.get("organization_id")),
                "person_id": member.pk if is_person else None,
                "member_state_id": None if is_person else member.pk,
                "post_id": self.ref_pk(row.get("post_id")),
                "role": row.get("role", ""),
                "start": self.date(row, "start_date"),
                "attested": row.get("csto:attested", ""),
            }
            membership = self.find(Membership, **key) or Membership(**key)
            values = {
                **key,
                "on_behalf_of_id": self.ref_pk(row.get("on_behalf_of_id")),
                "end": self.date(row, "end_date"),
                "note": row.get("csto:note", ""),
                "how_began": row.get("csto:how_began", ""),
                "how_ended": row.get("csto:how_ended", ""),
            }
            self.ids[row["id"]] = membership = self.write(membership, values, parts, "membership")
            self.citations(membership, row, parts)

    def documents(self) -> None:
        for parts, row in _indexed(self.doc, "csto:documents"):
            slug = slug_of(row)
            document = Document.objects.filter(slug=slug).first() or Document(slug=slug)
            values = {
                "title": row.get("title", ""),
                "kind": row.get("kind", ""),
                "adopted": row.get("adopted", ""),
                "adopted_by_id": self.ref_pk(row.get("adopted_by_id")),
                "place": row.get("place", ""),
                "official_url": row.get("official_url", ""),
                "summary": row.get("summary", ""),
                "description": row.get("description", ""),
                **translated_values(Document, row),
            }
            self.ids[row["id"]] = document = self.write(document, values, parts, "document")
            self.aliases(document, row, parts)
            self.citations(document, row, parts)
            for index, clause_row in enumerate(row.get("clauses") or []):
                here = [*parts, "clauses", index]
                number = clause_row.get("number", "")
                clause = Clause.objects.filter(document=document, number=number).first() or Clause(document=document)
                values = {
                    "number": number,
                    "heading": clause_row.get("heading", ""),
                    "text": clause_row.get("text", ""),
                    "is_summary": bool(clause_row.get("is_summary", False)),
                    "order": clause_row.get("order", 0),
                    **translated_values(Clause, clause_row),
                }
                self.ids[clause_row["id"]] = clause = self.write(clause, values, here, "clause")
                self.citations(clause, clause_row, here)
            for index, status_row in enumerate(row.get("statuses") or []):
                here = [*parts, "statuses", index]
                key = {
                    "document": document,
                    "status": status_row.get("status", ""),
                    "since": status_row.get("since", ""),
                }
                status = self.find(DocumentStatus, **key) or DocumentStatus(**key)
                status = self.write(status, {"note": status_row.get("note", "")}, here, "document status")
                self.citations(status, status_row, here)

    def relations(self) -> None:
        for parts, row in _indexed(self.doc, "csto:body_relations"):
            key = {
                "subject_id": self.ref_pk(row.get("subject_id")),
                "kind": row.get("kind", ""),
                "object_id": self.ref_pk(row.get("object_id")),
                "start": row.get("start", ""),
            }
            relation = BodyRelation.objects.filter(**key).first() or BodyRelation(**key)
            relation = self.write(relation, {"end": row.get("end", "")}, parts, "relation between bodies")
            self.citations(relation, row, parts)
        for parts, row in _indexed(self.doc, "csto:document_relations"):
            key = {
                "subject_id": self.ref_pk(row.get("subject_id")),
                "kind": row.get("kind", ""),
                "object_id": self.ref_pk(row.get("object_id")),
            }
            relation = DocumentRelation.objects.filter(**key).first() or DocumentRelation(**key)
            relation = self.write(relation, {"date": row.get("date", "")}, parts, "relation between documents")
            self.citations(relation, row, parts)
        for parts, row in _indexed(self.doc, "csto:legal_bases"):
            key = {
                "body_id": self.ref_pk(row.get("organization_id")),
                "kind": row.get("kind", ""),
                "document_id": self.ref_pk(row.get("document_id")),
                "clause_id": self.ref_pk(row.get("clause_id")),
            }
            basis = LegalBasis.objects.filter(**key).first() or LegalBasis(**key)
            basis = self.write(basis, {"order": row.get("order", 0)}, parts, "legal basis")
            self.citations(basis, row, parts)


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def _indexed(document: dict, key: str) -> list[tuple[list, dict]]:
    return [([key, index], row) for index, row in enumerate(document.get(key) or [])]


def _parents_first(items: list[tuple[list, dict]], parent_key: str, kind: str) -> list[tuple[list, dict]]:
    """The records in file order, except that each comes after the one it names in `parent_key`."""
    by_id = {row["id"]: (parts, row) for parts, row in items}
    ordered, placed, visiting = [], set(), set()

    def place(record_id: str) -> None:
        if record_id in placed:
            return
        parts, row = by_id[record_id]
        if record_id in visiting:
            raise ImportRefused([Problem(json_path([*parts, parent_key]), INVALID, f"a {kind} cannot contain itself")])
        visiting.add(record_id)
        if (parent := row.get(parent_key)) in by_id:
            place(parent)
        placed.add(record_id)
        ordered.append((parts, row))

    for _parts, row in items:
        place(row["id"])
    return ordered


def _count(document: dict) -> int:
    """How many records the document holds (for progress), nested ones included."""
    total = sum(len(document.get(key) or []) for key in ("organizations", "persons", "posts", "memberships"))
    total += sum(len(document.get(key) or []) for key in ("csto:sources", "csto:body_relations"))
    total += sum(len(document.get(key) or []) for key in ("csto:document_relations", "csto:legal_bases"))
    for row in document.get("csto:documents") or []:
        total += 1 + len(row.get("clauses") or []) + len(row.get("statuses") or [])
    for row in document.get("events") or []:
        total += 1 + len(row.get("csto:participants") or []) + len(row.get("csto:agenda") or [])
    return total
