import os

import pytest
from django.db import connection


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'SQLite (DATABASE_URL unset)'}"


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")
