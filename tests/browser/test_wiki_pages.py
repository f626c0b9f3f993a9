"""The editing journey in Chromium: sign in, edit with a summary, history, recent changes, compare, restore.

Every page of the journey is validated with the Nu Html Checker and audited with axe-core.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from apps.wiki.services import EDITORS
from tests.browser.quality import VNU_FAILING_TYPES, format_axe_violations, format_vnu_messages

# The journey signs in, edits and restores: the shared dataset is reloaded after it.
pytestmark = [pytest.mark.browser, pytest.mark.writes]


def check_html(html_checker, pages: dict[str, str]) -> None:
    messages = html_checker.validate(pages)
    for name, found in messages.items():
        errors = [m for m in found if m.get("type") in VNU_FAILING_TYPES]
        assert not errors, f"{name}:\n{format_vnu_messages(errors, pages[name])}"


def check_axe(page: Page, axe_script) -> None:
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    assert not violations, format_axe_violations(violations)


def test_an_editor_edits_compares_and_restores(page: Page, html_checker, axe_script):
    editor = get_user_model().objects.create_user("editor", "e@example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    served: dict[str, str] = {}

    served["login"] = page.goto("/accounts/login/?next=/bodies/joint-staff/").text()
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Joint Staff")

    page.get_by_role("link", name="Edit", exact=True).click()
    # The click only starts the navigation: read the page once the form is there, not the one being left.
    expect(page.get_by_label("Edit summary")).to_be_visible()
    served["edit"] = page.content()
    page.get_by_label("Abbreviation", exact=True).fill("JS")
    page.get_by_label("Edit summary").fill("Add the abbreviation")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".infobox")).to_contain_text("JS")

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.locator("table")).to_contain_text("Add the abbreviation")
    served["history"] = page.content()
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator("ins")).to_have_text("JS")
    served["compare"] = page.content()
    check_axe(page, axe_script)

    page.goto("/changes/")
    expect(page.locator("ul.changes")).to_contain_text("Add the abbreviation")
    served["changes"] = page.content()
    check_axe(page, axe_script)

    page.goto("/bodies/joint-staff/history/")
    page.locator("table tbody tr").nth(1).get_by_role("link", name="Restore…").click()
    # Restoring asks first: what it changes, and an edit summary (offered, and editable).
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restore an old revision")
    expect(page.locator("table.diff")).to_contain_text("JS")
    check_axe(page, axe_script)
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".infobox")).not_to_contain_text("JS")
    page.goto("/bodies/joint-staff/history/")
    expect(page.locator("table tbody tr").first).to_contain_text("Restored the revision")
    check_axe(page, axe_script)
    # Every page served on the way, validated together: one JVM start instead of one per stage.
    check_html(html_checker, served)
