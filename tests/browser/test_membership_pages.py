"""Member states, people and time travel, as a reader meets them in Chromium."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SITE = "CSTO Wiki"


def test_states_list_links_every_member_state(page: Page):
    page.goto("/states/")
    expect(page).to_have_title(f"Member states – {SITE}")
    for name in ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_armenia_page_shows_its_2022_presidency(page: Page):
    page.goto("/states/armenia/")
    expect(page.locator("h1")).to_have_text("Armenia")
    expect(page.locator("#presidency-heading + ul")).to_contain_text("2022")


def test_people_are_sorted_by_family_name_with_rank_shown_as_such(page: Page):
    page.goto("/people/")
    names = page.locator("main li > a").all_inner_texts()
    assert names == sorted(names), names
    expect(page.locator("main li", has_text="Sidorov").locator(".rank")).to_have_text("Colonel-General")


def test_person_page_lists_posts_with_body_state_and_sources(page: Page):
    page.goto("/people/valery-gerasimov/")
    expect(page).to_have_title(f"Valery Gerasimov – {SITE}")
    posts = page.locator("table.members")
    expect(posts).to_contain_text("Head of the Military Committee")
    expect(posts.locator("tr", has_text="Member for Russia")).to_contain_text("Russia")
    expect(page.locator("#sources-heading + ol")).to_contain_text("Asia-Plus")


def test_reader_answers_who_sat_on_the_military_committee_on_a_date(page: Page):
    page.goto("/bodies/military-committee/")
    page.get_by_label("Show as of").fill("2021-12-08")  # the day of the meeting that attests the holders
    page.get_by_role("button", name="Show", exact=True).click()
    assert page.url.endswith("/bodies/military-committee/?as_of=2021-12-08")
    expect(page.get_by_role("status")).to_contain_text("8 December 2021")
    seats = page.locator("table.members")
    expect(seats.locator("tr", has_text="Member for Russia")).to_contain_text("Valery Gerasimov")
    expect(seats.locator("tr", has_text="Member for Russia")).to_contain_text("for Russia")
    expect(seats.locator("tr", has_text="Chief of the CSTO Joint Staff")).to_contain_text("Anatoly Sidorov")
    page.get_by_role("link", name="back to today").click()
    assert "as_of" not in page.url


def test_an_invalid_date_gets_a_message_next_to_the_field(page: Page):
    response = page.goto("/bodies/?as_of=2022-13-45")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("There is no such date")
    expect(page.get_by_label("Show as of")).to_have_attribute("aria-invalid", "true")
