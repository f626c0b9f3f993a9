import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_body

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real server process whose database is a PostgreSQL port nobody listens on.
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DJANGO_CONN_MAX_AGE": "0"}
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "503 database unreachable", result.stderr


@pytest.mark.django_db
def test_home_page_says_what_the_csto_is_and_shows_the_top_of_the_tree(client):
    root = make_body(name="Collective Security Treaty Organization", description="An *alliance*.", slug="csto")
    make_body(parent=root, name="Joint Staff", slug="joint-staff")
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    assert b"<em>alliance</em>" in response.content
    assert b'href="/bodies/joint-staff/"' in response.content
    assert b'href="/bodies/"' in response.content


@pytest.mark.django_db
def test_an_unknown_address_gets_the_sites_own_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in response.content
    assert b"CSTO Wiki" in response.content
