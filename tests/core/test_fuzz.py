"""Hostile input at every address and every form: never a 5xx, and what is saved is what was typed.

Bounded: a fixed number of examples per test (hypothesis), on whichever database the suite runs on.
"""

import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.validators import MaxLengthValidator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.core.dates import PartialDateField
from apps.wiki import services
from apps.wiki.addresses import record_url
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
@given(
    kind_key=st.sampled_from(sorted(key for key, kind in KINDS.items() if not kind.attached)),
    value=values,
    summary=values,
)
def test_every_create_form_refuses_or_saves_hostile_values_without_a_server_error(
    editor_client, kind_key, value, summary
):
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


def _text_fields() -> list[tuple[str, str]]:
    """(kind, field) for every free-text field of every kind's edit form (not slugs, dates, choices, links, or
    fields with rules of their own such as clause numbers)."""
    pairs = []
    for key, kind in sorted(KINDS.items()):
        for name, field in record_form_class(kind)().fields.items():
            if name not in kind.fields:
                continue  # a form's own fields, such as a membership's new person
            model_field = kind.model._meta.get_field(name)
            rules = [v for v in model_field.validators if not isinstance(v, MaxLengthValidator)]
            long_enough = (model_field.max_length or 1000) >= 100
            free_text = type(field) is forms.CharField and not isinstance(model_field, PartialDateField)
            if free_text and not rules and long_enough:  # any characters, and room for the test's value
                pairs.append((key, name))
    return pairs


@FUZZ
@given(target=st.sampled_from(_text_fields()), value=values)
def test_a_hostile_value_in_one_text_field_is_refused_or_saved_exactly_as_typed(editor_client, target, value):
    kind_key, name = target
    kind = KINDS[kind_key]
    record = kind.model._default_manager.order_by("pk").first()
    form = record_form_class(kind)(instance=record)
    data = {n: "" if form[n].value() is None else form[n].value() for n in form.fields}
    data |= {name: value, "wiki-summary": "fuzz", "wiki-base_version": services.ensure_baseline(record).pk}
    response = editor_client.post(record_url(record, "edit"), data)
    assert response.status_code in (302, 400), (kind_key, name, value, response.status_code)
    if response.status_code == 302:
        stored = getattr(kind.model._default_manager.get(pk=record.pk), name)
        assert stored == form.fields[name].clean(value), (kind_key, name, value)


def test_the_round_trip_is_exercised_for_every_kind_with_text(editor_client):
    """Not left to chance: an ordinary hostile value is saved, exactly, in one text field of every kind."""
    kinds = {kind_key for kind_key, _name in _text_fields()}
    for kind_key, name in dict(_text_fields()[::-1]).items():  # one field per kind
        kind = KINDS[kind_key]
        record = kind.model._default_manager.order_by("pk").first()
        form = record_form_class(kind)(instance=record)
        data = {n: "" if form[n].value() is None else form[n].value() for n in form.fields}
        value = '<script>alert(1)</script> [[Military Committee]] "quoted"'
        data |= {name: value, "wiki-summary": "fuzz", "wiki-base_version": services.ensure_baseline(record).pk}
        assert editor_client.post(record_url(record, "edit"), data).status_code == 302, (kind_key, name)
        assert getattr(kind.model._default_manager.get(pk=record.pk), name) == value
        kinds.discard(kind_key)
    assert not kinds
