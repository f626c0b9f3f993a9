"""Requests/s and latency through the cluster's balancer against one app server directly, in one run.

    make cluster                                   # the deployment under test (deploy/cluster.py)
    .venv/bin/python benchmarks/cluster.py [--duration 10] [--connections 8,16|auto] [--rounds 3] [--uncached]

It drives wrk (Debian's `wrk`: apt-get install wrk) with 2 threads against each page in turn, alternating
between the balancer (http://127.0.0.1:8080, two app servers behind it) and the first app server
(http://127.0.0.1:28001), and prints the median of the rounds: requests/s, p50 and p99 latency, errors
(non-2xx answers and socket errors). Everything runs on this machine, so the two app servers share its
cores with the load generator, PostgreSQL and HAProxy: the figure says what the balancer and a second
server cost or bring here, not what two machines would do.

`--connections auto` first finds each target's saturating concurrency for the body page (the fewest of 1, 2, 4,
8, 16, 32 connections reaching 90% of its best requests/s) and then measures every page at twice that, the
issue's "twice the saturating concurrency". `--uncached` sends a session cookie that names no session, so that
no page is served whole from the page cache: every request is rendered, as a signed-in editor's is (with the
content kept per generation, apps/core/page_parts.py).
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

PAGES = ["/healthz", "/bodies/military-committee/", "/"]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


HEADERS: list[str] = []  # extra wrk arguments (-H ...), set by --uncached
LADDER = [1, 2, 4, 8, 16, 32]


def wrk(url: str, connections: int, duration: int) -> dict:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
        *HEADERS,
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = {p: ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0),
    }


def ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * UNITS[unit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--balancer", default="http://127.0.0.1:8080")
    parser.add_argument("--app", default="http://127.0.0.1:28001")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", default="8,16")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--uncached", action="store_true", help="send a session cookie: no page served whole")
    args = parser.parse_args()
    if args.uncached:
        HEADERS.extend(["-H", "Cookie: sessionid=benchmark-no-such-session"])
    if not shutil.which("wrk"):
        print("wrk not found: apt-get install wrk", file=sys.stderr)
        return 1
    targets = {"balancer": args.balancer, "one app server": args.app}
    for base in targets.values():
        if not base.startswith("http://"):
            parser.error(f"not an http:// address: {base}")
        urllib.request.urlopen(f"{base}/healthz", timeout=5).close()  # noqa: S310 -- the cluster is up
    if args.connections == "auto":
        levels = {name: [2 * saturating(base + PAGES[1], args.duration)] for name, base in targets.items()}
        print("twice the saturating concurrency of the body page:", levels)
    else:
        levels = {name: [int(c) for c in args.connections.split(",")] for name in targets}
    results: dict[tuple, list[dict]] = {}
    for _round in range(args.rounds):
        for level in range(len(next(iter(levels.values())))):
            for page in PAGES:
                for name, base in targets.items():
                    time.sleep(3)  # the last run's abandoned requests drain from the app servers' queues
                    connections = levels[name][level]
                    run = wrk(base + page, connections, args.duration)
                    results.setdefault((page, level, name), []).append(run | {"connections": connections})
    print(f"median of {args.rounds} rounds of {args.duration} s, wrk -t2")
    header = f"{'page':30} {'conns':>5} {'target':15} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
    print(f"{header} {'errors':>6} {'vs one':>7}")
    for (page, level, name), runs in results.items():
        median = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p99")}
        errors = sum(run["errors"] for run in runs)
        connections = runs[0]["connections"]
        direct = statistics.median(run["rps"] for run in results[(page, level, "one app server")])
        print(
            f"{page:30} {connections:>5} {name:15} {median['rps']:>8.0f} {median['p50']:>8.1f} "
            f"{median['p99']:>8.1f} {errors:>6} {median['rps'] / direct:>7.2f}"
        )
    return 0


def saturating(url: str, duration: int) -> int:
    """The fewest connections reaching 90% of the best requests/s seen over the ladder."""
    rates = {}
    for connections in LADDER:
        time.sleep(3)
        rates[connections] = wrk(url, connections, duration)["rps"]
    best = max(rates.values())
    print(f"  {url}: requests/s by connections {rates}")
    return next(c for c in LADDER if rates[c] >= 0.9 * best)


if __name__ == "__main__":
    sys.exit(main())
