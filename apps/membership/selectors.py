"""Reads of members that combine several querysets, for the pages that show them."""

import datetime as dt
from collections.abc import Sequence

from django.db.models import Model, Prefetch, Q

from apps.bodies.models import Body
from apps.core.models import prefetch_citations
from apps.core.translation import localized_order
from apps.membership.models import Membership, MemberState, Post, Role, Status


def body_members(*, body: Body, day: dt.date | None, cite_with: Sequence[Model] = ()) -> dict:
    """The posts of a body with their holders, and its members without a post, today or as of `day`,
    each placed by what the evidence says of that day (see MembershipQuerySet.with_status).

    Each post gets `holders` (held, or uncertain only by the precision of a date), `unknown` (nothing
    says either way: e.g. known only from a report of another day) and, today, `upcoming_holders` and
    `former_holders`. A body that did not exist on `day` has no members that day.

    The memberships' sources are fetched in one query, with those of the records in `cite_with` (the page's
    body): the page needs them all.
    """
    today = dt.date.today()
    when = day or today
    existed = day is None or body.existed_on(day)
    memberships = Membership.objects.select_related("person", "member_state", "on_behalf_of").with_status(when)
    posts = list(Post.objects.filter(body=body).select_related("member_state"))
    # The holdings of every post and the members without a post in one query (and one for their sources),
    # shared out here: in the order of Membership's ordering, as a prefetch per post would give them.
    found = list(memberships.filter(Q(post__body=body) | Q(body=body, post__isnull=True)))
    prefetch_citations([*cite_with, *found])
    by_post: dict[int, list[Membership]] = {}
    for membership in found:
        by_post.setdefault(membership.post_id, []).append(membership)
    for post in posts:
        post.holdings = by_post.get(post.pk, [])
        _place(post, post.holdings if existed else [], day=when, as_of=bool(day))
    others = by_post.get(None, []) if existed else []
    if day:
        others = [m for m in others if m.status != Status.OUT]
    for membership in others:
        membership.note_as_of = _note(membership, when)
    # Only the memberships the page shows: their sources, and no others, go in its Sources list.
    shown = [*others, *(m for post in posts for m in (*post.holders, *post.unknown, *post.upcoming_holders))]
    shown += [m for post in posts for m in post.former_holders]
    return {
        "posts": posts,
        "other_members": others,
        "member_citations": [c for m in shown for c in m.citations.all()],
    }


def _place(post: Post, holdings: list[Membership], *, day: dt.date, as_of: bool) -> None:
    post.holders = [m for m in holdings if m.status in (*Status.held(), Status.UNCERTAIN)]
    post.unknown = [m for m in holdings if m.status == Status.UNKNOWN]
    post.upcoming_holders = [] if as_of else [m for m in holdings if m.is_upcoming(day)]
    post.former_holders = [] if as_of else [m for m in holdings if m.status == Status.OUT and not m.is_upcoming(day)]
    for membership in holdings:
        membership.note_as_of = _note(membership, day)


def standing(membership: Membership, day: dt.date | None) -> str:
    """Where body_members() placed a membership (annotated by with_status), as one word for files: "holder"
    (held, or uncertain only by a date's precision), "unknown" (nothing says either way), "upcoming" or "former"."""
    if membership.status == Status.UNKNOWN:
        return "unknown"
    if membership.status != Status.OUT:
        return "holder"
    return "upcoming" if membership.is_upcoming(day or dt.date.today()) else "former"


def status_note(membership: Membership, day: dt.date) -> str:
    """What the page says beside a membership shown as of `day` (annotated by with_status), if anything."""
    return _note(membership, day)


def _note(membership: Membership, day: dt.date) -> str:
    if membership.status == Status.UNCERTAIN:
        return membership.uncertainty_note(day)
    if membership.status in (Status.ATTESTED, Status.UNKNOWN):
        return str(Status(membership.status).label)
    return ""


STANDINGS = ("members", "uncertain", "unknown", "former", "later", "never")


def states_by_standing(*, day: dt.date) -> dict[str, list]:
    """The states by their standing in the organization (the root body) on `day`: members, members by an
    imprecise date (uncertain), members on no known date (unknown), former members, states that joined later,
    and states never recorded as members. Each state gets `spans`, its memberships of the organization in
    date order, each annotated with its status on the day. Two queries, whatever the number of states.
    """
    spans = (
        Membership.objects.filter(body__depth=1, role=Role.MEMBER, member_state__isnull=False)
        .with_status(day)
        .order_by("start_lower", "pk")
    )
    states = list(
        MemberState.objects.order_by(localized_order("name")).prefetch_related(  # by name in the reader's language
            Prefetch("memberships", queryset=spans, to_attr="spans"),
            Prefetch("posts", queryset=Post.objects.select_related("body").order_by("body__path", "position")),
        )
    )
    standing: dict[str, list] = {name: [] for name in STANDINGS}
    for state in states:
        standing[_standing(state.spans, day)].append(state)
    return standing


def _standing(spans: list[Membership], day: dt.date) -> str:
    statuses = {span.status for span in spans}
    if statuses & set(Status.held()):
        return "members"
    if Status.UNCERTAIN in statuses:
        return "uncertain"
    if Status.UNKNOWN in statuses:
        return "unknown"
    if any(span.end and span.end_upper and span.end_upper < day for span in spans):
        return "former"
    return "later" if spans else "never"
