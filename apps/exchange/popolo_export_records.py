"""The records of the Popolo document beside the people and organizations: events (meetings with their
participants and agenda) and the `csto:` extensions (sources, documents, relations, legal bases)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models

from apps.bodies.models import Body, BodyRelation
from apps.core.models import Source
from apps.documents.models import Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.exchange.popolo_common import (
    MEETING_CLASSIFICATION,
    Citations,
    compact,
    compact_translations,
    identifiers,
    links,
    translated_names,
)
from apps.exchange.popolo_dates import popolo_date_fields
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import MemberState

_NO_DATE = dt.date.min  # sorts undated rows first, as on neither database's own NULL ordering


def events(body_ids, person_ids, state_ids, post_ids, document_ids, cite: Citations) -> list[dict[str, Any]]:
    meetings = sorted(Meeting.objects.order_by(), key=lambda meeting: meeting.slug)
    participants = defaultdict(list)
    for p in sorted(Participation.objects.order_by(), key=lambda p: (p.order, p.pk)):
        participants[p.meeting_id].append(p)
    agenda = defaultdict(list)
    items = AgendaItem.objects.order_by().prefetch_related(
        models.Prefetch("documents", queryset=Document.objects.only("pk")),
        models.Prefetch("bodies", queryset=Body.objects.only("pk")),
        models.Prefetch("states", queryset=MemberState.objects.only("pk")),
    )
    for item in sorted(items, key=lambda item: (item.order, item.pk)):
        agenda[item.meeting_id].append(item)
    events = []
    for meeting in meetings:
        people = [person_ids[p.person_id] for p in participants[meeting.pk] if p.person_id]
        events.append(
            compact(
                {
                    "id": f"meeting/{meeting.slug}",
                    "name": meeting.title,
                    "classification": MEETING_CLASSIFICATION,
                    "identifiers": identifiers(meeting.slug),
                    "organization_id": body_ids[meeting.body_id],
                    "description": meeting.summary,
                    "location": meeting.place,
                    "attendees": [{"id": person} for person in people],
                    "csto:format": meeting.format,
                    "csto:body_name_as_reported": meeting.body_name_as_reported,
                    "csto:date_note": meeting.date_note,
                    "csto:chair_id": person_ids.get(meeting.chair_id),
                    "csto:other_names": [*translated_names(meeting, "title"), *cite.other_names(meeting)],
                    "csto:participants": [
                        compact(
                            {
                                "id": f"participation/{meeting.slug}/{n}",
                                "person_id": person_ids.get(p.person_id),
                                "capacity": p.capacity,
                                "post_id": post_ids.get(p.post_id),
                                "on_behalf_of_id": state_ids.get(p.on_behalf_of_id),
                                "order": p.order,
                                "csto:citations": cite.of(p)["csto:citations"],
                            }
                        )
                        for n, p in enumerate(participants[meeting.pk], start=1)
                    ],
                    "csto:agenda": [
                        compact(
                            {
                                "id": f"agenda-item/{meeting.slug}/{n}",
                                "title": item.title,
                                "order": item.order,
                                "discussion": item.discussion,
                                "outcome": item.outcome,
                                "speaker_id": person_ids.get(item.speaker_id),
                                **compact_translations(item),
                                "document_ids": sorted(document_ids[d.pk] for d in item.documents.all()),
                                "organization_ids": sorted(
                                    [body_ids[b.pk] for b in item.bodies.all()]
                                    + [state_ids[s.pk] for s in item.states.all()]
                                ),
                                "csto:citations": cite.of(item)["csto:citations"],
                            }
                        )
                        for n, item in enumerate(agenda[meeting.pk], start=1)
                    ],
                    **popolo_date_fields("start_date", meeting.start),
                    **popolo_date_fields("end_date", meeting.end),
                    **compact_translations(meeting),
                    **cite.of(meeting),
                }
            )
        )
    return events


def source(source: Source, source_ids: dict[int, str]) -> dict[str, Any]:
    return compact(
        {
            "id": source_ids[source.pk],
            "key": source.key,
            "title": source.title,
            "kind": source.kind,
            "publisher": source.publisher,
            "author": source.author,
            "url": source.url,
            "archive_url": source.archive_url,
            "language": source.language,
            "published": source.published,
            "accessed": source.accessed.isoformat() if source.accessed else "",
            "reported_by": source.reported_by,
            "via_id": source_ids.get(source.via_id),
            "note": source.note,
        }
    )


def documents(documents, document_ids, body_ids, all_clauses, cite, base_url: str) -> list[dict[str, Any]]:
    clauses, statuses = defaultdict(list), defaultdict(list)
    for clause in all_clauses:
        clauses[clause.document_id].append(clause)
    for status in sorted(DocumentStatus.objects.order_by(), key=lambda s: (s.since_lower or _NO_DATE, s.since, s.pk)):
        statuses[status.document_id].append(status)
    rows = []
    for document in documents:
        slug = document.slug
        rows.append(
            compact(
                {
                    "id": document_ids[document.pk],
                    "title": document.title,
                    "identifiers": identifiers(slug),
                    "kind": document.kind,
                    "adopted": document.adopted,
                    "adopted_by_id": body_ids.get(document.adopted_by_id),
                    "place": document.place,
                    "official_url": document.official_url,
                    "summary": document.summary,
                    "description": document.description,
                    "other_names": [*translated_names(document, "title"), *cite.other_names(document)],
                    **compact_translations(document),
                    "links": links(base_url, document.get_absolute_url()),
                    "clauses": [
                        compact(
                            {
                                "id": f"clause/{slug}/{clause.number}",
                                "number": clause.number,
                                "heading": clause.heading,
                                "text": clause.text,
                                "is_summary": clause.is_summary,
                                "order": clause.order,
                                **compact_translations(clause),
                                "csto:citations": cite.of(clause)["csto:citations"],
                            }
                        )
                        for clause in clauses[document.pk]
                    ],
                    "statuses": [
                        compact(
                            {
                                "id": f"document-status/{slug}/{n}",
                                "status": status.status,
                                "since": status.since,
                                "note": status.note,
                                "csto:citations": cite.of(status)["csto:citations"],
                            }
                        )
                        for n, status in enumerate(statuses[document.pk], start=1)
                    ],
                    **cite.of(document),
                }
            )
        )
    return rows


def _numbered(prefix: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": f"{prefix}/{n}", **row} for n, row in enumerate(rows, start=1)]


def body_relations(body_ids, cite: Citations) -> list[dict[str, Any]]:
    relations = sorted(
        BodyRelation.objects.order_by(),
        key=lambda r: (body_ids[r.subject_id], r.kind, body_ids[r.object_id], r.start),
    )
    return _numbered(
        "body-relation",
        (
            compact(
                {
                    "subject_id": body_ids[r.subject_id],
                    "kind": r.kind,
                    "object_id": body_ids[r.object_id],
                    "start": r.start,
                    "end": r.end,
                    "csto:citations": cite.of(r)["csto:citations"],
                }
            )
            for r in relations
        ),
    )


def document_relations(document_ids, cite: Citations) -> list[dict[str, Any]]:
    relations = sorted(
        DocumentRelation.objects.order_by(),
        key=lambda r: (document_ids[r.subject_id], r.kind, document_ids[r.object_id]),
    )
    return _numbered(
        "document-relation",
        (
            compact(
                {
                    "subject_id": document_ids[r.subject_id],
                    "kind": r.kind,
                    "object_id": document_ids[r.object_id],
                    "date": r.date,
                    "csto:citations": cite.of(r)["csto:citations"],
                }
            )
            for r in relations
        ),
    )


def legal_bases(body_ids, body_path, document_ids, clause_ids, cite: Citations) -> list[dict[str, Any]]:
    bases = sorted(
        LegalBasis.objects.order_by(),
        key=lambda b: (
            body_path[b.body_id],
            b.kind,
            b.order,
            document_ids[b.document_id],
            clause_ids.get(b.clause_id, ""),
        ),
    )
    return _numbered(
        "legal-basis",
        (
            compact(
                {
                    "organization_id": body_ids[b.body_id],
                    "kind": b.kind,
                    "document_id": document_ids[b.document_id],
                    "clause_id": clause_ids.get(b.clause_id),
                    "order": b.order,
                    "csto:citations": cite.of(b)["csto:citations"],
                }
            )
            for b in bases
        ),
    )
