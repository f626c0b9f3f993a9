"""Server time of pages rendered in-process (no network, no page cache): median and min ms, and SQL queries.

The CPU time of this process (time.process_time: Python's work, not the database's, and not the time spent
waiting for a core) is the steadiest figure on a busy machine.

    .venv/bin/python benchmarks/page_time.py --database postgres://postgres@127.0.0.1:5432/csto_loadbench
        [--repo PATH] [--repeat 60] [--fragments 0|1] [URL ...]

`--repo` runs another checkout's code (e.g. an older commit unpacked with `git archive`) against the same
database, to compare before and after on one machine in one sitting. The database must be migrated and loaded
(benchmarks/load.py leaves its database so). The whole-page cache is off (DJANGO_PAGE_CACHE=0); `--fragments 0`
turns off the parts kept per generation too, as for the first request after a write.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT_URLS = ["/healthz", "/bodies/military-committee/", "/meetings/military-committee-2021-12-08-videoconference/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--fragments", default="1")
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="csto_wiki.settings",
        DATABASE_URL=args.database,
        DJANGO_SECRET_KEY="page-time-benchmark-only-throwaway-secret-key-" + "x" * 32,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_PAGE_CACHE="0",
        DJANGO_PAGE_FRAGMENT_CACHE=args.fragments,
        DJANGO_LOG_LEVEL="ERROR",
    )
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, args.repo)
    os.chdir(args.repo)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    print(f"{args.repo}: median and min of {args.repeat} requests, after 5 to warm up")
    for url in args.urls:
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        count: list[int] = []

        def counting(execute, *rest, seen=count):
            seen.append(1)
            return execute(*rest)

        with connection.execute_wrapper(counting):
            client.get(url)
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"  {url:58} wall {statistics.median(times):6.1f} ms median {min(times):6.1f} min;"
            f" this process's CPU {statistics.median(cpu):6.1f} ms median; {len(count):2d} queries"
        )


if __name__ == "__main__":
    main()
