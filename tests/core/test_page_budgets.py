"""Pages not served whole from the cache (an editor's, a new address, DJANGO_PAGE_CACHE=0) take their content
from the cache, kept rendered per generation (apps/core/page_parts.py): record pages then run two queries (the
record and the generation), whatever the data size. The counts of the same pages computed from nothing are the
cold budgets in tests/budgets.py, tested with each page.

These tests commit (transaction=True): inside a transaction that has written, parts are computed afresh."""

import pytest
from django.test import Client

from apps.bodies.models import Body
from apps.core.languages import in_language
from tests.bodies.test_views import grow_to
from tests.budgets import BODY_PAGE, BODY_PAGE_WARM, MEETING_PAGE, MEETING_PAGE_WARM
from tests.meetings.test_views import grow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def whole_pages_not_cached(settings):
    settings.PAGE_CACHE = False


# The Russian pages run the same queries: the language changes only the words around the data.
LANGUAGES = ["en", "ru"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [10, 1000])
def test_the_body_page_runs_two_queries_once_its_content_is_kept(django_assert_num_queries, size, language):
    grow_to(size)
    url = in_language(Body.objects.get(depth=2, path__endswith="0001").get_absolute_url(), language)
    with django_assert_num_queries(BODY_PAGE + 1):  # the first after a write: everything, and the generation
        first = Client().get(url)
    assert f'<html lang="{language}">' in first.content.decode()
    assert BODY_PAGE_WARM <= 10
    with django_assert_num_queries(BODY_PAGE_WARM):
        again = Client().get(url)
    assert again.content == first.content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("count", [1, 100])
def test_the_meeting_page_runs_two_queries_once_its_content_is_kept(django_assert_num_queries, count, language):
    url = in_language(grow(count).get_absolute_url(), language)
    with django_assert_num_queries(MEETING_PAGE + 1):
        first = Client().get(url)
    assert MEETING_PAGE_WARM <= 10
    with django_assert_num_queries(MEETING_PAGE_WARM):
        again = Client().get(url)
    assert again.content == first.content
    assert again.content.decode().count("Capacity ") == count  # the grown participants' own
