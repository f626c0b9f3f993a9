"""The organization chart in Chromium at phone and desktop widths: no sideways page scroll, valid, accessible."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.quality import VNU_FAILING_TYPES, format_axe_violations, format_vnu_messages

pytestmark = pytest.mark.browser

PAGES = [
    "/bodies/chart/",
    "/bodies/chart/?as_of=2022-06-01",
    "/bodies/military-committee/",
    "/states/armenia/",
    "/meetings/",
]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_chart_fits_the_screen_and_its_boxes_lead_to_the_bodies(page: Page, axe_script, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto("/bodies/chart/")
    assert response is not None and response.status == 200
    overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"the page scrolls sideways at {width} px: {overflow}"
    chart = page.locator(".chart-frame svg.org-chart")
    expect(chart).to_be_visible()
    box = chart.locator('a[href="/bodies/military-committee/"]')
    expect(box).to_have_count(1)
    expect(box).to_contain_text("Military Committee")
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    assert not violations, format_axe_violations(violations)
    box.click()
    expect(page).to_have_url(f"{page.url.split('/bodies/')[0]}/bodies/military-committee/")
    expect(page.locator("h1")).to_have_text("Military Committee")


@pytest.mark.parametrize("width", [375, 1280])
def test_timelines_scroll_inside_their_frames(page: Page, width: int):
    """Each timeline stays inside the column (the page itself may still be widened by other sections: the
    state page's membership table at 375 px, which the page layout work takes care of)."""
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES[2:]:
        page.goto(path)
        frame = page.locator(".chart-frame")
        expect(frame.locator("svg")).to_have_count(1)
        right = frame.evaluate("frame => frame.getBoundingClientRect().right")
        assert right <= width, f"the timeline on {path} sticks out at {width} px ({right})"


def test_the_chart_and_timeline_pages_are_valid_html(page: Page, html_checker):
    documents = {}
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        documents[path] = response.text()
    results = html_checker.validate(documents)
    problems = {path: [m for m in messages if m.get("type") in VNU_FAILING_TYPES] for path, messages in results.items()}
    report = "\n".join(
        f"{path}:\n{format_vnu_messages(errors, documents[path])}" for path, errors in problems.items() if errors
    )
    assert not report, report


def test_the_chart_prints_on_one_a4_page(page: Page):
    page.goto("/bodies/chart/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".chart-alt")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the chart prints on {pages} A4 pages"
