"""Every kind of record the wiki edits and keeps the history of, in one list."""

from dataclasses import dataclass, field

import reversion
from django.db import models

from apps.bodies.models import TREE_FIELDS, Body, BodyRelation
from apps.core.models import Citation, Source
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post
from apps.wiki.models import Alias

# Derived columns: recomputed on save, never restored from an old revision.
DERIVED_SUFFIXES = ("_lower", "_upper")


@dataclass(frozen=True)
class Kind:
    """A kind of record: its model, the fields an editor sees, and how its pages are addressed."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    label: str
    lookup: str = "pk"  # "slug" for records with their own public page at <prefix>/<slug>/
    prefix: str = ""  # the public URL prefix of slug records, e.g. "bodies"
    text_fields: tuple[str, ...] = field(default=())  # Markdown fields, searched for [[links]]

    @property
    def name_field(self) -> str:
        return self.fields[0]


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            "body",
            Body,
            ("name", "slug", "abbreviation", "classification", "summary", "description", "founded", "dissolved"),
            "body",
            lookup="slug",
            prefix="bodies",
            text_fields=("description",),
        ),
        Kind(
            "state",
            MemberState,
            ("name", "slug", "official_name", "iso_code", "joined", "left", "summary"),
            "member state",
            lookup="slug",
            prefix="states",
        ),
        Kind(
            "person",
            Person,
            ("given_name", "patronymic", "family_name", "honorific_prefix", "slug", "summary", "biography"),
            "person",
            lookup="slug",
            prefix="people",
            text_fields=("biography",),
        ),
        Kind(
            "document",
            Document,
            ("title", "slug", "kind", "adopted", "adopted_by", "place", "official_url", "summary", "description"),
            "document",
            lookup="slug",
            prefix="documents",
            text_fields=("description",),
        ),
        Kind(
            "meeting",
            Meeting,
            (
                "title",
                "slug",
                "body",
                "body_name_as_reported",
                "start",
                "end",
                "date_note",
                "format",
                "place",
                "chair",
                "summary",
            ),
            "meeting",
            lookup="slug",
            prefix="meetings",
            text_fields=("summary",),
        ),
        Kind("post", Post, ("label", "body", "member_state", "ex_officio", "single_seat", "position"), "post"),
        Kind(
            "membership",
            Membership,
            ("body", "person", "member_state", "post", "role", "on_behalf_of", "start", "end", "attested", "note"),
            "membership",
        ),
        Kind("clause", Clause, ("number", "document", "heading", "text", "is_summary", "order"), "clause",
             text_fields=("text",)),
        Kind("agenda-item", AgendaItem, ("title", "meeting", "order", "speaker", "discussion", "outcome"),
             "agenda item", text_fields=("discussion", "outcome")),
        Kind(
            "source",
            Source,
            ("title", "kind", "publisher", "author", "url", "published", "accessed", "reported_by", "via", "note"),
            "source",
        ),
    ]
}  # fmt: skip

KIND_OF_MODEL = {kind.model: kind for kind in KINDS.values()}

# Followed by history but edited through their parent record or the admin.
HISTORY_ONLY = (BodyRelation, DocumentStatus, DocumentRelation, LegalBasis, Participation, Citation, Alias)


def history_fields(model: type[models.Model]) -> list[str]:
    """The fields a revision records: everything but tree internals and derived date bounds."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in TREE_FIELDS and not f.name.endswith(DERIVED_SUFFIXES)
    ]


def register_history() -> None:
    for model in [*KIND_OF_MODEL, *HISTORY_ONLY]:
        if not reversion.is_registered(model):
            reversion.register(model, fields=history_fields(model))
