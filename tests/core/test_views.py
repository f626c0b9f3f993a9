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


def _without_database(code: str) -> str:
    """Run `code` in a fresh process whose database is a PostgreSQL port nobody listens on; its output."""
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DJANGO_CONN_MAX_AGE": "0"}
    setup = (
        "import django; django.setup(); from django.test import Client; client = Client(raise_request_exception=False);"
    )
    result = subprocess.run(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_pages_answer_503_with_retry_after_when_the_database_is_unreachable():
    out = _without_database(
        "r = client.get('/bodies/csto/');print(r.status_code, r['Retry-After']); print(r.content.decode())"
    )
    status, page = out.split("\n", 1)
    assert status == "503 30"
    assert "Temporarily unavailable" in page and "Nothing you saved has been lost" not in page


def test_an_edit_posted_during_an_outage_is_reported_unsaved_and_shown_back():
    out = _without_database(
        "from django.middleware.csrf import get_token; from django.test import RequestFactory;"
        "request = RequestFactory().get('/'); token = get_token(request);"
        "client.cookies['csrftoken'] = request.META['CSRF_COOKIE'];"
        "client.cookies['sessionid'] = 'a-session-the-database-would-know';"
        "r = client.post('/bodies/csto/edit/', {'csrfmiddlewaretoken': token, 'name': 'CSTO',"
        " 'description': 'My <careful> paragraph.', 'wiki-summary': 'fixed a date'});"
        "print(r.status_code); print(r.content.decode())"
    )
    status, page = out.split("\n", 1)
    assert status == "503"
    assert "What you just sent was not saved." in page
    assert "My &lt;careful&gt; paragraph." in page and "fixed a date" in page
    assert "csrfmiddlewaretoken" not in page


def test_a_database_that_accepts_but_never_answers_gives_a_503_within_the_connect_timeout():
    # A "frozen" database: the port accepts connections and then says nothing.
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{port}/none",
        "DJANGO_CONN_MAX_AGE": "0",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    code = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client(raise_request_exception=False).get('/bodies/'); print(r.status_code)"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    listener.close()
    assert result.stdout.strip() == "503", result.stderr
    assert time.monotonic() - started < 30  # bounded by the timeout, not by how long the database stays frozen


@pytest.mark.django_db
def test_pages_recover_by_themselves_when_the_database_comes_back(on_postgres):
    from django.db import connection

    port, settings_dict = free_port(), connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@127.0.0.1:{port}/{settings_dict['NAME']}",
        "PROXY_PORT": str(port),
        "UPSTREAM_PORT": str(settings_dict["PORT"] or 5432),
    }
    command = [sys.executable, "-m", "tests.core.outage_script"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)
    assert result.stdout.split() == ["200", "503", "200"], result.stderr[-2000:]


def free_port() -> int:
    """A free local port number (released for the caller to listen on)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
