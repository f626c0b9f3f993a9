"""Search as a reader uses it: the box in the header of every page, ranked and highlighted results, "Go"."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_searching_from_the_header_shows_highlighted_results(page: Page):
    page.goto("/documents/")
    box = page.get_by_role("search", name="Search the wiki").get_by_label("Search")
    box.fill("collective air force")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=collective\+air\+force$"))
    expect(page.locator("h1")).to_have_text("Search results for “collective air force”")
    results = page.locator("ol.search-results > li")
    meeting = "Meeting of the CSTO Military Committee by videoconference, 8 December 2021"
    expect(results.filter(has_text=meeting)).to_have_count(1)
    expect(results.first.locator("mark").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Meetings \(\d+\)$")).click()
    assert "kind=meeting" in page.url
    expect(page.locator("ol.search-results > li").filter(has_text=meeting)).to_have_count(1)
    expect(page.locator("ol.search-results > li").filter(has_text="Body")).to_have_count(0)


def test_an_exact_alias_goes_to_its_page_and_back_to_all_results(page: Page):
    page.goto("/")
    page.get_by_label("Search", exact=True).fill("Military Council")
    page.get_by_role("button", name="Go").click()
    expect(page).to_have_url(re.compile(r"/bodies/military-committee/\?from_search="))
    expect(page.locator("h1")).to_have_text("Military Committee")
    page.get_by_role("link", name="See all results").click()
    expect(page.locator("h1")).to_have_text("Search results for “Military Council”")
    expect(page.locator("ol.search-results > li").first).to_contain_text("Military Committee")
