"""The API's own fields: partial dates as written, the page's address, and the Russian twins of translated fields."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.dates import format_partial_date
from apps.core.translation import with_twins
from apps.membership.models import Person


class PartialDateSchema(serializers.Serializer):
    """Only for the schema: what PartialDate writes."""

    edtf = serializers.CharField(help_text="As written, in EDTF: 2022, 2022-03, 2022-03-03, 2022? (uncertain).")
    display = serializers.CharField(help_text="As the site shows it: “2022”, “March 2022”, “3 March 2022”.")
    earliest = serializers.DateField(help_text="The first day the date can mean (for sorting and comparing).")
    latest = serializers.DateField(help_text="The last day the date can mean.")
    uncertain = serializers.BooleanField(help_text="Written as uncertain or approximate (? ~ %).")


@extend_schema_field(PartialDateSchema(allow_null=True))
class PartialDate(serializers.Field):
    """A partial date read from `<name>`, `<name>_lower` and `<name>_upper`: null when unknown, never a made-up day."""

    def __init__(self, name: str = "", **kwargs):
        self.date_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name: str, parent) -> None:
        super().bind(field_name, parent)
        self.date_name = self.date_name or field_name

    def to_representation(self, instance: models.Model) -> dict | None:
        text = getattr(instance, self.date_name)
        if not text:
            return None
        lower, upper = getattr(instance, f"{self.date_name}_lower"), getattr(instance, f"{self.date_name}_upper")
        return {
            "edtf": text,
            "display": format_partial_date(text),
            "earliest": lower.isoformat() if lower else None,
            "latest": upper.isoformat() if upper else None,
            "uncertain": text[-1] in "?~%",
        }


class PageUrl(serializers.Field):
    """The absolute address of the record's page on the site (its HTML twin)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance: models.Model) -> str:
        request = self.context.get("request")
        url = instance.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


PageUrl = extend_schema_field(OpenApiTypes.URI)(PageUrl)


def api_url(view_name: str, *, lookup_field: str = "pk") -> serializers.HyperlinkedIdentityField:
    return serializers.HyperlinkedIdentityField(view_name=f"api:{view_name}-detail", lookup_field=lookup_field)


@extend_schema_field(OpenApiTypes.STR)
class RussianName(serializers.Field):
    """A person's name in Russian ("" until both its parts are translated): the name field's twin."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, person: Person) -> str:
        return person.in_language("name", "ru")


def with_russian(*serializers_: type[serializers.ModelSerializer]) -> None:
    """Each translated field of these serializers followed by its Russian twin (`name`, `name_ru`, ...):
    every language's text is in the API, each under its own key, whatever the reader's language."""
    for serializer in serializers_:
        meta = serializer.Meta
        meta.fields = list(with_twins(meta.model, meta.fields))
        if meta.model is Person:
            serializer._declared_fields["name_ru"] = RussianName(help_text="The name in Russian, if translated.")
            at = meta.fields.index("name") + 1
            meta.fields = [*meta.fields[:at], "name_ru", *meta.fields[at:]]
