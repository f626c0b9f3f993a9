"""What every part of the Popolo export shares: identifier schemes, citations and other names by record."""

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source
from apps.core.translation import TRANSLATED_LANGUAGES, column
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post
from apps.wiki.models import Alias

FORMAT = "csto-wiki-popolo/1"
SCHEME = "csto-wiki"  # the identifier scheme of the wiki's slugs
ISO_SCHEME = "ISO 3166-1 alpha-2"
STATE_CLASSIFICATION = "member state"
MEETING_CLASSIFICATION = "meeting"
DERIVED = "csto:derived"  # marks an other_name made from a field (abbreviation, official name), not an alias
TRANSLATIONS = "csto:translations"  # {"ru": {field: text}}: a record's translated fields in other languages


def compact_translations(obj: models.Model) -> dict[str, Any]:
    """`{"csto:translations": {"ru": {"name": ..., "summary": ...}}}` of a record with translated fields (by the
    wiki's field names, only those with text), or nothing: what import reads back into the *_ru columns."""
    found = {}
    for language in TRANSLATED_LANGUAGES:
        texts = {name: getattr(obj, column(name, language)) for name in getattr(obj, "translated_fields", ())}
        if texts := {name: text for name, text in texts.items() if text}:
            found[language] = texts
    return {TRANSLATIONS: found} if found else {}


def translated_names(obj: models.Model, field: str, **parts: str) -> list[dict[str, Any]]:
    """The record's name in each other language, the Popolo way: an other_name whose note is the language
    code ("ru"); `parts` name Popolo name fields (given_name=...) to fill from the same language. Marked
    derived: import reads the language's texts from csto:translations, not from these."""
    names = []
    for language in TRANSLATED_LANGUAGES:
        name = obj.in_language(field, language)
        if name:
            extra = {key: getattr(obj, column(source, language)) for key, source in parts.items()}
            names.append(compact({"name": name, "note": language, DERIVED: True, **extra}))
    return names


def translated_values(model: type[models.Model], row: dict[str, Any]) -> dict[str, str]:
    """The *_ru column values of an imported record, from its csto:translations (unknown fields ignored)."""
    fields = getattr(model, "translated_fields", ())
    values = {}
    for language in TRANSLATED_LANGUAGES:
        texts = (row.get(TRANSLATIONS) or {}).get(language) or {}
        values.update({column(name, language): str(texts.get(name) or "") for name in fields})
    return values


def compact(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: Popolo fields are optional, and an absent key reads back as empty."""
    return {key: value for key, value in record.items() if value not in ("", None, [], {})}


class Citations:
    """Every citation and alias of the wiki, read once and handed out by record."""

    def __init__(self) -> None:
        self.sources = sorted(Source.objects.all(), key=source_sort_key)
        self.source_ids = source_ids_of(self.sources)
        self.by_pk = {source.pk: source for source in self.sources}
        self.citations: dict[tuple[int, int], list[Citation]] = defaultdict(list)
        for citation in Citation.objects.order_by():
            self.citations[(citation.content_type_id, citation.object_id)].append(citation)
        self.aliases: dict[tuple[int, int], list[Alias]] = defaultdict(list)
        for alias in Alias.objects.order_by():
            self.aliases[(alias.content_type_id, alias.object_id)].append(alias)
        self.type_ids = {
            model: ct.pk for model, ct in ContentType.objects.get_for_models(*_CITED, for_concrete_models=False).items()
        }

    def of(self, obj: models.Model) -> dict[str, Any]:
        """Popolo `sources` (cited sources with a URL) and `csto:citations` (every citation, as written)."""
        cited = self.citations.get((self.type_ids[type(obj)], obj.pk), [])
        rows = sorted(
            (
                compact(
                    {
                        "source_id": self.source_ids[c.source_id],
                        "field": c.field,
                        "locator": c.locator,
                        "quote": c.quote,
                    }
                )
                for c in cited
            ),
            key=lambda row: (row["source_id"], row.get("field", "")),
        )
        links = {}
        for c in cited:
            source = self.by_pk[c.source_id]
            if source.url:
                links[source.url] = {"url": source.url, "note": str(source)}
        return {"sources": [links[url] for url in sorted(links)], "csto:citations": rows}

    def other_names(self, obj: models.Model) -> list[dict[str, Any]]:
        aliases = self.aliases.get((self.type_ids[type(obj)], obj.pk), [])
        return [
            compact({"name": a.name, "note": a.note, "csto:citations": self.of(a)["csto:citations"]})
            for a in sorted(aliases, key=lambda a: a.name)
        ]


def source_sort_key(source: Source) -> tuple:
    return (
        source.key is None,
        source.key or "",
        source.title,
        source.publisher,
        source.url,
        source.published,
        source.pk,
    )


def source_ids_of(sources: list[Source]) -> dict[int, str]:
    """`source/<key>`, or `source/<n>` for a source without a key (keys always hold a non-digit)."""
    ids, n = {}, 0
    for source in sources:
        if source.key:
            ids[source.pk] = f"source/{source.key}"
        else:
            n += 1
            ids[source.pk] = f"source/{n}"
    return ids


_CITED = (
    Body,
    BodyRelation,
    MemberState,
    Person,
    Post,
    Membership,
    Document,
    DocumentStatus,
    Clause,
    DocumentRelation,
    LegalBasis,
    Meeting,
    Participation,
    AgendaItem,
    Alias,
)


def identifiers(slug: str, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [{"identifier": slug, "scheme": SCHEME}, *extra]


def links(base_url: str, path: str, note: str = "Page in the CSTO Wiki") -> list[dict[str, str]]:
    return [{"url": f"{base_url}{path}", "note": note}] if base_url else []
