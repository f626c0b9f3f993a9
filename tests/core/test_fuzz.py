"""Hostile input at every address and every form: never a 5xx, and what is saved is what was typed.

Bounded: a fixed number of examples per test (hypothesis), on whichever database the suite runs on.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.wiki.forms import record_form_class
from apps.wiki.registry import KINDS
from apps.wiki.services import EDITORS

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "\ue010Military Committee\ue011lbl\ue012",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[[Military Committee]]",
    "[^article-military-council-2022]",
    "../../etc/passwd",
    "..\\..\\windows",
    "2022-13-45",
    "0001-01-01",
    "99999999999999999999",
    "-1",
    "‮evil‬",  # right-to-left override
    "𝕮𝕾𝕿𝕺 ✓ 日本語",
    "x" * 5000,
    " ",
    "",
    "%00",
    "NaN",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Each example of these visits every address (or several lists): fewer examples, the same coverage of routes.
FUZZ_EVERY_ROUTE = settings(FUZZ, max_examples=12)


def routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL pattern of the site as a route string, e.g. "bodies/<slug:slug>/history/"."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(routes(entry, route))
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
QUERY_NAMES = ["q", "as_of", "kind", "user", "page", "body", "year", "format", "from", "to", "go", "next", "name"]


def url_for(route: str, value: str) -> str:
    path = "/" + PARAMETER.sub(lambda m: value if m.group(1) != "int" else "1", route).lstrip("^").rstrip("$")
    return path.replace("\\Z", "")


@pytest.fixture
def editor_client(dataset):
    user = get_user_model().objects.create_user("fuzz-editor", "f@example.org", "a-long-test-password")
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@FUZZ_EVERY_ROUTE
@given(value=values, name=st.sampled_from(QUERY_NAMES))
def test_no_address_answers_a_server_error_to_hostile_parts_or_queries(editor_client, value, name):
    for route in routes():
        if route.startswith("admin/"):
            continue  # Django's own; its list filters are covered below
        response = editor_client.get(url_for(route, "military-committee"), {name: value})
        assert response.status_code < 500, (route, name, value)
        if "<slug:" in route or "<str:" in route:
            response = editor_client.get(url_for(route, value.replace("/", "") or "x"))
            assert response.status_code < 500, (route, value)


@FUZZ_EVERY_ROUTE
@given(value=values)
def test_admin_lists_answer_hostile_filters_without_a_server_error(dataset, admin_client, value):
    admin_client.raise_request_exception = False
    for url in ["/admin/bodies/body/", "/admin/membership/membership/", "/admin/core/source/"]:
        for name in ["q", "classification__exact", "o", "p", "body__id__exact"]:
            assert admin_client.get(url, {name: value}).status_code < 500, (url, name, value)


@FUZZ
@given(kind_key=st.sampled_from(sorted(KINDS)), value=values, summary=values)
def test_every_create_form_refuses_or_saves_hostile_values_exactly(editor_client, kind_key, value, summary):
    kind = KINDS[kind_key]
    form = record_form_class(kind)()
    data = dict.fromkeys(form.fields, value) | {"wiki-summary": summary}
    response = editor_client.post(f"/wiki/{kind_key}/new/", data)
    assert response.status_code in (302, 400), (kind_key, value, response.status_code)
    if response.status_code == 302:  # saved: every text field holds exactly what was typed
        record = kind.model._default_manager.order_by("-pk").first()
        for name, field in form.fields.items():
            if field.__class__.__name__ == "CharField" and hasattr(record, name):
                assert getattr(record, name) == field.clean(value), (kind_key, name)
