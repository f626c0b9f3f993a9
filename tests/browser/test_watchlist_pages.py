"""The watching journey in Chromium: watch a page from it, another editor changes it, the change is on the watchlist.

The record page with its Watch button and the watchlist are validated with the Nu Html Checker and audited
with axe-core.
"""

import pytest
from playwright.sync_api import Page, expect

from apps.bodies.models import Body
from apps.wiki import services
from tests.browser.test_wiki_pages import check_axe, check_html
from tests.factories import make_user

# The journey signs in, watches and edits: the shared dataset is reloaded after it.
pytestmark = [pytest.mark.browser, pytest.mark.writes]


def test_a_user_watches_a_page_and_sees_another_editors_change_on_the_watchlist(page: Page, html_checker, axe_script):
    make_user("watcher")
    other = make_user("other-editor", editor=True)
    served: dict[str, str] = {}

    page.goto("/accounts/login/?next=/bodies/military-committee/")
    page.get_by_label("Username").fill("watcher")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Military Committee")

    page.get_by_role("button", name="Watch", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("You are watching “Military Committee”")
    expect(page.get_by_role("button", name="Unwatch", exact=True)).to_be_visible()
    served["record page"] = page.content()

    # Another editor saves the page meanwhile, through the service the site's edit form calls.
    committee = Body.objects.get(slug="military-committee")
    services.record_save(
        obj=committee,
        values={"abbreviation": "MC"},
        user=other,
        summary="Add the abbreviation",
        base_version_id=None,
    )

    page.get_by_role("link", name="Watchlist").click()
    expect(page.locator("h1")).to_have_text("Watchlist")
    expect(page.locator("ul.watched")).to_contain_text("Military Committee")
    change = page.locator("ol.changes li").first
    expect(change).to_contain_text("Add the abbreviation")
    expect(change).to_contain_text("other-editor")
    served["watchlist"] = page.goto("/watchlist/").text()
    check_axe(page, axe_script)

    change.get_by_role("link", name="diff").click()
    expect(page.locator("ins")).to_have_text("MC")

    page.goto("/watchlist/")
    page.get_by_role("button", name="Unwatch Military Committee").click()
    expect(page.locator("h1")).to_have_text("Watchlist")
    expect(page.locator("main")).not_to_contain_text("Add the abbreviation")
    check_html(html_checker, served)
