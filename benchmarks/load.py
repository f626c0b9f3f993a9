"""Load benchmark: every page type under gunicorn with production settings on PostgreSQL, through wrk.

    .venv/bin/python benchmarks/load.py [--postgres postgres://postgres@127.0.0.1:5432/csto_loadbench]
        [--workers 2] [--connections 8] [--duration 5] [--modes cached,uncached,cold] [--redis redis://...]

It DROPS and recreates the named database (its name must contain "bench"), migrates it and loads the CSTO
dataset (load_csto), collects the static files, then for each mode starts gunicorn (sync workers, DEBUG off,
the compressed manifest static storage), and measures with wrk (Debian: `apt-get install wrk`):

- requests/s of every page type at `--connections` (the issue's `wrk -t2 -c8`), and that figure as a ratio to
  /healthz measured by the same server in the same run;
- the saturating concurrency of the body page (the smallest of 1, 2, 4, 8, 16 connections reaching 90% of the
  best requests/s), then p50/p99 latency and errors (socket errors, timeouts, non-2xx/3xx) of every page at
  twice that.

Modes: `cached` (the anonymous page cache on, as deployed), `uncached` (DJANGO_PAGE_CACHE=0: every request
renders its page; the parts kept per generation still help), `cold` (DJANGO_PAGE_CACHE=0 and
DJANGO_PAGE_FRAGMENT_CACHE=0: every request computes everything, as the first request after a write does).
Timings on a shared machine are noisy: read the ratios, which are measured against /healthz in the same run.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
BODY = "/bodies/military-committee/"
MODES = {
    "cached": {"DJANGO_PAGE_CACHE": "1", "DJANGO_PAGE_FRAGMENT_CACHE": "1"},
    "uncached": {"DJANGO_PAGE_CACHE": "0", "DJANGO_PAGE_FRAGMENT_CACHE": "1"},
    "cold": {"DJANGO_PAGE_CACHE": "0", "DJANGO_PAGE_FRAGMENT_CACHE": "0"},
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/csto_loadbench")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections for the requests/s table")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--modes", default="cached,uncached,cold")
    parser.add_argument("--redis", default="", help="REDIS_URL for the servers (default: local memory per worker)")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn (default: a free one)")
    parser.add_argument("--skip-setup", action="store_true", help="reuse the database as it is")
    return parser.parse_args()


def environment(args: argparse.Namespace, mode: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_")) and key != "REDIS_URL"
    }
    env.update(
        DATABASE_URL=args.postgres,
        DJANGO_SECRET_KEY="load-benchmark-only-throwaway-secret-key-" + "x" * 32,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # wrk speaks plain HTTP to gunicorn, as a load balancer would
        DATABASE_STATEMENT_TIMEOUT_MS="0",
        **MODES.get(mode, {}),
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def manage(args: argparse.Namespace, *command: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *command],
        cwd=REPO,
        env=environment(args, "setup"),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def set_up(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from tree_pages import recreate_postgres_database

    print(f"== recreating {args.postgres}, migrating, loading the CSTO dataset, collecting static files", flush=True)
    recreate_postgres_database(args.postgres)
    manage(args, "migrate", "--noinput", "-v0")
    manage(args, "load_csto")
    manage(args, "collectstatic", "--noinput", "-v0")


def page_addresses(args: argparse.Namespace) -> list[str]:
    """One address of every page type, with slugs taken from the loaded dataset."""
    script = (
        "from apps.membership.models import MemberState, Person\n"
        "from apps.documents.models import Document\n"
        "from apps.meetings.models import Meeting\n"
        "print(MemberState.objects.order_by('pk').first().slug, Person.objects.order_by('pk').first().slug,"
        " Document.objects.order_by('pk').first().slug, Meeting.objects.order_by('pk').first().slug)\n"
    )
    state, person, document, meeting = manage(args, "shell", "-c", script).strip().splitlines()[-1].split()
    return [
        "/healthz",
        "/",
        "/bodies/",
        BODY,
        f"/meetings/{meeting}/",
        "/meetings/",
        f"/states/{state}/",
        "/states/",
        f"/people/{person}/",
        "/people/",
        f"/documents/{document}/",
        "/documents/",
        "/bodies/chart/",
        "/search/?q=military+committee&go=0",
        "/changes/",
        "/changes/feed/",
        "/sources/",
        f"{BODY}history/",
        "/bodies/bodies.csv",
        "/export/popolo.json",
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: argparse.Namespace, mode: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(REPO / ".venv" / "bin" / "gunicorn"),
            "csto_wiki.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=environment(args, mode),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    sys.exit("gunicorn did not answer /healthz")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(args: argparse.Namespace, url: str, connections: int) -> dict:
    threads = min(args.threads, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{args.duration}s", "--latency", "--timeout", "5s", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": rps,
        "p50": to_ms(latency["50"]) if "50" in latency else float("nan"),
        "p99": to_ms(latency["99"]) if "99" in latency else float("nan"),
        "errors": errors,
    }


def saturating_concurrency(args: argparse.Namespace, base: str) -> tuple[int, dict[int, float]]:
    sweep = {c: wrk(args, base + BODY, c)["rps"] for c in (1, 2, 4, 8, 16)}
    best = max(sweep.values())
    return next(c for c, rps in sweep.items() if rps >= 0.9 * best), sweep


def run_mode(args: argparse.Namespace, mode: str, pages: list[str]) -> dict:
    port = args.port or free_port()
    server = start_server(args, mode, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for page in pages:  # warm: the first request of a page fills the caches, as any reader's would
            with urllib.request.urlopen(base + page, timeout=30) as response:  # noqa: S310
                response.read()
        print(f"== {mode}: requests/s at {args.connections} connections", flush=True)
        throughput = {page: wrk(args, base + page, args.connections) for page in pages}
        # /healthz again at the end: the reference is the mean of both, so that a machine busier at the start
        # or the end of the run tilts no page's ratio.
        again = wrk(args, base + "/healthz", args.connections)
        first = throughput["/healthz"]
        mean = (first["rps"] + again["rps"]) / 2
        throughput["/healthz"] = {**first, "rps": mean, "runs": (first["rps"], again["rps"])}
        saturating, sweep = saturating_concurrency(args, base)
        print(f"== {mode}: body page requests/s by connections {sweep}; saturating at {saturating}", flush=True)
        stressed = {page: wrk(args, base + page, 2 * saturating) for page in pages}
    finally:
        stop_server(server)
    return {"throughput": throughput, "saturating": saturating, "stressed": stressed}


def print_table(results: dict, pages: list[str], connections: int) -> None:
    modes = list(results)
    header = ["page"]
    for mode in modes:
        header += [f"{mode} req/s", "× healthz", "p50 ms", "p99 ms", "errors"]
    rows = [header]
    for page in pages:
        row = [page]
        for mode in modes:
            healthz = results[mode]["throughput"]["/healthz"]["rps"]
            measured = results[mode]["throughput"][page]
            stressed = results[mode]["stressed"][page]
            row += [
                f"{measured['rps']:.0f}",
                f"{measured['rps'] / healthz:.0%}",
                f"{stressed['p50']:.1f}",
                f"{stressed['p99']:.1f}",
                str(measured["errors"] + stressed["errors"]),
            ]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for mode in modes:
        runs = results[mode]["throughput"]["/healthz"]["runs"]
        print(f"{mode}: /healthz {runs[0]:.0f} req/s before the pages and {runs[1]:.0f} after; the ratios use the mean")
    print(
        f"req/s at {connections} connections; p50/p99 at twice the saturating concurrency ("
        + ", ".join(f"{mode}: {2 * results[mode]['saturating']}" for mode in modes)
        + "); errors summed over both runs"
    )
    for index, row in enumerate(rows):
        cells = [cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        print(" | ".join(cells))
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    if not args.skip_setup:
        set_up(args)
    pages = page_addresses(args)
    results = {mode: run_mode(args, mode, pages) for mode in args.modes.split(",")}
    print_table(results, pages, args.connections)


if __name__ == "__main__":
    main()
