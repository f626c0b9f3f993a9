from django import template
from django.db.models import Model
from django.urls import reverse

from apps.wiki.registry import KIND_OF_MODEL
from apps.wiki.views import history_url_by_id
from apps.wiki.views import record_url as _record_url

register = template.Library()


@register.simple_tag
def record_url(obj: Model, action: str = "") -> str:
    return _record_url(obj, action)


@register.simple_tag(takes_context=True)
def can(context, action: str, obj_or_kind) -> bool:
    """Whether the signed-in user may `action` ("change", "add", "delete") this kind of record."""
    user = context.get("user")
    model = obj_or_kind if isinstance(obj_or_kind, type) else type(obj_or_kind)
    model = getattr(obj_or_kind, "model", model)
    opts = model._meta
    return bool(user and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"))


@register.simple_tag
def version_url(obj: Model, version, action: str = "version") -> str:
    """The address of one revision of a record ("version"), or of restoring it ("restore")."""
    kind = KIND_OF_MODEL[type(obj)]
    lookup = {"slug": obj.slug} if kind.lookup == "slug" else {"pk": obj.pk}
    return reverse(f"wiki:{kind.key}-{action}", kwargs={**lookup, "version_id": version.pk})


@register.simple_tag
def change_url(version) -> str:
    """Where a line of recent changes leads: that revision in its record's history (by id, so deleted ones too)."""
    return history_url_by_id(version.content_type.model_class(), version.object_id) + f"#version-{version.pk}"
