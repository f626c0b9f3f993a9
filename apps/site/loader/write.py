"""Write the checked dataset into the database: create what is missing, refresh what differs with `update`.

Records are found by their identity (a slug, a source key, a post's body and label, ...). Without `update`
an existing record is left as staff edited it; only its missing citations are added.
"""

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from apps.bodies import services as body_services
from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source
from apps.core.services import model_save
from apps.core.translation import with_twins
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post, Role
from apps.membership.services import membership_save
from apps.wiki.models import Alias, SlugRedirect

from .files import Dataset, Record

Save = Callable[..., models.Model]
# The date the first dataset gave every holding it knew only from the December 2021 report.
FIRST_ATTESTED = "2021-12-08"


class Writer:
    """One load: the records resolved so far by key, and counts of what was written or skipped."""

    def __init__(self, dataset: Dataset, *, update: bool, refresh: Callable[[Record], bool] = lambda r: False):
        self.dataset, self.update, self.refresh = dataset, update, refresh
        self.written: Counter[str] = Counter()
        self.skipped: list[str] = []
        self.sources: dict[str, Source] = {}
        self.states: dict[str, MemberState] = {}
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}
        self.posts: dict[tuple[str, str], Post] = {}
        self.documents: dict[str, Document] = {}

    def run(self) -> Counter[str]:
        steps = (
            self.load_sources,
            self.load_states,
            self.load_people,
            self.load_bodies,
            self.load_posts,
            self.load_documents,
            self.load_memberships,
            self.load_meetings,
            self.load_aliases,
        )
        for step in steps:
            step()
        return self.written

    # Helpers

    def records(self, table: str) -> list[Record]:
        return self.dataset.records[table]

    def fields(self, record: Record, names: tuple[str, ...], **resolved: Any) -> dict[str, Any]:
        values = {name: record.get(name, "") for name in names}
        return {**values, **resolved}

    def upsert(
        self,
        record: Record,
        model: type[models.Model],
        lookup: dict[str, Any],
        fields: dict[str, Any],
        *,
        save: Save = model_save,
        existing: models.Model | None = None,
        force: bool = False,
    ) -> models.Model | None:
        """Find by `lookup` (or take `existing`), create or refresh it, cite it; None if it cannot be saved."""
        obj = existing or model.objects.filter(**lookup).first()
        new = obj is None
        try:
            if new:
                obj = model(**(fields | lookup))
                save(instance=obj)
                self.written[record.table] += 1
            elif (force or self.update or self.refresh(record)) and _differs(obj, fields):
                for name, value in fields.items():
                    setattr(obj, name, value)
                save(instance=obj)
                self.written[record.table] += 1
        except ValidationError as error:
            self.skipped.append(f"{record.where}: {'; '.join(error.messages)}")
            return None
        self.cite(obj, record, new=new)
        return obj

    def cite(self, obj: models.Model, record: Record, *, new: bool = False) -> None:
        """Add the record's missing citations (with update, refresh the others). The files were checked, and
        one citation per source and field is known here: no query validates what is already known."""
        content_type = ContentType.objects.get_for_model(obj)
        found = () if new else Citation.objects.filter(content_type=content_type, object_id=obj.pk)
        existing = {(c.source_id, c.field): c for c in found}
        for cite in record.get("cite", []):
            source = self.sources[cite["source"]]
            values = {"locator": cite.get("locator", ""), "quote": cite.get("quote", "")}
            citation = existing.get((source.pk, cite.get("field", "")))
            if citation is None:
                citation = Citation(
                    content_type=content_type, object_id=obj.pk, source=source, field=cite.get("field", "")
                )
            elif not ((self.update or self.refresh(record)) and _differs(citation, values)):
                continue
            for name, value in values.items():
                setattr(citation, name, value)
            citation.full_clean(exclude=["source", "content_type", "object_id"], validate_constraints=False)
            citation.save()

    # Tables, in an order where everything a record names is there before it

    def load_sources(self) -> None:
        names = ("title", "kind", "publisher", "author", "url", "archive_url", "published", "language")
        names += ("reported_by", "note")
        # Relayed sources last: the source they are known through comes first.
        for record in sorted(self.records("source"), key=lambda r: bool(r.get("via"))):
            fields = self.fields(record, names, accessed=record.get("accessed") or None)
            fields["via"] = self.sources[record.get("via")] if record.get("via") else None
            self.sources[record.get("key")] = self.upsert(record, Source, {"key": record.get("key")}, fields)

    def load_states(self) -> None:
        names = with_twins(MemberState, ("name", "iso_code", "official_name", "summary", "joined", "left"))
        for record in self.records("state"):
            state = self.upsert(record, MemberState, {"slug": record.get("slug")}, self.fields(record, names))
            if state:
                self.states[record.get("slug")] = state

    def load_people(self) -> None:
        names = ("given_name", "patronymic", "family_name", "honorific_prefix", "summary", "biography")
        names = with_twins(Person, names)
        for record in self.records("person"):
            person = self.upsert(record, Person, {"slug": record.get("slug")}, self.fields(record, names))
            if person:
                self.people[record.get("slug")] = person

    def load_bodies(self) -> None:
        later = {r.get("slug"): r for r in self.records("body_update")}
        for record in _parents_first(self.records("body")):
            self.load_body(record, later.get(record.get("slug")))
        for record in self.records("body_relation"):
            lookup = {
                "subject": self.bodies[record.get("subject")],
                "kind": record.get("kind"),
                "object": self.bodies[record.get("object")],
            }
            self.upsert(record, BodyRelation, lookup, self.fields(record, ("start", "end")))

    def load_body(self, record: Record, later: Record | None) -> None:
        names = ("name", "abbreviation", "classification", "founded", "dissolved", "summary", "description")
        names = with_twins(Body, names)
        fields = self.fields(record, names)
        if later:  # facts a later file adds: they take the place of the defining file's
            fields |= {name: value for name, value in later.data.items() if name in names}
        parent = self.bodies.get(record.get("parent")) if record.get("parent") else None
        body = Body.objects.filter(slug=record.get("slug")).first()
        try:
            if body is None:
                body = body_services.body_create(
                    target=parent, position="last-child", slug=record.get("slug"), **fields
                )
                self.written["body"] += 1
            elif self.update or self.refresh(record):
                if _differs(body, fields):
                    body = body_services.body_update(body=body, **fields)
                    self.written["body"] += 1
                current = Body.objects.get_parent(body)
                if (current and current.pk) != (parent and parent.pk):
                    body = body_services.body_move(body=body, target=parent, position="last-child")
                    self.written["body"] += 1
        except ValidationError as error:
            self.skipped.append(f"{record.where}: {'; '.join(error.messages)}")
            if body is None:
                return
        self.bodies[record.get("slug")] = body
        self.cite(body, record)
        if later:
            self.cite(body, later)

    def load_posts(self) -> None:
        for position, record in enumerate(self.records("post")):
            lookup = {"body": self.bodies[record.get("body")], "label": record.get("label")}
            fields = {
                "member_state": self.states.get(record.get("member_state")),
                "ex_officio": record.get("ex_officio"),
                "single_seat": record.get("single_seat", True),
                "label_ru": record.get("label_ru", ""),
            }
            existing = Post.objects.filter(**lookup).first()
            if existing is None:
                fields["position"] = position
            post = self.upsert(record, Post, lookup, fields, existing=existing)
            if post:
                self.posts[(record.get("body"), record.get("label"))] = post

    def load_documents(self) -> None:
        names = with_twins(Document, ("title", "kind", "adopted", "place", "official_url", "summary", "description"))
        for record in self.records("document"):
            adopted_by = self.bodies.get(record.get("adopted_by")) if record.get("adopted_by") else None
            fields = self.fields(record, names, adopted_by=adopted_by)
            document = self.upsert(record, Document, {"slug": record.get("slug")}, fields)
            if document:
                self.documents[record.get("slug")] = document
        for record in self.records("document_status"):
            slug = record.parent.get("slug") if record.parent else record.get("document")
            if document := self.documents.get(slug):
                lookup = {"document": document, "status": record.get("status"), "since": record.get("since")}
                self.upsert(record, DocumentStatus, lookup, self.fields(record, ("note",)))
        for record in self.records("clause"):
            document = self.documents[record.get("document")]
            names = with_twins(Clause, ("heading", "text"))
            fields = self.fields(record, names, is_summary=record.get("is_summary", False))
            existing = document.clauses.filter(number=record.get("number")).first()
            if existing is None:
                fields["order"] = record.get("order", document.clauses.count())
            lookup = {"document": document, "number": record.get("number")}
            self.upsert(record, Clause, lookup, fields, existing=existing)
        for record in self.records("document_relation"):
            lookup = {
                "subject": self.documents[record.get("subject")],
                "kind": record.get("kind"),
                "object": self.documents[record.get("object")],
            }
            self.upsert(record, DocumentRelation, lookup, self.fields(record, ("date",)))
        for record in self.records("legal_basis"):
            body, document = self.bodies[record.get("body")], self.documents[record.get("document")]
            clause = document.clauses.filter(number=record.get("clause")).first() if record.get("clause") else None
            lookup = {"body": body, "kind": record.get("kind"), "document": document, "clause": clause}
            existing = LegalBasis.objects.filter(**lookup).first()
            fields = {} if existing else {"order": body.legal_bases.filter(kind=record.get("kind")).count()}
            self.upsert(record, LegalBasis, lookup, fields, existing=existing)

    def load_memberships(self) -> None:
        names = ("start", "end", "attested", "how_began", "how_ended", "note")
        for record in self.records("membership"):
            body = self.bodies[record.get("body")]
            lookup: dict[str, Any] = {
                "body": body,
                "role": record.get("role") or Role.MEMBER,
                "post": self.posts.get((record.get("body"), record.get("post"))) if record.get("post") else None,
                "person": self.people.get(record.get("person")) if record.get("person") else None,
                "member_state": self.states.get(record.get("state")) if record.get("state") else None,
            }
            fields = self.fields(record, names, on_behalf_of=self.states.get(record.get("on_behalf_of")))
            existing = Membership.objects.filter(**lookup, start=record.get("start")).first()
            adopted = None
            if existing is None and record.get("start"):
                # The first dataset knew most holdings only as attested on one day; a dated row replaces that one.
                adopted = Membership.objects.filter(**lookup, start="", end="", attested=FIRST_ATTESTED).first()
            self.upsert(
                record,
                Membership,
                {**lookup, "start": record.get("start")} if not adopted else lookup,
                fields,
                save=membership_save,
                existing=existing or adopted,
                force=adopted is not None,
            )

    def load_meetings(self) -> None:
        names = ("title", "body_name_as_reported", "start", "end", "date_note", "format", "place", "summary")
        names = with_twins(Meeting, names)
        meeting_type = ContentType.objects.get_for_model(Meeting)
        for record in self.records("meeting"):
            fields = self.fields(record, names, body=self.bodies[record.get("body")])
            fields["format"] = fields["format"] or Meeting.Format.IN_PERSON
            fields["chair"] = self.people.get(record.get("chair")) if record.get("chair") else None
            existing = Meeting.objects.filter(slug=record.get("slug")).first()
            renamed = None
            if existing is None and record.get("old_slugs"):
                # Published first under another address (a misread date): the record moves to the right one.
                renamed = Meeting.objects.filter(slug__in=record.get("old_slugs")).first()
                fields["slug"] = record.get("slug")
            meeting = self.upsert(
                record,
                Meeting,
                {"slug": record.get("slug")},
                fields,
                existing=existing or renamed,
                force=renamed is not None,
            )
            if meeting is None:
                continue
            for old in record.get("old_slugs", []):
                SlugRedirect.objects.get_or_create(
                    content_type=meeting_type, old_slug=old, defaults={"object_id": meeting.pk}
                )
            self.load_meeting_rows(meeting, record)

    def load_meeting_rows(self, meeting: Meeting, record: Record) -> None:
        participants = [r for r in self.records("participant") if r.parent is record]
        for order, row in enumerate(participants):
            person = self.people.get(row.get("person")) if row.get("person") else None
            lookup = {"meeting": meeting, "person": person} if person else {"meeting": meeting, "person": None}
            if not person:
                lookup["capacity"] = row.get("capacity")
            fields = {
                "capacity": row.get("capacity"),
                "on_behalf_of": self.states.get(row.get("on_behalf_of")),
                "post": self.posts.get((record.get("body"), row.get("post"))) if row.get("post") else None,
                "order": order,
            }
            self.upsert(row, Participation, lookup, fields)
        items = [r for r in self.records("agenda_item") if r.parent is record]
        for order, row in enumerate(items):
            fields = {
                "discussion": row.get("discussion"),
                "outcome": row.get("outcome"),
                **self.fields(row, ("title_ru", "discussion_ru", "outcome_ru")),
                "speaker": self.people.get(row.get("speaker")) if row.get("speaker") else None,
                "order": order,
            }
            item = self.upsert(row, AgendaItem, {"meeting": meeting, "title": row.get("title")}, fields)
            if item is None:
                continue
            links = {
                "states": [self.states[s] for s in row.get("states", []) if s in self.states],
                "bodies": [self.bodies[s] for s in row.get("bodies", []) if s in self.bodies],
                "documents": [self.documents[s] for s in row.get("documents", []) if s in self.documents],
            }
            for name, objects in links.items():
                if objects and not getattr(item, name).exists():
                    getattr(item, name).set(objects)

    def load_aliases(self) -> None:
        targets = {"body": self.bodies, "state": self.states, "person": self.people, "document": self.documents}
        for record in self.records("alias"):
            if record.get("kind") == "meeting":
                target = Meeting.objects.filter(slug=record.get("slug")).first()
            else:
                target = targets[record.get("kind")].get(record.get("slug"))
            if target is None:
                continue
            lookup = {
                "content_type": ContentType.objects.get_for_model(target),
                "object_id": target.pk,
                "name": record.get("name"),
            }
            self.upsert(record, Alias, lookup, {"note": record.get("note")})


def _differs(obj: models.Model, fields: dict[str, Any]) -> bool:
    for name, value in fields.items():
        current = getattr(obj, name)
        if isinstance(value, models.Model) or isinstance(current, models.Model):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                return True
        elif str(current if current is not None else "") != str(value if value is not None else ""):
            return True
    return False


def _parents_first(records: list[Record]) -> list[Record]:
    """Bodies ordered so that each comes after its parent, siblings in the files' order."""
    ordered, placed = [], set()
    pending = list(records)
    while pending:
        ready = [r for r in pending if not r.get("parent") or r.get("parent") in placed]
        if not ready:  # a cycle: read_dataset's checks do not catch it; let body_create refuse it
            ready = pending[:1]
        for record in ready:
            ordered.append(record)
            placed.add(record.get("slug"))
            pending.remove(record)
    return ordered
