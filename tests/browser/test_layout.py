"""The look and layout in Chromium (issue 19): every page type at 375, 768 and 1280 px.

The sweep opens each page type once per width in one browser context: no sideways scrolling, the header on
one row at 1280 px (for a signed-in editor too, whose menu has Watchlist and Admin), axe-core clean in the
light and the dark colour scheme (colour contrast included). The pages' HTML goes through the Nu Html
Checker in one run at the end. Screenshots of the main page types at 375 and 1280 px are saved to
var/screenshots/ (a CI artifact). Then the pieces one by one: the collapsing menu, the table of contents,
dark mode and print.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.bodies.models import Body
from apps.core.models import Source
from apps.wiki import services
from tests.browser.quality import (
    ROOT,
    VNU_FAILING_TYPES,
    format_axe_violations,
    format_vnu_messages,
)
from tests.factories import REGULATIONS, make_user

pytestmark = pytest.mark.browser

WIDTHS = (375, 768, 1280)
HEIGHT = 800
SCREENSHOTS = ROOT / "var" / "screenshots"
COMMITTEE = "/bodies/military-committee/"
MEETING = "/meetings/military-committee-2021-12-08-videoconference/"
DOCUMENT = "/documents/collective-security-treaty/"
PASSWORD = "a-long-test-password"  # tests.factories.make_user's

# Filled by the sweeps, validated together by the last test of this file: {name: HTML as served}.
SERVED: dict[str, str] = {}


def reader_pages() -> dict[str, str]:
    """Every page type a reader opens: {name: path}."""
    source = Source.objects.order_by("pk").first()
    return {
        "home": "/",
        "bodies": "/bodies/",
        "body": COMMITTEE,
        "states": "/states/",
        "state": "/states/russia/",
        "people": "/people/",
        "person": "/people/valery-gerasimov/",
        "documents": "/documents/",
        "document": DOCUMENT,
        "clause": f"/documents/{REGULATIONS}/clauses/15/",
        "meetings": "/meetings/",
        "meeting": MEETING,
        "search": "/search/?q=committee&go=0",
        "changes": "/changes/",
        "history": f"{COMMITTEE}history/",
        "sources": "/sources/",
        "source": source.get_absolute_url(),
        "maintenance": "/maintenance/",
        "login": "/accounts/login/",
        # Russian words are longer: the header and the body page must fit in Russian too (issue 17).
        "home (ru)": "/ru/",
        "body (ru)": f"/ru{COMMITTEE}",
    }


SCREENSHOT_PAGES = ("home", "body", "meeting", "document", "search")

# The elements whose right edge is past the window's, innermost first, for a failure's message.
BEYOND_THE_EDGE = """() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((e) => `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""}`
        + ` (right edge at ${Math.round(e.getBoundingClientRect().right)} px)`)
    .reverse().slice(0, 6)"""

# The header's visible children (the note after a search that went straight to a page aside), as boxes.
HEADER_BOXES = """() => [...document.querySelectorAll(".site-header > *:not(.search-note)")]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => { const r = e.getBoundingClientRect();
        const name = e.tagName.toLowerCase() + (e.className ? "." + e.className : "");
        return {name, top: r.top, bottom: r.bottom}; })"""

AXE = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"


def overflow(page: Page) -> str | None:
    """Why the page scrolls sideways, or None when it fits the window."""
    scroll_width, window_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width <= window_width:
        return None
    return f"{scroll_width} px wide in a {window_width} px window; beyond the edge: {page.evaluate(BEYOND_THE_EDGE)}"


def header_rows(page: Page) -> str | None:
    """Why the header's children are not all on one row, or None when they are."""
    boxes = page.evaluate(HEADER_BOXES)
    assert len(boxes) >= 4, f"the header shows {len(boxes)} parts: {boxes}"
    if max(box["top"] for box in boxes) < min(box["bottom"] for box in boxes):
        return None
    return "the header takes more than one row: " + ", ".join(
        f"{box['name']} {box['top']:.0f}–{box['bottom']:.0f}" for box in boxes
    )


def axe_problems(page: Page, axe_script: Path) -> list[str]:
    """axe-core's violations in the light and then the dark colour scheme, as readable lines."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = page.evaluate(AXE)
        if violations:
            problems.append(f"[{scheme}]\n{format_axe_violations(violations)}")
    page.emulate_media(color_scheme="light")
    return problems


def sweep(page: Page, pages: dict[str, str], width: int, axe_script: Path, *, screenshots: bool = False) -> list[str]:
    """Open each page at `width`: its failures (overflow, header rows at 1280, axe) as messages."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    failures = []
    for name, path in pages.items():
        response = page.goto(path)
        assert response is not None, f"no response for {path}"
        if response.status != 200:
            failures.append(f"{name} ({path}) at {width} px answered {response.status}")
            continue
        if width == WIDTHS[-1]:
            SERVED[name] = response.text()
        if why := overflow(page):
            failures.append(f"{name} ({path}) at {width} px scrolls sideways: {why}")
        if width >= 1280 and (why := header_rows(page)):
            failures.append(f"{name} ({path}) at {width} px: {why}")
        for lines in axe_problems(page, axe_script):
            failures.append(f"{name} ({path}) at {width} px, axe-core:\n{lines}")
        if screenshots and name in SCREENSHOT_PAGES and width in (375, 1280):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))
    return failures


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_the_width_and_passes_axe_in_both_colour_schemes(page: Page, axe_script, width: int):
    failures = sweep(page, reader_pages(), width, axe_script, screenshots=True)
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


@pytest.mark.writes
def test_an_editors_pages_fit_every_width_with_the_header_on_one_row(page: Page, axe_script):
    editor = make_user("layout-editor", editor=True)
    editor.is_staff = True  # the menu has Admin too: the longest header
    editor.save()
    # A second revision of the committee, for a comparison and an old version to show.
    services.record_save(
        obj=Body.objects.get(slug="military-committee"),
        values={"abbreviation": "MC"},
        user=editor,
        summary="Add the abbreviation",
        base_version_id=None,
    )
    page.goto(f"/accounts/login/?next={COMMITTEE}")
    page.get_by_label("Username").fill("layout-editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Military Committee")
    page.goto(f"{COMMITTEE}history/")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator("ins")).to_have_text("MC")
    compare = page.url.removeprefix(re.match(r"https?://[^/]+", page.url).group(0))
    version = page.locator("main thead a").first.get_attribute("href")

    pages = {
        "editor: body": COMMITTEE,
        "editor: edit form": f"{COMMITTEE}edit/",
        "editor: watchlist": "/watchlist/",
        "editor: compare": compare,
        "editor: version": version,
        "editor: body (ru)": f"/ru{COMMITTEE}",
    }
    failures = []
    for width in WIDTHS:
        failures.extend(sweep(page, pages, width, axe_script))
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto(COMMITTEE)
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Watchlist")).to_be_visible()
    expect(menu.get_by_role("link", name="Admin")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def test_on_a_phone_the_menu_opens_from_the_keyboard_and_the_search_box_stays_at_hand(page: Page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(COMMITTEE)
    menu = page.get_by_role("navigation", name="Main")
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(menu.get_by_role("link", name="Meetings")).to_be_hidden()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 120, f"the header takes {header_height:.0f} px of a 740 px phone screen"

    page.locator(".site-menu > summary").focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Meetings")).to_be_visible()
    menu.get_by_role("link", name="Meetings").click()
    expect(page).to_have_url(re.compile(r"/meetings/$"))

    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(menu.get_by_role("link", name="Recent changes")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "sections"),
    [
        (
            COMMITTEE,
            ["Legal basis", "Posts and members", "Latest meetings", "Sub-bodies", "What links here", "Sources"],
        ),
        (MEETING, ["Participants", "Agenda", "What links here", "Sources"]),
        ("/states/russia/", None),
        ("/people/valery-gerasimov/", None),
        (DOCUMENT, None),
    ],
)
def test_a_page_with_more_than_three_sections_has_a_table_of_contents(page: Page, path: str, sections):
    page.goto(path)
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents).to_have_count(1)
    links = contents.get_by_role("link")
    if sections:
        expect(links).to_have_text(sections)
    assert links.count() > 3
    for link in links.all():
        target = link.get_attribute("href")
        assert target.startswith("#")
        heading = page.locator(f"h2{target}")
        expect(heading).to_have_count(1)
        expect(heading).to_have_text(link.inner_text())


def test_dark_mode_follows_the_system_and_print_shows_one_column_with_the_sources_addresses(page: Page):
    page.emulate_media(color_scheme="dark")
    page.goto(COMMITTEE)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    channels = [int(value) for value in re.findall(r"\d+", background)[:3]]
    assert max(channels) < 64, f"the dark scheme's background is {background}"

    page.emulate_media(color_scheme="light", media="print")
    for hidden in (".site-header", ".breadcrumbs", ".record-tools ul", "form.site-search", ".toc"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".last-edited")).to_be_visible()
    assert page.locator(".infobox").evaluate("e => getComputedStyle(e).float") == "none"
    after = "(e) => getComputedStyle(e, '::after').content"
    outside = page.locator("ol.sources a[href^='http']").first
    expect(outside).to_have_count(1)
    content = outside.evaluate(after)
    assert "attr(href)" in content or outside.get_attribute("href") in content, f"printed after a source: {content}"
    inside = page.locator("main a[href^='/']").first
    assert inside.evaluate(after) in ("none", "normal"), "an internal link's address is printed"


def test_the_swept_pages_are_valid_html(page: Page, html_checker):
    """All the pages the sweeps served, in one run of the Nu Html Checker (the reader's pages alone when
    this test runs by itself)."""
    if not SERVED:
        for name, path in reader_pages().items():
            SERVED[name] = page.request.get(path).text()
    results = html_checker.validate(SERVED)
    failures = []
    for name, messages in results.items():
        errors = [message for message in messages if message.get("type") in VNU_FAILING_TYPES]
        if errors:
            failures.append(f"{name}: {len(errors)} error(s)\n{format_vnu_messages(errors, SERVED[name])}")
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)
