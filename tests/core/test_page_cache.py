"""The anonymous page cache (apps/core/page_cache.py): served whole to anonymous readers, fresh after every write.

These tests commit (transaction=True): the cache keeps committed data only, and the generation is raised when
a write commits, which never happens inside the ordinary tests' rolled-back transactions.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from apps.bodies import services as body_services
from apps.bodies.models import Body
from apps.core import page_cache
from tests.admin_forms import admin_client, empty_body_inlines
from tests.factories import body_form_data, make_body, make_editor

pytestmark = pytest.mark.django_db(transaction=True)

HIT = "hit"


@pytest.fixture
def committee():
    root = make_body(name="Organization", slug="organization")
    return make_body(parent=root, name="Military Committee", slug="military-committee", summary="Plans forces.")


def page(client: Client, body: Body, **headers):
    return client.get(reverse("bodies:detail", kwargs={"slug": body.slug}), headers=headers)


def test_the_second_anonymous_request_is_served_from_the_cache_with_one_query(committee, django_assert_num_queries):
    first = page(Client(), committee)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    # The one query is the generation, read from the database on every anonymous request (so that every worker
    # and app server agrees on it); the page itself runs none.
    with django_assert_num_queries(1):
        second = page(Client(), committee)
    assert second["X-Page-Cache"] == HIT
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_a_matching_if_none_match_is_answered_304_until_something_changes(committee):
    first = page(Client(), committee)
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    not_modified = page(Client(), committee, if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert page(Client(), committee, if_none_match='"something-else"').status_code == 200
    body_services.body_update(body=committee, summary="Plans and coordinates forces.")
    after = page(Client(), committee, if_none_match=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert "Plans and coordinates forces." in after.content.decode()


def test_an_edit_through_the_site_shows_on_the_next_anonymous_request(committee):
    page(Client(), committee)
    assert page(Client(), committee)["X-Page-Cache"] == HIT
    editor = Client()
    editor.force_login(make_editor())
    url = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    base = editor.get(url).context["meta"].initial["base_version"]
    data = body_form_data(committee, summary="Edited on the site.")
    data |= {"wiki-summary": "Reword", "wiki-base_version": base}
    assert editor.post(url, data).status_code == 302
    fresh = page(Client(), committee)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Edited on the site." in fresh.content.decode()


def test_a_save_in_the_admin_shows_on_the_next_anonymous_request(committee):
    page(Client(), committee)
    assert page(Client(), committee)["X-Page-Cache"] == HIT
    staff = admin_client("admin")
    data = body_form_data(committee, summary="Edited in the admin.", parent=None) | {
        "treebeard_position": "first-child",
        "treebeard_ref_node": str(Body.objects.get_parent(committee).pk),
        **empty_body_inlines(),
    }
    data.pop("parent")
    response = staff.post(reverse("admin:bodies_body_change", args=[committee.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Edited in the admin." in page(Client(), committee).content.decode()


def test_a_restore_shows_on_the_next_anonymous_request(committee):
    editor = Client()
    editor.force_login(make_editor())
    url = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    base = editor.get(url).context["meta"].initial["base_version"]
    data = body_form_data(committee, summary="A mistake.") | {"wiki-summary": "Oops", "wiki-base_version": base}
    assert editor.post(url, data).status_code == 302
    assert "A mistake." in page(Client(), committee).content.decode()
    assert page(Client(), committee)["X-Page-Cache"] == HIT
    older = list(Version.objects.get_for_object(committee))[1]
    restore = reverse("wiki:body-restore", kwargs={"slug": committee.slug, "version_id": older.pk})
    assert editor.post(restore).status_code == 302
    after = page(Client(), committee).content.decode()
    assert "A mistake." not in after and "Plans forces." in after


def test_the_loader_shows_on_the_next_anonymous_request():
    tree = Client().get(reverse("bodies:tree"))
    assert "Military Committee" not in tree.content.decode()
    assert Client().get(reverse("bodies:tree"))["X-Page-Cache"] == HIT
    call_command("load_csto", stdout=io.StringIO())
    assert "Military Committee" in Client().get(reverse("bodies:tree")).content.decode()


def test_writes_that_send_no_signal_raise_the_generation_too(committee):
    """QuerySet.update() sends no post_save: the cache watches the connection, not the models."""
    before = page_cache.generation()
    page(Client(), committee)
    Body.objects.filter(pk=committee.pk).update(summary="Changed by update().")
    assert page_cache.generation()[0] > before[0]
    assert "Changed by update()." in page(Client(), committee).content.decode()


def test_an_editor_never_gets_the_anonymous_page_and_never_stores_theirs(committee):
    edit_link = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    anonymous = page(Client(), committee)
    assert edit_link not in anonymous.content.decode()
    editor = Client()
    editor.force_login(make_editor())
    theirs = page(editor, committee)
    assert edit_link in theirs.content.decode()
    assert "X-Page-Cache" not in theirs
    assert theirs["Cache-Control"] == "private, no-store"
    # And the other way round: an editor's page first, then a reader's; the reader's has no edit link.
    body_services.body_update(body=committee, summary="New generation.")
    assert edit_link in page(editor, committee).content.decode()
    reader = page(Client(), committee)
    assert reader["X-Page-Cache"] == "miss"
    assert edit_link not in reader.content.decode()


def test_a_stale_session_cookie_is_never_served_from_the_cache(committee):
    page(Client(), committee)
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    response = page(client, committee)
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_not_found_pages_are_cached_and_forgotten_when_the_record_appears():
    url = reverse("bodies:detail", kwargs={"slug": "new-committee"})
    assert Client().get(url).status_code == 404
    assert Client().get(url)["X-Page-Cache"] == HIT
    make_body(name="New Committee", slug="new-committee")
    assert Client().get(url).status_code == 200


def test_pages_are_cached_per_address_with_its_query(committee):
    url = reverse("bodies:detail", kwargs={"slug": committee.slug})
    page(Client(), committee)
    dated = Client().get(url, {"as_of": "2001-01-01"})
    assert dated["X-Page-Cache"] == "miss"
    assert "as_of=2001-01-01" in dated.content.decode()
    assert "as_of=2001-01-01" not in page(Client(), committee).content.decode()


def test_health_checks_and_writes_never_pass_through_the_cache(django_assert_num_queries):
    with django_assert_num_queries(1):  # its own SELECT 1, no generation
        response = Client().get("/healthz")
    assert "X-Page-Cache" not in response
    assert Client().post(reverse("search:search")).get("X-Page-Cache") is None


def test_the_page_cache_can_be_turned_off(committee, settings):
    settings.PAGE_CACHE = False
    page(Client(), committee)
    response = page(Client(), committee)
    assert "X-Page-Cache" not in response and "ETag" not in response


def test_statements_that_change_no_page_do_not_raise_the_generation():
    assert not page_cache.writes_pages('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s')
    assert not page_cache.writes_pages('INSERT INTO "django_session" ("session_key") VALUES (%s)')
    assert not page_cache.writes_pages('UPDATE "axes_accessattempt" SET "failures_since_start" = 1')
    assert not page_cache.writes_pages('SELECT "bodies_body"."id" FROM "bodies_body"')
    assert page_cache.writes_pages('UPDATE "auth_user" SET "username" = %s WHERE "auth_user"."id" = %s')
    assert page_cache.writes_pages('INSERT INTO "bodies_body" ("name") VALUES (%s)')
    assert page_cache.writes_pages("UPDATE bodies_body SET path = %s WHERE path LIKE %s")
    assert page_cache.writes_pages('DELETE FROM "wiki_alias" WHERE "wiki_alias"."id" IN (%s)')
    assert page_cache.writes_pages('TRUNCATE "axes_accessattempt", "bodies_body";')
