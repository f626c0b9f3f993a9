"""The whole wiki as one Popolo JSON document (see docs/popolo.md for every field and extension key).

One query per table whatever the data size: every table is read once, and the links between records are
made in Python from the rows already read. Rows are sorted in Python, on values that survive an export and
re-import (slugs, labels, dates, tree paths), never on database ids or the database's NULL ordering, so
that two exports of the same data are byte for byte the same on SQLite and PostgreSQL.
"""

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from apps.bodies.models import Body
from apps.documents.models import Clause, Document
from apps.exchange.popolo_common import (
    DERIVED,
    FORMAT,
    ISO_SCHEME,
    STATE_CLASSIFICATION,
    Citations,
    compact,
    compact_translations,
    identifiers,
    links,
    translated_names,
)
from apps.exchange.popolo_dates import popolo_date_fields
from apps.exchange.popolo_export_records import (
    body_relations,
    document_relations,
    events,
    legal_bases,
    source,
)
from apps.exchange.popolo_export_records import (
    documents as documents_of,
)
from apps.membership.models import Membership, MemberState, Person, Post

_NO_DATE = dt.date.min  # sorts undated rows first, as on neither database's own NULL ordering


def popolo_document(*, base_url: str = "") -> dict[str, Any]:
    """The whole wiki as a Popolo document. `base_url` ("https://host"): add `links` to each record's page."""
    cite = Citations()
    bodies = sorted(Body.objects.order_by(), key=lambda body: body.path)
    body_ids = {body.pk: f"body/{body.slug}" for body in bodies}
    states = sorted(MemberState.objects.order_by(), key=lambda state: state.slug)
    state_ids = {state.pk: f"state/{state.slug}" for state in states}
    persons = sorted(Person.objects.order_by(), key=lambda person: person.slug)
    person_ids = {person.pk: f"person/{person.slug}" for person in persons}
    documents = sorted(Document.objects.order_by(), key=lambda document: document.slug)
    document_ids = {document.pk: f"document/{document.slug}" for document in documents}
    body_path = {body.pk: body.path for body in bodies}
    body_slug = {body.pk: body.slug for body in bodies}

    posts = sorted(Post.objects.order_by(), key=lambda post: (body_path[post.body_id], post.position, post.label))
    clauses = sorted(Clause.objects.order_by(), key=lambda c: (c.order, c.number))
    document_slug = {document.pk: document.slug for document in documents}
    clause_ids = {clause.pk: f"clause/{document_slug[clause.document_id]}/{clause.number}" for clause in clauses}
    post_ids, seats = {}, defaultdict(int)
    for post in posts:
        seats[post.body_id] += 1
        post_ids[post.pk] = f"post/{body_slug[post.body_id]}/{seats[post.body_id]}"

    organizations = [_body(body, body_ids, cite, base_url) for body in bodies]
    organizations += [_state(state, cite, base_url) for state in states]
    document: dict[str, Any] = {
        "csto:format": FORMAT,
        "organizations": organizations,
        "persons": [_person(person, cite, base_url) for person in persons],
        "posts": [_post(post, post_ids, body_ids, state_ids, cite) for post in posts],
        "memberships": _memberships(
            body_ids, body_path, person_ids, state_ids, post_ids, posts={p.pk: p for p in posts}, cite=cite
        ),
        "events": events(body_ids, person_ids, state_ids, post_ids, document_ids, cite),
        "csto:sources": [source(row, cite.source_ids) for row in cite.sources],
        "csto:documents": documents_of(documents, document_ids, body_ids, clauses, cite, base_url),
        "csto:body_relations": body_relations(body_ids, cite),
        "csto:document_relations": document_relations(document_ids, cite),
        "csto:legal_bases": legal_bases(body_ids, body_path, document_ids, clause_ids, cite),
    }
    return document


def popolo_json(*, base_url: str = "") -> str:
    """The document as text: sorted keys, two-space indent, so that two exports compare line by line."""
    return json.dumps(popolo_document(base_url=base_url), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _body(body: Body, body_ids: dict[int, str], cite: Citations, base_url: str) -> dict[str, Any]:
    names = cite.other_names(body)
    names = [*translated_names(body, "name"), *names]
    if body.abbreviation:
        names = [{"name": body.abbreviation, "note": "abbreviation", DERIVED: True}, *names]
    return compact(
        {
            "id": body_ids[body.pk],
            "name": body.name,
            "identifiers": identifiers(body.slug),
            "classification": body.classification,
            "parent_id": body_ids.get(body.parent_id),
            "abstract": body.summary,
            "description": body.description,
            "other_names": names,
            "csto:abbreviation": body.abbreviation,
            "links": links(base_url, body.get_absolute_url()),
            **popolo_date_fields("founding_date", body.founded),
            **popolo_date_fields("dissolution_date", body.dissolved),
            **compact_translations(body),
            **cite.of(body),
        }
    )


def _state(state: MemberState, cite: Citations, base_url: str) -> dict[str, Any]:
    names = [*translated_names(state, "name"), *cite.other_names(state)]
    if state.official_name:
        names = [{"name": state.official_name, "note": "official name", DERIVED: True}, *names]
    iso = [{"identifier": state.iso_code, "scheme": ISO_SCHEME}] if state.iso_code else []
    return compact(
        {
            "id": f"state/{state.slug}",
            "name": state.name,
            "identifiers": identifiers(state.slug, *iso),
            "classification": STATE_CLASSIFICATION,
            "abstract": state.summary,
            "other_names": names,
            "csto:official_name": state.official_name,
            "csto:joined": state.joined,
            "csto:left": state.left,
            "links": links(base_url, state.get_absolute_url()),
            **compact_translations(state),
            **cite.of(state),
        }
    )


def _person(person: Person, cite: Citations, base_url: str) -> dict[str, Any]:
    return compact(
        {
            "id": f"person/{person.slug}",
            "name": person.name,
            "sort_name": person.sort_name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "patronymic_name": person.patronymic,
            "honorific_prefix": person.honorific_prefix,
            "identifiers": identifiers(person.slug),
            "summary": person.summary,
            "biography": person.biography,
            "other_names": [
                *translated_names(
                    person, "name", given_name="given_name", family_name="family_name", patronymic_name="patronymic"
                ),
                *cite.other_names(person),
            ],
            "links": links(base_url, person.get_absolute_url()),
            **compact_translations(person),
            **cite.of(person),
        }
    )


def _post(post: Post, post_ids, body_ids, state_ids, cite: Citations) -> dict[str, Any]:
    return compact(
        {
            "id": post_ids[post.pk],
            "label": post.label,
            "organization_id": body_ids[post.body_id],
            "csto:member_state_id": state_ids.get(post.member_state_id),
            "csto:ex_officio": post.ex_officio,
            "csto:single_seat": post.single_seat,
            "csto:position": post.position,
            **compact_translations(post),
            **cite.of(post),
        }
    )


def _memberships(body_ids, body_path, person_ids, state_ids, post_ids, *, posts, cite) -> list[dict[str, Any]]:
    def member_id(m: Membership) -> str:
        return person_ids[m.person_id] if m.person_id else state_ids[m.member_state_id]

    def order(m: Membership) -> tuple:
        post = posts.get(m.post_id)
        return (
            body_path[m.body_id],
            (post.position, post.label) if post else (-1, ""),
            m.start_lower or m.attested_lower or _NO_DATE,
            m.start,
            m.attested,
            member_id(m),
            m.role,
            m.end,
            m.pk,  # only between otherwise identical rows, which an import re-creates in this order
        )

    rows = []
    for n, m in enumerate(sorted(Membership.objects.order_by(), key=order), start=1):
        member = member_id(m)
        rows.append(
            compact(
                {
                    "id": f"membership/{n}",
                    "organization_id": body_ids[m.body_id],
                    "person_id": member if m.person_id else None,
                    "member": {"@type": "Person" if m.person_id else "Organization", "id": member},
                    "post_id": post_ids.get(m.post_id),
                    "role": m.role,
                    "on_behalf_of_id": state_ids.get(m.on_behalf_of_id),
                    "csto:attested": m.attested,
                    "csto:note": m.note,
                    "csto:how_began": m.how_began,
                    "csto:how_ended": m.how_ended,
                    **popolo_date_fields("start_date", m.start),
                    **popolo_date_fields("end_date", m.end),
                    **cite.of(m),
                }
            )
        )
    return rows
