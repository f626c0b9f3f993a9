"""Every write to the body tree: each atomic, validated first and serialized by one tree lock."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.bodies.models import RESERVED_SLUGS, STRUCTURE_FIELDS, Body

# Arbitrary, fixed key for PostgreSQL's advisory lock on the body tree.
TREE_LOCK_KEY = 7_341_992_001
CHILD_POSITIONS = ("first-child", "last-child")
SIBLING_POSITIONS = ("left", "right", "first-sibling", "last-sibling")
POSITIONS = CHILD_POSITIONS + SIBLING_POSITIONS


@contextmanager
def tree_lock() -> Iterator[None]:
    """Hold the tree lock for one transaction.

    treebeard locks only the parent row in add_child; moves and deletes rewrite many
    paths, so concurrent writers must queue. PostgreSQL gets a transaction-scoped
    advisory lock (released on commit or rollback, across processes). SQLite already
    runs one writer at a time: transactions begin IMMEDIATE (see settings), which takes
    the database's write lock up front. A second, in-process lock there could only
    deadlock against a caller that already holds the database lock.
    """
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])
            yield
    else:
        with transaction.atomic():
            yield


def _fresh(body: Body) -> Body:
    """Re-read a body inside the lock: the caller's copy may hold stale tree fields."""
    try:
        return Body.objects.get(pk=body.pk)
    except Body.DoesNotExist:
        raise ValidationError(_("“%(name)s” no longer exists; it was deleted meanwhile.") % {"name": body}) from None


def _check_position(position: str) -> None:
    if position not in POSITIONS:
        raise ValidationError({"position": _("Unknown position “%(position)s”.") % {"position": position}})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "body"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def body_create(
    *,
    name: str = "",
    target: Body | None = None,
    position: str = "last-child",
    instance: Body | None = None,
    **fields: Any,
) -> Body:
    """Create a body under `target` (or as a new root), at `position` relative to it.

    Pass an unsaved `instance` (as the admin does, whose inlines hold on to it) instead of `name` and fields.
    """
    _check_position(position)
    with tree_lock():
        body = instance if instance is not None else Body(name=name, **fields)
        if not body.slug:
            body.slug = _unique_slug(body.name)
        body.full_clean(exclude=list(STRUCTURE_FIELDS))
        if target is None:
            body.parent = None
            return Body.objects.add_root(instance=body)
        target = _fresh(target)
        if position in CHILD_POSITIONS:
            body.parent = target
            body = Body.objects.add_child(target, instance=body)
            if position == "first-child":
                Body.objects.move(body, target, pos="first-child")
        else:
            parent = Body.objects.get_parent(target)
            body.parent = parent
            body = Body.objects.add_child(parent, instance=body) if parent else Body.objects.add_root(instance=body)
            Body.objects.move(body, _fresh(target), pos=position)
        body.refresh_from_db()
        return body


def body_update(*, body: Body, **fields: Any) -> Body:
    """Change a body's own fields. Tree fields are never written here: moving is body_move's job."""
    if forbidden := set(fields) & set(STRUCTURE_FIELDS):
        raise ValueError(f"body_update cannot set tree fields: {sorted(forbidden)}")
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean(exclude=list(STRUCTURE_FIELDS))
    changed = [f.attname for f in Body._meta.concrete_fields if not f.primary_key and f.name not in STRUCTURE_FIELDS]
    with transaction.atomic():
        body.save(update_fields=changed)
    return body


def body_move(*, body: Body, target: Body | None, position: str = "last-child") -> Body:
    """Move a body and its subtree relative to `target`; a move into its own subtree is refused."""
    _check_position(position)
    with tree_lock():
        body = _fresh(body)
        if target is None:
            to_front = position in ("first-child", "first-sibling", "left")
            Body.objects.move(
                body, Body.objects.get_first_root_node(), pos="first-sibling" if to_front else "last-sibling"
            )
        else:
            target = _fresh(target)
            if target.pk == body.pk and position in ("left", "right"):
                return body  # beside itself: already there
            if (target.pk == body.pk and position in CHILD_POSITIONS) or (
                target.pk != body.pk and target.path.startswith(body.path)
            ):
                raise ValidationError(
                    {
                        "target": _(
                            "“%(body)s” cannot be moved under itself or one of its own sub-bodies (“%(target)s”)."
                        )
                        % {"body": body, "target": target}
                    },
                    code="cycle",
                )
            Body.objects.move(body, target, pos=position)
        body.refresh_from_db()
        _record_parent(body)
        return body


def body_save(*, instance: Body) -> Body:
    """Create or update a body from its fields, its parent included: a new body (or one restored with its
    old id) goes last under its parent; a changed parent moves it there with its sub-bodies.

    The wiki's write hook for bodies (registered in apps.py): the site, the admin and restores use it.
    """
    if instance._state.adding:
        return body_create(instance=instance, target=instance.parent)  # DoesNotExist: its parent is gone
    wanted = instance.parent_id
    stored = Body.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    instance.parent_id = stored  # body_update never writes the tree; the move below does
    body = body_update(body=instance)
    if wanted == stored:
        return body
    target = Body.objects.filter(pk=wanted).first() if wanted else None
    if wanted and target is None:
        raise ValidationError({"parent": _("The parent this body had then no longer exists.")})
    return body_move(body=body, target=target, position="last-child")


def _record_parent(body: Body) -> None:
    """Bring the parent copy in line with the tree after a move."""
    parent = Body.objects.get_parent(body, update=True)
    if body.parent_id != (parent.pk if parent else None):
        body.parent = parent
        body.save(update_fields=["parent"])


def body_delete(*, body: Body) -> int:
    """Delete a body with all its sub-bodies; returns how many bodies were removed."""
    with tree_lock():
        body = _fresh(body)
        count = Body.objects.get_descendants(body, include_self=True).count()
        Body.objects.filter(pk=body.pk).delete()
        return count
