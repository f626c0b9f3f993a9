"""Where a record and its wiki actions live, for every registered kind of record."""

from django.db.models import Model
from django.urls import reverse

from apps.wiki.registry import kind_of


def record_url(obj: Model, action: str = "") -> str:
    """The address of a record's page, or of one of its wiki actions (edit, history, delete, compare)."""
    kind = kind_of(type(obj))
    if not action:
        if hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        home = kind.home(obj) if kind and kind.home else None
        return record_url(home) if home is not None else record_url(obj, "history")
    if kind.lookup == "slug":
        return reverse(f"wiki:{kind.key}-{action}", kwargs={"slug": obj.slug})
    return reverse(f"wiki:{kind.key}-{action}", kwargs={"pk": obj.pk})


def record_url_by_id(model: type[Model], object_id, action: str) -> str:
    """A wiki action of a record addressed by its id, which still answers once the record is deleted."""
    kind = kind_of(model)
    name = f"wiki:{kind.key}-{action}-by-id" if kind.lookup == "slug" else f"wiki:{kind.key}-{action}"
    return reverse(name, kwargs={"pk": int(object_id)})


def version_url(obj: Model, version_id: int, action: str = "version") -> str:
    """The address of one revision of a record ("version"), or of restoring it ("restore")."""
    kind = kind_of(type(obj))
    lookup = {"slug": obj.slug} if kind.lookup == "slug" else {"pk": obj.pk}
    return reverse(f"wiki:{kind.key}-{action}", kwargs={**lookup, "version_id": version_id})


def version_url_by_id(model: type[Model], object_id, version_id: int) -> str:
    """One revision of a record by the record's id; the list of changes for models without their own."""
    kind = kind_of(model)
    if kind is None:
        return reverse("wiki:changes")
    name = f"wiki:{kind.key}-version-by-id" if kind.lookup == "slug" else f"wiki:{kind.key}-version"
    return reverse(name, kwargs={"pk": int(object_id), "version_id": version_id})
