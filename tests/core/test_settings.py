"""Start-up behaviour under production settings, checked in fresh processes with a real environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120
    )


def test_missing_secret_key_stops_start_up_naming_the_variable():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-long-production-secret-" + "x7Q" * 20,
        DJANGO_ALLOWED_HOSTS="wiki.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_a_permissions_policy(client):
    response = client.get("/bodies/")
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_changes_feed_escapes_usernames_in_its_html_summaries(client, django_user_model):
    import reversion

    from tests.factories import make_body

    user = django_user_model.objects.create_user("<b>mallory</b>", "m@example.org", "a-long-test-password")
    with reversion.create_revision():
        reversion.set_user(user)
        make_body(name="Committee")
    feed = client.get("/changes/feed/").content.decode()
    assert "<b>mallory</b>" not in feed
    assert "&amp;lt;b&amp;gt;mallory" in feed  # escaped for HTML, then for XML
