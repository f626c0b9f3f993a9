"""Recent changes read like MediaWiki's: a line per save, by day, edits of one record grouped, working diffs."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.bodies.models import Body
from apps.core.models import Citation
from apps.wiki import services
from apps.wiki.services import EDITORS
from tests.factories import cite, make_body, make_person, make_source

pytestmark = pytest.mark.django_db

THREE_PARAGRAPHS = (
    "The committee plans the forces.\r\n\r\nIt meets twice a year in Moscow.\r\n\r\nIts head is the chief of staff."
)


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("editor", "editor@example.org", "a-long-test-password")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def save(record, editor, why: str, **values):
    return services.record_save(obj=record, values=values, user=editor, summary=why, base_version_id=None)


def changes_list(client, **params) -> str:
    html = client.get(reverse("wiki:changes"), params).content.decode()
    return html[html.index('<ul class="changes">') : html.rindex("</ul>")]


def test_two_consecutive_saves_of_one_record_are_one_expandable_line(client, editor):
    body = make_body(name="Committee", slug="committee")
    other = make_person("Sidorov", slug="sidorov")
    save(other, editor, "before")
    save(body, editor, "first edit", summary="One.")
    save(body, editor, "second edit", summary="Two.")
    changes = changes_list(client)
    group = re.search(r'<li class="change-group">.*?</details>', changes, flags=re.S).group(0)
    assert "<summary>2 changes</summary>" in group
    assert "first edit" in group and "second edit" in group and "before" not in group
    assert group.count('href="/bodies/committee/"') == 3  # the line, and each change inside
    assert changes.count("Committee") == 3 and "Sidorov" in changes  # not grouped with the other record


def test_a_save_of_a_record_and_its_rows_is_one_line_naming_the_record(client, editor):
    body = make_body(name="Committee", slug="committee")
    with services.reversion.create_revision():
        services.reversion.set_user(editor)
        body.save()
        cite(body)
    changes = changes_list(client)
    assert changes.count("<li") == 1
    assert re.search(r"Committee</a> \(body\)\s+and 2 related records", changes)  # the citation, its new source


def test_the_diff_link_of_a_one_word_edit_shows_exactly_that_word(client, editor):
    body = make_body(name="Committee", slug="committee", description=THREE_PARAGRAPHS)
    save(body, editor, "baseline", description=THREE_PARAGRAPHS)
    save(body, editor, "twice a year", description=THREE_PARAGRAPHS.replace("twice", "thrice"))
    diff = re.search(r'<a href="([^"]+)">diff</a>', changes_list(client)).group(1).replace("&amp;", "&")
    compare = client.get(diff)
    assert compare.status_code == 200
    html = compare.content.decode()
    assert re.findall(r"<del>(.*?)</del>", html) == ["twice"]
    assert re.findall(r"<ins>(.*?)</ins>", html) == ["thrice"]


def test_a_first_revision_is_marked_new_and_a_deleted_record_links_to_the_deleted_records(client, editor):
    person = make_person("Temporary", slug="temporary")
    save(person, editor, "created")
    services.record_delete(obj=person, user=editor, summary="gone")
    changes = changes_list(client)
    assert changes.count(">new</strong>") == 1
    assert changes.count(">deleted</strong>") == 1
    assert changes.count('href="/changes/deleted/?kind=person"') == 3  # the grouped line and both inside
    assert ">diff</a>" not in changes  # nothing to compare a record that is gone


def a_day_of_edits(editor, count: int) -> None:
    """Edits of bodies, people and citations (history only), and deletions, `count` of each."""
    source = make_source()
    for n in range(count):
        body = make_body(name=f"Body {n}", slug=f"body-{n}")
        save(body, editor, f"Edit {n}", summary=f"Summary {n}")
        person = make_person(f"Person{n}", slug=f"person-{n}")
        save(person, editor, f"Edit {n}", summary=f"About {n}")
        with services.reversion.create_revision():
            services.reversion.set_user(editor)
            cite(body, source)
        services.record_delete(obj=person, user=editor, summary=f"Edit {n}")
    assert Citation.objects.count() == count and Body.objects.count() == count


@pytest.mark.parametrize("count", [2, 40])
def test_recent_changes_queries_are_fixed_whatever_the_number_of_changes(
    client, editor, django_assert_num_queries, count
):
    a_day_of_edits(editor, count)
    url = reverse("wiki:changes")
    client.get(url)  # warm the content-type cache
    # The count for the paginator, one page of lines with their previous revisions and sizes, then which
    # records still exist: one query per kind of record on the page (bodies, people, citations).
    with django_assert_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('<li id="revision-') == min(4 * count, 50)
    assert "(citation)" in html
    with django_assert_num_queries(3):
        client.get(url, {"kind": "body", "user": "editor", "page": "2"})


def test_the_feed_has_one_entry_per_save_naming_the_record_and_linking_its_diff(client, editor):
    body = make_body(name="Committee", slug="committee")
    save(body, editor, "first", summary="One.")
    with services.reversion.create_revision():
        services.reversion.set_user(editor)
        save(body, editor, "second", summary="Two.")
        cite(body, make_source())
    feed = client.get(reverse("wiki:changes-feed")).content.decode()
    assert feed.count("<entry>") == 2
    assert "<title>Committee (body): second</title>" in feed
    diff = re.search(r'<link href="([^"]+compare[^"]+)"', feed).group(1).replace("&amp;", "&")
    assert client.get(diff).status_code == 200
    ids = re.findall(r"<id>(tag:[^<]+)</id>", feed)
    assert len(set(ids)) == 2
