"""Acting where one reads: pre-filled forms from a record's page, a new person with a holding, citing as one
writes, other names, preview, reordering, restoring with a summary."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from apps.core.models import Citation, Source
from apps.meetings.models import AgendaItem, Meeting
from apps.membership.models import Membership, Person
from apps.wiki.models import Alias
from apps.wiki.services import record_save
from tests.factories import make_body, make_editor, make_meeting, make_person, make_post, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def committee():
    return make_body(name="Military Committee", slug="military-committee")


def links_on(response, css_class: str = "page-actions") -> dict[str, str]:
    """{label: href} of the links in the first element of a class (a simple reading of server HTML)."""
    html = response.content.decode()
    start = html.index(f'class="{css_class}"')
    block = html[start : html.index("</nav>", start)]
    found = {}
    for chunk in block.split('<a href="')[1:]:
        href, rest = chunk.split('">', 1)
        found[rest.split("</a>", 1)[0]] = href.replace("&amp;", "&")
    return found


def test_a_body_page_offers_its_editors_prefilled_actions_that_return_to_it(editor_client, committee):
    response = editor_client.get(committee.get_absolute_url())
    actions = links_on(response)
    assert set(actions) == {
        "Add a post",
        "Add a member",
        "Add a sub-body",
        "Add a related body",
        "Add a legal basis",
        "Record a meeting",
    }
    post = urlparse(actions["Add a post"])
    assert post.path == "/wiki/post/new/"
    assert parse_qs(post.query) == {"body": [str(committee.pk)], "next": ["/bodies/military-committee/"]}
    assert parse_qs(urlparse(actions["Add a sub-body"]).query)["parent"] == [str(committee.pk)]
    assert parse_qs(urlparse(actions["Add a related body"]).query)["subject"] == [str(committee.pk)]
    tools = links_on(response, "record-tools")
    assert tools["Cite a source"].startswith("/bodies/military-committee/cite/?next=")
    assert tools["Add another name"].startswith("/bodies/military-committee/aliases/new/?next=")


def test_visitors_see_no_actions_and_readers_without_rights_see_none_they_cannot_take(client, committee):
    response = client.get(committee.get_absolute_url())
    assertNotContains(response, "page-actions")
    assertNotContains(response, "Cite a source")
    from tests.factories import make_user

    client.force_login(make_user("reader"))
    response = client.get(committee.get_absolute_url())
    assertNotContains(response, "Add a post")
    assertNotContains(response, "Cite a source")


def test_every_action_on_a_page_opens_a_form_with_its_context_filled_in(editor_client, committee):
    for label, url in links_on(editor_client.get(committee.get_absolute_url())).items():
        response = editor_client.get(url)
        assert response.status_code == 200, (label, url)
        form = response.context["form"]
        context_field = next(name for name in ("body", "parent", "subject") if name in form.initial)
        assert str(form.initial[context_field]) == str(committee.pk), label
        assertContains(response, '<input type="hidden" name="next" value="/bodies/military-committee/">', html=True)


def test_a_post_added_from_the_body_page_returns_there(editor_client, committee):
    url = "/wiki/post/new/?" + f"body={committee.pk}&next=/bodies/military-committee/"
    data = {"label": "Member for Belarus", "body": committee.pk, "position": 1, "wiki-summary": "New post"}
    response = editor_client.post(url, data | {"next": "/bodies/military-committee/"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"] == "/bodies/military-committee/"
    assertContains(editor_client.get("/bodies/military-committee/"), "Member for Belarus")


def test_a_next_address_on_another_site_is_ignored(editor_client, committee):
    data = {"label": "Secretary", "body": committee.pk, "position": 1, "wiki-summary": "New post"}
    response = editor_client.post("/wiki/post/new/", data | {"next": "https://evil.example/"})
    assert response["Location"] == "/bodies/military-committee/"  # the page that shows a post: its body's


def holder_data(committee, post, **fields) -> dict:
    return {
        "body": committee.pk,
        "post": post.pk,
        "role": "member",
        "start": "2021",
        "wiki-summary": "New holder",
        "next": "/bodies/military-committee/",
    } | fields


def test_a_holder_who_is_new_to_the_wiki_is_created_with_the_holding_in_one_revision(editor_client, committee):
    post = make_post(committee, "Chief of the Joint Staff", single_seat=True)
    data = holder_data(
        committee,
        post,
        new_given_name="Anatoly",
        new_family_name="Sidorov",
        new_honorific_prefix="Colonel-General",
    )
    response = editor_client.post("/wiki/membership/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == "/bodies/military-committee/"
    person = Person.objects.get(family_name="Sidorov")
    assert (person.slug, person.honorific_prefix) == ("anatoly-sidorov", "Colonel-General")
    membership = Membership.objects.get(person=person)
    assert membership.post == post
    revision = Version.objects.get_for_object(membership).get().revision
    assert {v.object for v in revision.version_set.all()} == {person, membership}
    assert revision.comment == "New holder"
    page = editor_client.get("/bodies/military-committee/")
    assertContains(page, '<a href="/people/anatoly-sidorov/"><span class="rank">Colonel-General</span> Anatoly Sidorov')


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"new_given_name": "Anatoly"}, "new_family_name", "both a given name and a family name"),
        ({"new_family_name": "Sidorov"}, "new_given_name", "both a given name and a family name"),
        ({"person": "PERSON", "new_given_name": "A", "new_family_name": "B"}, "new_given_name", "not both"),
        ({}, "person", "either a person or a member state"),
    ],
)
def test_a_holder_form_says_what_is_missing_next_to_the_field_and_saves_nothing(
    editor_client, committee, fields, field, message
):
    post = make_post(committee)
    someone = make_person()
    fields = {name: someone.pk if value == "PERSON" else value for name, value in fields.items()}
    people = Person.objects.count()
    response = editor_client.post("/wiki/membership/new/", holder_data(committee, post, **fields))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert Person.objects.count() == people
    assert not Membership.objects.exists()


def test_a_new_holder_of_a_single_seat_held_at_the_time_is_refused_and_the_person_not_created(editor_client, committee):
    post = make_post(committee, "Head", single_seat=True)
    Membership.objects.create(body=committee, post=post, person=make_person(), start="2020")
    data = holder_data(committee, post, new_given_name="Second", new_family_name="Head", start="2021")
    response = editor_client.post("/wiki/membership/new/", data)
    assert response.status_code == 400
    assert "single seat" in str(response.context["form"].errors)
    assert not Person.objects.filter(family_name="Head").exists()


def test_a_record_is_cited_with_a_new_source_and_the_page_shows_where_it_comes_from(editor_client, committee):
    url = reverse("wiki:body-cite", kwargs={"slug": committee.slug})
    data = {
        "cite-field": "founded",
        "cite-new-title": "CSTO Military Committee founded",
        "cite-new-kind": "news",
        "cite-new-publisher": "TASS",
        "cite-new-url": "https://example.org/report",
        "cite-new-archive_url": "https://web.archive.org/web/2021/https://example.org/report",
        "cite-new-published": "2021-12-08",
        "cite-new-accessed": "2026-11-28",
        "cite-new-language": "ru",
        "cite-locator": "paragraph 3",
        "cite-quote": "The committee was set up in 2003.",
        "wiki-summary": "Cited the founding",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == "/bodies/military-committee/#sources-heading"
    source = Source.objects.get(title="CSTO Military Committee founded")
    assert (source.publisher, source.language, source.accessed.isoformat()) == ("TASS", "ru", "2026-11-28")
    citation = Citation.objects.get(source=source)
    assert (citation.content_object, citation.field, citation.locator) == (committee, "founded", "paragraph 3")
    assert citation.quote == "The committee was set up in 2003."
    page = editor_client.get("/bodies/military-committee/")
    assertContains(page, 'href="https://example.org/report"')
    history = editor_client.get(reverse("wiki:body-history", kwargs={"slug": committee.slug}))
    assertContains(history, "Cited the founding")  # the record's own history shows it


def test_citing_an_existing_source_and_citing_it_again_for_the_same_thing(editor_client, committee):
    source = make_source(title="Asia-Plus report")
    url = reverse("wiki:body-cite", kwargs={"slug": committee.slug})
    data = {"cite-source": source.pk, "cite-field": "", "wiki-summary": "Cited"}
    assert editor_client.post(url, data).status_code == 302
    response = editor_client.post(url, data)
    assert response.status_code == 400
    assertContains(response, "This source is already cited for that.", status_code=400)
    assert Citation.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose an existing source above, or give the new source"),
        ({"cite-new-url": "https://example.org/x"}, "A new source needs its title."),
        ({"cite-source": "SOURCE", "cite-new-title": "Another"}, "not both"),
        ({"cite-new-title": "Long quote", "cite-quote": "x" * 301}, "at most 300 characters"),
        ({"cite-new-title": "Bad language", "cite-new-language": "Russian!"}, "language code"),
    ],
)
def test_the_cite_form_explains_what_is_wrong_and_cites_nothing(editor_client, committee, data, message):
    source = make_source()
    data = {name: source.pk if value == "SOURCE" else value for name, value in data.items()}
    url = reverse("wiki:body-cite", kwargs={"slug": committee.slug})
    response = editor_client.post(url, data | {"wiki-summary": "Cite"})
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert not Citation.objects.exists()


def test_the_cite_page_finds_sources_by_a_search(editor_client, committee):
    make_source(title="TASS on the Military Council")
    make_source(title="BelTA on something else")
    url = reverse("wiki:body-cite", kwargs={"slug": committee.slug})
    offered = editor_client.get(url, {"q": "tass"}).context["citing"].cite.fields["source"].queryset
    assert [source.title for source in offered] == ["TASS on the Military Council"]


def test_a_new_record_can_be_cited_in_its_own_form(editor_client, committee):
    data = {
        "title": "Military Committee meeting",
        "body": committee.pk,
        "start": "2023-05-10",
        "format": "in_person",
        "cite-new-title": "A report of the meeting",
        "cite-new-url": "https://example.org/meeting",
        "wiki-summary": "New meeting",
    }
    response = editor_client.post("/wiki/meeting/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting = Meeting.objects.get(title="Military Committee meeting")
    assert response["Location"] == meeting.get_absolute_url()  # a record with a page goes to it
    assert meeting.slug == "military-committee-meeting"  # made from the title
    assert Citation.objects.get().content_object == meeting
    assertContains(editor_client.get(meeting.get_absolute_url()), 'href="https://example.org/meeting"')


def test_another_name_is_added_from_the_page_and_a_duplicate_is_explained(editor_client, committee):
    url = reverse("wiki:body-alias-new", kwargs={"slug": committee.slug})
    data = {"name": "CSTO Military Council", "note": "press reports", "wiki-summary": "Another name"}
    assert editor_client.post(url, data)["Location"] == "/bodies/military-committee/"
    assert Alias.objects.for_object(committee).get().name == "CSTO Military Council"
    response = editor_client.post(url, data)
    assertContains(response, "The record already has this name.", status_code=400)


def test_preview_shows_the_text_with_its_links_and_saves_nothing(editor_client, committee):
    make_body(name="Joint Staff", slug="joint-staff")
    url = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    form = editor_client.get(url).context["form"]
    data = {name: "" if value is None else value for name, value in form.initial.items() if name in form.fields}
    data |= {"description": "Works with the [[Joint Staff]].", "preview": "1", "wiki-summary": "Try"}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assertContains(response, '<h2 id="preview-heading">Preview</h2>', html=True)
    assertContains(response, '<a href="/bodies/joint-staff/" class="wiki-link">Joint Staff</a>', html=True)
    committee.refresh_from_db()
    assert committee.description == ""
    assert not Version.objects.get_for_object(committee).filter(revision__comment="Try").exists()


def test_the_form_names_a_records_short_text_and_the_edit_summary_apart(editor_client, committee):
    response = editor_client.get(reverse("wiki:body-edit", kwargs={"slug": committee.slug}))
    assertContains(response, '<label for="id_summary">Short description</label>', html=True)
    assertContains(response, '<label for="id_wiki-summary">Edit summary: what you changed</label>', html=True)


def test_slugs_left_empty_are_made_from_the_name_and_kept_unique(editor_client):
    for _n in range(2):
        data = {"given_name": "Valery", "family_name": "Gerasimov", "wiki-summary": "New person"}
        assert editor_client.post("/wiki/person/new/", data).status_code == 302
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["valery-gerasimov", "valery-gerasimov-2"]


def test_agenda_items_move_up_and_down_in_one_revision(editor_client, editor, committee):
    meeting = make_meeting(committee)
    first, _second, third = (AgendaItem.objects.create(meeting=meeting, order=n, title=f"Item {n}") for n in (1, 2, 3))
    url = reverse("wiki:agenda-item-move", kwargs={"pk": third.pk})
    assert editor_client.get(url).status_code == 405
    response = editor_client.post(url, {"direction": "up", "next": meeting.get_absolute_url()})
    assert response["Location"] == meeting.get_absolute_url()
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Item 1", "Item 3", "Item 2"]
    editor_client.post(reverse("wiki:agenda-item-move", kwargs={"pk": first.pk}), {"direction": "down"})
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Item 3", "Item 1", "Item 2"]
    assert Version.objects.get_for_object(first).first().revision.comment == "Moved “Item 1” down"
    page = editor_client.get(meeting.get_absolute_url())
    assertContains(page, "Move up")


def test_restoring_asks_for_confirmation_and_takes_the_editors_summary(editor_client, editor, committee):
    record_save(obj=committee, values={"abbreviation": "MC"}, user=editor, summary="Add", base_version_id=None)
    record_save(obj=committee, values={"abbreviation": "MK"}, user=editor, summary="Change", base_version_id=None)
    old = Version.objects.get_for_object(committee).get(revision__comment="Add")
    url = reverse("wiki:body-restore", kwargs={"slug": committee.slug, "version_id": old.pk})
    page = editor_client.get(url)
    assertContains(page, "Restore this revision")
    assertContains(page, "<td><del>MK</del></td><td><ins>MC</ins></td>")  # what restoring changes
    latest = Version.objects.get_for_object(committee).first()
    response = editor_client.post(url, {"seen_version": latest.pk, "wiki-summary": "Back to MC: MK was a typo"})
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.abbreviation == "MC"
    assert Version.objects.get_for_object(committee).first().revision.comment == "Back to MC: MK was a typo"


def test_every_record_page_says_when_and_by_whom_it_was_last_edited(client, editor, committee):
    record_save(obj=committee, values={"abbreviation": "MC"}, user=editor, summary="Add", base_version_id=None)
    response = client.get(committee.get_absolute_url())
    assertContains(response, "Last edited")
    assertContains(response, "by editor.")
    history = client.get(reverse("wiki:body-history", kwargs={"slug": committee.slug}))
    assertContains(history, '<a href="/bodies/military-committee/">Military Committee</a>', html=True)


def test_a_citation_is_edited_or_removed_from_its_sources_page_and_the_editor_returns_there(editor_client, committee):
    source = make_source(title="A report")
    Citation.objects.create(source=source, content_object=committee, locator="p. 1")
    citation = Citation.objects.get()
    page = editor_client.get(source.get_absolute_url())
    edit_url = reverse("wiki:citation-edit", kwargs={"pk": citation.pk}) + f"?next=%2Fsources%2F{source.pk}%2F"
    assertContains(page, f'href="{edit_url}"')
    edit = editor_client.get(edit_url)
    delete_url = reverse("wiki:citation-delete", kwargs={"pk": citation.pk}) + f"?next=/sources/{source.pk}/"
    assertContains(edit, f'href="{delete_url}"')
    response = editor_client.post(delete_url, {"wiki-summary": "Not what it says", "next": f"/sources/{source.pk}/"})
    assert response["Location"] == f"/sources/{source.pk}/"
    assert not Citation.objects.exists()


def test_a_slug_made_from_a_name_steps_around_addresses_that_are_pages(editor_client):
    data = {"name": "Chart", "classification": "other", "wiki-summary": "New body"}
    response = editor_client.post("/wiki/body/new/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"] == "/bodies/chart-2/"
