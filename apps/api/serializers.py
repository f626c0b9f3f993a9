"""How each kind of record reads in the API: plain fields, dates as written, related records as links, citations.

Every serializer reads only what its viewset's queryset has already loaded (select_related/prefetch_related),
so that a page of records costs a fixed number of queries whatever its size.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.api.fields import PageUrl, PartialDate, api_url, with_russian
from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source
from apps.documents.models import Clause, Document, DocumentStatus
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post

# --- Brief references to other records -----------------------------------------------------------------------


class SourceRefSerializer(serializers.ModelSerializer):
    api_url = api_url("source")

    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "url", "api_url"]


class CitationSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["source", "field", "locator", "quote"]
        extra_kwargs = {
            "field": {"help_text": "The field of the record the source supports; empty: the whole record."},
        }


class BodyRefSerializer(serializers.ModelSerializer):
    url = api_url("body", lookup_field="slug")

    class Meta:
        model = Body
        fields = ["slug", "name", "abbreviation", "url"]


class StateRefSerializer(serializers.ModelSerializer):
    url = api_url("member-state", lookup_field="slug")

    class Meta:
        model = MemberState
        fields = ["slug", "name", "url"]


class PersonRefSerializer(serializers.ModelSerializer):
    url = api_url("person", lookup_field="slug")

    class Meta:
        model = Person
        fields = ["slug", "name", "url"]


class PostRefSerializer(serializers.ModelSerializer):
    url = api_url("post")

    class Meta:
        model = Post
        fields = ["id", "label", "url"]


class DocumentRefSerializer(serializers.ModelSerializer):
    url = api_url("document", lookup_field="slug")

    class Meta:
        model = Document
        fields = ["slug", "title", "url"]


# --- Records ---------------------------------------------------------------------------------------------------


class BodyRelationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    object = BodyRefSerializer(read_only=True)
    start = PartialDate()
    end = PartialDate()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = BodyRelation
        fields = ["kind", "kind_label", "object", "start", "end", "citations"]


class BodySerializer(serializers.ModelSerializer):
    url = api_url("body", lookup_field="slug")
    html_url = PageUrl()
    founded = PartialDate()
    dissolved = PartialDate()
    depth = serializers.IntegerField(read_only=True, help_text="1 for the top of the tree, 2 for its sub-bodies, …")
    parent = serializers.SerializerMethodField(help_text="The body this one sits under; null at the top.")
    ancestors = serializers.SerializerMethodField(help_text="The bodies above this one, from the top of the tree.")
    children_count = serializers.IntegerField(source="numchild", read_only=True)
    relations = BodyRelationSerializer(source="relations_out", many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "slug",
            "name",
            "abbreviation",
            "classification",
            "summary",
            "description",
            "founded",
            "dissolved",
            "depth",
            "parent",
            "ancestors",
            "children_count",
            "relations",
            "citations",
            "url",
            "html_url",
        ]

    @extend_schema_field(BodyRefSerializer(allow_null=True))
    def get_parent(self, body: Body) -> dict | None:
        ancestors = body.api_ancestors  # set by BodyViewSet, one query for the whole page
        return BodyRefSerializer(ancestors[-1], context=self.context).data if ancestors else None

    @extend_schema_field(BodyRefSerializer(many=True))
    def get_ancestors(self, body: Body) -> list[dict]:
        return BodyRefSerializer(body.api_ancestors, many=True, context=self.context).data


class MemberStateSerializer(serializers.ModelSerializer):
    url = api_url("member-state", lookup_field="slug")
    html_url = PageUrl()
    joined = PartialDate()
    left = PartialDate()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = MemberState
        fields = ["id", "slug", "name", "official_name", "iso_code", "joined", "left", "summary", "citations"]
        fields += ["url", "html_url"]


class PersonSerializer(serializers.ModelSerializer):
    url = api_url("person", lookup_field="slug")
    html_url = PageUrl()
    name = serializers.CharField(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "slug",
            "name",
            "honorific_prefix",
            "given_name",
            "patronymic",
            "family_name",
            "summary",
            "biography",
            "citations",
            "url",
            "html_url",
        ]


class PostSerializer(serializers.ModelSerializer):
    url = api_url("post")
    body = BodyRefSerializer(read_only=True)
    member_state = StateRefSerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Post
        fields = ["id", "label", "body", "member_state", "ex_officio", "single_seat", "position", "citations", "url"]


class MembershipSerializer(serializers.ModelSerializer):
    url = api_url("membership")
    body = BodyRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    member_state = StateRefSerializer(read_only=True, allow_null=True)
    post = PostRefSerializer(read_only=True, allow_null=True)
    on_behalf_of = StateRefSerializer(read_only=True, allow_null=True)
    start = PartialDate()
    end = PartialDate(help_text="Null while the membership lasts, or when its end is not known.")
    attested = PartialDate(help_text="When the start is unknown: a date on which a source shows it held.")
    status = serializers.SerializerMethodField(
        help_text="With ?as_of= only: what the evidence says of the membership on that day "
        "(in, attested, uncertain or unknown); null without ?as_of=."
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "body",
            "person",
            "member_state",
            "post",
            "role",
            "on_behalf_of",
            "start",
            "end",
            "attested",
            "how_began",
            "how_ended",
            "status",
            "note",
            "citations",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, membership: Membership) -> str | None:
        return getattr(membership, "status", None)


class DocumentStatusSerializer(serializers.ModelSerializer):
    since = PartialDate()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentStatus
        fields = ["status", "since", "note", "citations"]


class ClauseSerializer(serializers.ModelSerializer):
    html_url = PageUrl()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Clause
        fields = ["number", "heading", "text", "is_summary", "order", "citations", "html_url"]


class DocumentSerializer(serializers.ModelSerializer):
    url = api_url("document", lookup_field="slug")
    html_url = PageUrl()
    adopted = PartialDate()
    adopted_by = BodyRefSerializer(read_only=True, allow_null=True)
    statuses = DocumentStatusSerializer(many=True, read_only=True)
    clauses = ClauseSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "adopted",
            "adopted_by",
            "place",
            "official_url",
            "summary",
            "description",
            "statuses",
            "clauses",
            "citations",
            "url",
            "html_url",
        ]


class ParticipationSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    post = PostRefSerializer(read_only=True, allow_null=True)
    on_behalf_of = StateRefSerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = ["person", "capacity", "post", "on_behalf_of", "order", "citations"]


class AgendaItemSerializer(serializers.ModelSerializer):
    speaker = PersonRefSerializer(read_only=True, allow_null=True)
    documents = DocumentRefSerializer(many=True, read_only=True)
    bodies = BodyRefSerializer(many=True, read_only=True)
    states = StateRefSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "discussion", "outcome", "speaker", "documents", "bodies", "states", "citations"]


class MeetingSerializer(serializers.ModelSerializer):
    url = api_url("meeting", lookup_field="slug")
    html_url = PageUrl()
    body = BodyRefSerializer(read_only=True)
    start = PartialDate(help_text="The (first) day of the meeting, as precisely as the sources give it.")
    end = PartialDate(help_text="The last day, for meetings over several days.")
    chair = PersonRefSerializer(read_only=True, allow_null=True)
    participants = ParticipationSerializer(source="participations", many=True, read_only=True)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "slug",
            "title",
            "body",
            "body_name_as_reported",
            "start",
            "end",
            "date_note",
            "format",
            "place",
            "chair",
            "summary",
            "participants",
            "agenda_items",
            "citations",
            "url",
            "html_url",
        ]


class SupportSerializer(serializers.ModelSerializer):
    """One record (or field of a record) that a source supports."""

    record_type = serializers.CharField(source="content_type.model", read_only=True)
    record_id = serializers.IntegerField(source="object_id", read_only=True)

    class Meta:
        model = Citation
        fields = ["record_type", "record_id", "field", "locator", "quote"]


class SourceSerializer(serializers.ModelSerializer):
    api_url = api_url("source")
    html_url = PageUrl()
    published = PartialDate()
    via = SourceRefSerializer(read_only=True, allow_null=True)
    supports = SupportSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "key",
            "title",
            "kind",
            "publisher",
            "author",
            "url",
            "archive_url",
            "language",
            "published",
            "accessed",
            "reported_by",
            "via",
            "note",
            "supports",
            "api_url",
            "html_url",
        ]


with_russian(
    BodyRefSerializer,
    StateRefSerializer,
    PersonRefSerializer,
    PostRefSerializer,
    DocumentRefSerializer,
    BodySerializer,
    MemberStateSerializer,
    PersonSerializer,
    PostSerializer,
    ClauseSerializer,
    DocumentSerializer,
    AgendaItemSerializer,
    MeetingSerializer,
)
