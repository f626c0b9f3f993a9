"""Editing journeys in Chromium, all from the pages an editor reads (issue 10, "Tests").

A new holder of a Military Committee post, a new person and a new source with its URL in one form; a
meeting recorded from the body page, with participants and agenda items, reordered; a preview that saves
nothing; an editing conflict that fits the window at 1280 and at 375 px; and the Nu Html Checker and
axe-core on the pages these journeys use.
"""

import re

import pytest
from playwright.sync_api import Page, Response, expect
from reversion.models import Version

from apps.bodies.models import Body
from apps.core.models import Citation
from apps.meetings.models import Meeting
from apps.wiki import services
from tests.browser.test_wiki_pages import check_axe, check_html
from tests.factories import make_user

# Every journey signs in and most of them save: the shared dataset is reloaded after each.
pytestmark = [pytest.mark.browser, pytest.mark.writes]

COMMITTEE = "/bodies/military-committee/"
PASSWORD = "a-long-test-password"  # tests.factories.make_user's
REPORT_URL = "https://example.org/report"


def sign_in(page: Page, next_path: str, username: str = "journey-editor") -> None:
    """Sign in as an editor (a user in the Editors group) and land on `next_path`."""
    make_user(username, editor=True)
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def submit(page: Page, button: str) -> Response:
    """Click a form's submit button and wait for the page it leads to; the response to the POST itself."""
    with page.expect_navigation(), page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name=button, exact=True).click()
    return posted.value


def saved(page: Page, button: str = "Create") -> None:
    """Submit a form that must save (a redirect); otherwise fail with the errors the form shows."""
    response = submit(page, button)
    if response.status != 302:
        errors = page.locator(".field-error").all_inner_texts()
        pytest.fail(f"the form answered {response.status}, not a redirect: {errors}", pytrace=False)


def opened(page: Page, path: str) -> str:
    """Open a page that must answer 200; its HTML as served."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    return response.text()


# The elements that reach past the window's right edge, for the message of a failure.
BEYOND_THE_EDGE = """() => [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth)
    .map((element) => `${element.tagName.toLowerCase()}${element.className ? "." + element.className : ""}`
        + ` (right edge at ${Math.round(element.getBoundingClientRect().right)} px)`)
    .slice(0, 10)"""


def fits_the_window(page: Page) -> None:
    """No sideways scrolling: the document is no wider than the window."""
    scroll_width, window_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > window_width:
        pytest.fail(
            f"the page scrolls sideways: {scroll_width} px wide in a {window_width} px window; "
            f"beyond the edge: {page.evaluate(BEYOND_THE_EDGE)}",
            pytrace=False,
        )


def test_an_editor_adds_a_new_person_as_holder_with_a_new_source_from_the_body_page(page: Page):
    sign_in(page, COMMITTEE)
    committee = Body.objects.get(slug="military-committee")

    page.get_by_role("link", name="Add a holder of Member for Armenia", exact=True).click()
    expect(page.locator("h1")).to_have_text("New membership")
    # The context comes from the row: the body and the post are chosen already.
    expect(page.get_by_label("Body", exact=True)).to_have_value(str(committee.pk))
    expect(page.get_by_label("Post", exact=True)).to_have_value(str(committee.posts.get(label="Member for Armenia").pk))
    page.get_by_label("From", exact=True).fill("2023-01")
    page.get_by_label("or a new person: given name").fill("Aram")
    page.get_by_label("new person: family name").fill("Testyan")
    page.get_by_label("new person: rank or honorific").fill("Lieutenant-General")

    page.get_by_text("Or describe a new source", exact=True).click()
    page.get_by_label("Title", exact=True).fill("Armenia names a new chief of the General Staff")
    page.get_by_label("Outlet or publisher").fill("Example News")
    page.get_by_label("URL", exact=True).fill(REPORT_URL)
    page.get_by_label("Where in the source").fill("paragraph 2")
    page.get_by_label("Quote").fill("Lieutenant-General Aram Testyan was appointed chief of the General Staff.")
    saved(page)

    # Back on the body page, the new holder in the post's row, with a footnote to the new source.
    expect(page).to_have_url(re.compile(re.escape(COMMITTEE) + "$"))
    expect(page.locator(".messages")).to_contain_text("Created")
    row = page.locator("table.members tbody tr").filter(has=page.locator("th", has_text="Member for Armenia"))
    holder = row.get_by_role("link", name="Lieutenant-General Aram Testyan", exact=True)
    expect(holder).to_have_attribute("href", "/people/aram-testyan/")
    footnote = row.locator("sup.cite a")
    expect(footnote).to_have_count(1)
    target = footnote.get_attribute("href")
    assert target is not None and re.fullmatch(r"#source-\d+", target), target
    footnote.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    entry = page.locator(f"ol.sources > li{target}")
    expect(entry).to_contain_text("Example News")
    expect(entry).to_contain_text("paragraph 2")
    link = entry.get_by_role("link", name="Armenia names a new chief of the General Staff", exact=True)
    expect(link).to_have_attribute("href", REPORT_URL)
    citation = Citation.objects.get(source__url=REPORT_URL)  # saved in the same form, with its quote
    assert citation.quote == "Lieutenant-General Aram Testyan was appointed chief of the General Staff."
    assert citation.content_object.person.slug == "aram-testyan"

    with page.expect_response(lambda response: response.url.endswith("/people/aram-testyan/")) as person:
        holder.click()
    assert person.value.status == 200
    expect(page.locator("h1")).to_have_text("Lieutenant-General Aram Testyan")


def test_an_editor_records_a_meeting_with_participants_and_agenda_from_the_body_page(page: Page):
    sign_in(page, COMMITTEE)
    committee = Body.objects.get(slug="military-committee")

    page.get_by_role("navigation", name="Add to this body").get_by_role("link", name="Record a meeting").click()
    expect(page.locator("h1")).to_have_text("New meeting")
    expect(page.get_by_label("Body", exact=True)).to_have_value(str(committee.pk))
    page.get_by_label("Title", exact=True).first.fill("Meeting of the Military Committee, 10 May 2023")
    page.get_by_label("Date", exact=True).fill("2023-05-10")
    page.get_by_label("Format").select_option(label="in person")
    page.get_by_label("Place", exact=True).fill("Minsk")
    page.get_by_label("An existing source").select_option(
        label="BelTA report of the CSTO Military Council videoconference (BelTA)"
    )
    page.get_by_label("Where in the source").fill("paragraph 1")
    saved(page)

    # A meeting has a page of its own: the editor lands there.
    expect(page).to_have_url(re.compile(r"/meetings/meeting-of-the-military-committee-10-may-2023/$"))
    expect(page.locator("h1")).to_have_text("Meeting of the Military Committee, 10 May 2023")
    expect(page.locator("aside.infobox")).to_contain_text("10 May 2023")
    expect(page.locator("ol.sources")).to_contain_text("BelTA report of the CSTO Military Council videoconference")
    meeting_url = page.url

    actions = page.get_by_role("navigation", name="Add to this meeting")
    for person, capacity, state in [
        ("Valery Gerasimov", "Chief of the General Staff of the Armed Forces of Russia", "Russia"),
        ("Anatoly Sidorov", "Chief of the CSTO Joint Staff", ""),
    ]:
        actions.get_by_role("link", name="Add a participant").click()
        expect(page.locator("h1")).to_have_text("New participant")
        expect(page.get_by_label("Meeting")).to_contain_text("Meeting of the Military Committee, 10 May 2023")
        page.get_by_label("Person").select_option(label=person)
        page.get_by_label("Capacity").fill(capacity)
        if state:
            page.get_by_label("On behalf of").select_option(label=state)
        saved(page)
        expect(page).to_have_url(meeting_url)

    participants = page.locator("section:has(> h2#participants-heading) tbody tr")
    expect(participants).to_have_count(2)
    expect(participants.nth(0)).to_contain_text("Valery Gerasimov")
    expect(participants.nth(0)).to_contain_text("Russia")
    expect(participants.nth(1)).to_contain_text("Anatoly Sidorov")
    expect(participants.nth(1)).to_contain_text("Chief of the CSTO Joint Staff")

    items = [
        ("Joint exercises in 2023", "The plan of joint exercises was approved."),
        ("Air defence of the coalition forces", "Proposals go to the Council of Ministers of Defense."),
    ]
    for title, outcome in items:
        actions.get_by_role("link", name="Add an agenda item").click()
        expect(page.locator("h1")).to_have_text("New agenda item")
        page.get_by_label("Title", exact=True).first.fill(title)
        page.get_by_label("Outcome", exact=True).fill(outcome)
        saved(page)
        expect(page).to_have_url(meeting_url)

    agenda = page.locator("ol.agenda > li")
    expect(agenda.locator("h3")).to_have_text([title for title, _outcome in items])
    expect(agenda.nth(0)).to_contain_text(items[0][1])
    expect(agenda.nth(1)).to_contain_text(items[1][1])

    expect(agenda.nth(0).get_by_role("button", name="Move up")).to_have_count(0)  # the first has nowhere to go
    agenda.nth(1).get_by_role("button", name="Move up").click()
    expect(agenda.locator("h3")).to_have_text([items[1][0], items[0][0]])
    expect(page).to_have_url(re.compile(re.escape(meeting_url)))
    meeting = Meeting.objects.get(slug="meeting-of-the-military-committee-10-may-2023")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [items[1][0], items[0][0]]


def test_a_preview_shows_the_text_with_its_links_and_saves_nothing(page: Page):
    sign_in(page, COMMITTEE)
    committee = Body.objects.get(slug="military-committee")
    revisions = Version.objects.get_for_object(committee).count()
    sentence = "It meets with the Joint Staff before every session."

    page.get_by_role("navigation", name="Page tools").get_by_role("link", name="Edit", exact=True).click()
    expect(page.locator("h1")).to_have_text("Editing Military Committee")
    description = page.get_by_label("Description", exact=True)
    description.fill(f"{committee.description}\n\nIt meets with the [[Joint Staff]] before every session.")
    assert submit(page, "Show preview").status == 200

    preview = page.locator("section.preview")
    expect(preview.get_by_role("heading", name="Preview")).to_be_visible()
    expect(preview).to_contain_text("nothing has been saved yet")
    expect(preview).to_contain_text(sentence)
    expect(preview.get_by_role("link", name="Joint Staff", exact=True)).to_have_attribute(
        "href", "/bodies/joint-staff/"
    )
    expect(description).to_have_value(re.compile(re.escape("[[Joint Staff]]")))  # the text typed is kept

    page.goto(COMMITTEE)
    expect(page.locator("h1")).to_have_text("Military Committee")
    expect(page.locator("div.prose")).not_to_contain_text(sentence)
    committee.refresh_from_db()
    assert "[[Joint Staff]]" not in committee.description
    assert Version.objects.get_for_object(committee).count() == revisions


def test_an_editing_conflict_fits_the_window_at_1280_and_375_px(page: Page, html_checker, axe_script):
    sign_in(page, COMMITTEE)
    committee = Body.objects.get(slug="military-committee")
    word = "Interoperability" * 19  # 304 characters without a break
    paragraph = "The committee coordinates the planning of the collective forces of the member states. " * 12

    page.goto(f"{COMMITTEE}edit/")
    expect(page.locator("h1")).to_have_text("Editing Military Committee")

    # Another editor saves the same field meanwhile, through the service the edit form calls.
    services.record_save(
        obj=committee,
        values={"description": f"{paragraph}\n\nTheirs: {word}\n\n{paragraph}"},
        user=make_user("other-editor", editor=True),
        summary="Rewrite the description",
        base_version_id=None,
    )

    page.get_by_label("Description", exact=True).fill(f"{paragraph}\n\nMine: {word}\n\n{paragraph}\n\n{paragraph}")
    page.get_by_label("Edit summary: what you changed").fill("Expand the description")
    response = submit(page, "Save")
    assert response.status == 409
    served = {"conflict": response.text()}

    conflict = page.locator("section.conflict")
    expect(conflict.get_by_role("heading", name="Someone else changed the same fields")).to_be_visible()
    expect(conflict).to_contain_text("other-editor")
    table = conflict.locator("table")
    expect(table.locator("thead th")).to_have_text(["Field", "Their saved version", "Your version"])
    expect(table.locator("tbody th")).to_have_text(["Description"])
    expect(table.locator("tbody td").nth(0)).to_contain_text(f"Theirs: {word}")
    expect(table.locator("tbody td").nth(1)).to_contain_text(f"Mine: {word}")
    committee.refresh_from_db()
    assert "Mine:" not in committee.description  # nothing of the second editor's was saved

    for width, height in [(1280, 800), (375, 667)]:
        page.set_viewport_size({"width": width, "height": height})
        fits_the_window(page)
        # "Your version" is on screen, not pushed off to the right.
        box = table.get_by_role("columnheader", name="Your version").bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, (width, box)
        check_axe(page, axe_script)
    check_html(html_checker, served)


def test_the_new_editing_pages_are_valid_and_accessible(page: Page, html_checker, axe_script):
    sign_in(page, COMMITTEE)
    committee = Body.objects.get(slug="military-committee")
    meeting = Meeting.objects.get(slug="military-committee-2021-12-08-videoconference")
    # A second revision, so that the restore page has a difference to confirm.
    services.record_save(
        obj=committee, values={"abbreviation": "MC"}, user=None, summary="Add the abbreviation", base_version_id=None
    )
    older = Version.objects.get_for_object(committee)[1]
    post = committee.posts.get(label="Member for Armenia")
    paths = {
        "record page, signed in": COMMITTEE,
        "meeting page, signed in": meeting.get_absolute_url(),
        "new membership, pre-filled": f"/wiki/membership/new/?body={committee.pk}&post={post.pk}&next={COMMITTEE}",
        "cite": f"{COMMITTEE}cite/?next={COMMITTEE}",
        "another name": f"{COMMITTEE}aliases/new/?next={COMMITTEE}",
        "restore": f"{COMMITTEE}history/{older.pk}/restore/",
    }
    served: dict[str, str] = {}
    for name, path in paths.items():
        served[name] = opened(page, path)
        check_axe(page, axe_script)
    expect(page.locator("main table del")).to_have_text("MC")  # the restore page shows what it undoes

    # A new record's form showing its preview: a wiki link that resolves and one to nothing.
    page.goto(f"/wiki/agenda-item/new/?meeting={meeting.pk}&order=7&next={meeting.get_absolute_url()}")
    page.get_by_label("Title", exact=True).first.fill("Exercises of the collective forces")
    page.get_by_label("Outcome", exact=True).fill(
        "Referred to the [[Military Committee]] and to a [[Working group on exercises]]."
    )
    response = submit(page, "Show preview")
    assert response.status == 200
    preview = page.locator("section.preview")
    expect(preview.get_by_role("link", name="Military Committee", exact=True)).to_have_attribute("href", COMMITTEE)
    expect(preview).to_contain_text("Working group on exercises")
    served["preview of a new record"] = response.text()
    check_axe(page, axe_script)

    check_html(html_checker, served)
