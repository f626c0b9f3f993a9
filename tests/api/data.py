"""Records of every kind, each cited, for the API tests: `populate(n)` adds n of each (and their parts)."""

from apps.bodies.models import BodyRelation
from apps.documents.models import Clause, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Participation
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


def populate(n: int, *, source=None) -> dict:
    """n bodies under a new root, and for each: a state, a person in a post, a membership, a document with a
    clause and a status, a meeting with a participant and an agenda item. Every record and part is cited."""
    source = source or make_source(title="The source", url="https://example.org/report")
    root = make_body(name="Organization", founded="2002")
    cite(root, source, field="founded", locator="p. 1", quote="founded in 2002")
    made = {"root": root, "bodies": [], "states": [], "people": [], "documents": [], "meetings": []}
    for i in range(n):
        body = make_body(parent=root, name=f"Council {i}", founded="2003-04-28")
        cite(body, source, locator=f"p. {i}")
        relation = BodyRelation.objects.create(subject=body, kind=BodyRelation.Kind.REPORTS_TO, object=root)
        cite(relation, source)
        state = make_state(f"Land {i}-{body.pk}", joined="1992")
        cite(state, source)
        person = make_person(f"Family{i}")
        cite(person, source)
        post = make_post(body, f"Member for {state.name}", member_state=state)
        cite(post, source)
        membership = make_membership(body, person=person, post=post, on_behalf_of=state, start="2020")
        cite(membership, source)
        document = make_document(f"Decision {i}", adopted="2003-04", adopted_by=body)
        cite(document, source)
        clause = Clause.objects.create(document=document, number="1", heading="First", text="Text.")
        cite(clause, source)
        status = DocumentStatus.objects.create(document=document, status="in_force", since="2004")
        cite(status, source)
        LegalBasis.objects.create(body=body, kind=LegalBasis.Kind.ESTABLISHED_BY, document=document, clause=clause)
        meeting = make_meeting(body, start="2021-12-08", chair=person)
        cite(meeting, source)
        participation = Participation.objects.create(
            meeting=meeting, person=person, capacity="Chief", post=post, on_behalf_of=state
        )
        cite(participation, source)
        item = AgendaItem.objects.create(meeting=meeting, title="Item", speaker=person)
        item.documents.add(document)
        item.bodies.add(body)
        item.states.add(state)
        cite(item, source)
        for key, record in (
            ("bodies", body),
            ("states", state),
            ("people", person),
            ("documents", document),
            ("meetings", meeting),
        ):
            made[key].append(record)
    return made
