"""Whether the first page of a search is the page ranked over every match, on a benchmark database.

Run from the repository root, on a database that benchmarks/search.py built (it is only read):

    .venv/bin/python benchmarks/search_pages.py --postgres postgres://postgres@127.0.0.1:5432/csto_search_bench_1m

For each query it prints whether the page (candidates: champion lists, rows naming every word, a phrase's word
pairs, the RUM scan) equals the first page of every match ranked (SearchBackend.page, the slow way), the
ranks where they differ, and the page's time. docs/search.md, "Results, sixth step", quotes it.
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    ("Military Committee", None),
    ("military committee", "body"),
    ("Collective Security Council", None),
    ("joint staff", None),
    ('"joint staff"', None),
    ("border security", None),
    ("peacekeeping forces", None),
    ("defence ministers", None),
    ("council", "meeting"),
    ("staff", "body"),
    ("air defence", None),
    ("military", None),
    ("security", None),
    ("Council of Ministers", None),
    ("regional command", "body"),
    ("Military Committee -defence", None),
    ("Military Committee", "document"),
    ("military committee", "meeting"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", required=True, help="a database benchmarks/search.py built")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "csto_wiki.settings"
    os.environ["DJANGO_SECRET_KEY"] = "benchmark-only-throwaway-secret-key-" + "x" * 32
    os.environ["DATABASE_URL"] = args.postgres
    import django

    django.setup()
    from apps.search.backends.base import SearchBackend
    from apps.search.backends.postgresql import PostgresBackend

    backend = PostgresBackend()
    same = 0
    for query, kind in QUERIES:
        backend.counts(query)  # as a search makes them: their estimates choose the page's sources (SCAN_CAP)
        backend.page(query, kind, 0, 20)  # warm
        started = time.perf_counter()
        page = [hit.url for hit in backend.page(query, kind, 0, 20)]
        elapsed = (time.perf_counter() - started) * 1000
        every = [hit.url for hit in SearchBackend.page(backend, query, kind, 0, 20)]
        differ = [rank + 1 for rank, (a, b) in enumerate(zip(page, every, strict=False)) if a != b]
        same += page == every
        print(
            f"{query!r:32} {kind or '-':9} {'same' if page == every else 'differs at ' + str(differ[:3]):24}"
            f" {elapsed:7.1f} ms"
        )
    print(f"{same} of {len(QUERIES)} first pages are the page ranked over every match")


if __name__ == "__main__":
    main()
