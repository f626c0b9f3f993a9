import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The anonymous throttle counts requests in the cache (local memory in the tests), across tests: each test
    starts from nothing, so that no test is refused for what the tests before it asked."""
    cache.clear()
    yield
    cache.clear()
