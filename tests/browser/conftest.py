"""Fixtures for the browser tests: one headless Chromium, a live server with the CSTO dataset, the quality tools.

A missing tool (Chromium, java + vnu.jar, axe-core) skips the tests that need it, except under CI=true,
where it fails them: CI must run every check.
"""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import modify_settings
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from apps.core.models import PageGeneration
from tests.browser.quality import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    VNU_JAR,
    HtmlChecker,
    find_java,
    our_pages,
    tool_missing,
)

CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)"


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all the browser tests.

    Package-scoped rather than session-scoped on purpose: Playwright's sync API keeps an asyncio loop
    running in the main thread while it is started, and Django refuses ORM calls from such a thread
    (SynchronousOnlyOperation), so DJANGO_ALLOW_ASYNC_UNSAFE must be set while the browser runs. Both end
    with this package: the rest of the suite runs with Django's async-safety check on and no running loop
    (under which asyncio.run() and asgiref's async_to_sync, used by Django's AsyncClient, refuse to work).
    """
    if not CHROMIUM.exists():
        tool_missing(CHROMIUM_MISSING)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            playwright.stop()
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            tool_missing(f"{CHROMIUM_MISSING}; it failed to launch: {reason}")
        try:
            yield chromium
        finally:
            chromium.close()
            playwright.stop()


def _tables(cursor) -> list[str]:
    return sorted(connection.introspection.table_names(cursor))


def _row_counts() -> dict[str, int]:
    """The number of rows in every table: how the `page` fixture tells that a test wrote."""
    with connection.cursor() as cursor:
        counts = {}
        for table in _tables(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our tables)
            counts[table] = cursor.fetchone()[0]
    return counts


def _written_columns(cursor, table: str) -> list[str]:
    """The columns a row is written with: on PostgreSQL not the generated ones (the stored names vector of the search
    index, migration 0016), which PostgreSQL computes itself and refuses to be given."""
    if connection.vendor != "postgresql":
        return ["*"]
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [connection.ops.quote_name(row[0]) for row in cursor.fetchall()]


class Snapshot:
    """Every row of every table as loaded, put back after a test that wrote.

    Loading the dataset again (flush + load_csto) took 5 to 14 seconds after each writing test; putting the
    rows back takes well under one. Foreign keys are deferred to the commit on both databases (Django
    creates them DEFERRABLE INITIALLY DEFERRED), so the tables are emptied and refilled in one transaction
    in any order. Sequences are left where the test moved them: new ids stay above the restored ones. The
    page cache's generation is not put back: these writes raise it on commit like any other, so no page kept
    during the test is served for the restored rows.
    """

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[str], list[tuple]]] = {}
        with connection.cursor() as cursor:
            for table in _tables(cursor):
                selected = ", ".join(_written_columns(cursor, table))
                cursor.execute(f"SELECT {selected} FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our tables)
                columns = [column[0] for column in cursor.description]
                self.rows[table] = (columns, cursor.fetchall())

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, (_columns, rows) in self.rows.items()}

    def restore(self) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in _tables(cursor):
                if table != PageGeneration._meta.db_table:
                    cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (our tables)
            for table, (columns, rows) in self.rows.items():
                if rows and table != PageGeneration._meta.db_table:
                    names = ", ".join(quote(column) for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608


@pytest.fixture(autouse=True)
def _live_server_helper(django_db_setup, live_server) -> Iterator[None]:
    """Overrides pytest-django's helper of the same name, for the browser tests only.

    That fixture is private: pytest-django has no public way to use live_server without transactional_db
    (upstream: https://github.com/pytest-dev/pytest-django/issues/722 and issues/454). If it is renamed,
    every browser test empties the database again and the tests after the first fail loudly.

    Theirs makes every test that uses live_server transactional_db, which empties the database after each
    test, so the CSTO dataset had to be loaded again for every test. Here it is loaded once for the package
    (`csto_data`) and the tests only read it. Asking for live_server still tells pytest-django to set up the
    test database. Like theirs, this lets the server's host through ALLOWED_HOSTS during the test.
    """
    with modify_settings(ALLOWED_HOSTS={"append": live_server.thread.host}):
        yield


@pytest.fixture(scope="package")
def csto_data(django_db_setup, django_db_blocker) -> Iterator[Snapshot]:
    """The CSTO dataset, loaded and committed ONCE for the whole browser package; yields its snapshot.

    Committed because on PostgreSQL the live server thread reads through its own connection. When the
    package ends the database is emptied, as transactional_db would, for the tests that follow.
    """
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_csto", stdout=io.StringIO())
        snapshot = Snapshot()
        try:
            yield snapshot
        finally:
            call_command("flush", interactive=False, verbosity=0)
            # While Playwright's loop runs, Django keeps this thread's connections in a context variable, not in
            # the thread: close this one now, or it outlives the loop unclosed and PostgreSQL refuses to drop
            # the test database ("being accessed by other users"). transactional_db closed it after each test.
            connection.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, live_server, csto_data, django_db_blocker) -> Iterator[Page]:
    """A fresh browser context and page per test, with relative addresses resolved against the live server.

    The database is unblocked during the test, for the server thread and for tests that create users. A test
    marked `writes` gets the dataset reloaded after it; any other test must leave every table's row count as
    loaded, or it fails here (it wrote: mark it `writes`, or the tests after it would see its data).
    """
    with django_db_blocker.unblock():
        # bypass_csp: the page's own policy forbids inline script, and the quality checks inject axe-core.
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        yield page
        context.close()
        marked = request.node.get_closest_marker("writes") is not None
        wrote = marked or _row_counts() != csto_data.counts()
        if wrote:
            csto_data.restore()
            assert _row_counts() == csto_data.counts(), "the dataset's rows were not all put back"
        assert marked or not wrote, "this test wrote to the database: mark it @pytest.mark.writes"


@pytest.fixture(scope="session")
def html_checker() -> HtmlChecker:
    java = find_java()
    if java is None:
        tool_missing("java not found: HTML validation with the Nu Html Checker skipped (apt-get install default-jre)")
    if not VNU_JAR.is_file():
        tool_missing(f"Nu Html Checker not found at {VNU_JAR.relative_to(ROOT)}: HTML validation skipped (npm ci)")
    return HtmlChecker(java, VNU_JAR)


# path -> (status, HTML as served, axe violations or None without axe-core); filled by the first test that asks.
_VISITS: dict[str, tuple[int, str, list[dict] | None]] = {}


@pytest.fixture
def our_page_visits(request: pytest.FixtureRequest) -> dict[str, tuple[int, str, list[dict] | None]]:
    """Every page of ours opened once, one after the other in one browser page, for the vnu and axe tests.

    The first test that asks opens them all: it keeps each status and raw response body (not the DOM) for
    the Nu Html Checker and runs axe-core on each loaded page; later tests read the results. One pass
    instead of a fresh browser context and a second load per page for axe: each test still checks its
    own page's status and results.
    """
    if not _VISITS:
        page: Page = request.getfixturevalue("page")
        for path, _status in our_pages():
            response = page.goto(path)
            assert response is not None, f"no response for {path}"
            violations = None
            if AXE_JS.is_file():
                page.add_script_tag(path=str(AXE_JS))
                violations = page.evaluate(
                    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                )
            _VISITS[path] = (response.status, response.text(), violations)
    return _VISITS


@pytest.fixture
def vnu_results(html_checker: HtmlChecker, our_page_visits) -> dict[str, tuple[int, str, list[dict]]]:
    """{path: (status, HTML as served, vnu messages)} for all our pages, validated together in one JVM run."""
    if not html_checker.results:
        documents = {path: html for path, (_status, html, _axe) in our_page_visits.items()}
        messages = html_checker.validate(documents)
        html_checker.results = {path: (our_page_visits[path][0], documents[path], messages[path]) for path in documents}
    return html_checker.results


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.is_file():
        tool_missing(f"axe-core not found at {AXE_JS.relative_to(ROOT)}: accessibility checks skipped (npm ci)")
    return AXE_JS
