import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import SimpleTestCase
from django.test.utils import override_settings
from django.utils import translation


def pytest_configure(config):
    """Compile the interface catalogues as `make` does (with Babel), when a .po is newer than its .mo, so that
    `pytest` alone tests the catalogue as committed (.mo files are build products, not in git)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parent.parent / "locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)


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


@pytest.fixture(scope="session", autouse=True)
def _local_page_cache():
    """The suite caches in local memory even where REDIS_URL is set: clearing a shared Redis between tests would
    empty it for everyone using it (tests/core/test_page_cache_redis.py uses Redis under keys of its own)."""
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    with override_settings(CACHES=local):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in English: a request to a /ru/ page leaves Russian active in the thread that
    made it (LocaleMiddleware activates, nothing deactivates in the test client), and the next test's own
    gettext would speak Russian."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Every test starts with an empty cache. Tests run inside transactions that never commit, so the page
    cache's generation is not raised between them: a page stored by one test would otherwise be served to the
    next, whose data differ. (Inside a test, a write makes the pages read past the cache until the test ends,
    see apps/core/page_cache.uncommitted_writes.)"""
    caches["default"].clear()


# The CSTO dataset (load_csto, which also rebuilds the search index) takes a second or two to load, and
# many tests read it. It is loaded ONCE per session, inside an outer transaction that is rolled back at the
# end of the session; each test that asks for it runs in its usual TestCase transaction, which nests in the
# outer one as a savepoint and is rolled back after the test, so every test sees the pristine dataset.
#
# Most tests build their own data with tests/factories.py and must not see the dataset (they count rows,
# expect a single root body...). So the tests that ask for `dataset` are run after all the others
# (pytest_collection_modifyitems below) and the outer transaction stays open from the first of them to
# the end of the session. A test that asks for `dataset` must not commit: no transactional_db, no
# django_db(transaction=True), no live_server (the browser tests load their own committed copy, see
# tests/browser/conftest.py). _dataset_guard fails a test that breaks these rules. Nor may a Django TestCase
# class ask for it: its tearDownClass closes every connection, which on PostgreSQL ends the outer transaction
# (and the session's connection) under every test that follows; such classes load the dataset in
# setUpTestData.

_dataset_open = False


# Packages whose tests share costly fixtures of their own (one Chromium, live server and committed dataset; one
# PostgreSQL pair, Redis and HAProxy): under pytest-xdist (`make test` runs `-n auto --dist loadgroup`) each
# runs whole on one worker, while the other workers run the rest.
ONE_WORKER_EACH = ("browser", "cluster")


def pytest_itemcollected(item):
    """Mark the grouped packages' tests (before any reordering, and before xdist reads the groups)."""
    package = item.nodeid.split("/")[1] if item.nodeid.startswith("tests/") else ""
    if package in ONE_WORKER_EACH:
        item.add_marker(pytest.mark.xdist_group(package))


@pytest.hookimpl(trylast=True)  # after pytest-django's own reordering (TestCase classes first), or it undoes this
def pytest_collection_modifyitems(items):
    """Tests that ask for the dataset last (a stable sort: both groups keep their order)."""
    items.sort(key=lambda item: "dataset" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def dataset(django_db_setup, django_db_blocker):
    """The CSTO dataset, loaded once inside an outer transaction rolled back at the end of the session."""
    global _dataset_open
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        _dataset_open = True
        refused = io.StringIO()
        call_command("load_csto", stdout=io.StringIO(), stderr=refused)
        if refused.getvalue():
            pytest.fail(f"load_csto refused records of the dataset:\n{refused.getvalue()}")
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        _dataset_open = False


@pytest.fixture(autouse=True)
def _dataset_guard(request):
    """Fail, rather than pass wrongly, a test that would see the dataset uninvited or commit into it."""
    if "dataset" in request.fixturenames and isinstance(request.instance, SimpleTestCase):
        # Only a PostgreSQL run shows the harm (see above): fail on every database.
        pytest.fail("a Django TestCase class must not ask for `dataset`: load it in setUpTestData")
    if not _dataset_open:
        return
    if "dataset" not in request.fixturenames:
        pytest.fail("a test not asking for `dataset` ran after the dataset was loaded: check the test order")
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")):
        pytest.fail("a test asking for `dataset` must not be transactional: it runs inside the dataset's transaction")
