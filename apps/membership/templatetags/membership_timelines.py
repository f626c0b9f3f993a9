"""Timelines of seats (on a body's page) and of a member state's memberships (on its page), as SVG.

Template tags rather than view code: the body page lives in apps.bodies, which must not import this app
except for its selectors; the tags draw from the memberships the pages have already fetched, so they add no
query. The drawing itself is apps.core.timeline's.
"""

import datetime as dt

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.timeline import Bar, Row, bar_for, render_timeline, span_dates
from apps.membership.models import Membership, MemberState, Role

register = template.Library()

DESCRIPTION = gettext_lazy(
    "Each bar runs over every day its dates allow and leads to its page. Solid bars are known to the day, "
    "dashed ones only by month or year, dotted ones only from a source attesting them on a date; a bar with "
    "no end recorded runs to today. Vertical lines mark today and the date the page shows."
)


def membership_bar(membership: Membership, *, label: str, url: str, today: dt.date) -> Bar | None:
    return bar_for(
        label=label,
        url=url,
        start=membership.start,
        start_lower=membership.start_lower,
        end=membership.end,
        end_lower=membership.end_lower,
        end_upper=membership.end_upper,
        attested=membership.attested,
        attested_lower=membership.attested_lower,
        attested_upper=membership.attested_upper,
        today=today,
        dates=span_dates(membership.start, membership.end, membership.attested),
    )


def _holder_bar(membership: Membership, today: dt.date) -> Bar | None:
    member = membership.member
    return membership_bar(membership, label=str(member), url=member.get_absolute_url(), today=today)


@register.simple_tag
def seat_timeline(body, posts, other_members, as_of=None) -> SafeString:
    """A row per post of `body` (all its holders: `post.holdings` from body_members), and one per role of the
    members without a post that the page lists."""
    today = dt.date.today()
    rows = [Row(post.localized("label"), [b for m in post.holdings if (b := _holder_bar(m, today))]) for post in posts]
    by_role: dict[str, Row] = {}
    for membership in other_members:
        if bar := _holder_bar(membership, today):
            by_role.setdefault(membership.role, Row(membership.get_role_display(), [])).bars.append(bar)
    rows = [row for row in [*rows, *by_role.values()] if row.bars]
    return render_timeline(
        rows,
        ident="seat-timeline",
        title=_("Seats of the %(body)s over time") % {"body": body.localized("name")},
        description=DESCRIPTION,
        today=today,
        as_of=as_of or None,
    )


@register.simple_tag
def state_timeline(state: MemberState, presidencies, seats, as_of=None) -> SafeString:
    """The state's membership of the organization, its own memberships and presidencies of bodies (a row per
    body), and the seats held for it (a row per post, a bar per person)."""
    today = dt.date.today()
    rows: dict[tuple, Row] = {}
    organization = bar_for(
        label=state.localized("name"),
        url="",
        start=state.joined,
        start_lower=state.joined_lower,
        end=state.left,
        end_lower=state.left_lower,
        end_upper=state.left_upper,
        today=today,
        dates=span_dates(state.joined, state.left),
    )
    if organization:
        rows[("organization",)] = Row(_("Member of the organization"), [organization])
    for membership in [*presidencies, *seats]:
        body = membership.body
        if membership.member_state_id == state.pk:
            presidency = membership.role == Role.PRESIDENCY
            key = ("presidency" if presidency else "member", body.pk)
            label = (_("Presidency of the %(body)s") if presidency else _("%(body)s (%(role)s)")) % {
                "body": body.localized("name"),
                "role": membership.get_role_display().lower(),
            }
            bar = membership_bar(membership, label=body.localized("name"), url=body.get_absolute_url(), today=today)
            url = body.get_absolute_url()
        else:
            key = ("seat", membership.post_id or membership.role, body.pk)
            seat = membership.post.localized("label") if membership.post_id else membership.get_role_display()
            label, url = f"{seat}, {body.localized('name')}", ""
            bar = _holder_bar(membership, today)
        if bar:
            rows.setdefault(key, Row(label, [], url=url)).bars.append(bar)
    return render_timeline(
        list(rows.values()),
        ident="state-timeline",
        title=_("%(state)s in the organization and its bodies over time") % {"state": state.localized("name")},
        description=DESCRIPTION,
        today=today,
        as_of=as_of or None,
    )
