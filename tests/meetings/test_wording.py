"""Wording that reads like a reference: dates never a range of one year, empty states that say what to do."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apps.core.dates import format_partial_range
from tests.factories import make_body, make_editor, make_meeting, make_membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2022", "2022", "2022"),
        ("2022", "2022?", "2022 (uncertain)"),
        ("2022", "", "2022"),
        ("2021", "2022", "2021 – 2022"),
        ("2022", "2022-06", "2022 – June 2022"),
        ("2021-12-08", "2021-12-09", "8 December 2021 – 9 December 2021"),
        ("2021-12-08", "2021-12-08", "8 December 2021"),
    ],
)
def test_a_range_within_one_year_is_never_shown_as_one(start, end, shown):
    assert format_partial_range(start, end) == shown


def test_a_year_only_meeting_shows_one_year(client):
    body = make_body(name="Council", slug="council", founded="1990")
    meeting = make_meeting(body, title="Session", slug="session", start="2022", end="2022?")
    assert meeting.date_display == "2022 (uncertain)"
    response = client.get(meeting.get_absolute_url())
    assertContains(response, "<dt>Date</dt><dd><span>2022 (uncertain)</span></dd>", html=True)
    assertNotContains(response, "2022 – 2022")


def test_a_year_only_membership_shows_one_year(client):
    body = make_body(name="Council", slug="council", founded="1990")
    membership = make_membership(body, start="2022", end="2022?")
    assert membership.dates_display == "2022 (uncertain)"


def test_no_meetings_recorded_yet_with_an_add_link_for_editors(client):
    body = make_body(name="Council", slug="council", founded="1990")
    response = client.get(body.get_absolute_url())
    assertContains(response, "<p>No meetings recorded yet.</p>", html=True)
    assertContains(client.get(reverse("meetings:list")), "<p>No meetings recorded yet.</p>", html=True)
    client.force_login(make_editor())
    response = client.get(body.get_absolute_url())
    add = f"/wiki/meeting/new/?body={body.pk}&amp;next=%2Fbodies%2Fcouncil%2F"
    assertContains(response, f'<p>No meetings recorded yet. <a href="{add}">Record a meeting</a></p>', html=True)
    response = client.get(reverse("meetings:list"))
    assertContains(response, "No meetings recorded yet.")
    assertContains(response, "Record a meeting</a>")


def test_filters_that_match_nothing_say_so_not_that_nothing_is_recorded(client):
    body = make_body(name="Council", slug="council", founded="1990")
    make_meeting(body, start="2021")
    response = client.get(reverse("meetings:list"), {"year": "2020"})
    assertContains(response, "No meetings match these filters.")
    assertNotContains(response, "No meetings recorded yet.")
