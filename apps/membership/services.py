"""Writes to memberships that take more than one step."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.bodies.models import Body
from apps.core.models import Source
from apps.core.services import citation_add
from apps.membership.models import Membership, MemberState, Person, Post, Role


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
    sources: Iterable[Source] = (),
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
    membership.full_clean()
    membership.save()
    for source in sources:
        citation_add(obj=membership, source=source)
    return membership


@transaction.atomic
def post_change_holder(
    *,
    post: Post,
    person: Person,
    start: str,
    role: str = Role.MEMBER,
    on_behalf_of: MemberState | None = None,
    sources: Iterable[Source] = (),
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
    if current is not None:
        if current.person_id == person.pk:
            raise ValidationError({"person": _("%(person)s already holds this seat.") % {"person": person}})
        current.end = start
        current.full_clean()
        current.save()
    return membership_create(
        body=post.body,
        person=person,
        post=post,
        role=role,
        on_behalf_of=on_behalf_of or post.member_state,
        start=start,
        sources=sources,
    )
