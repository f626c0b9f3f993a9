"""Documents and legal bases, as a reader follows them in Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_documents_are_listed_by_kind(page: Page):
    page.goto("/documents/")
    for heading in ["Treaty", "Charter", "Regulations", "Decision"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def test_two_clicks_from_the_military_committee_reach_its_clause_and_the_approving_decision(page: Page):
    page.goto("/bodies/military-committee/")
    legal_basis = page.locator("section", has=page.get_by_role("heading", name="Legal basis"))
    legal_basis.get_by_role("link", name="clause 15").click()
    expect(page.locator("h1")).to_have_text("Clause 15 of the Regulations on the Council of Ministers of Defense")
    expect(page.locator("main")).to_contain_text("Summary, not the official wording")
    page.go_back()
    legal_basis.get_by_role("link", name="decision", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Decision of the Collective Security Council of 28 April 2003")
    expect(page.locator("main")).to_contain_text("This document approves")


def test_a_clause_permalink_lands_on_the_clause(page: Page):
    page.goto("/documents/regulations-on-the-council-of-ministers-of-defense/clauses/15/")
    page.get_by_role("link", name="See it in the whole document").click()
    expect(page).to_have_url(re.compile(r"#clause-15$"))
    expect(page.locator("#clause-15")).to_be_in_viewport()
