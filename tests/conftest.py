import os

import pytest
from django.db import connection
from django.test.utils import override_settings


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'SQLite (DATABASE_URL unset)'}"


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """MD5 instead of PBKDF2 for the tests' users: PBKDF2 is slow on purpose, and every user fixture paid for it.

    Tests only: production settings keep Django's default hashers (tests/core/test_settings.py runs manage.py in
    fresh processes, which this override does not reach).
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield
