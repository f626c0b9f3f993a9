"""Saving with a summary, merging concurrent edits, restoring revisions and deleted records."""

from dataclasses import dataclass
from typing import Any

import reversion
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.core.services import model_delete, model_save
from apps.wiki.models import SlugRedirect
from apps.wiki.registry import KIND_OF_MODEL, KINDS, followed_models, history_fields, kind_of
from apps.wiki.watching import watch_add

EDITORS = "Editors"


@dataclass
class EditConflict(Exception):
    """Someone saved the same fields since the editor's version; nothing was written."""

    fields: list[str]
    theirs: dict[str, Any]
    latest: Version
    merged: dict[str, Any]  # what to offer the editor next: both sides' changes, theirs for the clashing fields


def latest_version(obj: models.Model) -> Version | None:
    return Version.objects.get_for_object(obj).select_related("revision__user").first()


def stored_values(obj: models.Model) -> dict[str, Any]:
    """The record's history fields by attname, as a revision records them."""
    names = history_fields(type(obj))
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields if f.name in names}


def merge(*, base: dict, theirs: dict, mine: dict) -> tuple[dict, list[str]]:
    """Three-way merge by field: keep each side's changes; a field both changed differently conflicts
    (and keeps the editor's value in the result, so that nothing they typed is lost)."""
    merged, conflicts = {}, []
    for name, my_value in mine.items():
        base_value, their_value = base.get(name), theirs.get(name)
        if my_value in (base_value, their_value):
            merged[name] = their_value
        elif their_value == base_value:
            merged[name] = my_value
        else:
            merged[name] = my_value
            conflicts.append(name)
    return merged, conflicts


def edit_merge(*, current: models.Model, base_version_id: int | None, values: dict[str, Any]) -> dict[str, Any]:
    """An edit made from revision `base_version_id`, merged with what is stored now (the site and the admin).

    Always merged against the stored row, so even a write that left no revision is merged, not undone.
    Raises EditConflict when someone else changed a field this edit changes too, and ValidationError when
    the revision is not one of this record's.
    """
    if not base_version_id:
        return values
    base_version = Version.objects.get_for_object(current).filter(pk=base_version_id).first()
    if base_version is None:
        raise ValidationError(
            _("This form was not made from a revision of this record; reload the page and edit again.")
        )
    theirs = stored_values(current)
    merged, conflicts = merge(base=base_version.field_dict, theirs=theirs, mine=values)
    if conflicts:
        raise EditConflict(fields=conflicts, theirs=theirs, latest=latest_version(current), merged=merged)
    return merged


def save_hook(model: type[models.Model]):
    """How the owning app writes a record of this model (its registered hook, or full_clean and save)."""
    kind = kind_of(model)
    return kind.save if kind else model_save


def delete_hook(model: type[models.Model]):
    kind = kind_of(model)
    return kind.delete if kind else model_delete


def record_apply(*, obj: models.Model, values: dict[str, Any]) -> models.Model:
    """Write field values (by attname) to a record through its owner's save hook; a new slug keeps the old
    address answering. The caller holds the transaction and the revision."""
    # The stored slug: an admin's instance carries the submitted one already.
    stored = type(obj)._default_manager.filter(pk=obj.pk) if obj.pk and hasattr(obj, "slug") else None
    old_slug = stored.values_list("slug", flat=True).first() if stored is not None else None
    for attname, value in values.items():
        setattr(obj, attname, value)
    obj = save_hook(type(obj))(instance=obj)
    if old_slug and obj.slug != old_slug:
        SlugRedirect.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            old_slug=old_slug,
            defaults={"object_id": obj.pk},
        )
    return obj


def base_version_for(obj: models.Model, *, look_back: int = 5) -> Version | None:
    """The revision `obj`'s values were read from: the newest whose recorded values equal them.

    Not simply the newest: a save landing between reading a record and reading its newest revision
    would pair old values with a new base, and a later merge would then silently undo that save.
    Falls back to the newest when none matches (a write that left no revision).
    """
    versions = list(Version.objects.get_for_object(obj).select_related("revision__user")[:look_back])
    shown = stored_values(obj)
    for version in versions:
        recorded = version.field_dict
        if all(recorded.get(name) == value for name, value in shown.items() if name in recorded):
            return version
    return versions[0] if versions else None


def ensure_baseline(obj: models.Model) -> Version:
    """The revision the record's values come from (base_version_for); records created outside the wiki
    (a data load, the shell) get a first revision before being edited."""
    if version := base_version_for(obj):
        return version
    with reversion.create_revision():
        reversion.set_comment(_("First recorded revision"))
        reversion.add_to_revision(obj)
    return latest_version(obj)


def record_save(
    *,
    obj: models.Model,
    values: dict[str, Any],
    user: AbstractBaseUser,
    summary: str,
    base_version_id: int | None,
) -> models.Model:
    """Save an edit made from revision `base_version_id`, merging with anything saved since.

    Raises EditConflict (writing nothing) when someone else changed the same field differently.
    """
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        values = edit_merge(current=current, base_version_id=base_version_id, values=values)
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(summary)
            saved = record_apply(obj=current, values=values)
        _watch_edited(user=user, obj=saved)
    return saved


def record_create(
    *,
    kind_key: str,
    values: dict[str, Any],
    user: AbstractBaseUser,
    summary: str,
    first: dict[str, models.Model] | None = None,
    citation: models.Model | None = None,
    new_source: models.Model | None = None,
) -> models.Model:
    """Create a record, in one revision with the records it needs created `first` (by the attname that
    refers to each, e.g. {"person_id": Person(...)} for a new holder of a post) and with the `citation`
    that supports it (of a `new_source` described in the same form, when given)."""
    kind = KINDS[kind_key]
    with transaction.atomic():
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(summary)
            values = dict(values)
            for attname, new in (first or {}).items():
                values[attname] = save_hook(type(new))(instance=new).pk
            record = kind.save(instance=kind.model(**values))
            if citation is not None:
                if new_source is not None:
                    citation.source_id = save_hook(type(new_source))(instance=new_source).pk
                citation.content_object = record
                save_hook(type(citation))(instance=citation)
        _watch_edited(user=user, obj=record)
    return record


def _watch_edited(*, user: AbstractBaseUser | None, obj: models.Model) -> None:
    """Editors watch the pages they save, as on Wikipedia; anonymous writes (scripts, tests) watch nothing."""
    if user is not None and user.is_authenticated and kind_of(type(obj)) is not None:
        watch_add(user=user, obj=obj)


def attached_create(
    *,
    obj: models.Model,
    attached: models.Model,
    user: AbstractBaseUser,
    summary: str,
    first: dict[str, models.Model] | None = None,
) -> models.Model:
    """Attach a citation or an alias to a record, with the records it needs created `first` (a new source).

    The revision records the record too, so that its history shows the change where readers look for it.
    """
    with transaction.atomic():
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(summary)
            for attname, new in (first or {}).items():
                setattr(attached, attname, save_hook(type(new))(instance=new).pk)
            attached.content_object = obj
            saved = save_hook(type(attached))(instance=attached)
            reversion.add_to_revision(obj)
        _watch_edited(user=user, obj=obj)
    return saved


def record_move(*, obj: models.Model, up: bool, user: AbstractBaseUser) -> models.Model:
    """Move an ordered record (an agenda item, a participant) one place up or down among its siblings; the
    siblings are numbered 1, 2, 3, ... again, and each one renumbered is recorded in the same revision."""
    parent = KIND_OF_MODEL[type(obj)].order_within
    with transaction.atomic():
        siblings = list(
            type(obj)
            .objects.select_for_update()
            .filter(**{f"{parent}_id": getattr(obj, f"{parent}_id")})
            .order_by("order", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == obj.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return obj
        siblings[index], siblings[other] = siblings[other], siblings[index]
        with reversion.create_revision():
            reversion.set_user(user)
            direction = _("up") if up else _("down")
            reversion.set_comment(_("Moved “%(name)s” %(direction)s") % {"name": obj, "direction": direction})
            for number, sibling in enumerate(siblings, start=1):
                if sibling.order != number:
                    record_apply(obj=sibling, values={"order": number})
        return obj


def deletion_plan(obj: models.Model) -> list[models.Model]:
    """Everything deleting `obj` removes with it (sub-bodies, posts, clauses, citations, ...), `obj` first."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    doomed = [obj]
    for objects in collector.data.values():
        doomed.extend(o for o in objects if o != obj)
    return doomed


def record_delete(*, obj: models.Model, user: AbstractBaseUser, summary: str) -> None:
    """Delete a record and what depends on it; one revision keeps them all, so the whole can be restored."""
    with transaction.atomic():
        # reversion saves only objects that still exist, so the snapshot is its own revision, made first.
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(_("Deleted: %(summary)s") % {"summary": summary})
            for doomed in deletion_plan(obj):
                if reversion.is_registered(type(doomed)):
                    reversion.add_to_revision(doomed)
        delete_hook(type(obj))(instance=obj)


def version_restore(
    *,
    obj: models.Model,
    version: Version,
    user: AbstractBaseUser,
    seen_version_id: int | None,
    summary: str | None = None,
) -> models.Model:
    """Make an old revision current again, as a new revision that says so.

    `seen_version_id` is the newest revision the user saw when choosing to restore: anything saved since
    is merged with the restore as with any edit, or raises EditConflict.
    """
    values = {k: v for k, v in version.field_dict.items() if k != type(obj)._meta.pk.attname}
    when = date_format(localtime(version.revision.date_created), _("j F Y, H:i"))
    summary = summary or _("Restored the revision of %(when)s") % {"when": when}
    return record_save(obj=obj, values=values, user=user, summary=summary, base_version_id=seen_version_id)


def deleted_restore(*, version: Version, user: AbstractBaseUser) -> tuple[models.Model, int]:
    """Bring back a deleted record with everything deleted along with it (the same revision).

    Records come back in an order their references allow: a sub-body only once its parent is back, a
    clause once its document is; each through its owner's save hook. Returns the record and how many
    came back in all.
    """
    pending = [
        v for v in version.revision.version_set.select_related("content_type") if not _exists(v) and _is_latest(v)
    ]
    pending.sort(key=lambda v: v.pk != version.pk)  # the chosen record first
    restored, main = 0, None
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Restored after deletion"))
        progress = True
        while pending and progress:
            progress = False
            for candidate in list(pending):
                try:
                    with transaction.atomic():
                        obj = _restore_one(candidate)
                except (ValidationError, IntegrityError, models.ObjectDoesNotExist):
                    continue  # what it refers to is not back yet (or gone for good)
                pending.remove(candidate)
                restored, progress = restored + 1, True
                if candidate.pk == version.pk:
                    main = obj
        if main is None:
            raise ValidationError(_("It refers to records that no longer exist, so it cannot come back."))
    return main, restored


def version_model(version: Version) -> type[models.Model]:
    return version.content_type.model_class()


def _is_latest(version: Version) -> bool:
    """Whether this is the object's last revision: one deleted again later (with its own snapshot) or
    deleted on purpose after this revision was made does not come back with this one."""
    latest = Version.objects.get_for_object_reference(version_model(version), version.object_id).first()
    return latest is not None and latest.pk == version.pk


def _exists(version: Version) -> bool:
    return version_model(version)._default_manager.filter(pk=version.object_id).exists()


def _restore_one(version: Version) -> models.Model:
    model = version_model(version)
    return save_hook(model)(instance=model(**version.field_dict))


def editors_group_ensure() -> Group:
    """The "Editors" group, with the right to add, change and delete every kind of record."""
    group, _created = Group.objects.get_or_create(name=EDITORS)
    content_types = ContentType.objects.get_for_models(*followed_models()).values()
    codenames = [f"{action}_{ct.model}" for ct in content_types for action in ("add", "change", "delete", "view")]
    permissions = Permission.objects.filter(content_type__in=content_types, codename__in=codenames)
    group.permissions.add(*permissions)
    return group
