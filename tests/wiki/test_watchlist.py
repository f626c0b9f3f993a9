"""Watching records from their pages, pages watched by editing them, and the watchlist of their changes."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from apps.bodies.models import Body
from apps.core.models import Source
from apps.wiki import services
from apps.wiki.models import Watch
from apps.wiki.watching import watch_add
from tests.budgets import BODY_PAGE, SIGNED_IN, WATCH_STATE
from tests.factories import body_form_data, make_body, make_person, make_user

pytestmark = pytest.mark.django_db

WATCHLIST = "/watchlist/"


def action_url(record, action: str) -> str:
    return reverse(f"wiki:body-{action}", kwargs={"slug": record.slug})


def watches(user, record) -> int:
    return Watch.objects.for_object(record).filter(user=user).count()


def edit_body_through_site(client, body: Body, summary: str, **changes) -> None:
    """Post the body's edit form as an editor's browser does, from the revision the form was made from."""
    url = action_url(body, "edit")
    base = client.get(url).context["meta"].initial["base_version"]
    data = body_form_data(body, **changes) | {"wiki-summary": summary, "wiki-base_version": base}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-1500:]


def save_as(user, record, comment: str, **values) -> None:
    """Another editor's save, through the same service the site's edit form calls."""
    services.record_save(obj=record, values=values, user=user, summary=comment, base_version_id=None)


def test_any_signed_in_user_watches_and_unwatches_a_record_from_its_page(client):
    reader = make_user("reader")  # no right to edit: watching needs none
    body = make_body(name="Military Committee", slug="military-committee")
    client.force_login(reader)
    assertContains(client.get(body.get_absolute_url()), f'action="{action_url(body, "watch")}"')

    response = client.post(action_url(body, "watch"), follow=True)
    assertRedirects(response, body.get_absolute_url())
    assertContains(response, "You are watching “Military Committee”")
    assertContains(response, f'action="{action_url(body, "unwatch")}"')
    assertContains(response, ">Unwatch</button>")
    client.post(action_url(body, "watch"))  # again: still one watch
    assert watches(reader, body) == 1

    response = client.post(action_url(body, "unwatch"), follow=True)
    assertRedirects(response, body.get_absolute_url())
    assertContains(response, "You no longer watch “Military Committee”")
    assertContains(response, ">Watch</button>")
    assert client.post(action_url(body, "unwatch")).status_code == 302  # again: nothing to remove, no error
    assert watches(reader, body) == 0


def test_watching_is_post_only(client):
    body = make_body()
    client.force_login(make_user())
    assert client.get(action_url(body, "watch")).status_code == 405
    assert client.get(action_url(body, "unwatch")).status_code == 405
    assert Watch.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_watch_button(client):
    body = make_body()
    for url in (action_url(body, "watch"), action_url(body, "unwatch")):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), url
    response = client.get(WATCHLIST)
    assertRedirects(response, f"/accounts/login/?next={WATCHLIST}", fetch_redirect_response=False)
    page = client.get(body.get_absolute_url())
    assertNotContains(page, "watch/")
    assertNotContains(page, "Watchlist")
    assert Watch.objects.count() == 0


def test_watching_needs_the_csrf_token():
    body = make_body()
    user = make_user()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post(action_url(body, "watch")).status_code == 403
    assert watches(user, body) == 0
    html = browser.get(body.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.post(action_url(body, "watch"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert watches(user, body) == 1


def test_pages_an_editor_saves_or_creates_through_the_site_are_watched(client):
    editor = make_user("editor", editor=True)
    body = make_body(name="Joint Staff", slug="joint-staff")
    client.force_login(editor)
    edit_body_through_site(client, body, "Add the abbreviation", abbreviation="JS")
    assert watches(editor, body) == 1

    response = client.post("/wiki/source/new/", {"title": "A new report", "kind": "news", "wiki-summary": "New"})
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert watches(editor, Source.objects.get(title="A new report")) == 1
    edit_body_through_site(client, body, "Again")  # saving a watched page again keeps one watch
    assert Watch.objects.filter(user=editor).count() == 2


def test_writes_without_a_signed_in_user_watch_nothing():
    body = make_body()
    save_as(None, body, "A script's edit", summary="Edited.")
    assert Watch.objects.count() == 0


def test_another_editors_change_shows_on_the_watchlist_until_the_record_is_unwatched(client):
    alice, bob = make_user("alice", editor=True), make_user("bob", editor=True)
    body = make_body(name="Military Committee", slug="military-committee")
    other = make_body(name="Joint Staff", slug="joint-staff")
    client.force_login(alice)
    edit_body_through_site(client, body, "Alice adds the abbreviation", abbreviation="MC")
    save_as(bob, body, "Bob rewrites the summary", summary="Plans the forces.")
    save_as(bob, other, "Bob edits a page Alice does not watch", summary="Staff.")

    html = client.get(WATCHLIST).content.decode()
    changes = html[html.index('<ol class="changes">') :]
    assert changes.index("Bob rewrites the summary") < changes.index("Alice adds the abbreviation")  # newest first
    line = next(li for li in changes.split("<li>") if "Bob rewrites the summary" in li)
    assert "Military Committee" in line and "(body)" in line and "bob" in line and "<time" in line
    assert "Bob edits a page Alice does not watch" not in html

    response = client.post(action_url(body, "unwatch"), {"next": WATCHLIST}, follow=True)
    assertRedirects(response, WATCHLIST)
    assertNotContains(response, "Bob rewrites the summary")
    assertNotContains(response, "Alice adds the abbreviation")
    assertContains(response, "You watch no records yet.")
    assert watches(bob, body) == 1  # Bob still watches what he edited


def test_the_unwatch_button_returns_only_to_this_site(client):
    body = make_body()
    client.force_login(make_user())
    response = client.post(action_url(body, "watch"), {"next": "https://evil.example/"})
    assertRedirects(response, body.get_absolute_url(), fetch_redirect_response=False)


def test_a_deleted_watched_record_stays_listed_and_can_be_unwatched(client):
    editor = make_user("editor", editor=True)
    doomed = make_person("Temporary", slug="temporary-person")
    client.force_login(editor)
    client.post(reverse("wiki:person-watch", kwargs={"slug": doomed.slug}))
    services.record_delete(obj=doomed, user=editor, summary="removed for the test")
    html = client.get(WATCHLIST).content.decode()
    assert "A deleted person" in html and "Deleted: removed for the test" in html
    unwatch = re.search(r'<form class="inline-form" method="post" action="([^"]+)"', html).group(1)
    response = client.post(unwatch, {"next": WATCHLIST}, follow=True)
    assertRedirects(response, WATCHLIST)
    assertContains(response, "You no longer watch that deleted record.")
    assert Watch.objects.count() == 0


def test_every_link_on_the_watchlist_resolves(client):
    alice, bob = make_user("alice", editor=True), make_user("bob", editor=True)
    body = make_body(name="Military Committee", slug="military-committee")
    person = make_person("Sidorov", "Anatoly", slug="anatoly-sidorov")
    doomed = make_person("Temporary", slug="temporary-person")
    client.force_login(alice)
    edit_body_through_site(client, body, "First", abbreviation="MC")
    save_as(bob, body, "Second", summary="Plans the forces.")
    for record in (person, doomed):
        client.post(reverse("wiki:person-watch", kwargs={"slug": record.slug}))
    save_as(alice, person, "Rank", honorific_prefix="Colonel-General")
    services.record_delete(obj=doomed, user=bob, summary="removed for the test")

    html = client.get(WATCHLIST).content.decode()
    # Reversed now, in the page's language: a link below may be the Russian page, whose request leaves Russian
    # active in this thread (LocaleMiddleware activates, nothing deactivates in the test client).
    logout = reverse("logout")
    links = set(re.findall(r'<a [^>]*href="([^"]+)"', html))
    assert any("/history/compare/?from=" in link for link in links)  # a diff
    assert any(re.search(r"/history/\d+/$", link) for link in links)  # a revision
    assert "/changes/deleted/?kind=person" in links
    assert len(links) >= 12
    for link in links:
        url, _, fragment = link.replace("&amp;", "&").partition("#")
        target = client.get(url) if url else None
        assert target is None or target.status_code == 200, link
        if fragment:
            assert f'id="{fragment}"' in (target.content.decode() if target else html), link
    for action in set(re.findall(r'<form [^>]*action="([^"]+)"', html)):
        assert urlsplit(action).path in {logout, "/search/"} or action.endswith("unwatch/"), action


def watchlist_of(size: int):
    """An editor watching `size` bodies and `size` people, each changed twice by another editor."""
    alice, bob = make_user("alice", editor=True), make_user("bob", editor=True)
    for n in range(size):
        for record in (make_body(name=f"Body {n}"), make_person(f"Person{n}")):
            watch_add(user=alice, obj=record)
            save_as(bob, record, f"Edit {n}a", summary="Once.")
            save_as(bob, record, f"Edit {n}b", summary="Twice.")
    return alice


# The session, the user, the watches, one query per kind of record watched (bodies, people), the count of
# changes and one page of them.
WATCHLIST_QUERIES = 2 + 1 + 2 + 2


@pytest.mark.parametrize("size", [1, 40])
def test_watchlist_queries_are_fixed(client, django_assert_num_queries, size):
    client.force_login(watchlist_of(size))
    client.get(WATCHLIST)  # warm the content-type cache
    with django_assert_num_queries(WATCHLIST_QUERIES):
        response = client.get(WATCHLIST)
    assert response.content.decode().count("Edit ") == min(4 * size, 50)
    with django_assert_num_queries(WATCHLIST_QUERIES):
        client.get(WATCHLIST, {"page": "2"})


@pytest.mark.parametrize("size", [1, 40])
def test_a_record_page_costs_a_signed_in_user_one_query_for_the_watch_button(client, django_assert_num_queries, size):
    reader = make_user("reader")
    bodies = [make_body() for _ in range(size)]
    for body in bodies:
        watch_add(user=reader, obj=body)
    client.force_login(reader)
    client.get(bodies[0].get_absolute_url())
    with django_assert_num_queries(BODY_PAGE + SIGNED_IN + WATCH_STATE):
        response = client.get(bodies[0].get_absolute_url())
    assertContains(response, ">Unwatch</button>")
