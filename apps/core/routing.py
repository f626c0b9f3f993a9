"""Read routing to a streaming replica, when `DATABASE_REPLICA_URL` gives one (settings add the "replica" alias).

Where reads go:
- the replica: reads of an anonymous visitor's GET, HEAD or OPTIONS request, while the replica answers, lags
  less than `DATABASE_REPLICA_MAX_LAG_SECONDS` and has replayed the last write that any app server recorded;
- the primary: everything else. A signed-in user's every read (read-your-writes: an editor never sees a page
  older than their own edit), other methods, reads inside a transaction on the primary, sessions and sign-in
  throttling always, and anything outside a request (management commands, the shell).
Writes always go to the primary, and migrations run only there.

A request decides once, at its first read, so that one page never mixes the two databases' states.

"Has replayed the last write": after every transaction that wrote on the primary, and at the end of every
request that may write (any method but GET, HEAD and OPTIONS), the app records how far the primary's
write-ahead log reached (`pg_current_wal_insert_lsn()`), in the shared cache (Redis in a deployment), and a
replica that has not replayed that far is not read. Without it, an anonymous request arriving a millisecond
after an edit could read the replica from before the edit, and a page cache emptied by that edit would be
filled again with the old page.
"""

import contextlib
import contextvars
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.db import router as db_router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A session must be found the moment after it was created, and a failed sign-in counted before the next try.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes"})
WRITE_LSN_KEY = "core:routing:write-lsn"


@dataclass
class Routing:
    """One request's routing: may it read from the replica, and what happened so far."""

    replica_allowed: bool
    use_replica: bool | None = None  # decided at the first read, then kept for the whole request
    replica_failed: bool = False


_routing: contextvars.ContextVar[Routing | None] = contextvars.ContextVar("database_routing", default=None)


def current_routing() -> Routing | None:
    return _routing.get()


@dataclass(frozen=True)
class ReplicaStatus:
    reachable: bool
    lag_seconds: float = math.inf
    replay_lsn: int = 0


# How far the replica is behind. Caught up: it streams from the primary and has replayed all it received
# (an idle primary sends nothing, so the age of the last replayed transaction would grow forever and say
# nothing). Otherwise (replay paused or slow, the stream broken): the age of the last replayed transaction,
# an upper bound. Without the rights to read pg_stat_wal_receiver's status the replica counts as not
# streaming: the safe side. A database that is not in recovery is its own primary and never behind.
STATUS_SQL = """
SELECT pg_is_in_recovery(),
       COALESCE((SELECT status = 'streaming' FROM pg_stat_wal_receiver LIMIT 1), false),
       pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
       EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()),
       (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text
"""


def parse_lsn(text: str | None) -> int:
    """A PostgreSQL log position ('16/B374D848') as a number that orders like it."""
    if not text:
        return 0
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def lag_seconds(*, in_recovery: bool, streaming: bool, caught_up: bool, replay_age: float | None) -> float:
    if not in_recovery or (streaming and caught_up):
        return 0.0
    return math.inf if replay_age is None else max(0.0, float(replay_age))


def probe(connection: BaseDatabaseWrapper) -> ReplicaStatus:
    """Ask a replica how it is: one query, or an unreachable status if it cannot be asked."""
    try:
        if connection.vendor != "postgresql":
            connection.ensure_connection()  # other engines replicate nothing: reachable is all there is to know
            return ReplicaStatus(reachable=True, lag_seconds=0.0)
        with connection.cursor() as cursor:
            cursor.execute(STATUS_SQL)
            in_recovery, streaming, caught_up, replay_age, replay_lsn = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("replica unreachable, reading from the primary: %s", error)
        _close_quietly(connection)
        return ReplicaStatus(reachable=False)
    lag = lag_seconds(in_recovery=in_recovery, streaming=streaming, caught_up=caught_up, replay_age=replay_age)
    return ReplicaStatus(reachable=True, lag_seconds=lag, replay_lsn=parse_lsn(replay_lsn))


def _close_quietly(connection: BaseDatabaseWrapper) -> None:
    with contextlib.suppress(DatabaseError):
        connection.close()


class ReplicaHealth:
    """What this process last learned of the replica; asked again once it is older than `max_age` seconds,
    so that a busy app server asks once a second or two, not once a request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status: ReplicaStatus | None = None
        self._checked_at = -math.inf

    def status(self, connection: Callable[[], BaseDatabaseWrapper], *, max_age: float) -> ReplicaStatus:
        with self._lock:
            if self._status is not None and time.monotonic() - self._checked_at < max_age:
                return self._status
        return self.record(probe(connection()))

    def record(self, status: ReplicaStatus) -> ReplicaStatus:
        with self._lock:
            self._status, self._checked_at = status, time.monotonic()
        return status

    def forget(self) -> None:
        with self._lock:
            self._status, self._checked_at = None, -math.inf


health = ReplicaHealth()


def written_lsn() -> int | None:
    """The furthest primary log position recorded after a commit (0: none known), None if the cache fails."""
    try:
        return int(cache.get(WRITE_LSN_KEY) or 0)
    except Exception:  # the cache's own errors (a Redis that went away) differ by backend
        logger.warning("cannot read the last write's position from the cache: reading from the primary")
        return None


def record_write_lsn() -> None:
    """After a commit on the primary: remember how far its log reached, for every app server to see.

    Two writers recording at once may leave the smaller position: the replica is then read before it
    replays the larger for at most the time it takes to (milliseconds); the lag bound still holds."""
    primary = connections[DEFAULT_DB_ALIAS]
    if primary.vendor != "postgresql":
        return
    try:
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            lsn = parse_lsn(cursor.fetchone()[0])
        if lsn > int(cache.get(WRITE_LSN_KEY) or 0):
            cache.set(WRITE_LSN_KEY, lsn, timeout=None)
    except Exception:  # the write is committed: a failure to record it must not turn its response into a 500
        logger.warning("cannot record the last write's position: replicas are read by their lag alone", exc_info=True)


def _record_after_commit() -> None:
    """Record the log position once the current transaction on the primary commits (once per transaction).
    Writes outside a transaction are recorded at the end of their request (a POST's), or not at all outside
    requests: the lag bound still holds for them."""
    primary = connections[DEFAULT_DB_ALIAS]
    if not primary.in_atomic_block:
        return
    if not any(entry[1] is record_write_lsn for entry in primary.run_on_commit):
        transaction.on_commit(record_write_lsn, using=DEFAULT_DB_ALIAS)


class ReplicaRouter:
    """The router of DATABASE_ROUTERS when a replica is configured (see the module's docstring)."""

    def __init__(self, replica: str | None = None, replica_health: ReplicaHealth | None = None) -> None:
        self.replica = replica if replica is not None else (REPLICA if REPLICA in settings.DATABASES else None)
        self.health = replica_health if replica_health is not None else health

    def db_for_read(self, model, **hints) -> str:
        routing = _routing.get()
        if routing is None or not routing.replica_allowed or self.replica is None:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if routing.use_replica is None:
            routing.use_replica = self.replica_is_fresh()
        return self.replica if routing.use_replica else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        # Not a sign that anything was written: libraries ask it to learn where a model lives (django-reversion
        # does on every history read). Inside a transaction the commit records the log position, once.
        if self.replica is not None:
            _record_after_commit()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same rows: a record read from the replica may point at one from the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, self.replica}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS

    def replica_is_fresh(self) -> bool:
        max_lag = float(getattr(settings, "DATABASE_REPLICA_MAX_LAG_SECONDS", 10))
        max_age = float(getattr(settings, "DATABASE_REPLICA_CHECK_SECONDS", 1))
        needed = written_lsn()
        if needed is None:
            return False
        status = self.health.status(self._connection, max_age=max_age)
        if status.reachable and status.lag_seconds <= max_lag and status.replay_lsn < needed:
            # A write since the last look: ask again now, it is likely replayed already.
            status = self.health.status(self._connection, max_age=0)
        return status.reachable and status.lag_seconds <= max_lag and status.replay_lsn >= needed

    def _connection(self) -> BaseDatabaseWrapper:
        return connections[self.replica]

    def replica_failed(self) -> None:
        """A read from the replica failed mid-request: count it down until the next look."""
        self.health.record(ReplicaStatus(reachable=False))


class DatabaseRoutingMiddleware:
    """Sets each request's routing (after AuthenticationMiddleware: it asks who the user is).

    A read-only request whose replica fails under it (the server went away, a conflict with replay) is
    answered again from the primary, once: the visitor gets the page, not an error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.router = next((r for r in db_router.routers if isinstance(r, ReplicaRouter)), None)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a replica the user is not looked up here (nor the session read for it).
        allowed = self.router is not None and request.method in SAFE_METHODS and not request.user.is_authenticated
        routing = Routing(replica_allowed=allowed)
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
            if routing.replica_failed:
                _routing.set(routing := Routing(replica_allowed=False))
                response = self.get_response(request)
        finally:
            _routing.reset(token)
        if request.method not in SAFE_METHODS and self.router is not None:
            record_write_lsn()  # one cheap query, and it covers writes made outside a transaction
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        routing = _routing.get()
        if routing is not None and routing.use_replica and isinstance(exception, OperationalError | InterfaceError):
            logger.warning("a read from the replica failed, answering from the primary: %s", exception)
            routing.replica_failed = True
            if self.router is not None:
                self.router.replica_failed()
        return None
