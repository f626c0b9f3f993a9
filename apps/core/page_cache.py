"""The anonymous page cache: whole responses to anonymous GETs, never stale after a write.

Readers outnumber editors by thousands to one, and an anonymous reader's page depends only on the data, the
address, the language, the day (pages show who sits where *today*) and the code. So a response to an
anonymous GET is stored under exactly those, with the data standing for a **generation** number
(`PageGeneration`, one row) that is raised after every committed write. A write makes every stored page
unreachable at once; nothing has to know which pages a write touched. Old entries expire by their TTL.

How writes are noticed: at the database connection, not with model signals. Every statement that goes
through Django's connections passes `_notice_write`; an INSERT, UPDATE, DELETE or TRUNCATE of a table that
pages show (all but sessions, sign-in throttling, the admin's log and sign-in times) schedules a raise of the
generation for when its transaction commits (`on_commit`). post_save/post_delete/m2m_changed would miss the
writes that send no signal: QuerySet.update() and bulk_create() (the search index, the loader), treebeard's
moves of a subtree (raw SQL), and any command's raw SQL. Watching the connection catches the site's edits,
the admin, deletes, restores, load_csto, import_popolo, search_reindex and whatever is written next, with
no list to keep up to date. It is infrastructure, like the transaction it follows, not business logic.

The generation is raised after the commit, and a page is stored under the generation read *before* it was
rendered: a page rendered from data older than a write is therefore always stored under a generation older
than the one that write raises, and so is never served after it. A connection inside a transaction that has
written but not committed (a command checking its own work, every test) reads past the cache altogether.

The middleware (apps/core/page_cache_middleware.py) decides who is anonymous and what may be stored.
"""

import datetime as dt
import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

TABLE = "core_pagegeneration"
ROW = 1
# Writes that change no page anyone reads: sessions, sign-in throttling (django-axes), the admin's own log,
# and this table (raising the generation is itself an UPDATE).
QUIET_TABLES = re.compile(r"^(?:django_session|django_admin_log|axes_\w+|core_pagegeneration)$")
# Signing in stores the time on the user; nothing shows it.
QUIET_STATEMENTS = re.compile(r'^\s*UPDATE\s+"auth_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE', re.IGNORECASE)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE
)
# Statements that write but do not start by naming one table: emptying tables (tests, flush), and the
# writing forms of WITH.
_OTHER_WRITE = re.compile(r"^\s*(?:TRUNCATE\b|WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b)", re.IGNORECASE | re.DOTALL)
_STATE = "_page_cache_write"


def writes_pages(sql: str) -> bool:
    """Whether a statement may change what a page shows."""
    match = _WRITE.match(sql)
    if match:
        return not QUIET_TABLES.match(match.group(1).rsplit(".", 1)[-1]) and not QUIET_STATEMENTS.match(sql)
    return bool(_OTHER_WRITE.match(sql))


class _Write:
    """The writes of one transaction on one connection: raise the generation once, when it commits."""

    __slots__ = ("done", "outer", "savepoints")

    def __init__(self, outer) -> None:
        self.done = False
        self.outer = outer  # the outermost atomic block it was written in (None: autocommit)
        self.savepoints: tuple | None = None  # the savepoints of the last on_commit registered


def _notice_write(execute, sql, params, many, context):
    """Connection execute wrapper: after a statement that writes what pages show, schedule a raise."""
    result = execute(sql, params, many, context)
    if writes_pages(sql if isinstance(sql, str) else str(sql)):
        _written(context["connection"])
    return result


def _written(connection) -> None:
    outer = connection.atomic_blocks[0] if connection.in_atomic_block and connection.atomic_blocks else None
    state = getattr(connection, _STATE, None)
    if state is None or state.done or state.outer is not outer:
        state = _Write(outer)
        setattr(connection, _STATE, state)
    if not connection.in_atomic_block:
        # Autocommit: the write is committed already. Manual transactions (set_autocommit(False)) offer no
        # commit hook: raise now, and readers may store a page or two of the old data until the next write.
        _raise(connection, state)
        return
    # One registration per savepoint stack: a savepoint rolled back drops the callbacks registered inside
    # it, and the next write (under a different stack) registers again.
    savepoints = tuple(connection.savepoint_ids)
    if state.savepoints == savepoints:
        return
    state.savepoints = savepoints
    connection.on_commit(functools.partial(_raise, connection, state), robust=True)


def _raise(connection, state: _Write) -> None:
    if state.done:
        return
    state.done = True
    bump(using=connection.alias)


def bump(*, using: str = "default") -> None:
    """Raise the generation: every page stored so far is stale. Creates the row if it is missing."""
    now = timezone.now()
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET value = value + 1, changed = %s WHERE id = %s", [now, ROW])  # noqa: S608
            if cursor.rowcount:
                return
        try:
            with transaction.atomic(using=using), connections[using].cursor() as cursor:
                # A fresh row starts from the clock, not from 1: after a database is emptied and filled again,
                # no page stored under an old number can match a new one.
                cursor.execute(
                    f"INSERT INTO {TABLE} (id, value, changed) VALUES (%s, %s, %s)",  # noqa: S608
                    [ROW, time.time_ns(), now],
                )
        except IntegrityError:
            bump(using=using)  # another process created it first
    except DatabaseError:
        # Before the migration that creates the table (a fresh database being migrated) there is no page to keep
        # fresh, and nothing to say. Elsewhere a failed raise leaves pages stale until the next write or their
        # TTL: say so.
        if _table_exists(using):
            logger.warning("page cache: could not raise the generation", exc_info=True)


def _table_exists(using: str) -> bool:
    try:
        with connections[using].cursor() as cursor:
            return TABLE in connections[using].introspection.table_names(cursor)
    except DatabaseError:
        return True  # the database itself failed: worth the warning


def install(connection, **kwargs) -> None:
    """Watch a connection's writes (connection_created handler; each thread has connections of its own)."""
    if _notice_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_notice_write)


def connect() -> None:
    connection_created.connect(install, dispatch_uid="page-cache-writes")
    for connection in connections.all(initialized_only=True):
        install(connection)


def uncommitted_writes() -> bool:
    """Whether this thread is inside a transaction that has written what pages show and not committed it yet:
    the cache knows committed data only, so such a reader must not use it."""
    for connection in connections.all(initialized_only=True):
        state = getattr(connection, _STATE, None)
        if (
            state is not None
            and not state.done
            and connection.in_atomic_block
            and connection.atomic_blocks
            and state.outer is connection.atomic_blocks[0]
        ):
            return True
    return False


def generation() -> tuple[int, dt.datetime] | None:
    """(number, time of the last write) from the database pages are read from; None: do not use the cache."""
    if uncommitted_writes():
        return None
    using = router.db_for_read(_model())
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT value, changed FROM {TABLE} WHERE id = %s", [ROW])  # noqa: S608
            row = cursor.fetchone()
    except DatabaseError:
        return None
    if row is None:
        return None
    value, changed = row
    if isinstance(changed, str):  # SQLite through a raw cursor
        changed = dt.datetime.fromisoformat(changed)
    if timezone.is_naive(changed):
        changed = timezone.make_aware(changed, dt.UTC)
    return value, changed


@functools.cache
def _model():
    from apps.core.models import PageGeneration

    return PageGeneration


# What the code adds to a page: a deployment of new templates or views must not serve pages rendered by the
# old ones. A hash of the files' contents (not their times), so that every app server of one release agrees
# on keys and ETags.
_CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".po", ".mo", ".json"}


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("apps", "templates", "static", "csto_wiki", "locale"):
        root = base / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


STARTED = timezone.now()

# Parts of pages: the same generation rule, for what a page computes that is the same for every reader (what
# links to a record, its last edit), so that a page that is not served whole (an editor's, a new address)
# is cheaper too. The middleware reads the generation once per GET and sets it here for the request.
request_generation: ContextVar[int | None] = ContextVar("page_cache_generation", default=None)
T = TypeVar("T")


def remember(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """compute(), kept for the current generation under `name` and `parts`; computed afresh outside a request
    (commands, tests inside a transaction that has written) or with DJANGO_PAGE_FRAGMENT_CACHE=0. The value
    must pickle (plain data, or model instances with what they prefetched)."""
    key = part_key(name, *parts)
    if key is None:
        return compute()
    found = read_part(key)
    if found is not MISSING:
        return found
    value = compute()
    keep_part(key, value)
    return value


def part_key(name: str, *parts: object) -> str | None:
    """The cache key of a part of pages for this request's generation and language; None outside a request
    that may use parts."""
    number = request_generation.get()
    if number is None:
        return None
    material = "|".join((code_version(), str(number), translation.get_language() or "", name, *map(str, parts)))
    return "part:" + hashlib.sha256(material.encode()).hexdigest()


MISSING = object()


# A cache server that is down or slow (Redis) costs the computation, never an error page.
def read_part(key: str):
    try:
        return caches[settings.PAGE_CACHE_ALIAS].get(key, MISSING)
    except Exception:
        logger.warning("page cache: read failed", exc_info=True)
        return MISSING


def keep_part(key: str, value: object) -> None:
    try:
        caches[settings.PAGE_CACHE_ALIAS].set(key, value, settings.PAGE_CACHE_TTL)
    except Exception:
        logger.warning("page cache: write failed", exc_info=True)
