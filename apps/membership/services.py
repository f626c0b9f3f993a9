"""Writes to memberships that take more than one step."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.bodies.models import Body
from apps.core.services import Cited, citations_add
from apps.membership.models import Membership, MemberState, Person, Post, Role, single_seats_checked_together


def single_seat_errors(*, memberships: list[Membership], deleted: frozenset[int] = frozenset()) -> dict[int, str]:
    """{index: message} of the memberships, written together, that overlap another holder of their single
    seat: the others as they will be once these are written (`deleted`: ids of stored ones about to go)."""
    errors = {}
    for index, membership in enumerate(memberships):
        if message := membership.single_seat_error(pending=memberships, deleted=deleted):
            errors[index] = message
    return errors


@transaction.atomic
def memberships_save(*, memberships: list[Membership], deleted: Iterable[Membership] = ()) -> list[Membership]:
    """Write memberships edited together, e.g. a change of holder (the old holding ended, the new one added),
    validated as a whole: each by its own rules, single seats across all of them and the stored rest.

    The one write path of memberships: the site, the admin's inline rows, the services below and the loader.
    """
    deleted = list(deleted)
    with single_seats_checked_together():
        for membership in memberships:
            membership.full_clean()
    if errors := single_seat_errors(memberships=memberships, deleted=frozenset(m.pk for m in deleted)):
        raise ValidationError({"start": next(iter(errors.values()))})
    for membership in deleted:
        membership.delete()
    for membership in memberships:
        membership.save()
    return memberships


def membership_save(*, instance: Membership) -> Membership:
    """Create or update one membership (the wiki's write hook for memberships)."""
    return memberships_save(memberships=[instance])[0]


@transaction.atomic
def membership_create(
    *,
    body: Body,
    person: Person | None = None,
    member_state: MemberState | None = None,
    post: Post | None = None,
    role: str = Role.MEMBER,
    on_behalf_of: MemberState | None = None,
    start: str = "",
    end: str = "",
    attested: str = "",
    note: str = "",
    sources: Iterable[Cited] = (),
) -> Membership:
    """Record a membership, validated first, with the sources that support it."""
    membership = Membership(
        body=body,
        person=person,
        member_state=member_state,
        post=post,
        role=role,
        on_behalf_of=on_behalf_of,
        start=start,
        end=end,
        attested=attested,
        note=note,
    )
    membership_save(instance=membership)
    citations_add(obj=membership, sources=sources)
    return membership


@transaction.atomic
def post_change_holder(
    *,
    post: Post,
    person: Person,
    start: str,
    role: str = Role.MEMBER,
    on_behalf_of: MemberState | None = None,
    sources: Iterable[Cited] = (),
) -> Membership:
    """Hand a single seat to `person` from `start`: the open-ended current holding ends that day."""
    if not post.single_seat:
        raise ValidationError(
            {"post": _("%(post)s is shared by several holders; add a membership instead.") % {"post": post.label}}
        )
    if not start:
        raise ValidationError({"start": _("Give the date the new holder took the seat.")})
    current = (
        Membership.objects.select_for_update().filter(post=post, person__isnull=False, end="").order_by("-pk").first()
    )
    newcomer = Membership(
        body=post.body, person=person, post=post, role=role, on_behalf_of=on_behalf_of or post.member_state, start=start
    )
    ended = []
    if current is not None:
        if current.person_id == person.pk:
            raise ValidationError({"person": _("%(person)s already holds this seat.") % {"person": person}})
        current.end = start
        ended = [current]
    memberships_save(memberships=[*ended, newcomer])
    citations_add(obj=newcomer, sources=sources)
    return newcomer
