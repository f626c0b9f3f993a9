"""The read API: one read-only viewset per kind of record, each with a fixed number of queries per page.

Filters, all optional, each endpoint taking those that mean something for its records:
`?as_of=YYYY[-MM[-DD]]` (the record as it stood on that day), `?body=<slug>`, `?state=<slug>`, `?q=<text>`.
"""

import datetime as dt

from django.db.models import Exists, F, OrderBy, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import routers, serializers, viewsets

from apps.api import serializers as api
from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source, citations_prefetch
from apps.core.translation import with_twins
from apps.core.travel import AsOfError, parse_as_of
from apps.documents.models import Clause, Document, DocumentStatus, LegalBasis
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.STR,
    description="A year, a month or a day (2022, 2022-06, 2022-06-01; a year or month means its first day): "
    "only the records that held on that day, counting those whose imprecise dates may cover it.",
)
Q_PARAM = OpenApiParameter("q", OpenApiTypes.STR, description="Only records whose name contains this text.")


def body_param(description: str) -> OpenApiParameter:
    return OpenApiParameter("body", OpenApiTypes.STR, description=f"A body's slug: {description}")


def state_param(description: str) -> OpenApiParameter:
    return OpenApiParameter("state", OpenApiTypes.STR, description=f"A member state's slug: {description}")


def documented(*parameters: OpenApiParameter):
    """The list's filters in the schema."""
    return extend_schema_view(list=extend_schema(parameters=list(parameters)))


class ApiRootView(routers.APIRootView):
    """The list of endpoints at /api/, with an ETag like every endpoint."""

    @classmethod
    def as_view(cls, **initkwargs):
        return conditional_page(super().as_view(**initkwargs))


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """GET, HEAD and OPTIONS only (any other method is answered 405), with ETags: a repeated GET that sends
    the ETag back in If-None-Match gets an empty 304 (Django's ConditionalGetMiddleware, on the API only)."""

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return conditional_page(super().as_view(actions, **initkwargs))

    def param(self, name: str) -> str:
        return self.request.query_params.get(name, "").strip()

    def as_of(self) -> dt.date | None:
        value = self.param("as_of")
        if not value:
            return None
        try:
            return parse_as_of(value).day
        except AsOfError as error:
            raise serializers.ValidationError({"as_of": [str(error)]}) from error

    def words(self) -> list[str]:
        return self.param("q").split()[:10]


# A person's name in either language (the q filters match English and Russian names alike).
PERSON_NAMES = ("given_name", "patronymic", "family_name", "given_name_ru", "patronymic_ru", "family_name_ru")


def name_contains(words: list[str], *fields: str) -> Q:
    """Each word found in one of `fields`."""
    condition = Q()
    for word in words:
        either = Q()
        for field in fields:
            either |= Q(**{f"{field}__icontains": word})
        condition &= either
    return condition


def last(field: str) -> OrderBy:
    """Ascending, records without a value last on every database (SQLite and PostgreSQL differ otherwise)."""
    return F(field).asc(nulls_last=True)


def body_gone_on(day: dt.date, prefix: str = "") -> Q:
    """The body (at `prefix`) certainly did not exist on `day`: founded after it or dissolved before it."""
    return Q(**{f"{prefix}founded_lower__gt": day}) | Q(**{f"{prefix}dissolved_upper__lt": day})


@documented(
    AS_OF,
    body_param("the bodies under it, at any depth."),
    state_param("the bodies it, or someone on its behalf, sits in."),
    Q_PARAM,
)
class BodyViewSet(ReadOnlyViewSet):
    """The bodies of the CSTO as a tree: each with the body above it and the chain of bodies up to the top.
    With ?as_of=, the tree as it stood that day: a body not yet founded, or dissolved, is left out with the
    bodies under it (as on /bodies/?as_of=)."""

    serializer_class = api.BodySerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        relations = BodyRelation.objects.select_related("object").prefetch_related(citations_prefetch())
        bodies = Body.objects.order_by("path").prefetch_related(
            Prefetch("relations_out", queryset=relations), citations_prefetch()
        )
        if day := self.as_of():
            # Left out: a body that did not exist that day, or one under a body that did not.
            gone_above = Body.objects.filter(body_gone_on(day), path=Substr(OuterRef("path"), 1, Length("path")))
            bodies = bodies.exclude(Exists(gone_above))
        if slug := self.param("body"):
            top = Body.objects.filter(slug=slug).values("path")[:1]
            bodies = bodies.filter(path__startswith=top).exclude(slug=slug)
        if slug := self.param("state"):
            seats = Membership.objects.filter(body=OuterRef("pk")).filter(
                Q(member_state__slug=slug) | Q(on_behalf_of__slug=slug)
            )
            bodies = bodies.filter(Exists(seats))
        if words := self.words():
            bodies = bodies.filter(name_contains(words, "name", "abbreviation", "name_ru", "abbreviation_ru"))
        return bodies

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._add_ancestors(page)
        return page

    def get_object(self) -> Body:
        body = super().get_object()
        self._add_ancestors([body])
        return body

    @staticmethod
    def _add_ancestors(bodies: list[Body]) -> None:
        """Each body's ancestors, top first, all looked up in one query (none for a page of roots)."""
        steplen = Body.steplen
        paths = {body.path[:end] for body in bodies for end in range(steplen, len(body.path), steplen)}
        fields = with_twins(Body, ("path", "slug", "name", "abbreviation"))
        found = {b.path: b for b in Body.objects.filter(path__in=paths).only(*fields)}
        for body in bodies:
            body.api_ancestors = [
                found[body.path[:end]] for end in range(steplen, len(body.path), steplen) if body.path[:end] in found
            ]


@documented(
    AS_OF,
    body_param("the states that sit in it, or that someone sits in it for."),
    Q_PARAM,
)
class MemberStateViewSet(ReadOnlyViewSet):
    """The member states; with ?as_of=, those that were (or may have been) members on that day."""

    serializer_class = api.MemberStateSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        states = MemberState.objects.order_by("name").prefetch_related(citations_prefetch())
        if day := self.as_of():
            states = states.exclude(Q(joined_lower__gt=day) | Q(left_upper__lt=day))
        if slug := self.param("body"):
            seats = Membership.objects.filter(body__slug=slug).filter(
                Q(member_state=OuterRef("pk")) | Q(on_behalf_of=OuterRef("pk"))
            )
            states = states.filter(Exists(seats))
        if words := self.words():
            states = states.filter(name_contains(words, "name", "official_name", "name_ru", "official_name_ru"))
        return states


@documented(
    AS_OF,
    body_param("the people with a membership of it."),
    state_param("the people who sit, or sat, for it."),
    Q_PARAM,
)
class PersonViewSet(ReadOnlyViewSet):
    """The people of the wiki; with ?as_of=, those who held (or may have held) a membership on that day."""

    serializer_class = api.PersonSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        people = Person.objects.order_by("family_name", "given_name", "pk").prefetch_related(citations_prefetch())
        held = Membership.objects.filter(person=OuterRef("pk"))
        if day := self.as_of():
            held = held.as_of(day)
        if slug := self.param("body"):
            held = held.filter(body__slug=slug)
        if slug := self.param("state"):
            held = held.filter(on_behalf_of__slug=slug)
        if self.param("as_of") or self.param("body") or self.param("state"):
            people = people.filter(Exists(held))
        if words := self.words():
            people = people.filter(name_contains(words, *PERSON_NAMES, "honorific_prefix"))
        return people


@documented(
    AS_OF,
    body_param("its posts."),
    state_param("the posts that belong to it."),
    Q_PARAM,
)
class PostViewSet(ReadOnlyViewSet):
    """Seats in bodies; with ?as_of=, the seats of the bodies that existed on that day."""

    serializer_class = api.PostSerializer

    def get_queryset(self) -> QuerySet:
        posts = (
            Post.objects.select_related("body", "member_state")
            .order_by("body__path", "position", "label", "pk")
            .prefetch_related(citations_prefetch())
        )
        if day := self.as_of():
            posts = posts.exclude(body_gone_on(day, "body__"))
        if slug := self.param("body"):
            posts = posts.filter(body__slug=slug)
        if slug := self.param("state"):
            posts = posts.filter(member_state__slug=slug)
        if words := self.words():
            posts = posts.filter(name_contains(words, "label", "label_ru", "ex_officio"))
        return posts


@documented(
    AS_OF,
    body_param("memberships of it."),
    state_param("memberships of the state, or held on its behalf."),
    OpenApiParameter("person", OpenApiTypes.STR, description="A person's slug: that person's memberships."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Only memberships whose member's name contains this text."),
)
class MembershipViewSet(ReadOnlyViewSet):
    """Who (a person or a member state) sat in which body, in which post, when. With ?as_of=, the memberships
    held (or that may have been held) that day, each with a `status` saying what the evidence says of it."""

    serializer_class = api.MembershipSerializer

    def get_queryset(self) -> QuerySet:
        memberships = (
            Membership.objects.select_related("body", "person", "member_state", "post", "on_behalf_of")
            .order_by("body__path", last("post__position"), last("start_lower"), "pk")
            .prefetch_related(citations_prefetch())
        )
        if day := self.as_of():
            memberships = memberships.as_of(day)
        if slug := self.param("body"):
            memberships = memberships.filter(body__slug=slug)
        if slug := self.param("state"):
            memberships = memberships.filter(Q(member_state__slug=slug) | Q(on_behalf_of__slug=slug))
        if slug := self.param("person"):
            memberships = memberships.filter(person__slug=slug)
        if words := self.words():
            fields = ("person__given_name", "person__family_name", "member_state__name", "post__label")
            memberships = memberships.filter(name_contains(words, *fields))
        return memberships


@documented(
    OpenApiParameter(
        "as_of",
        OpenApiTypes.STR,
        description="A year, a month or a day: the documents not certainly adopted after that day "
        "(those without a known date included).",
    ),
    body_param("the documents it adopted, and those that establish, govern or guide it."),
    Q_PARAM,
)
class DocumentViewSet(ReadOnlyViewSet):
    """Treaties, charters, regulations and decisions, each with its clauses and its status over time."""

    serializer_class = api.DocumentSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        clauses = Clause.objects.select_related("document").prefetch_related(citations_prefetch())
        statuses = DocumentStatus.objects.prefetch_related(citations_prefetch())
        documents = (
            Document.objects.select_related("adopted_by")
            .order_by(last("adopted_lower"), "title", "pk")
            .prefetch_related(
                Prefetch("statuses", queryset=statuses), Prefetch("clauses", queryset=clauses), citations_prefetch()
            )
        )
        if day := self.as_of():
            documents = documents.exclude(adopted_lower__gt=day)
        if slug := self.param("body"):
            basis = LegalBasis.objects.filter(body__slug=slug, document=OuterRef("pk"))
            documents = documents.filter(Q(adopted_by__slug=slug) | Q(Exists(basis)))
        if words := self.words():
            documents = documents.filter(name_contains(words, "title", "title_ru"))
        return documents


@documented(
    OpenApiParameter(
        "as_of",
        OpenApiTypes.STR,
        description="A year, a month or a day: the meetings that had begun by that day, counting those whose "
        "imprecise date may fall on or before it.",
    ),
    body_param("its meetings."),
    state_param("the meetings someone took part in on its behalf."),
    Q_PARAM,
)
class MeetingViewSet(ReadOnlyViewSet):
    """Meetings of bodies, newest first, with their participants and agenda."""

    serializer_class = api.MeetingSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        participations = Participation.objects.select_related("person", "post", "on_behalf_of").prefetch_related(
            citations_prefetch()
        )
        agenda = AgendaItem.objects.select_related("speaker").prefetch_related(
            "documents", "bodies", "states", citations_prefetch()
        )
        meetings = (
            Meeting.objects.select_related("body", "chair")
            .order_by("-start_upper", "-start_lower", "-pk")
            .prefetch_related(
                Prefetch("participations", queryset=participations),
                Prefetch("agenda_items", queryset=agenda),
                citations_prefetch(),
            )
        )
        if day := self.as_of():
            meetings = meetings.filter(start_lower__lte=day)
        if slug := self.param("body"):
            meetings = meetings.filter(body__slug=slug)
        if slug := self.param("state"):
            took_part = Participation.objects.filter(meeting=OuterRef("pk"), on_behalf_of__slug=slug)
            meetings = meetings.filter(Exists(took_part))
        if words := self.words():
            meetings = meetings.filter(name_contains(words, "title", "title_ru", "body_name_as_reported"))
        return meetings


@documented(
    OpenApiParameter("q", OpenApiTypes.STR, description="Only sources whose title or publisher contains this text.")
)
class SourceViewSet(ReadOnlyViewSet):
    """The published works the wiki's facts come from, each with the records (and fields) it supports."""

    serializer_class = api.SourceSerializer

    def get_queryset(self) -> QuerySet:
        supports = Citation.objects.select_related("content_type").order_by("pk")
        sources = (
            Source.objects.select_related("via")
            .order_by("title", "pk")
            .prefetch_related(Prefetch("citations", queryset=supports))
        )
        if words := self.words():
            sources = sources.filter(name_contains(words, "title", "publisher", "reported_by"))
        return sources
