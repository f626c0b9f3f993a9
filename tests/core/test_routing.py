"""The database router (apps/core/routing.py): which alias each kind of request reads and writes.

Against a real replica (and a replica that lags or goes down) in tests/cluster/. Here the suite has one
database, so the router is built with its alias named and its view of the replica recorded, as a probe
would record it; the probe itself runs against the test database and against a server that is not there.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from apps.bodies.models import Body
from apps.core import routing
from apps.core.routing import (
    REPLICA,
    WRITE_LSN_KEY,
    DatabaseRoutingMiddleware,
    ReplicaHealth,
    ReplicaRouter,
    ReplicaStatus,
    lag_seconds,
    parse_lsn,
    probe,
)

ROOT = Path(__file__).resolve().parents[2]
FRESH = ReplicaStatus(reachable=True, lag_seconds=0.0, replay_lsn=10_000)


@pytest.fixture(autouse=True)
def _no_recorded_write():
    cache.delete(WRITE_LSN_KEY)
    yield
    cache.delete(WRITE_LSN_KEY)


def make_router(status: ReplicaStatus | None = FRESH) -> ReplicaRouter:
    health = ReplicaHealth()
    if status is not None:
        health.record(status)
    return ReplicaRouter(replica=REPLICA, replica_health=health)


def serve(router: ReplicaRouter, request, view=None) -> dict:
    """Run a request through the routing middleware; `view` (or the default) says where it read and wrote."""
    seen = {}

    def default_view(request):
        seen["read"] = router.db_for_read(Body)
        seen["read_again"] = router.db_for_read(Body)
        seen["session_read"] = router.db_for_read(Session)
        seen["write"] = router.db_for_write(Body)
        return HttpResponse("ok")

    middleware = DatabaseRoutingMiddleware(view or default_view)
    middleware.router = router  # the suite's settings install no router: the one under test
    seen["response"] = middleware(request)
    return seen


def get(path="/bodies/", user=None, method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    return request


class TestWhereRequestsReadAndWrite:
    @pytest.fixture(autouse=True)
    def _replica_state_kept(self, settings):
        settings.DATABASE_REPLICA_CHECK_SECONDS = 3600  # the state each test recorded is the one used

    def test_an_anonymous_get_reads_the_replica_and_writes_the_primary(self):
        seen = serve(make_router(), get())
        assert (seen["read"], seen["read_again"], seen["write"]) == (REPLICA, REPLICA, DEFAULT_DB_ALIAS)

    @pytest.mark.parametrize("method", ["head", "options"])
    def test_other_safe_methods_read_the_replica(self, method):
        assert serve(make_router(), get(method=method))["read"] == REPLICA

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_a_request_that_may_write_reads_the_primary(self, method):
        assert serve(make_router(), get(method=method))["read"] == DEFAULT_DB_ALIAS

    def test_a_signed_in_users_reads_go_to_the_primary(self):
        seen = serve(make_router(), get(user=get_user_model()(username="reader")))
        assert (seen["read"], seen["write"]) == (DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS)

    def test_sessions_are_always_read_from_the_primary(self):
        assert serve(make_router(), get())["session_read"] == DEFAULT_DB_ALIAS

    def test_reads_outside_a_request_go_to_the_primary(self):
        router = make_router()
        assert router.db_for_read(Body) == DEFAULT_DB_ALIAS
        assert routing.current_routing() is None

    @pytest.mark.django_db
    def test_reads_inside_a_transaction_go_to_the_primary(self):
        router = make_router()

        def view(request):
            with transaction.atomic():
                inside = router.db_for_read(Body)
            return HttpResponse(inside)

        assert serve(router, get(), view)["response"].content.decode() == DEFAULT_DB_ALIAS

    def test_a_replica_that_is_down_is_not_read(self):
        assert serve(make_router(ReplicaStatus(reachable=False)), get())["read"] == DEFAULT_DB_ALIAS

    def test_a_replica_past_the_lag_bound_is_not_read(self, settings):
        settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 5
        behind = ReplicaStatus(reachable=True, lag_seconds=5.5, replay_lsn=10_000)
        assert serve(make_router(behind), get())["read"] == DEFAULT_DB_ALIAS
        within = ReplicaStatus(reachable=True, lag_seconds=4.5, replay_lsn=10_000)
        assert serve(make_router(within), get())["read"] == REPLICA

    def test_a_replica_that_has_replayed_the_last_recorded_write_is_read(self):
        cache.set(WRITE_LSN_KEY, 10_000)
        assert serve(make_router(), get())["read"] == REPLICA

    # Not in a test's transaction: reads inside a transaction would go to the primary whatever the replica did.
    @pytest.mark.django_db(transaction=True)
    def test_a_replica_that_has_not_replayed_the_last_recorded_write_is_not_read(self):
        # Asked again at once (here the test database stands for the replica: it has no log position on
        # SQLite, and on PostgreSQL one far below this), the replica is still behind: the primary it is.
        cache.set(WRITE_LSN_KEY, 2**62)
        router = ReplicaRouter(replica=DEFAULT_DB_ALIAS, replica_health=ReplicaHealth())
        router.health.record(FRESH)
        decided = {}

        def view(request):
            router.db_for_read(Body)
            decided["use_replica"] = routing.current_routing().use_replica
            return HttpResponse()

        serve(router, get(), view)
        assert decided == {"use_replica": False}

    def test_one_request_keeps_the_database_it_started_with(self):
        router = make_router()

        def view(request):
            first = router.db_for_read(Body)
            router.health.record(ReplicaStatus(reachable=False))  # the replica goes away mid-request
            return HttpResponse(f"{first} {router.db_for_read(Body)}")

        assert serve(router, get(), view)["response"].content.decode() == f"{REPLICA} {REPLICA}"

    def test_a_read_that_fails_on_the_replica_is_answered_again_from_the_primary(self):
        router = make_router()
        reads = []
        middleware = DatabaseRoutingMiddleware(lambda request: None)
        middleware.router = router

        def view(request):
            reads.append(router.db_for_read(Body))
            if len(reads) == 1:
                # What Django's handler does with the view's exception before it becomes a 503 page.
                middleware.process_exception(request, OperationalError("server closed the connection unexpectedly"))
                return HttpResponse("temporarily unavailable", status=503)
            return HttpResponse("the page")

        middleware.get_response = view
        response = middleware(get())
        assert (response.status_code, response.content) == (200, b"the page")
        assert reads == [REPLICA, DEFAULT_DB_ALIAS]
        assert router.health.status(lambda: None, max_age=3600).reachable is False  # counted down until asked again

    def test_without_a_replica_everything_goes_to_the_primary(self):
        router = ReplicaRouter(replica=None)
        seen = serve(router, get())
        assert (seen["read"], seen["write"]) == (DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS)


def test_migrations_run_only_on_the_primary():
    router = make_router()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "bodies") is True
    assert router.allow_migrate(REPLICA, "bodies") is False


@pytest.mark.django_db
def test_a_committed_write_records_the_primarys_log_position_once(on_postgres, django_capture_on_commit_callbacks):
    router = ReplicaRouter(replica=REPLICA, replica_health=ReplicaHealth())
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        router.db_for_write(Body)
        router.db_for_write(Body)
    assert [callback.__name__ for callback in callbacks] == ["record_write_lsn"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        now = parse_lsn(cursor.fetchone()[0])
    assert 0 < cache.get(WRITE_LSN_KEY) <= now


def test_log_positions_order_as_postgresql_orders_them():
    assert parse_lsn("0/16B3748") < parse_lsn("0/16B3750") < parse_lsn("1/0") < parse_lsn("16/B374D848")
    assert parse_lsn(None) == 0


@pytest.mark.parametrize(
    ("state", "lag"),
    [
        ({"in_recovery": False, "streaming": False, "caught_up": False, "replay_age": None}, 0.0),  # a primary
        ({"in_recovery": True, "streaming": True, "caught_up": True, "replay_age": 3600.0}, 0.0),  # idle, caught up
        ({"in_recovery": True, "streaming": True, "caught_up": False, "replay_age": 12.5}, 12.5),  # replaying behind
        ({"in_recovery": True, "streaming": False, "caught_up": True, "replay_age": 30.0}, 30.0),  # stream broken
        ({"in_recovery": True, "streaming": True, "caught_up": False, "replay_age": None}, float("inf")),
    ],
)
def test_lag_is_the_age_of_the_last_replayed_change_unless_caught_up(state, lag):
    assert lag_seconds(**state) == lag


@pytest.mark.django_db
def test_a_probe_of_a_reachable_database_reads_its_state():
    status = probe(connection)
    assert status.reachable and status.lag_seconds == 0.0  # not a replica: its own primary, never behind
    if connection.vendor == "postgresql":
        assert status.replay_lsn > 0


@pytest.mark.django_db
def test_a_probe_of_a_database_that_is_not_there_says_so_without_raising():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        unused_port = sock.getsockname()[1]  # closed again: nothing listens there
    settings = {**connection.settings_dict, "PORT": unused_port}
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-directory/replica.sqlite3"
    missing = type(connections[DEFAULT_DB_ALIAS])(settings, alias="gone")
    assert probe(missing) == ReplicaStatus(reachable=False)


def settings_with(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    environment.update(DJANGO_DEBUG="1", **env)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS, "
        "'session': s.SESSION_ENGINE, 'cache': s.CACHES['default']['BACKEND'], 'middleware': s.MIDDLEWARE}, "
        "default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "csto_wiki.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_replica_url_adds_the_replica_alias_and_the_router():
    found = settings_with(
        DATABASE_URL="postgres://app@db1.example.org:5432/wiki",
        DATABASE_REPLICA_URL="postgres://app@db2.example.org:5432/wiki",
    )
    replica = found["databases"]["replica"]
    assert (replica["HOST"], replica["NAME"]) == ("db2.example.org", "wiki")
    assert replica["TEST"]["MIRROR"] == "default"  # tests never create a database on the replica
    assert replica["OPTIONS"]["connect_timeout"] <= 2
    # like the primary: no JIT compilation of the search's statements (docs/search.md, eleventh step)
    assert "-c jit=off" in replica["OPTIONS"]["options"]
    assert "-c jit=off" in found["databases"]["default"]["OPTIONS"]["options"]
    assert found["routers"] == ["apps.core.routing.ReplicaRouter"]
    assert "apps.core.routing.DatabaseRoutingMiddleware" in found["middleware"]


def test_without_a_replica_url_there_is_one_database_and_no_router():
    found = settings_with(DATABASE_URL="postgres://app@db1.example.org:5432/wiki")
    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []


def test_with_redis_sessions_are_kept_in_the_cache_and_the_database():
    found = settings_with(REDIS_URL="redis://127.0.0.1:6379/0")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"
    assert settings_with()["session"] == "django.contrib.sessions.backends.db"
