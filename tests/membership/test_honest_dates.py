"""Body pages claim no more about who sat where, and when, than the dataset's sources do."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def members_section(response) -> str:
    html = response.content.decode()
    start = html.index('id="members-heading"')
    return html[start : html.index("</section>", start)]


def body_page(client, slug: str, as_of: str = ""):
    return client.get(reverse("bodies:detail", kwargs={"slug": slug}), {"as_of": as_of} if as_of else {})


def test_holders_known_from_one_report_are_latest_known_not_holders_now(client, dataset):
    members = members_section(body_page(client, "military-committee"))
    assert "Holder now, or latest known" in members
    assert "Latest known holder" in members and "Valery Gerasimov" in members
    assert "attested 8 December 2021" in members


def test_on_the_day_of_the_report_they_are_shown_as_held(client, dataset):
    response = body_page(client, "military-committee", "2021-12-08")
    members = members_section(response)
    assert "Valery Gerasimov" in members and "held, as a source attests for that day" in members
    assert "Not known for this date" not in members


@pytest.mark.parametrize("day", ["2022-06-01", "2021-12-09", "2010-01-01"])
def test_on_other_days_they_are_not_known_never_the_holder_then(client, dataset, day):
    members = members_section(body_page(client, "military-committee", day))
    assert "Not known for this date" in members
    assert "held, as a source attests" not in members


def test_a_body_that_did_not_exist_on_a_date_lists_no_members_then(client, dataset):
    # The Collective Rapid Reaction Forces were decided in 2009.
    response = body_page(client, "collective-rapid-reaction-forces", "1995-01-01")
    assertContains(response, "This body did not exist on 1 January 1995.")
    assert "It had no members on that date: it did not exist." in members_section(response)


def test_the_organization_counts_its_members_from_the_treaty_of_1992(client, dataset):
    members = members_section(body_page(client, "csto", "1995-01-01"))
    for state in ["Armenia", "Azerbaijan", "Belarus", "Georgia", "Kazakhstan", "Kyrgyzstan", "Russia", "Uzbekistan"]:
        assert state in members


def test_todays_page_of_the_organization_still_lists_its_members_and_the_2022_presidency(client, dataset):
    response = body_page(client, "csto")
    assertContains(response, "Presidency")
    assertNotContains(response, "It had no members on that date")
