"""Sources, a source's page, the maintenance page and a record page asking for a citation, in Chromium.

/sources/ and /maintenance/ are among our pages (tests/browser/quality.py); a source's page has an id
known only once the dataset is loaded, and the citation-needed notice shows only on an uncited record,
so both are opened, validated and audited here.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_wiki_pages import check_axe, check_html

pytestmark = pytest.mark.browser

SITE = "CSTO Wiki"
ARTICLE = "Russia-led security bloc to improve Tajikistan's military infrastructure"


def test_a_reader_goes_from_the_sources_to_what_one_supports(page: Page, html_checker, axe_script):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Sources").click()
    expect(page).to_have_title(f"Sources – {SITE}")
    expect(page.locator("h1")).to_have_text("Sources")
    page.get_by_label("Title, publisher or address contains").fill("Tajikistan")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sources/\?q=Tajikistan$"))
    page.get_by_role("link", name=ARTICLE).click()
    expect(page).to_have_title(f"{ARTICLE} – {SITE}")
    expect(page.locator("h1")).to_have_text(ARTICLE)
    supports = page.locator("main ul.supported > li")
    expect(supports.first).to_be_visible()
    expect(page.get_by_role("link", name="Military Committee", exact=True).first).to_be_visible()
    check_axe(page, axe_script)
    check_html(html_checker, {page.url: page.goto(page.url).text()})  # the HTML as served, not the DOM


@pytest.mark.writes
def test_an_uncited_record_asks_for_a_citation(page: Page, html_checker, axe_script):
    from apps.bodies import services

    services.body_create(name="Uncited Working Group", slug="uncited-working-group", target=None)
    served = page.goto("/bodies/uncited-working-group/").text()
    check_axe(page, axe_script)
    notice = page.locator("p.citation-needed")
    expect(notice).to_contain_text("Citation needed")
    notice.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Maintenance")
    expect(page.get_by_role("link", name="Uncited Working Group")).to_be_visible()
    check_html(html_checker, {"uncited body page": served, "maintenance": page.goto("/maintenance/").text()})
