"""Where a record and its wiki actions live, for every registered kind of record."""

from django.db.models import Model, QuerySet
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


def with_parents(model: type[Model]) -> QuerySet:
    """The model's records with the records they belong to: what str() and the addresses of records without
    a page of their own (a clause, a membership) read, so listing them costs no query per record."""
    return model._default_manager.select_related(*(f.name for f in model._meta.concrete_fields if f.many_to_one))


def page_of(obj: Model) -> str:
    """Where a reader sees a record: its own page or wiki address; for a record the wiki does not edit by
    itself (a relation between bodies, a document's status), the page of the first record it belongs to
    that has one. Empty when there is none. Reads only parents fetched with `with_parents`."""
    if kind_of(type(obj)) is not None:
        return record_url(obj)
    for field in obj._meta.concrete_fields:
        if field.many_to_one:
            parent = getattr(obj, field.name)
            parent_kind = kind_of(type(parent)) if parent is not None else None
            if parent_kind is not None and parent_kind.prefix:
                return record_url(parent)
    return ""
