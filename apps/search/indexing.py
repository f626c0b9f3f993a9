"""What each kind of record puts in the search index: the registry the services and signals read.

An indexed model maps to a function building its `Entry` (title, address, text in three weights, exact
names). Some models are not findable themselves but feed another record's entry: an alias adds a name
to its record, an agenda item adds its words to its meeting. `affected_by(obj)` says which records'
entries a saved or deleted object changes.
"""

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import strip_tags

from apps.bodies.models import Body
from apps.core.markdown import render_markdown
from apps.documents.models import Clause, Document
from apps.meetings.models import AgendaItem, Meeting
from apps.membership.models import MemberState, Person
from apps.search.models import Kind
from apps.wiki.links import links_as_text
from apps.wiki.models import Alias

# Private-use characters the PostgreSQL backend asks ts_headline to put around matches; they are
# removed from indexed text so that only the backend's own markers can become <mark> tags.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
_SENTINELS = str.maketrans("", "", START_SEL + STOP_SEL)


@dataclass
class Entry:
    kind: str
    title: str
    url: str
    names: list[str] = field(default_factory=list)  # weight A, and exact names for "Go"
    summary: list[str] = field(default_factory=list)  # weight B
    text: list[str] = field(default_factory=list)  # weight C
    keys: list[str] = field(default_factory=list)  # further exact names (abbreviations), not weight A

    def clean(self) -> "Entry":
        self.title = clean_text(self.title)
        self.names = [clean_text(n) for n in self.names if n and n.strip()]
        self.summary = [clean_text(s) for s in self.summary if s and s.strip()]
        self.text = [clean_text(t) for t in self.text if t and t.strip()]
        self.keys = [clean_text(k) for k in self.keys if k and k.strip()]
        return self


def clean_text(text: str) -> str:
    return text.translate(_SENTINELS).strip()


def plain(markdown_text: str) -> str:
    """Markdown as the words a reader sees: rendered, tags stripped, entities decoded."""
    if not markdown_text:
        return ""
    rendered = links_as_text(render_markdown(markdown_text, defer_links=True))  # link labels, no lookups
    return html.unescape(strip_tags(rendered)).strip()


def body_entry(body: Body, aliases: list[str]) -> Entry:
    return Entry(
        kind=Kind.BODY,
        title=body.name,
        url=body.get_absolute_url(),
        names=[body.name, *aliases],
        summary=[body.abbreviation, body.summary],
        text=[plain(body.description)],
        keys=[body.abbreviation],
    )


def state_entry(state: MemberState, aliases: list[str]) -> Entry:
    return Entry(
        kind=Kind.STATE,
        title=state.name,
        url=state.get_absolute_url(),
        names=[state.name, state.official_name, *aliases],
        summary=[state.summary],
    )


def person_entry(person: Person, aliases: list[str]) -> Entry:
    full = " ".join(p for p in (person.given_name, person.patronymic, person.family_name) if p)
    return Entry(
        kind=Kind.PERSON,
        title=person.name,
        url=person.get_absolute_url(),
        names=[person.name, *([full] if full != person.name else []), *aliases],
        summary=[person.honorific_prefix, person.summary],
        text=[plain(person.biography)],
    )


def document_entry(document: Document, aliases: list[str]) -> Entry:
    return Entry(
        kind=Kind.DOCUMENT,
        title=document.title,
        url=document.get_absolute_url(),
        names=[document.title, *aliases],
        summary=[document.summary, document.place],
        text=[plain(document.description)],
    )


def clause_entry(clause: Clause, aliases: list[str]) -> Entry:
    title = f"{clause.document.title}, clause {clause.number}"
    return Entry(
        kind=Kind.DOCUMENT,
        title=f"{title}: {clause.heading}" if clause.heading else title,
        url=clause.get_absolute_url(),
        names=list(aliases),
        summary=[f"Clause {clause.number}", clause.heading],
        text=[plain(clause.text)],
    )


def meeting_entry(meeting: Meeting, aliases: list[str]) -> Entry:
    items = list(meeting.agenda_items.all())
    return Entry(
        kind=Kind.MEETING,
        title=meeting.title,
        url=meeting.get_absolute_url(),
        names=[meeting.title, *aliases],
        summary=[meeting.body_name_as_reported, meeting.place, plain(meeting.summary), *(i.title for i in items)],
        text=[plain(part) for item in items for part in (item.discussion, item.outcome)],
    )


@dataclass(frozen=True)
class Indexed:
    build: Callable[[models.Model, list[str]], Entry]
    # How to read many at once for a rebuild, and one again for an update.
    queryset: Callable[[], models.QuerySet]


REGISTRY: dict[type[models.Model], Indexed] = {
    Body: Indexed(body_entry, lambda: Body.objects.all()),
    MemberState: Indexed(state_entry, lambda: MemberState.objects.all()),
    Person: Indexed(person_entry, lambda: Person.objects.all()),
    Document: Indexed(document_entry, lambda: Document.objects.all()),
    Clause: Indexed(clause_entry, lambda: Clause.objects.select_related("document")),
    Meeting: Indexed(meeting_entry, lambda: Meeting.objects.prefetch_related("agenda_items")),
}

# Models whose changes touch other records' entries; signals listen to these and to REGISTRY's.
FEEDERS: tuple[type[models.Model], ...] = (Alias, AgendaItem)


def is_indexed(model: type[models.Model]) -> bool:
    return model in REGISTRY


def affected_by(obj: models.Model) -> Iterable[models.Model]:
    """Records other than `obj` itself whose entries change when `obj` is saved or deleted."""
    if isinstance(obj, Alias):
        model = ContentType.objects.get_for_id(obj.content_type_id).model_class()
        if model in REGISTRY:
            yield from REGISTRY[model].queryset().filter(pk=obj.object_id)
    elif isinstance(obj, AgendaItem):
        yield from REGISTRY[Meeting].queryset().filter(pk=obj.meeting_id)
    elif isinstance(obj, Document):
        yield from REGISTRY[Clause].queryset().filter(document_id=obj.pk)  # their titles and addresses
