"""Seat timelines on body pages and membership timelines on member state pages."""

import re

import pytest

from apps.membership.models import Role
from tests.budgets import BODY_PAGE_WITH_HOLDINGS, LAST_EDITED, WHAT_LINKS_HERE
from tests.factories import cite, make_body, make_membership, make_person, make_post, make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat():
    root = make_body(name="CSTO", slug="csto")
    committee = make_body(parent=root, name="Military Committee", slug="military-committee", founded="2003")
    belarus = make_state("Belarus", slug="belarus", joined="1992-05-15")
    post = make_post(committee, "Member for Belarus", member_state=belarus)
    old = make_person("Volfovich", "Viktor", slug="viktor-volfovich")
    new = make_person("Sidorov", "Anatoly", slug="anatoly-sidorov")
    seen = make_person("Seen", "Only", slug="only-seen")
    make_membership(committee, post=post, person=old, on_behalf_of=belarus, start="2015", end="2020-01-20")
    make_membership(committee, post=post, person=new, on_behalf_of=belarus, start="2020-01-20")
    other = make_post(committee, "Chief of the Joint Staff", single_seat=False)
    make_membership(committee, post=other, person=seen, attested="2021-12-08")
    make_membership(root, member_state=belarus, role=Role.PRESIDENCY, start="2022", end="2022")
    return {"committee": committee, "root": root, "belarus": belarus}


def bars(html: str) -> dict[str, str]:
    """{href: classes} of the timeline's bars."""
    return {href: css for css, href in re.findall(r'<a class="(bar [^"]*)" href="([^"]*)"', html)}


def test_seat_timeline_bars_link_to_the_holders_and_show_how_well_their_dates_are_known(client, seat):
    response = client.get(seat["committee"].get_absolute_url(), {"as_of": "2021-12-08"})
    html = response.content.decode()
    timeline = html[html.index('id="seat-timeline-heading"') :]
    assert bars(timeline) == {  # on a dated page the links keep the date
        "/people/viktor-volfovich/?as_of=2021-12-08": "bar bar-approximate",
        "/people/anatoly-sidorov/?as_of=2021-12-08": "bar bar-exact bar-open",
        "/people/only-seen/?as_of=2021-12-08": "bar bar-attested",
    }
    assert "<tspan" in timeline and ">Member for Belarus</tspan>" in timeline  # a row per post
    assert 'class="marker marker-today"' in timeline and "as of 8 December 2021" in timeline
    assert 'aria-labelledby="seat-timeline-title"' in timeline


def test_state_timeline_shows_membership_of_the_organization_presidencies_and_seats(client, seat):
    html = client.get(seat["belarus"].get_absolute_url()).content.decode()
    timeline = html[html.index('id="state-timeline-heading"') :]
    assert ">Member of the organization</tspan>" in timeline
    assert ">Presidency of the CSTO</tspan>" in timeline
    assert bars(timeline) == {
        "/bodies/csto/": "bar bar-approximate",
        "/people/viktor-volfovich/": "bar bar-approximate",
        "/people/anatoly-sidorov/": "bar bar-exact bar-open",
    }
    assert 'class="bar bar-exact bar-open" role="img"' in timeline  # member since 1992, not a link


def test_a_body_without_dated_holders_draws_no_timeline(client):
    body = make_body(name="Quiet Body")
    make_membership(body, post=make_post(body, "Seat"))  # no dates at all
    assert 'id="seat-timeline-heading"' not in client.get(body.get_absolute_url()).content.decode()


def grow(size: int) -> dict:
    committee = make_body(name="Committee", slug="committee", founded="1990")
    state = make_state("Kazakhstan", slug="kazakhstan", joined="1992")
    for n in range(size):
        post = make_post(committee, f"Seat {n}", member_state=state)
        person = make_person(f"Holder{n}")
        cite(make_membership(committee, post=post, person=person, on_behalf_of=state, start=f"{1991 + n % 30}"))
    return {"body": committee, "state": state}


@pytest.mark.parametrize("size", [2, 150])
@pytest.mark.parametrize(
    ("page", "queries"), [("body", BODY_PAGE_WITH_HOLDINGS), ("state", 6 + WHAT_LINKS_HERE + LAST_EDITED)]
)
def test_timelines_add_no_queries(client, django_assert_num_queries, size, page, queries):
    record = grow(size)[page]
    with django_assert_num_queries(queries):
        response = client.get(record.get_absolute_url())
    assert len(bars(response.content.decode())) == size
