"""The page cache on Redis (REDIS_URL), as app servers share it: stored there, and fresh after a write."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from apps.bodies import services as body_services
from tests.factories import make_body

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = ("127.0.0.1", 6379)


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_answers():
        pytest.skip("no Redis answers at 127.0.0.1:6379 (the cluster and .ci/run start one where they can)")
    prefix = f"csto-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/0",
            "KEY_PREFIX": prefix,
        }
    }
    cache = caches["default"]
    yield cache
    # Only this test's keys: the Redis may be shared (never FLUSHDB here).
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_pages_are_stored_in_redis_and_fresh_after_a_write(redis_cache):
    body = make_body(name="Military Committee", slug="military-committee", summary="Before.")
    url = reverse("bodies:detail", kwargs={"slug": body.slug})
    assert Client().get(url)["X-Page-Cache"] == "miss"
    client = redis_cache._cache.get_client()
    assert any(b":page:" in key for key in client.scan_iter(f"{redis_cache.key_prefix}:*"))
    assert Client().get(url)["X-Page-Cache"] == "hit"
    body_services.body_update(body=body, summary="After.")
    fresh = Client().get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "After." in fresh.content.decode()
