"""Reads of members that combine several querysets, for the pages that show them."""

import datetime as dt

from django.db.models import Prefetch

from apps.bodies.models import Body
from apps.core.models import citations_prefetch
from apps.membership.models import Membership, Post


def body_members(*, body: Body, day: dt.date | None) -> dict:
    """The posts of a body with their holders, and its members without a post, today or as of `day`."""
    memberships = Membership.objects.select_related("person", "member_state", "on_behalf_of").prefetch_related(
        citations_prefetch()
    )
    if day:
        memberships = memberships.as_of(day)
    posts = list(
        Post.objects.filter(body=body)
        .select_related("member_state")
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="holdings"))
    )
    today = dt.date.today()
    for post in posts:
        post.holders = post.holdings if day else [m for m in post.holdings if m.is_current(today)]
        post.upcoming_holders = [] if day else [m for m in post.holdings if m.is_upcoming(today)]
        post.former_holders = (
            [] if day else [m for m in post.holdings if not m.is_current(today) and not m.is_upcoming(today)]
        )
        for membership in post.holdings:
            membership.note_as_of = membership.uncertainty_note(day) if day and membership.status != "in" else ""
    others = list(memberships.filter(body=body, post__isnull=True))
    for membership in others:
        membership.note_as_of = membership.uncertainty_note(day) if day and membership.status != "in" else ""
    citations = [c for m in [*others, *(m for post in posts for m in post.holdings)] for c in m.citations.all()]
    return {"posts": posts, "other_members": others, "member_citations": citations}
