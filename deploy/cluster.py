#!/usr/bin/env python3
"""A production-shaped deployment on one machine: `make cluster` (up) and `make cluster-down` (down).

    PostgreSQL primary 127.0.0.1:25432 --streaming--> replica 127.0.0.1:25433   (initdb'd under var/cluster/pg)
    Redis 127.0.0.1:26379 (cache and sessions)
    gunicorn app servers 127.0.0.1:28001 and :28002, production settings (DATABASE_URL: the primary,
      DATABASE_REPLICA_URL: the replica, REDIS_URL: the Redis above)
    HAProxy 127.0.0.1:8080, health checks on /healthz, failed idempotent requests retried on the other server

Usage: deploy/cluster.py up | down | status | env   (env: the app servers' settings, for manage.py commands)

`up` is idempotent: what runs is left running (app servers and HAProxy reload their code and configuration),
what is missing is made or started; migrate, load_csto and collectstatic run each time, once, on the
primary. Everything lives under CLUSTER_DIR (var/cluster): data, logs, pid files, the generated secret key.
It never touches the machine's own PostgreSQL (5432) or Redis (6379). Ports and sizes come from the
environment (CLUSTER_* below), which is how the cluster tests run a second one beside a developer's.
As root, PostgreSQL runs as the `postgres` user (it refuses root), and missing Debian packages are installed.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIR = Path(os.environ.get("CLUSTER_DIR") or ROOT / "var" / "cluster").resolve()
# Below Linux's ephemeral range (32768-60999): a port there may be held at any moment by an outgoing connection
# (a load generator's, a database client's), and a server then fails to bind it.
PG_PORT = int(os.environ.get("CLUSTER_PG_PORT", "25432"))
REPLICA_PORT = int(os.environ.get("CLUSTER_REPLICA_PORT", "25433"))
REDIS_PORT = int(os.environ.get("CLUSTER_REDIS_PORT", "26379"))
APP_PORTS = [int(p) for p in os.environ.get("CLUSTER_APP_PORTS", "28001,28002").split(",")]
LB_PORT = int(os.environ.get("CLUSTER_LB_PORT", "8080"))
WORKERS = int(os.environ.get("CLUSTER_WORKERS", "2"))  # gunicorn workers per app server
MAX_LAG = os.environ.get("CLUSTER_MAX_LAG_SECONDS", "10")  # the app servers' DATABASE_REPLICA_MAX_LAG_SECONDS
DB_NAME = "csto_wiki"
SLOT = "csto_replica"
PYTHON = os.environ.get("CLUSTER_PYTHON") or (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
PRIMARY, REPLICA = DIR / "pg" / "primary", DIR / "pg" / "replica"
RUN, LOG = DIR / "run", DIR / "log"
IS_ROOT = os.geteuid() == 0


def say(message: str) -> None:
    print(f"cluster: {message}", flush=True)


def fail(message: str) -> None:
    print(f"cluster: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


# --- tools ---------------------------------------------------------------------------------------------


def pg_bin() -> Path | None:
    if os.environ.get("CLUSTER_PG_BIN"):
        return Path(os.environ["CLUSTER_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_tools() -> list[str]:
    """The Debian packages of the tools that are missing (PostgreSQL's server: 'postgresql')."""
    missing = []
    if pg_bin() is None or not all((pg_bin() / tool).exists() for tool in ("initdb", "pg_ctl", "pg_basebackup")):
        missing.append("postgresql")
    for tool, package in (("redis-server", "redis-server"), ("haproxy", "haproxy")):
        if not shutil.which(tool):
            missing.append(package)
    return missing


def ensure_tools() -> None:
    missing = missing_tools()
    if missing and IS_ROOT and shutil.which("apt-get"):
        say(f"installing {' '.join(missing)} (Debian packages)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "env": env}
        ok = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], **quiet)
        if ok.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], **quiet)
            subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], **quiet)
        missing = missing_tools()
    if missing:
        fail(f"missing: {' '.join(missing)}; install them (apt-get install {' '.join(missing)}) and run again")


# --- processes -----------------------------------------------------------------------------------------


def as_pg(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool, as the `postgres` user when we are root (the server refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if IS_ROOT else []
    return subprocess.run([*prefix, *map(str, command)], **kwargs)


def pid_of(name: str, expect: str) -> int | None:
    """The pid in run/<name>.pid if that process runs and is what we started (its command line names
    `expect`): a stale file's pid reused by another process is never signalled."""
    try:
        pid = int((RUN / f"{name}.pid").read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, ValueError, IndexError):
        return None
    return pid if expect in cmdline else None


def stop_pid(name: str, expect: str, sig: int = signal.SIGTERM, wait: float = 20) -> None:
    pid = pid_of(name, expect)
    if pid is not None:
        os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while pid_of(name, expect) == pid and time.monotonic() < deadline:
            time.sleep(0.1)
        if pid_of(name, expect) == pid:
            say(f"{name} did not stop in {wait:.0f} s: killing it")
            os.kill(pid, signal.SIGKILL)
    (RUN / f"{name}.pid").unlink(missing_ok=True)


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(what: str, check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    fail(f"{what} did not come up in {timeout:.0f} s; see the logs in {LOG}")


def http_ok(port: int, path: str = "/healthz") -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


# --- PostgreSQL ----------------------------------------------------------------------------------------


def pg_running(datadir: Path) -> bool:
    status = [pg_bin() / "pg_ctl", "status", "-D", datadir]
    return datadir.exists() and as_pg(status, capture_output=True).returncode == 0


def pg_start(datadir: Path, port: int, name: str, extra: str = "") -> None:
    if pg_running(datadir):
        return
    if port_taken(port):
        fail(f"port {port} is taken by something else: set CLUSTER_{name.upper()}_PORT")
    # Per-server settings on the command line: the replica's postgresql.conf is a copy of the primary's.
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {RUN} {os.environ.get('CLUSTER_PG_OPTIONS', '')} {extra}"
    logfile = LOG / f"{name}.log"
    started = as_pg([pg_bin() / "pg_ctl", "start", "-w", "-t", "60", "-D", datadir, "-l", logfile, "-o", options])
    if started.returncode != 0:
        fail(f"the {name} PostgreSQL did not start; see {logfile}")
    say(f"PostgreSQL {name} on 127.0.0.1:{port}")


def psql(port: int, sql: str, *, check: bool = True) -> str:
    command = [pg_bin() / "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-tAXc", sql]
    result = subprocess.run(list(map(str, command)), capture_output=True, text=True, check=False)
    if result.returncode != 0 and check:
        fail(f"psql on port {port} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def ensure_postgres() -> None:
    (DIR / "pg").mkdir(parents=True, exist_ok=True)
    if IS_ROOT:
        shutil.chown(DIR / "pg", "postgres")
        shutil.chown(RUN, "postgres")  # the servers' sockets go there
        if as_pg(["test", "-w", DIR / "pg"]).returncode != 0:
            fail(f"the postgres user cannot reach {DIR / 'pg'}: set CLUSTER_DIR to a directory it can reach")
    if not (PRIMARY / "PG_VERSION").exists():
        say("initdb of the primary")
        initdb = [pg_bin() / "initdb", "-D", PRIMARY, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        if as_pg([*initdb, "--locale=C.UTF-8"], stdout=subprocess.DEVNULL).returncode != 0:
            fail("initdb of the primary failed")
    pg_start(PRIMARY, PG_PORT, "primary")
    if psql(PG_PORT, f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'") != "1":
        psql(PG_PORT, f"CREATE DATABASE {DB_NAME}")
    if not (REPLICA / "PG_VERSION").exists():
        say("base backup of the primary for the replica")
        shutil.rmtree(REPLICA, ignore_errors=True)
        # A slot keeps the WAL the replica has not received yet; a slot left by an earlier replica is replaced.
        psql(PG_PORT, f"SELECT pg_drop_replication_slot('{SLOT}') FROM pg_replication_slots WHERE slot_name = '{SLOT}'")
        # -R: the copy starts as a standby of the primary; -c fast: without waiting for the next checkpoint.
        backup = [pg_bin() / "pg_basebackup", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-D", REPLICA]
        backup += ["-R", "-X", "stream", "-c", "fast", "-C", "-S", SLOT]
        if as_pg(backup, stdout=subprocess.DEVNULL).returncode != 0:
            fail("pg_basebackup for the replica failed")
    # hot_standby_feedback: the primary's vacuum keeps rows a query on the replica still reads, so that
    # query is not cancelled (a "conflict with recovery").
    pg_start(REPLICA, REPLICA_PORT, "replica", "-c hot_standby_feedback=on")
    streaming = "SELECT status FROM pg_stat_wal_receiver"
    wait_for("replication", lambda: psql(REPLICA_PORT, streaming, check=False) == "streaming")


def stop_postgres() -> None:
    for datadir, name in ((REPLICA, "replica"), (PRIMARY, "primary")):
        if pg_running(datadir):
            as_pg([pg_bin() / "pg_ctl", "stop", "-w", "-m", "fast", "-D", datadir], stdout=subprocess.DEVNULL)
            say(f"PostgreSQL {name} stopped")


# --- Redis, app servers, HAProxy --------------------------------------------------------------------------


def ensure_redis() -> None:
    if pid_of("redis", "redis-server"):
        return
    if port_taken(REDIS_PORT):
        fail(f"port {REDIS_PORT} is taken by something else: set CLUSTER_REDIS_PORT")
    (DIR / "redis").mkdir(exist_ok=True)
    # Only a cache (sessions are kept in the database too, SESSION_ENGINE cached_db): no persistence, and the
    # least recently used keys make room when it is full.
    subprocess.run(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--daemonize", "yes",
         "--pidfile", str(RUN / "redis.pid"), "--logfile", str(LOG / "redis.log"), "--dir", str(DIR / "redis"),
         "--save", "", "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        check=True,
    )  # fmt: skip
    wait_for("Redis", lambda: pid_of("redis", "redis-server") is not None and port_taken(REDIS_PORT))
    say(f"Redis on 127.0.0.1:{REDIS_PORT}")


def app_env() -> dict[str, str]:
    """Production settings for the app servers: what an operator would put in the service's environment."""
    key_file = DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    ours = ("DJANGO_", "DATABASE_", "REDIS_URL")
    env = {name: value for name, value in os.environ.items() if not name.startswith(ours)}
    env.update(
        DJANGO_SECRET_KEY=key_file.read_text().strip(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}",
        DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{DB_NAME}",
        DATABASE_REPLICA_MAX_LAG_SECONDS=MAX_LAG,
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        # HAProxy sets X-Forwarded-For/-Proto. Plain HTTP on the loopback: no TLS terminator here to redirect to.
        DJANGO_BEHIND_PROXY="1",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    return env


def manage(*args: str, attempts: int = 1) -> None:
    log = LOG / "setup.log"
    for attempt in range(1, attempts + 1):
        with log.open("a") as out:
            done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=app_env(), stdout=out, stderr=out)
        if not done.returncode:
            return
        say(f"manage.py {' '.join(args)} failed (attempt {attempt} of {attempts}); see {log}")
    # The tests' cluster directories are removed after them: the log's end goes into the message.
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-25:])
    fail(f"manage.py {' '.join(args)} failed; see {log}; it ends:\n{tail}")


def ensure_app(number: int, port: int) -> None:
    name = f"app{number}"
    if pid := pid_of(name, "gunicorn"):
        os.kill(pid, signal.SIGHUP)  # new workers with the current code and settings, no request dropped
        wait_for(name, lambda: http_ok(port))
        say(f"app server {number} reloaded (127.0.0.1:{port})")
        return
    if port_taken(port):
        fail(f"port {port} is taken by something else: set CLUSTER_APP_PORTS")
    command = [PYTHON, "-m", "gunicorn", "csto_wiki.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
               "--name", f"csto-{name}", "--daemon", "--pid", str(RUN / f"{name}.pid"),
               "--access-logfile", str(LOG / f"{name}.access.log"),
               "--error-logfile", str(LOG / f"{name}.log")]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=app_env(), check=True)
    wait_for(f"app server {number}", lambda: http_ok(port))
    say(f"app server {number} on 127.0.0.1:{port}")


def ensure_haproxy() -> None:
    numbered = list(enumerate(APP_PORTS, start=1))
    checked = "check observe layer4 error-limit 1 on-error mark-down"
    servers = "\n".join(f"    server app{n} 127.0.0.1:{port} {checked}" for n, port in numbered)
    servers += "\n" + "\n".join(f"    server app{n}-unchecked 127.0.0.1:{port} backup" for n, port in numbered)
    template = (Path(__file__).parent / "haproxy.cfg.template").read_text()
    config = template.format(run=RUN, lb_port=LB_PORT, servers=servers, workers=WORKERS)
    (DIR / "haproxy.cfg").write_text(config)
    check = subprocess.run(["haproxy", "-c", "-q", "-f", str(DIR / "haproxy.cfg")], capture_output=True, text=True)
    if check.returncode != 0:
        fail(f"haproxy.cfg is not valid: {check.stderr.strip()}")
    if pid := pid_of("haproxy", "haproxy"):
        os.kill(pid, signal.SIGUSR2)  # master-worker reload: reads the configuration again
        say(f"HAProxy reloaded (127.0.0.1:{LB_PORT})")
        return
    if port_taken(LB_PORT):
        fail(f"port {LB_PORT} is taken by something else: set CLUSTER_LB_PORT")
    with (LOG / "haproxy.log").open("a") as log:
        command = ["haproxy", "-W", "-f", str(DIR / "haproxy.cfg"), "-p", str(RUN / "haproxy.pid")]
        subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    wait_for("HAProxy", lambda: http_ok(LB_PORT))
    say(f"HAProxy on http://127.0.0.1:{LB_PORT}/ (health checks on /healthz)")


# --- commands ------------------------------------------------------------------------------------------


def up() -> None:
    ensure_tools()
    for path in (DIR, RUN, LOG):
        path.mkdir(parents=True, exist_ok=True)
    if IS_ROOT:
        shutil.chown(LOG, "postgres")  # the PostgreSQL servers write their logs there too
    ensure_postgres()
    ensure_redis()
    say("migrate, load_csto and collectstatic on the primary (log: setup.log)")
    manage("migrate", "--noinput")
    manage("load_csto")
    # Once, in CI, it failed with no cause left to read (the log went with the test's directory); it is
    # idempotent, so a second attempt costs nothing, and the message now carries the log's end.
    manage("collectstatic", "--noinput", attempts=2)
    for number, port in enumerate(APP_PORTS, start=1):
        ensure_app(number, port)
    ensure_haproxy()
    (DIR / "cluster.json").write_text(json.dumps(describe(), indent=2) + "\n")
    say(f"up: http://127.0.0.1:{LB_PORT}/ -- `make cluster-down` stops it")


def down() -> None:
    stop_pid("haproxy", "haproxy")
    for number in range(1, len(APP_PORTS) + 1):
        stop_pid(f"app{number}", "gunicorn", wait=35)  # SIGTERM: requests under way are finished first
    stop_pid("redis", "redis-server")
    if pg_bin() is not None:
        stop_postgres()
    say("down: nothing of the cluster runs")


def describe() -> dict:
    return {
        "balancer": f"http://127.0.0.1:{LB_PORT}/",
        "app_servers": [f"http://127.0.0.1:{port}/" for port in APP_PORTS],
        "primary": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}",
        "replica": f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{DB_NAME}",
        "redis": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "dir": str(DIR),
    }


def status() -> int:
    running = {
        "primary": pg_bin() is not None and pg_running(PRIMARY),
        "replica": pg_bin() is not None and pg_running(REPLICA),
        "redis": pid_of("redis", "redis-server") is not None,
        **{f"app{n}": pid_of(f"app{n}", "gunicorn") is not None for n in range(1, len(APP_PORTS) + 1)},
        "haproxy": pid_of("haproxy", "haproxy") is not None,
    }
    for name, state in running.items():
        print(f"{name:8} {'running' if state else 'stopped'}")
    return 0 if all(running.values()) else 3


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "up"
    if command == "up":
        up()
    elif command == "down":
        down()
    elif command == "status":
        return status()
    elif command == "env":
        DIR.mkdir(parents=True, exist_ok=True)
        for name, value in app_env().items():
            if name.startswith(("DJANGO_", "DATABASE_", "REDIS_URL")):
                print(f"{name}={value}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
