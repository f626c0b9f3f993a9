"""Meeting records, as a reader finds them from the Military Committee's page."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_from_the_military_committee_to_the_december_2021_videoconference_and_its_sources(page: Page):
    page.goto("/bodies/military-committee/")
    page.get_by_role("link", name="Meeting of the CSTO Military Committee by videoconference, 8 December 2021").click()
    expect(page.locator("h1")).to_have_text(
        "Meeting of the CSTO Military Committee by videoconference, 8 December 2021"
    )
    participants = page.locator("table.members")
    expect(participants.locator("tr", has_text="Armed Forces of Belarus")).to_contain_text("Belarus")
    expect(participants.locator("tr", has_text="Gerasimov")).to_contain_text("Russia")
    agenda = page.locator("ol.agenda > li")
    expect(agenda).to_have_count(6)
    first = agenda.first
    expect(first).to_contain_text("Tajikistan")
    first.locator("sup a").first.click()  # follow the statement to its source
    target = page.locator(":target")
    expect(target).to_contain_text("TASS")
    expect(target).to_contain_text("Known through")


def test_meeting_filters_are_links_that_narrow_the_list(page: Page):
    page.goto("/meetings/")
    page.get_by_role("link", name="videoconference", exact=True).click()
    assert "format=videoconference" in page.url
    page.get_by_role("link", name="2020", exact=True).click()
    assert "format=videoconference" in page.url and "year=2020" in page.url
    expect(page.locator("ol.meetings > li")).to_have_count(1)
