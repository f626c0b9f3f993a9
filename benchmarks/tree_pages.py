"""Server time of the body tree page and of body pages, on a 100-body and a 10,000-body tree.

Run from the repository root:

    .venv/bin/python benchmarks/tree_pages.py [--bodies 10000] [--repeat 30]
    .venv/bin/python benchmarks/tree_pages.py --postgres postgres://postgres@127.0.0.1:5432/csto_bench

It never touches the developer's database: by default it works in a fresh temporary SQLite
file (deleted afterwards); with --postgres it DROPS and recreates the named database, whose
name must contain "bench". Requests go through django.test.Client, in-process, no network.
"""

import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SMALL_TREE = 100
SEED = 20240601
MIN_CHILDREN, MAX_CHILDREN = 5, 15


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=int, default=10_000, help="size of the large tree (default 10000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="PostgreSQL database to DROP and recreate, e.g. postgres://postgres@127.0.0.1:5432/csto_bench",
    )
    parser.add_argument("--skip-check", action="store_true", help="skip find_problems() on the large tree")
    args = parser.parse_args()
    if args.bodies < SMALL_TREE or args.repeat < 1 or args.warmup < 0:
        parser.error(f"--bodies must be at least {SMALL_TREE}, --repeat at least 1, --warmup at least 0")
    return args


def recreate_postgres_database(url: str) -> None:
    """Drop and create the benchmark database, through the `postgres` maintenance database."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"--postgres needs a postgres:// URL, got {url!r}")
    name = config["NAME"]
    if "bench" not in name.lower():
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    params = {
        "dbname": "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def configure_environment(args: argparse.Namespace) -> Path | None:
    """Set the settings' environment before Django is imported; returns a temp dir to delete, if any."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "csto_wiki.settings"
    os.environ["DJANGO_SECRET_KEY"] = "benchmark-only-throwaway-secret-key-" + "x" * 32
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_PLAIN_STATIC"] = "1"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    if args.postgres:
        recreate_postgres_database(args.postgres)
        os.environ["DATABASE_URL"] = args.postgres
        return None
    tmpdir = Path(tempfile.mkdtemp(prefix="csto-bench-", dir="/tmp"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir / 'bench.sqlite3'}"  # absolute path: sqlite:////tmp/...
    return tmpdir


# --- everything below runs after django.setup() ---------------------------------------------


def tree_shape(count: int, seed: int = SEED) -> list[int]:
    """Parent index (or -1 for the root) of each node, in breadth-first order: a random tree whose
    nodes get MIN_CHILDREN..MAX_CHILDREN children each, level by level, until `count` nodes."""
    rng = random.Random(seed)
    parents = [-1]
    next_parent = 0
    while len(parents) < count:
        for _ in range(min(rng.randint(MIN_CHILDREN, MAX_CHILDREN), count - len(parents))):
            parents.append(next_parent)
        next_parent += 1
    return parents


def build_tree(count: int) -> float:
    """Replace every body by a fresh `count`-body tree, built with bulk_create; returns seconds."""
    from django.db import connection, transaction

    from apps.bodies.models import Body, Classification

    kinds = [c for c in Classification if c != Classification.ORGANIZATION]
    rng = random.Random(SEED + count)
    started = time.perf_counter()
    with transaction.atomic():
        Body.objects.all().delete()
        parents = tree_shape(count)
        paths: list[str] = []
        numchild = [0] * count
        bodies = []
        for index, parent in enumerate(parents):
            if parent < 0:
                path = Body.path_segment(1)
                kind = Classification.ORGANIZATION
                name = "Collective Security Treaty Organization (benchmark)"
                abbreviation = "CSTO"
            else:
                numchild[parent] += 1
                path = paths[parent] + Body.path_segment(numchild[parent])
                kind = rng.choice(kinds)
                name = f"{kind.label} {path.lstrip('0')} of the benchmark tree"
                abbreviation = f"B{index}" if rng.random() < 0.3 else ""
            paths.append(path)
            bodies.append(
                Body(
                    name=name,
                    slug=f"bench-body-{index}",
                    abbreviation=abbreviation,
                    classification=kind,
                    summary=f"Synthetic body number {index}, made for the tree-page benchmark.",
                    path=path,
                    depth=len(path) // Body.steplen,
                )
            )
        for body, children in zip(bodies, numchild, strict=True):
            body.numchild = children
        Body.objects.bulk_create(bodies, batch_size=1000)
    if connection.vendor == "postgresql":
        # As autovacuum soon would: without statistics the planner guesses at the fresh rows.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Body._meta.db_table)}")
    return time.perf_counter() - started


def check_tree(count: int) -> float:
    from apps.bodies.models import Body

    started = time.perf_counter()
    problems = Body.objects.find_problems()
    assert problems == ([], [], [], [], []), f"treebeard found problems: {problems}"
    assert Body.objects.count() == count
    return time.perf_counter() - started


def pick_pages() -> list[tuple[str, str]]:
    """(label, url) of the tree page, a body near the root and the deepest body with children."""
    from apps.bodies.models import Body

    near_root = Body.objects.filter(depth=2).order_by("path").first()
    deep = Body.objects.filter(numchild__gt=0).order_by("-depth", "path").first()
    return [
        ("/bodies/ (whole tree)", "/bodies/"),
        (f"near root: depth {near_root.depth}, {near_root.numchild} children", near_root.get_absolute_url()),
        (f"deep: depth {deep.depth}, {deep.numchild} children", deep.get_absolute_url()),
    ]


def measure(client, url: str, repeat: int, warmup: int) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} -> {response.status_code}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} -> {response.status_code}"
    # Count now: captured_queries slices connection.queries, which the next request resets.
    query_count = len(queries.captured_queries)
    size_kb = len(response.content) / 1024
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, f"GET {url} -> {response.status_code}"
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p90": timings[max(math.ceil(0.9 * len(timings)) - 1, 0)],
        "min": timings[0],
        "queries": query_count,
        "kb": size_kb,
    }


def print_table(rows: list[tuple[int, str, str, dict[str, float]]]) -> None:
    header = f"{'bodies':>7}  {'page':<36} {'median ms':>10} {'p90 ms':>9} {'min ms':>9} {'queries':>8} {'KB':>8}"
    print(header)
    print("-" * len(header))
    for count, label, _url, r in rows:
        print(
            f"{count:>7}  {label:<36} {r['median']:>10.2f} {r['p90']:>9.2f} {r['min']:>9.2f}"
            f" {r['queries']:>8d} {r['kb']:>8.1f}"
        )


def print_ratios(rows: list[tuple[int, str, str, dict[str, float]]], small: int, large: int) -> None:
    by_size: dict[int, dict[str, dict[str, float]]] = {}
    for count, label, _url, result in rows:
        by_size.setdefault(count, {})[label.split(":")[0]] = result
    print(f"\nmedian ratio, {large} vs {small} bodies:")
    for key, big in by_size[large].items():
        little = by_size[small].get(key)
        if little:
            print(f"  {key:<36} x{big['median'] / little['median']:.1f}")


def run(args: argparse.Namespace) -> None:
    import django

    # WhiteNoise warns that STATIC_ROOT was never collected; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.bodies.models import Body

    db = connection.settings_dict["NAME"]
    print(f"Database: {connection.vendor} {db}")
    print(
        f"Python {sys.version.split()[0]}, Django {django.get_version()}; {args.warmup} warm-up + {args.repeat} timed"
    )
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    client = Client()
    rows = []
    for count in (SMALL_TREE, args.bodies):
        built = build_tree(count)
        checked = 0.0 if (args.skip_check and count > SMALL_TREE) else check_tree(count)
        max_depth = Body.objects.order_by("-depth").values_list("depth", flat=True).first()
        print(f"{count} bodies: built in {built:.2f} s, find_problems {checked:.2f} s, max depth {max_depth}")
        for label, url in pick_pages():
            rows.append((count, label, url, measure(client, url, args.repeat, args.warmup)))
    print()
    print_table(rows)
    print_ratios(rows, SMALL_TREE, args.bodies)
    connection.close()


def main() -> None:
    args = parse_args()
    tmpdir = configure_environment(args)
    try:
        run(args)
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
