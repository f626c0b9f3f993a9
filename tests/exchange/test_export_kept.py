"""The Popolo export kept per generation for readers the page cache does not serve: one query (the generation)
until the next write, then the new data. These tests commit (transaction=True), as the page cache's do."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.bodies.models import Body
from tests.factories import make_body, make_editor

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_export_is_computed_once_per_generation_and_fresh_after_a_write(settings, django_assert_num_queries):
    settings.PAGE_CACHE = False
    body = make_body(name="Military Committee", slug="military-committee")
    editor = Client()
    editor.force_login(make_editor())
    url = reverse("exchange:popolo")
    first = editor.get(url)
    assert "Military Committee" in first.content.decode()
    with django_assert_num_queries(1):  # the generation; the document itself is kept
        again = Client().get(url)
    assert again.content == first.content
    Body.objects.filter(pk=body.pk).update(name="Military Committee of the CSTO")
    assert "Military Committee of the CSTO" in Client().get(url).content.decode()
