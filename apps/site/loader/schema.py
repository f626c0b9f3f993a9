"""What each table of the dataset files may hold: its fields, which are required, what they refer to."""

from dataclasses import dataclass, field, replace

from django.db import models

from apps.bodies.models import Body, BodyRelation, Classification
from apps.core.models import Source
from apps.core.translation import translated_columns
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post, Role
from apps.wiki.models import Alias

CITE = "cite"


@dataclass(frozen=True)
class Table:
    """A kind of dataset record: its fields, and the records its reference fields name."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # field -> the table whose key (slug, or source key) it names
    refs: dict[str, str] = field(default_factory=dict)
    # field -> the values it may take
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()
    lists: dict[str, str] = field(default_factory=dict)  # field -> table whose keys the list names
    nested: dict[str, str] = field(default_factory=dict)  # field -> table of its rows
    key: str | None = "slug"  # the field other records name it by
    cited: bool = True
    model: type[models.Model] | None = None  # whose fields' lengths bound the values


def _values(choices) -> tuple[str, ...]:
    return tuple(choices.values)


TABLES: dict[str, Table] = {
    "source": Table(
        model=Source,
        required=("key", "title", "kind", "publisher"),
        optional=("url", "archive_url", "published", "accessed", "language", "author", "reported_by", "via", "note"),
        refs={"via": "source"},
        choices={"kind": _values(Source.Kind)},
        dates=("published",),
        key="key",
        cited=False,
    ),
    "state": Table(
        model=MemberState,
        required=("slug", "name"),
        optional=("iso_code", "official_name", "summary", "joined", "left"),
        dates=("joined", "left"),
    ),
    "person": Table(
        model=Person,
        required=("slug", "given_name", "family_name"),
        optional=("patronymic", "honorific_prefix", "summary", "biography"),
    ),
    "body": Table(
        model=Body,
        required=("slug", "name", "classification"),
        optional=("parent", "abbreviation", "founded", "dissolved", "summary", "description"),
        refs={"parent": "body"},
        choices={"classification": _values(Classification)},
        dates=("founded", "dissolved"),
    ),
    # Later facts about a body another file defines (e.g. its founding date, from a later source).
    "body_update": Table(
        model=Body,
        required=("slug",),
        optional=("founded", "dissolved", "abbreviation"),
        refs={"slug": "body"},
        dates=("founded", "dissolved"),
        key=None,
    ),
    "body_relation": Table(
        model=BodyRelation,
        required=("subject", "kind", "object"),
        optional=("start", "end"),
        refs={"subject": "body", "object": "body"},
        choices={"kind": _values(BodyRelation.Kind)},
        dates=("start", "end"),
        key=None,
    ),
    "post": Table(
        model=Post,
        required=("body", "label"),
        optional=("member_state", "ex_officio", "single_seat"),
        refs={"body": "body", "member_state": "state"},
        booleans=("single_seat",),
        key=None,
    ),
    "membership": Table(
        model=Membership,
        required=("body",),
        optional=(
            "state",
            "person",
            "post",
            "role",
            "on_behalf_of",
            "start",
            "end",
            "attested",
            "how_began",
            "how_ended",
            "note",
        ),
        refs={"body": "body", "state": "state", "person": "person", "on_behalf_of": "state"},
        choices={"role": _values(Role)},
        dates=("start", "end", "attested"),
        key=None,
    ),
    "document": Table(
        model=Document,
        required=("slug", "title", "kind"),
        optional=("adopted", "adopted_by", "place", "official_url", "summary", "description"),
        refs={"adopted_by": "body"},
        choices={"kind": _values(Document.Kind)},
        dates=("adopted",),
        nested={"statuses": "document_status"},
    ),
    "document_status": Table(
        model=DocumentStatus,
        required=("status", "since"),
        optional=("document", "note"),
        refs={"document": "document"},
        choices={"status": _values(DocumentStatus.Status)},
        dates=("since",),
        key=None,
    ),
    "document_relation": Table(
        model=DocumentRelation,
        required=("subject", "kind", "object"),
        optional=("date",),
        refs={"subject": "document", "object": "document"},
        choices={"kind": _values(DocumentRelation.Kind)},
        dates=("date",),
        key=None,
    ),
    "clause": Table(
        model=Clause,
        required=("document", "number"),
        optional=("heading", "text", "is_summary", "order"),
        refs={"document": "document"},
        booleans=("is_summary",),
        key=None,
    ),
    "legal_basis": Table(
        model=LegalBasis,
        required=("body", "kind", "document"),
        optional=("clause",),
        refs={"body": "body", "document": "document"},
        choices={"kind": _values(LegalBasis.Kind)},
        key=None,
    ),
    "meeting": Table(
        model=Meeting,
        required=("slug", "body", "title", "start"),
        optional=("end", "date_note", "format", "place", "chair", "body_name_as_reported", "summary", "old_slugs"),
        refs={"body": "body", "chair": "person"},
        choices={"format": _values(Meeting.Format)},
        dates=("start", "end"),
        nested={"participants": "participant", "agenda": "agenda_item"},
    ),
    "participant": Table(
        model=Participation,
        required=(),
        optional=("person", "capacity", "on_behalf_of", "post"),
        refs={"person": "person", "on_behalf_of": "state"},
        key=None,
    ),
    "agenda_item": Table(
        model=AgendaItem,
        required=("title",),
        optional=("discussion", "outcome", "speaker"),
        refs={"speaker": "person"},
        lists={"states": "state", "bodies": "body", "documents": "document"},
        key=None,
    ),
    "alias": Table(
        model=Alias,
        required=("kind", "slug", "name"),
        optional=("note",),
        choices={"kind": ("body", "state", "person", "document", "meeting")},
        key=None,
    ),
}


def _with_translations(table: Table) -> Table:
    """A table whose model has translated fields also takes their Russian twins (`name_ru`, ...), optional."""
    translatable = getattr(table.model, "translated_fields", ())
    translated = [name for name in (*table.required, *table.optional) if name in translatable]
    return replace(table, optional=(*table.optional, *translated_columns(translated)))


TABLES = {name: _with_translations(table) for name, table in TABLES.items()}

# Tables a file may hold at its top level; the others only nested inside a record.
TOP_LEVEL = tuple(name for name in TABLES if name not in {"participant", "agenda_item"})
