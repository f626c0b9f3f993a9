"""The deployment of `make cluster`, run for real: PostgreSQL primary and streaming replica, Redis, two
gunicorn app servers with production settings, HAProxy in front (tests/cluster/conftest.py starts it).

Which database answered is told by what it holds: the tests pause the replica's replay and write straight
into the primary, so that a page showing the old text came from the replica and the new text from the
primary. Each test's page address carries a query string of its own, so no cached page answers for it.

The tests run in this order and share the cluster; the last ones stop parts of it.
"""

import re
import socket
import threading
import time
import uuid
from collections import Counter

import pytest

from tests.cluster.browser import Visitor, form_fields
from tests.cluster.conftest import BODY, MAX_LAG_SECONDS, Cluster

pytestmark = pytest.mark.cluster


# Edited through the site only: a body changed behind the wiki's back (BODY) would give the edit form a
# conflict with its last revision.
EDITED = "joint-staff"


def page(base: str, slug: str = BODY) -> str:
    return f"{base}/bodies/{slug}/?look={uuid.uuid4().hex}"


def shown(text: str) -> str:
    """What a page says of the body, for a failure's message."""
    summary = re.search(r'<p class="summary">(.*?)</p>', text, re.DOTALL)
    title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    return f"title {title and title.group(1)!r}, summary {summary and summary.group(1)!r}"


def edit_summary(visitor: Visitor, base: str, text: str) -> None:
    """An editor changes a body's summary through the site's edit form, on the server at `base`."""
    url = f"{base}/bodies/{EDITED}/edit/"
    form = form_fields(visitor.get(url).text, having="wiki-summary")
    form.update({"summary": text, "wiki-summary": "cluster test"})
    response = visitor.post(url, form)
    assert response.status == 302, response.text[:2000]


def test_the_balancer_spreads_requests_over_both_app_servers(cluster: Cluster):
    served = Counter()
    for _ in range(6):
        response = Visitor().get(f"{cluster.balancer}/")
        assert response.status == 200
        served[response.header("X-Served-By")] += 1
    assert set(served) == {"app1", "app2"}
    assert Visitor().get(f"{cluster.balancer}/healthz").text == "ok\n"


def test_anonymous_reads_come_from_the_replica_and_an_editors_from_the_primary(cluster: Cluster, editor: Visitor):
    old, new = f"replica-{uuid.uuid4().hex}", f"primary-{uuid.uuid4().hex}"
    cluster.replica_behind(old, new)
    try:
        for app in cluster.apps:
            for _ in range(3):  # each server runs two workers: reach both
                text = Visitor().get(page(app)).text
                assert old in text and new not in text
        for app in cluster.apps:
            text = editor.get(page(app)).text
            assert new in text and old not in text
    finally:
        cluster.resume_replay()


def test_a_replica_past_the_lag_bound_is_not_read(cluster: Cluster):
    """Each app process asks the replica how far behind it is once a second (DATABASE_REPLICA_CHECK_SECONDS):
    past the bound, every worker of both servers reads the primary within that second."""
    old, new = f"stale-{uuid.uuid4().hex}", f"fresh-{uuid.uuid4().hex}"
    committed = cluster.replica_behind(old, new)
    try:
        first = Visitor().get(page(cluster.apps[0])).text
        if time.monotonic() - committed < MAX_LAG_SECONDS - 2:  # a busy machine may have taken longer
            assert old in first
        deadline = committed + MAX_LAG_SECONDS + 20
        fresh_in_a_row = 0
        while fresh_in_a_row < 8:  # every worker of both servers (two each), twice
            text = Visitor().get(page(cluster.apps[fresh_in_a_row % 2])).text
            fresh_in_a_row = fresh_in_a_row + 1 if new in text else 0
            assert time.monotonic() < deadline, f"still reading the replica {MAX_LAG_SECONDS} s behind: {shown(text)}"
        assert time.monotonic() - committed > MAX_LAG_SECONDS - 1  # not before the bound
        assert cluster.replica_summary() == old  # still behind: the new text came from the primary
    finally:
        cluster.resume_replay()


def test_an_edit_is_read_back_at_once_through_the_other_app_server(cluster: Cluster, editor: Visitor):
    """Also by anonymous readers: the replica (paused here) has not replayed the edit, so they read the
    primary until it has."""
    app1, app2 = cluster.apps
    paused = cluster.pause_replay()
    try:
        text = f"edited-through-app1-{uuid.uuid4().hex}"
        edit_summary(editor, app1, text)
        assert text in editor.get(page(app2, EDITED)).text
        for _ in range(3):
            assert text in Visitor().get(page(app2, EDITED)).text
        # Not for the lag: the replica was not that far behind yet.
        assert time.monotonic() - paused < MAX_LAG_SECONDS
    finally:
        cluster.resume_replay()
    through_balancer = f"edited-through-the-balancer-{uuid.uuid4().hex}"
    edit_summary(editor, cluster.balancer, through_balancer)
    served = set()
    for _ in range(6):
        response = Visitor().get(page(cluster.balancer, EDITED))
        assert through_balancer in response.text
        served.add(response.header("X-Served-By"))
    assert served == {"app1", "app2"}


def test_with_the_replica_down_reads_go_to_the_primary_without_an_error(cluster: Cluster):
    urls = [f"/bodies/{BODY}/", "/", "/bodies/", "/search/?q=committee", "/api/bodies/", "/changes/"]
    cluster.stop_replica()
    try:
        for app in cluster.apps:
            for url in urls:
                response = Visitor().get(f"{app}{url}{'&' if '?' in url else '?'}down={uuid.uuid4().hex}")
                assert response.status == 200, f"{url}: {response.status}"
    finally:
        cluster.start_replica()
    # Back up, the replica is read again.
    old, new = f"back-{uuid.uuid4().hex}", f"back-{uuid.uuid4().hex}"
    cluster.replica_behind(old, new)
    try:
        deadline = time.monotonic() + MAX_LAG_SECONDS
        while old not in Visitor().get(page(cluster.apps[0])).text:
            assert time.monotonic() < deadline, "the replica is not read again once it is back"
            time.sleep(0.2)
    finally:
        cluster.resume_replay()


def test_an_app_server_that_dies_under_load_loses_no_request(cluster: Cluster):
    results: list[tuple[float, int, str | None]] = []
    stop_at = time.monotonic() + 10
    crash_at = time.monotonic() + 2.5

    def load() -> None:
        visitor = Visitor()
        while time.monotonic() < stop_at:
            for url in (page(cluster.balancer), f"{cluster.balancer}/bodies/", f"{cluster.balancer}/healthz"):
                try:
                    response = visitor.get(url, timeout=20)
                    results.append((time.monotonic(), response.status, response.header("X-Served-By")))
                except Exception as error:  # any failure is a lost request (a thread must not die silently)
                    results.append((time.monotonic(), 0, repr(error)))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, crash_at - time.monotonic()))
    cluster.crash_app(1)
    for thread in threads:
        thread.join()
    failed = [result for result in results if result[1] != 200]
    assert not failed, f"{len(failed)} of {len(results)} requests failed: {failed[:5]}"
    before = {server for at, _, server in results if at < crash_at}
    after = {server for at, _, server in results if at > crash_at + 5}  # marked down at its first refused connection
    assert before == {"app1", "app2"} and after == {"app2"}
    assert len(results) > 50

    # `make cluster` again brings back what is missing and leaves the rest running.
    cluster.run("up")
    served = {Visitor().get(f"{cluster.balancer}/").header("X-Served-By") for _ in range(6)}
    assert served == {"app1", "app2"}


def test_when_every_health_check_fails_the_site_still_answers(cluster: Cluster):
    """Overload can slow every /healthz past its timeout: the balancer then uses the same servers unchecked
    rather than answer 503 to everyone."""
    cluster.haproxy("set server app/app1 state maint", "set server app/app2 state maint")
    try:
        served = set()
        for _ in range(4):
            response = Visitor().get(f"{cluster.balancer}/bodies/")
            assert response.status == 200
            served.add(response.header("X-Served-By"))
        assert served == {"app1-unchecked", "app2-unchecked"}
    finally:
        cluster.haproxy("set server app/app1 state ready", "set server app/app2 state ready")


def test_cluster_down_leaves_nothing_running(cluster: Cluster):
    pids = {name: cluster.pid(name) for name in ("redis", "app1", "app2", "haproxy")}
    assert all(pids.values()), pids
    cluster.run("down")
    assert not any(cluster.pid(name) for name in pids)
    for port in (cluster.primary_port, cluster.replica_port, cluster.redis_port, cluster.lb_port, *cluster.app_ports):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"something still listens on {port}"
    assert "running" not in cluster.status()
