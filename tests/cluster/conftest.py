"""The cluster tests' deployment: deploy/cluster.py (what `make cluster` runs) started in a temporary
directory on free ports, so that it never meets a developer's own `make cluster` or the machine's servers.

It needs PostgreSQL's server binaries, redis-server and HAProxy. As root, deploy/cluster.py installs the last
two itself (CI's .ci/run does too). Where they are missing and cannot be installed, the tests are skipped
with a message, except under CI=true, where that fails them: CI must run every check.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.cluster.browser import Visitor

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "cluster.py"
EDITOR, PASSWORD = "cluster-editor", "a-long-cluster-test-password"
MAX_LAG_SECONDS = 8  # the app servers' DATABASE_REPLICA_MAX_LAG_SECONDS in these tests
BODY = "military-committee"


def missing_tools() -> list[str]:
    missing = [] if list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")) else ["PostgreSQL server binaries"]
    can_install = os.geteuid() == 0 and shutil.which("apt-get")
    missing += [tool for tool in ("redis-server", "haproxy") if not shutil.which(tool) and not can_install]
    return missing


def free_ports(count: int) -> list[int]:
    """Ports free now and below the kernel's ephemeral range. A port the kernel hands out (bind to 0) is also the
    kind it gives to outgoing connections: between choosing it and the server's start, pg_basebackup's own
    connection to the primary once took the replica's port ("port 39289 is taken by something else")."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    chosen: list[int] = []
    for port in random.sample(range(max(low - 12_000, 1024), low), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise RuntimeError(f"no {count} free ports below {low}")


@dataclass
class Cluster:
    directory: Path
    env: dict[str, str]
    primary_port: int
    replica_port: int
    redis_port: int
    app_ports: list[int]
    lb_port: int

    @property
    def balancer(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    @property
    def apps(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.app_ports]

    def run(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [sys.executable, str(SCRIPT), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"cluster.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def sql(self, port: int, query: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/csto_wiki", autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def manage(self, *args: str, **extra_env: str) -> None:
        env = {**self.env, **dict(line.split("=", 1) for line in self.run("env").splitlines()), **extra_env}
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr

    def status(self) -> str:
        result = subprocess.run([sys.executable, str(SCRIPT), "status"], env=self.env, capture_output=True, text=True)
        return result.stdout

    def replica_ctl(self, *args: str) -> None:
        """pg_ctl on the replica, as deploy/cluster.py runs it."""
        pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))[-1]
        command = [str(pg_ctl), *args, "-D", str(self.directory / "pg" / "replica")]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def stop_replica(self) -> None:
        self.replica_ctl("stop", "-m", "immediate")  # as if its machine went away: no goodbye to the clients

    def start_replica(self) -> None:
        options = f"-p {self.replica_port} -c listen_addresses=127.0.0.1 -k {self.directory / 'run'}"
        self.replica_ctl("start", "-w", "-l", str(self.directory / "log" / "replica.log"), "-o", options)

    def pid(self, name: str) -> int | None:
        try:
            pid = int((self.directory / "run" / f"{name}.pid").read_text().split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def haproxy(self, *commands: str) -> None:
        """Commands to HAProxy's admin socket (the runtime API)."""
        for command in commands:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(str(self.directory / "run" / "haproxy.sock"))
                sock.sendall(f"{command}\n".encode())
                answer = sock.recv(65536).decode().strip()
            assert not answer, f"{command}: {answer}"

    def crash_app(self, number: int) -> None:
        """An app server dies at once, the requests it was answering with it: its master and workers are
        killed (they share the master's process group, and nothing else is in it)."""
        os.killpg(os.getpgid(self.pid(f"app{number}")), signal.SIGKILL)

    # The replica's replay, to make the two databases differ on purpose.

    def set_summary_on_primary(self, text: str) -> None:
        """Written straight into the primary: no app server learns of it (unlike an edit through the site)."""
        self.sql(self.primary_port, "UPDATE bodies_body SET summary = %s WHERE slug = %s", (text, BODY))

    def replica_summary(self) -> str:
        return self.sql(self.replica_port, "SELECT summary FROM bodies_body WHERE slug = %s", (BODY,))[0][0]

    def replica_behind(self, old: str, new: str) -> float:
        """Leave the replica showing `old` and the primary `new`, with replay paused; returns when `old` was
        committed (the replica's lag counts from there, time.monotonic())."""
        self.set_summary_on_primary(old)
        committed = time.monotonic()
        self._wait_for_replica("SELECT summary FROM bodies_body WHERE slug = %s", (BODY,), [(old,)])
        self._pause()
        self.set_summary_on_primary(new)
        return committed

    def pause_replay(self) -> float:
        """Pause the replica's replay just after it replayed a fresh commit (one that touches no page);
        returns when that commit was made (time.monotonic())."""
        self.sql(self.primary_port, "CREATE TABLE IF NOT EXISTS cluster_probe (note text)")
        note = uuid.uuid4().hex
        self.sql(self.primary_port, "INSERT INTO cluster_probe VALUES (%s)", (note,))
        committed = time.monotonic()
        self._wait_for_replica("SELECT 1 FROM cluster_probe WHERE note = %s", (note,), [(1,)])
        self._pause()
        return committed

    def _pause(self) -> None:
        """Pause replay, and wait until it has paused (a pause is only requested at first)."""
        self.sql(self.replica_port, "SELECT pg_wal_replay_pause()")
        self._wait_for_replica("SELECT pg_get_wal_replay_pause_state()", (), [("paused",)])

    def _wait_for_replica(self, query: str, params: tuple, expected: list) -> None:
        deadline = time.monotonic() + 20
        while self.sql(self.replica_port, query, params) != expected:
            assert time.monotonic() < deadline, "the replica did not replay a commit in 20 s"
            time.sleep(0.05)

    def resume_replay(self) -> None:
        self.sql(self.replica_port, "SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="package")
def cluster(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    if missing := missing_tools():
        message = f"cluster tests need {', '.join(missing)} (apt-get install postgresql redis-server haproxy)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{message}; CI must run them")
        pytest.skip(message)
    directory = Path(tempfile.mkdtemp(prefix="csto-cluster-"))
    directory.chmod(0o755)  # PostgreSQL runs as the postgres user under it
    primary, replica, redis, app1, app2, lb = free_ports(6)
    env = {name: value for name, value in os.environ.items() if not name.startswith("CLUSTER_")}
    env.update(
        CLUSTER_DIR=str(directory),
        CLUSTER_PG_PORT=str(primary),
        CLUSTER_REPLICA_PORT=str(replica),
        CLUSTER_REDIS_PORT=str(redis),
        CLUSTER_APP_PORTS=f"{app1},{app2}",
        CLUSTER_LB_PORT=str(lb),
        CLUSTER_MAX_LAG_SECONDS=str(MAX_LAG_SECONDS),
        CLUSTER_PYTHON=sys.executable,
    )
    found = Cluster(directory, env, primary, replica, redis, [app1, app2], lb)
    failed_before = request.session.testsfailed
    try:
        found.run("up")
        found.manage("createsuperuser", "--noinput", "--username", EDITOR, "--email", "editor@example.org",
                     DJANGO_SUPERUSER_PASSWORD=PASSWORD)  # fmt: skip
        yield found
    finally:
        subprocess.run([sys.executable, str(SCRIPT), "down"], env=env, capture_output=True, timeout=120)
        if request.session.testsfailed > failed_before:  # keep what the servers said, for the failure
            kept = shutil.copytree(directory / "log", Path(tempfile.mkdtemp(prefix="csto-cluster-logs-")) / "log")
            print(f"\ncluster logs kept in {kept}")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def editor(cluster: Cluster) -> Visitor:
    visitor = Visitor()
    visitor.sign_in(cluster.balancer, EDITOR, PASSWORD)
    return visitor
