"""Admin change pages fit a 1280 px window: wide inlines scroll inside their own box, fields wrap."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page

from apps.bodies.models import Body
from apps.documents.models import Document
from apps.meetings.models import Meeting

# Signing in writes a user (and a session): the shared dataset is reloaded after it.
pytestmark = [pytest.mark.browser, pytest.mark.writes]


def test_admin_change_pages_fit_1280_px(page: Page):
    get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password")
    records = [
        Body.objects.get(slug="military-committee"),
        Meeting.objects.order_by("pk").first(),
        Document.objects.order_by("pk").first(),
    ]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("curator")
    page.locator("input[name=password]").fill("a-long-password")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    widths = {}
    for record in records:
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        widths[url] = page.evaluate("document.documentElement.scrollWidth")
    assert all(width <= 1280 for width in widths.values()), widths
