"""Concurrent tree writes from several threads, each with its own PostgreSQL connection."""

import random
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from apps.bodies import services
from apps.bodies.models import Body
from tests.factories import make_body, tree_problems

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

THREADS = 4
OPERATIONS_PER_THREAD = 30


def worker(seed: int, errors: list[BaseException], barrier: threading.Barrier) -> None:
    rng = random.Random(seed)
    try:
        barrier.wait()
        for step in range(OPERATIONS_PER_THREAD):
            pks = list(Body.objects.values_list("pk", flat=True))
            body = Body.objects.filter(pk=rng.choice(pks)).first()
            target = Body.objects.filter(pk=rng.choice(pks)).first()
            if body is None or target is None:
                continue  # deleted by another thread meanwhile
            try:
                if rng.random() < 0.5:
                    services.body_create(name=f"T{seed}-{step}", target=target, position=rng.choice(services.POSITIONS))
                else:
                    services.body_move(body=body, target=target, position=rng.choice(services.POSITIONS))
            except ValidationError:
                pass  # a refused cycle, or a body deleted meanwhile: refused cleanly
    except BaseException as exc:
        errors.append(exc)
    finally:
        connection.close()


def test_concurrent_moves_and_inserts_keep_the_tree_consistent(on_postgres):
    root = make_body(name="Root")
    for n in range(12):
        make_body(parent=root, name=f"Seed {n}")
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)
    threads = [threading.Thread(target=worker, args=(seed, errors, barrier)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not [e for e in errors if not isinstance(e, OperationalError)], errors
    assert not errors, errors
    assert tree_problems() == []
    assert Body.objects.count() > 13


@pytest.mark.parametrize("operation", ["create", "move", "delete"])
def test_every_structural_write_takes_the_tree_lock(on_postgres, operation):
    root = make_body(name="Root")
    a, b = make_body(parent=root), make_body(parent=root)
    statements: list[str] = []

    def capture(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        if operation == "create":
            services.body_create(name="New", target=a)
        elif operation == "move":
            services.body_move(body=a, target=b)
        else:
            services.body_delete(body=a)
    assert "pg_advisory_xact_lock" in statements[0] or "pg_advisory_xact_lock" in statements[1]
