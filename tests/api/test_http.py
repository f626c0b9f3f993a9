"""The API over HTTP: read-only, conditional GET, throttling, its schema and its documentation page."""

import pytest
import yaml
from django.test.utils import override_settings
from openapi_spec_validator import validate

from tests.factories import cite, make_body, make_user

pytestmark = pytest.mark.django_db

LISTS = ["bodies", "states", "people", "posts", "memberships", "documents", "meetings", "sources"]


@pytest.fixture
def body():
    body = make_body(name="Military Committee", slug="military-committee")
    cite(body)
    return body


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("address", ["/api/", "/api/bodies/", "/api/bodies/military-committee/"])
def test_no_write_method_is_accepted(client, body, method, address):
    response = getattr(client, method)(address, data={"name": "Changed"}, content_type="application/json")
    assert response.status_code == 405
    body.refresh_from_db()
    assert body.name == "Military Committee"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_write_method_is_accepted_from_a_signed_in_superuser_either(client, body, method, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password")
    client.force_login(admin)
    response = getattr(client, method)("/api/bodies/military-committee/", data={}, content_type="application/json")
    assert response.status_code in {403, 405}  # 403: the CSRF check of a session comes first
    assert client.get("/api/bodies/military-committee/").json()["name"] == "Military Committee"


def test_get_head_and_options_answer(client, body):
    assert client.get("/api/bodies/").status_code == 200
    assert client.head("/api/bodies/military-committee/").status_code == 200
    options = client.options("/api/bodies/")
    assert options.status_code == 200
    assert "POST" not in options["Allow"] and "GET" in options["Allow"]


@pytest.mark.parametrize("address", ["/api/bodies/", "/api/bodies/military-committee/", "/api/"])
def test_a_repeated_get_with_the_etag_gets_a_304_and_a_change_a_new_etag(client, body, address):
    first = client.get(address)
    etag = first["ETag"]
    assert etag
    again = client.get(address, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    body.summary = "Changed."
    body.save()
    changed = client.get(address, headers={"If-None-Match": etag})
    if address != "/api/":
        assert changed.status_code == 200
        assert changed["ETag"] != etag


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}})
def test_anonymous_clients_are_throttled_after_the_rate(client, body):
    for _ in range(3):
        assert client.get("/api/bodies/").status_code == 200
    refused = client.get("/api/bodies/military-committee/")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # Another address is another client; an invented X-Forwarded-For does not make one.
    assert client.get("/api/bodies/", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/api/bodies/", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}})
def test_signed_in_users_are_not_throttled(client, body):
    client.force_login(make_user())
    for _ in range(5):
        assert client.get("/api/bodies/").status_code == 200


def test_the_openapi_schema_validates_and_documents_every_endpoint_and_filter(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    for kind in LISTS:
        assert f"/api/{kind}/" in schema["paths"]
        assert {"get"} == set(schema["paths"][f"/api/{kind}/"])  # read-only: no other method documented
    names = {p["name"] for p in schema["paths"]["/api/memberships/"]["get"]["parameters"]}
    assert {"as_of", "body", "state", "q", "page", "page_size"} <= names
    json_schema = client.get("/api/schema/?format=json")
    assert json_schema.status_code == 200
    validate(json_schema.json())


def test_the_documentation_page_loads_its_assets_from_this_site_under_the_strict_policy(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<style" not in html and "<script>" not in html  # no inline code: the site's policy holds
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "cdn" not in html.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_the_static_assets_of_the_documentation_page_are_served(client):
    response = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert response.status_code == 200


def test_pages_are_numbered_with_a_bounded_size(client):
    root = make_body(name="Top")
    for n in range(4):
        make_body(parent=root, name=f"Sub {n}")
    page = client.get("/api/bodies/?page_size=2").json()
    assert page["count"] == 5 and len(page["results"]) == 2
    assert "page=2" in page["next"]
    with override_settings(API_MAX_PAGE_SIZE=3):
        assert len(client.get("/api/bodies/?page_size=1000").json()["results"]) == 3
    assert client.get("/api/bodies/?page=99").status_code == 404
