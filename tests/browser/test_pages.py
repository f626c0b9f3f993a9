"""Every page type opened in headless Chromium against a live server holding the CSTO dataset.

Each of our own pages is also validated with the Nu Html Checker and audited with axe-core.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.quality import VNU_FAILING_TYPES, format_axe_violations, format_vnu_messages, our_pages
from tests.factories import dataset_records

pytestmark = pytest.mark.browser

BODIES = dataset_records("body", first_only=True)

SITE = "CSTO Wiki"
OUR_PAGES = our_pages()
PAGE_IDS = [path for path, _ in OUR_PAGES]


def open_page(page: Page, path: str, status: int = 200):
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response


def test_home_page_names_the_organization_and_links_to_the_bodies(page: Page):
    open_page(page, "/")
    expect(page).to_have_title(f"Collective Security Treaty Organization – {SITE}")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(SITE)
    main = page.locator("main#content")
    expect(main).to_contain_text("Collective Security Treaty Organization")
    expect(main.locator('a[href="/bodies/"]')).to_have_count(1)

    page.get_by_role("link", name="The structure as it stood on another date").click()
    expect(page).to_have_url(re.compile(r"/bodies/$"))
    expect(page.locator("h1")).to_have_text("Bodies")


def test_bodies_page_shows_the_tree_as_nested_lists(page: Page):
    open_page(page, "/bodies/")
    expect(page).to_have_title(f"Bodies – {SITE}")
    expect(page.locator("h1")).to_have_text("Bodies")
    expect(page.locator("main")).to_contain_text(f"{len(dataset_records('body'))} bodies")
    tree = page.locator("main ul.tree")
    for body in BODIES:
        expect(tree.locator(f'a[href="/bodies/{body["slug"]}/"]')).to_have_text(body["name"])
    # The Military Committee sits inside the Council of Ministers of Defense's list item...
    nested = tree.locator(
        'li:has(> a:text-is("Council of Ministers of Defense")) > ul > li > a:text-is("Military Committee")'
    )
    expect(nested).to_have_count(1)
    # ...which itself sits inside the organization's item, and nowhere else.
    expect(
        tree.locator(
            'li:has(> a:text-is("Collective Security Treaty Organization")) '
            'li:has(> a:text-is("Council of Ministers of Defense")) a:text-is("Military Committee")'
        )
    ).to_have_count(1)
    expect(
        tree.locator('li:has(> a:text-is("Council of Foreign Ministers")) a:text-is("Military Committee")')
    ).to_have_count(0)


def test_body_page_shows_title_breadcrumbs_infobox_and_sources(page: Page):
    open_page(page, "/bodies/military-committee/")
    expect(page).to_have_title(f"Military Committee – {SITE}")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Military Committee")

    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link")).to_have_text(
        ["Bodies", "Collective Security Treaty Organization", "Council of Ministers of Defense", "Military Committee"]
    )
    expect(breadcrumbs.locator('[aria-current="page"]')).to_have_text("Military Committee")

    infobox = page.locator("aside.infobox")
    expect(infobox).to_be_visible()
    expect(infobox.get_by_role("heading", name="At a glance")).to_be_visible()
    expect(infobox.locator("dt", has_text="Part of").locator("+ dd")).to_have_text("Council of Ministers of Defense")

    sources = page.locator("section:has(> h2#sources-heading)")
    expect(sources.get_by_role("heading", name="Sources")).to_be_visible()
    expect(sources.locator("ol.sources > li").first).to_be_visible()
    assert sources.locator("ol.sources > li").count() >= 1


@pytest.mark.parametrize("body", BODIES, ids=[body["slug"] for body in BODIES])
def test_each_body_page_carries_its_name_in_title_and_heading(page: Page, body: dict):
    open_page(page, f"/bodies/{body['slug']}/")
    expect(page).to_have_title(f"{body['name']} – {SITE}")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(body["name"])
    expect(page.get_by_role("navigation", name="Breadcrumb").locator('[aria-current="page"]')).to_have_text(
        body["name"]
    )


def test_unknown_body_gets_the_sites_own_404_page(page: Page):
    open_page(page, "/bodies/no-such-body/", status=404)
    expect(page).to_have_title(f"Page not found – {SITE}")
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Browse all bodies")).to_have_attribute("href", "/bodies/")


def test_admin_login_page_opens(page: Page):
    open_page(page, "/admin/login/")
    expect(page).to_have_title(re.compile(r"Log in"))
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/bodies/", "/bodies/military-committee/"])
def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(page: Page, path: str):
    open_page(page, path)
    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()  # hidden until focused

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_have_attribute("href", "#content")
    expect(focused).to_be_in_viewport()  # shown once focused

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    expect(page.locator("#content")).to_have_count(1)
    assert page.evaluate("() => document.getElementById('content').tagName") == "MAIN"


@pytest.mark.parametrize(("path", "status"), OUR_PAGES, ids=PAGE_IDS)
def test_page_is_valid_html(vnu_results: dict[str, tuple[int, str, list[dict]]], path: str, status: int):
    served_status, html, messages = vnu_results[path]
    assert served_status == status, f"{path} answered {served_status}, expected {status}"
    assert html.lstrip().lower().startswith("<!doctype html>"), f"{path} does not start with a doctype"
    errors = [message for message in messages if message.get("type") in VNU_FAILING_TYPES]
    if errors:
        pytest.fail(
            f"Nu Html Checker found {len(errors)} error(s) in {path}:\n{format_vnu_messages(errors, html)}",
            pytrace=False,
        )


@pytest.mark.parametrize(("path", "status"), OUR_PAGES, ids=PAGE_IDS)
def test_page_has_no_axe_violations(axe_script: Path, our_page_visits, path: str, status: int):
    served_status, _html, violations = our_page_visits[path]  # axe-core ran on the page as loaded in Chromium
    assert served_status == status, f"{path} answered {served_status}, expected {status}"
    assert violations is not None, f"axe-core did not run on {path}"
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} violation(s) on {path}:\n{format_axe_violations(violations)}",
            pytrace=False,
        )
