"""Record pages' content kept rendered per generation ({% page_part %}, apps/core/page_parts.py): served to every
reader who may do the same things, never stale after a write, never another user's.

These tests commit (transaction=True): inside a transaction that has written, parts are rendered afresh. The
whole-page cache is off, as for editors, so that every request reaches the view.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.template import engines
from django.test import Client
from django.urls import reverse

from apps.bodies import services as body_services
from apps.bodies.models import Body
from apps.core import page_cache
from apps.core.languages import in_language
from apps.wiki.watching import watch_add
from tests.budgets import RECORD_PAGE_WARM, SIGNED_IN, WATCH_STATE
from tests.factories import (
    body_form_data,
    cite,
    make_body,
    make_document,
    make_editor,
    make_meeting,
    make_membership,
    make_person,
    make_post,
    make_state,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def whole_pages_not_cached(settings):
    settings.PAGE_CACHE = False


@pytest.fixture
def committee() -> Body:
    root = make_body(name="Organization", slug="organization")
    return make_body(parent=root, name="Military Committee", slug="military-committee", summary="Plans forces.")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def article(response) -> str:
    """The page's <article>: the record's content, with the page tools."""
    return re.search(r"<article.*</article>", response.content.decode(), re.DOTALL).group(0)


def grow_state(size: int):
    state = make_state("Armenia", slug="armenia")
    body = make_body(name="Council")
    for n in range(size):
        cite(make_membership(body, person=make_person(f"Holder{n}"), on_behalf_of=state, start=f"{1990 + n}"))
    cite(state)
    return state


def grow_person(size: int):
    person = make_person("Ivanov", slug="ivanov")
    for n in range(size):
        cite(make_membership(make_body(name=f"Body {n}"), person=person, start=f"{1990 + n}"))
    cite(person)
    return person


def grow_document(size: int):
    document = make_document("Charter", slug="charter")
    for n in range(size):
        cite(document.clauses.create(number=str(n + 1), text=f"Clause text {n}."))
    cite(document)
    return document


@pytest.mark.parametrize("grow", [grow_state, grow_person, grow_document])
@pytest.mark.parametrize("size", [1, 60])
def test_state_person_and_document_pages_run_two_queries_once_their_content_is_kept(
    django_assert_num_queries, grow, size
):
    record = grow(size)
    first = Client().get(record.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(RECORD_PAGE_WARM):
        again = Client().get(record.get_absolute_url())
    assert again.content == first.content


def test_the_kept_content_is_fresh_after_an_edit_through_the_site(committee, django_assert_num_queries):
    Client().get(committee.get_absolute_url())
    with django_assert_num_queries(RECORD_PAGE_WARM):
        Client().get(committee.get_absolute_url())
    editor = signed_in(make_editor())
    url = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    base = editor.get(url).context["meta"].initial["base_version"]
    data = body_form_data(committee, summary="Edited on the site.") | {
        "wiki-summary": "Reword",
        "wiki-base_version": base,
    }
    assert editor.post(url, data).status_code == 302
    assert "Edited on the site." in article(Client().get(committee.get_absolute_url()))
    assert "Edited on the site." in article(editor.get(committee.get_absolute_url()))


def test_the_kept_content_is_fresh_after_a_write_that_sends_no_signal(committee, django_assert_num_queries):
    """QuerySet.update(), as the loader and the search index write: the connection notices it all the same."""
    Client().get(committee.get_absolute_url())
    with django_assert_num_queries(RECORD_PAGE_WARM):  # kept
        Client().get(committee.get_absolute_url())
    Body.objects.filter(pk=committee.pk).update(summary="Updated in bulk.")
    assert "Updated in bulk." in article(Client().get(committee.get_absolute_url()))


def test_a_sub_body_added_elsewhere_shows_on_the_parent_page_at_once(committee, django_assert_num_queries):
    Client().get(committee.get_absolute_url())
    with django_assert_num_queries(RECORD_PAGE_WARM):  # kept
        Client().get(committee.get_absolute_url())
    body_services.body_create(target=committee, name="Working Group", slug="working-group")
    assert "Working Group" in article(Client().get(committee.get_absolute_url()))


def test_a_reader_never_gets_an_editors_links_nor_an_editor_a_readers_page(committee):
    editor = signed_in(make_editor())
    as_editor = article(editor.get(committee.get_absolute_url()))
    assert "Add a post" in as_editor and "Add a sub-body" in as_editor
    as_reader = article(Client().get(committee.get_absolute_url()))
    assert "Add a post" not in as_reader and ">Edit<" not in as_reader
    # and the other way round, the reader's page kept first
    make_body(parent=committee, name="Secretariat")
    assert "Add a post" not in article(Client().get(committee.get_absolute_url()))
    again = article(editor.get(committee.get_absolute_url()))
    assert "Add a post" in again and "Secretariat" in again


def test_a_signed_in_user_without_rights_and_an_anonymous_reader_get_content_of_their_own(committee):
    reader = signed_in(make_user("reader"))
    as_anonymous = article(Client().get(committee.get_absolute_url()))
    as_reader = article(reader.get(committee.get_absolute_url()))
    # Signed in, the page offers its (here empty) list of additions; it is no one else's content.
    assert 'class="page-actions"' in as_reader and 'class="page-actions"' not in as_anonymous
    assert 'class="page-actions"' not in article(Client().get(committee.get_absolute_url()))


def test_users_who_may_do_less_never_get_the_content_kept_for_users_who_may_do_more(committee):
    make_post(committee, "Chair")
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save()
    plain = signed_in(make_user("reader"))
    holder = make_user("holder")
    holder.user_permissions.add(Permission.objects.get(codename="add_membership"))
    holder_client = signed_in(holder)
    # Every user exists before the first page: creating one is a write, which would make kept content stale.
    assert "Add a holder" in article(signed_in(superuser).get(committee.get_absolute_url()))
    assert "Add a holder" not in article(plain.get(committee.get_absolute_url()))
    # One more right, one more link: another class of reader, whose content is rendered for it.
    shown = article(holder_client.get(committee.get_absolute_url()))
    assert "Add a holder" in shown and "Add a sub-body" not in shown


def test_editors_with_the_same_rights_share_the_content_but_each_sees_their_own_name_and_watch_button(
    committee, django_assert_num_queries
):
    first, second = make_editor("first"), make_editor("second")
    watch_add(user=first, obj=committee)
    shown_first = signed_in(first).get(committee.get_absolute_url())
    client = signed_in(second)
    # The second editor's page: their session and permissions, the watch button, the body and the generation.
    with django_assert_num_queries(SIGNED_IN + WATCH_STATE + RECORD_PAGE_WARM):
        shown_second = client.get(committee.get_absolute_url())
    assert "Unwatch" in shown_first.content.decode() and "Unwatch" not in shown_second.content.decode()
    assert ">first<" in shown_first.content.decode() and ">second<" in shown_second.content.decode()
    assert "<span>first</span>" not in shown_second.content.decode()
    assert article(shown_first).split("</nav>", 1)[1] == article(shown_second).split("</nav>", 1)[1]


def test_content_with_a_users_csrf_token_is_never_kept(django_assert_max_num_queries):
    """The meeting page's Move up / Move down buttons post forms: each user must get their own token."""
    meeting = make_meeting(make_body(name="Council"), slug="session")
    for order in (1, 2):
        meeting.agenda_items.create(order=order, title=f"Item {order}")
    tokens = []
    editors = [signed_in(make_editor(name)) for name in ("first", "second")]  # before any page: users are writes
    for editor in editors:
        html = editor.get(meeting.get_absolute_url()).content.decode()
        assert "Move down" in html
        # One token per page, in every form: had the first editor's content been kept, the second editor's page
        # would hold the first one's token in its Move buttons beside their own in the Watch button.
        (token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        tokens.append(token)
    assert tokens[0] != tokens[1]
    # Readers' content has no form that posts: it is kept.
    Client().get(meeting.get_absolute_url())
    with django_assert_max_num_queries(RECORD_PAGE_WARM):
        Client().get(meeting.get_absolute_url())


def test_each_date_and_language_has_content_of_its_own(committee):
    url = committee.get_absolute_url()
    today = article(Client().get(url))
    then = article(Client().get(url + "?as_of=2011-01-01"))
    assert 'value="2011-01-01"' in then and 'value="2011-01-01"' not in today
    russian = Client().get(in_language(url, "ru"))
    assert "Должности и члены" in article(russian)
    assert "Posts and members" not in article(russian)
    assert "Posts and members" in article(Client().get(url))


def test_a_page_answered_400_for_an_unreadable_date_keeps_its_message(committee, django_assert_num_queries):
    url = committee.get_absolute_url() + "?as_of=not-a-date"
    first = Client().get(url)
    with django_assert_num_queries(RECORD_PAGE_WARM):  # kept, with its message
        again = Client().get(url)
    assert first.status_code == again.status_code == 400
    assert 'role="alert"' in article(again)


def test_a_part_that_reads_the_csrf_token_is_never_kept_and_one_that_does_not_is(rf):
    """Whatever way a template uses the token (here as an attribute, not the form field), the part is the
    user's own."""

    def render(source: str, note: str) -> str:
        request = rf.get("/page-parts-test/")
        request.user = AnonymousUser()
        template = engines["django"].from_string("{% load core %}" + source)
        return template.render({"note": note}, request)

    number = page_cache.request_generation.set(-12345)  # a generation of this test's own
    try:
        with_token = '{% page_part "token" %}<i title="{{ csrf_token }}">{{ note }}</i>{% end_page_part %}'
        assert render(with_token, "first") != render(with_token, "second")
        assert "second" in render(with_token, "second")
        without = '{% page_part "no-token" %}{{ note }}{% end_page_part %}'
        assert render(without, "first") == render(without, "second") == "first"  # kept: the first one's
    finally:
        page_cache.request_generation.reset(number)
