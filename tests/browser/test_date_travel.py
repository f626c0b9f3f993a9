"""A date that travels, in Chromium: pick a date, follow five links, stay on it; then back to today."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DATED = re.compile(r"[?&]as_of=2021-12$")


def test_a_reader_picks_a_month_and_follows_five_links_without_retyping_it(page: Page):
    page.goto("/bodies/")
    page.get_by_label("Show as of").fill("2021-12")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(DATED)
    banner = page.locator(".dated-banner")
    expect(banner).to_contain_text("Showing the wiki as of December 2021 (1 December 2021)")

    main = page.locator("main")
    charter = "Charter of the Collective Security Treaty Organization"
    steps = [
        lambda: main.locator("ul.tree").get_by_role("link", name="Military Committee", exact=True).click(),
        lambda: main.get_by_role("link", name="Valery Gerasimov").first.click(),
        lambda: main.locator("table.members").get_by_role("link", name="Russia").first.click(),
        lambda: page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click(),
        lambda: main.get_by_role("link", name=charter, exact=True).click(),
    ]
    for step in steps:
        step()
        expect(page).to_have_url(DATED)
        expect(banner).to_contain_text("as of December 2021 (1 December 2021)")
    expect(page.locator("h1")).to_have_text("Charter of the Collective Security Treaty Organization")
    expect(banner).to_contain_text("cannot show the past yet")  # a document shows today's record, and says so

    banner.get_by_role("link", name="Back to today").click()
    expect(page).not_to_have_url(re.compile("as_of"))
    expect(page.locator(".dated-banner")).to_have_count(0)


def test_the_date_picker_and_an_impossible_date(page: Page):
    page.goto("/bodies/military-committee/")
    page.get_by_label("Or pick a day").fill("2021-12-08")
    page.get_by_role("button", name="Show that day").click()
    expect(page).to_have_url(re.compile(r"\?as_of=2021-12-08$"))
    expect(page.locator(".dated-banner")).to_contain_text("Showing the wiki as of 8 December 2021")
    response = page.goto("/bodies/?as_of=2022-13-45")
    assert response.status == 400
    expect(page.locator("#as-of-error")).to_contain_text("There is no such date")
    page.get_by_label("Show as of").fill("2022")
    page.get_by_role("button", name="Show", exact=True).click()  # the page still works
    expect(page.locator(".dated-banner")).to_contain_text("as of 2022 (1 January 2022)")
