"""History and recent changes run a fixed number of queries whatever the number of revisions."""

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.bodies import services
from tests.factories import make_body

pytestmark = pytest.mark.django_db


def body_with_revisions(count: int):
    user = get_user_model().objects.create_user("editor", "e@example.org", "a-long-test-password")
    body = make_body(name="Committee", slug="committee")
    for n in range(count):
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(f"Edit {n}")
            services.body_update(body=body, summary=f"Summary {n}")
    return body


@pytest.mark.parametrize("count", [2, 120])
def test_history_page_queries_are_fixed(client, django_assert_num_queries, count):
    body_with_revisions(count)
    url = reverse("wiki:body-history", kwargs={"slug": "committee"})
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(2):  # the record, its revisions with their users
        response = client.get(url)
    assert response.content.decode().count("Edit ") == min(count, 50)


@pytest.mark.parametrize("count", [2, 120])
def test_recent_changes_queries_are_fixed(client, django_assert_num_queries, count):
    body_with_revisions(count)
    url = reverse("wiki:changes")
    client.get(url)
    # Count for the paginator, one page of changes, and one per kind of record on the page: which still
    # exist (their links go to the revision, or to the deleted records).
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count("Edit ") == min(count, 50)
    with django_assert_num_queries(3):
        client.get(url, {"kind": "body", "user": "editor", "page": "2"})


@pytest.mark.parametrize("count", [1, 30])
def test_membership_edit_form_queries_do_not_grow_with_posts(client, django_assert_num_queries, count):
    from django.contrib.auth.models import Group

    from apps.wiki.services import EDITORS
    from tests.factories import make_membership, make_post

    editor = get_user_model().objects.create_user("ed", "ed@example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    body = make_body(name="Committee", slug="committee")
    posts = [make_post(body, f"Seat {n}") for n in range(count)]
    membership = make_membership(body, post=posts[0])
    url = reverse("wiki:membership-edit", kwargs={"pk": membership.pk})
    client.get(url)
    with django_assert_num_queries(QUERIES_OF_MEMBERSHIP_FORM):
        client.get(url)


QUERIES_OF_MEMBERSHIP_FORM = 14  # session, user, permissions, record, baseline revision, one per choice list
