"""Shared by the exchange tests: emptying the wiki's data (not its users) inside a test's transaction."""

from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post
from apps.wiki.models import Alias

# Dependents first: meetings protect their bodies, memberships their states, citations their sources.
DATA_MODELS = (
    Citation,
    Alias,
    AgendaItem,
    Participation,
    Meeting,
    LegalBasis,
    DocumentRelation,
    DocumentStatus,
    Clause,
    Document,
    Membership,
    Post,
    BodyRelation,
    Body,
    Person,
    MemberState,
    Source,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DATA_MODELS}


def empty_the_wiki() -> None:
    for model in DATA_MODELS:
        model.objects.all().delete()
