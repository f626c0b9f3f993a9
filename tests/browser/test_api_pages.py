"""The API's documentation page (/api/docs/, Swagger UI served from this site) in headless Chromium, under the
site's own content security policy, and the JSON the record pages link to.

/api/docs/ is not in tests/browser/quality.py's our_pages(): its served HTML (templates/api/docs.html) passes the
Nu Html Checker, but the page Swagger UI builds in the browser does not pass axe-core (color-contrast,
nested-interactive, heading-order, region: all inside Swagger UI's own markup). /api/ and the other endpoints
answer JSON, not HTML.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_page(browser: Browser, live_server, csto_data, django_db_blocker):
    """A page that keeps the site's content security policy (the `page` fixture bypasses it for axe-core),
    recording every violation of it."""
    with django_db_blocker.unblock():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.violations = []
        page.on("console", lambda message: "Content Security" in message.text and page.violations.append(message.text))
        yield page
        context.close()


def test_the_api_documentation_renders_every_endpoint_under_the_strict_policy(strict_page: Page):
    response = strict_page.goto("/api/docs/")
    assert response.status == 200
    expect(strict_page.locator(".opblock").first).to_be_visible()
    for kind in ("bodies", "states", "people", "posts", "memberships", "documents", "meetings", "sources"):
        expect(strict_page.locator(f'.opblock-summary-path[data-path="/api/{kind}/"]')).to_have_count(1)
    # Try one endpoint from the page: Swagger UI calls the API on this site.
    strict_page.locator('.opblock-summary-path[data-path="/api/bodies/{slug}/"]').click()
    strict_page.get_by_role("button", name="Try it out").click()
    strict_page.locator('input[placeholder="slug"]').fill("military-committee")
    strict_page.get_by_role("button", name="Execute").click()
    expect(strict_page.locator(".response .response-col_status").first).to_have_text("200")
    assert strict_page.violations == []
    # The recorder does see a violation: an inline script, which the policy forbids.
    strict_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
    )
    strict_page.wait_for_timeout(200)
    assert any("script-src" in text for text in strict_page.violations)


def test_the_json_a_record_page_links_to_opens_in_the_browser(page: Page):
    page.goto("/bodies/military-committee/")
    href = page.locator('head link[rel="alternate"][type="application/json"]').get_attribute("href")
    response = page.goto(href)
    assert response.status == 200
    assert response.json()["slug"] == "military-committee"
