"""Where a record and its wiki actions live, for every registered kind of record."""

from django.db.models import Model
from django.urls import reverse

from apps.wiki.registry import kind_of


def record_url(obj: Model, action: str = "") -> str:
    """The address of a record's page, or of one of its wiki actions (edit, history, delete, compare)."""
    kind = kind_of(type(obj))
    if not action:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else record_url(obj, "history")
    if kind.lookup == "slug":
        return reverse(f"wiki:{kind.key}-{action}", kwargs={"slug": obj.slug})
    return reverse(f"wiki:{kind.key}-{action}", kwargs={"pk": obj.pk})


def version_url(obj: Model, version_id: int, action: str = "version") -> str:
    """The address of one revision of a record ("version"), or of restoring it ("restore")."""
    kind = kind_of(type(obj))
    lookup = {"slug": obj.slug} if kind.lookup == "slug" else {"pk": obj.pk}
    return reverse(f"wiki:{kind.key}-{action}", kwargs={**lookup, "version_id": version_id})


def history_url_by_id(model: type[Model], object_id) -> str:
    """A record's history by id: also where its changes lead once it is deleted (or the list of changes)."""
    kind = kind_of(model)
    if kind is None:
        return reverse("wiki:changes")
    name = f"wiki:{kind.key}-history-by-id" if kind.lookup == "slug" else f"wiki:{kind.key}-history"
    return reverse(name, kwargs={"pk": object_id})
