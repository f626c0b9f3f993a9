import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from apps.bodies.models import Body
from apps.core.models import Source
from tests.factories import body_form_data, make_editor, tree_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def edit_form_base(client, url: str) -> int:
    return client.get(url).context["meta"].initial["base_version"]


def test_an_editor_edits_a_body_with_a_summary_and_it_shows_in_history_and_changes(editor_client, dataset):
    body = Body.objects.get(slug="joint-staff")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    base = edit_form_base(editor_client, url)
    data = body_form_data(body, abbreviation="JS")
    data |= {"wiki-summary": "Add the abbreviation", "wiki-base_version": base}
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert Body.objects.get(pk=body.pk).abbreviation == "JS"
    history = editor_client.get(reverse("wiki:body-history", kwargs={"slug": body.slug}))
    assertContains(history, "Add the abbreviation")
    assertContains(history, "editor")
    changes = editor_client.get(reverse("wiki:changes"))
    assertContains(changes, "Add the abbreviation")
    feed = editor_client.get(reverse("wiki:changes-feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assertContains(feed, "Add the abbreviation")


def test_field_errors_come_back_next_to_the_field_and_nothing_typed_is_lost(editor_client, dataset):
    body = Body.objects.get(slug="joint-staff")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    data = body_form_data(body, founded="2022-13-45", description="My long careful text")
    data |= {"wiki-summary": "", "wiki-base_version": edit_form_base(editor_client, url)}
    response = editor_client.post(url, data)
    assert response.status_code == 400
    assertContains(response, "“2022-13-45” is not a valid date", status_code=400)
    assertContains(response, "Say in a few words what you changed.", status_code=400)
    assertContains(response, "My long careful text", status_code=400)
    assert Body.objects.get(pk=body.pk).founded == "2003-04-28"  # as loaded: nothing was saved


def test_moving_a_body_under_its_own_sub_body_is_refused_with_a_message(editor_client, dataset):
    cmd = Body.objects.get(slug="council-of-ministers-of-defense")
    committee = Body.objects.get(slug="military-committee")
    url = reverse("wiki:body-edit", kwargs={"slug": cmd.slug})
    data = body_form_data(cmd, parent=committee.pk) | {
        "wiki-summary": "Move",
        "wiki-base_version": edit_form_base(editor_client, url),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 400
    assertContains(response, "cannot be moved under itself or one of its own sub-bodies", status_code=400)
    assert tree_problems() == []


def test_two_editors_changing_different_fields_are_merged(client, dataset):
    body = Body.objects.get(slug="secretariat")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    alice, bob = make_editor("alice"), make_editor("bob")
    client.force_login(alice)
    base = edit_form_base(client, url)
    response = client.post(
        url, body_form_data(body, summary="Alice's summary") | {"wiki-summary": "A", "wiki-base_version": base}
    )
    assert response.status_code == 302
    client.force_login(bob)
    response = client.post(
        url, body_form_data(body, abbreviation="SEC") | {"wiki-summary": "B", "wiki-base_version": base}
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    body.refresh_from_db()
    assert (body.summary, body.abbreviation) == ("Alice's summary", "SEC")


def test_two_editors_changing_the_same_field_get_the_conflict_page_and_lose_nothing(client, dataset):
    body = Body.objects.get(slug="secretariat")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    alice, bob = make_editor("alice"), make_editor("bob")
    client.force_login(alice)
    base = edit_form_base(client, url)
    client.post(
        url, body_form_data(body, description="Alice's text") | {"wiki-summary": "A", "wiki-base_version": base}
    )
    client.force_login(bob)
    response = client.post(
        url, body_form_data(body, description="Bob's text") | {"wiki-summary": "B", "wiki-base_version": base}
    )
    assert response.status_code == 409
    assertContains(response, "Someone else changed the same fields", status_code=409)
    # Both sides, by the field's label, with the words that differ marked.
    assertContains(response, '<th scope="row">Description</th>', status_code=409)
    assertContains(response, "<pre><del>Alice&#x27;s</del> text</pre>", status_code=409)
    assertContains(response, "<pre><ins>Bob&#x27;s</ins> text</pre>", status_code=409)
    assert Body.objects.get(pk=body.pk).description == "Alice's text"
    assert response.context["form"].initial["description"] == "Bob's text"  # what Bob typed is offered again
    new_base = response.context["meta"].initial["base_version"]
    response = client.post(
        url,
        body_form_data(body, description="Bob's text, merged") | {"wiki-summary": "B", "wiki-base_version": new_base},
    )
    assert response.status_code == 302
    assert Body.objects.get(pk=body.pk).description == "Bob's text, merged"


def test_compare_shows_word_level_differences_and_restore_makes_a_new_revision(editor_client, dataset):
    body = Body.objects.get(slug="joint-staff")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    original = body.summary
    data = body_form_data(body, summary="The permanent <b>staff</b> body.") | {
        "wiki-summary": "Reword",
        "wiki-base_version": edit_form_base(editor_client, url),
    }
    editor_client.post(url, data)
    versions = list(Version.objects.get_for_object(body))
    newer, older = versions[0], versions[1]
    response = editor_client.get(
        reverse("wiki:body-compare", kwargs={"slug": body.slug}), {"from": older.pk, "to": newer.pk}
    )
    assertContains(response, "<ins>")
    assertContains(response, "&lt;b&gt;staff&lt;/b&gt;")
    assertNotContains(response, "<b>staff</b>")
    response = editor_client.post(reverse("wiki:body-restore", kwargs={"slug": body.slug, "version_id": older.pk}))
    assert response.status_code == 302
    assert Body.objects.get(pk=body.pk).summary == original
    assert Version.objects.get_for_object(body).count() == 3
    assert "Restored the revision" in Version.objects.get_for_object(body).first().revision.get_comment()


def test_restoring_a_moved_body_moves_it_back_properly(editor_client, dataset):
    committee = Body.objects.get(slug="military-committee")
    joint_staff = Body.objects.get(slug="joint-staff")
    url = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    before_move = edit_form_base(editor_client, url)
    data = body_form_data(committee, parent=joint_staff.pk) | {"wiki-summary": "Move", "wiki-base_version": before_move}
    assert editor_client.post(url, data).status_code == 302
    assert Body.objects.get(pk=committee.pk).parent_id == joint_staff.pk
    response = editor_client.post(
        reverse("wiki:body-restore", kwargs={"slug": committee.slug, "version_id": before_move})
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert Body.objects.get_parent(committee).slug == "council-of-ministers-of-defense"
    assert tree_problems() == []


def test_deleted_records_are_listed_and_restored(editor_client, dataset):
    secretariat = Body.objects.get(slug="secretariat")
    url = reverse("wiki:body-delete", kwargs={"slug": secretariat.slug})
    assert editor_client.post(url, {"wiki-summary": "Testing deletion"}).status_code == 302
    assert not Body.objects.filter(slug="secretariat").exists()
    listing = editor_client.get(reverse("wiki:deleted"), {"kind": "body"})
    assertContains(listing, "Secretariat")
    version = Version.objects.get_deleted(Body).get(object_id=str(secretariat.pk))
    response = editor_client.post(reverse("wiki:deleted-restore", kwargs={"version_id": version.pk}))
    assert response.status_code == 302
    restored = Body.objects.get(slug="secretariat")
    assert Body.objects.get_parent(restored).slug == "csto"
    assert tree_problems() == []


def test_renaming_keeps_the_old_address_as_a_permanent_redirect(editor_client, dataset):
    body = Body.objects.get(slug="joint-staff")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    data = body_form_data(body, slug="csto-joint-staff") | {
        "wiki-summary": "Rename",
        "wiki-base_version": edit_form_base(editor_client, url),
    }
    assert editor_client.post(url, data).status_code == 302
    response = editor_client.get("/bodies/joint-staff/?as_of=2022-06-01")
    assert response.status_code == 301
    assert response["Location"] == "/bodies/csto-joint-staff/?as_of=2022-06-01"


def test_creating_a_record_with_a_name_from_a_missing_link(editor_client, dataset):
    response = editor_client.get(reverse("wiki:body-new"), {"name": "Youth Council"})
    assertContains(response, 'value="Youth Council"')
    csto = Body.objects.get(slug="csto")
    data = body_form_data(Body(name="Youth Council", slug="youth-council", classification="council"), parent=csto.pk)
    response = editor_client.post(reverse("wiki:body-new"), data | {"wiki-summary": "New body"})
    assert response.status_code == 302
    assert Body.objects.get(slug="youth-council").parent_id == csto.pk
    assert tree_problems() == []


def test_settling_a_conflict_keeps_the_other_editors_other_changes(client, dataset):
    body = Body.objects.get(slug="secretariat")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    alice, bob = make_editor("alice"), make_editor("bob")
    client.force_login(alice)
    base = edit_form_base(client, url)
    data = body_form_data(body, description="Alice's text", abbreviation="SEC")
    client.post(url, data | {"wiki-summary": "A", "wiki-base_version": base})
    client.force_login(bob)
    response = client.post(
        url, body_form_data(body, description="Bob's text") | {"wiki-summary": "B", "wiki-base_version": base}
    )
    assert response.status_code == 409
    offered = response.context["form"].initial
    assert offered["abbreviation"] == "SEC"  # Alice's other change is in the form Bob settles
    resubmit = body_form_data(body, description="Settled text", abbreviation=offered["abbreviation"])
    new_base = response.context["meta"].initial["base_version"]
    assert client.post(url, resubmit | {"wiki-summary": "B", "wiki-base_version": new_base}).status_code == 302
    body.refresh_from_db()
    assert (body.description, body.abbreviation) == ("Settled text", "SEC")


def test_a_form_from_another_records_revision_gets_a_message_not_a_500(editor_client, dataset):
    other = Version.objects.get_for_object(Body.objects.get(slug="csto")).first()
    body = Body.objects.get(slug="secretariat")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    edit_form_base(editor_client, url)
    response = editor_client.post(url, body_form_data(body) | {"wiki-summary": "x", "wiki-base_version": other.pk})
    assert response.status_code == 400
    assertContains(response, "not made from a revision of this record", status_code=400)


def test_an_edit_from_before_an_unrecorded_move_does_not_move_the_body_back(editor_client, dataset):
    from apps.bodies import services

    committee = Body.objects.get(slug="military-committee")
    url = reverse("wiki:body-edit", kwargs={"slug": committee.slug})
    base = edit_form_base(editor_client, url)
    services.body_move(body=committee, target=Body.objects.get(slug="joint-staff"))  # no revision recorded
    old_parent = Body.objects.get(slug="council-of-ministers-of-defense").pk
    data = body_form_data(committee, summary="Edited", parent=old_parent)
    assert editor_client.post(url, data | {"wiki-summary": "S", "wiki-base_version": base}).status_code == 302
    committee.refresh_from_db()
    assert committee.parent.slug == "joint-staff"
    assert committee.summary == "Edited"
    assert tree_problems() == []


def test_deleting_and_restoring_brings_back_everything_that_went_with_it(editor_client, dataset):
    from apps.documents.models import Clause, Document
    from apps.membership.models import Post

    cmd = Body.objects.get(slug="council-of-ministers-of-defense")
    posts_before = Post.objects.count()
    confirm = editor_client.get(reverse("wiki:body-delete", kwargs={"slug": cmd.slug}))
    assertContains(confirm, "× bodies")  # the Military Committee goes with it
    assertContains(confirm, "× posts")
    url = reverse("wiki:body-delete", kwargs={"slug": cmd.slug})
    response = editor_client.post(url, {"wiki-summary": "Test"})
    if response.status_code == 400:  # a meeting still refers to the Military Committee: refused, nothing lost
        assertContains(response, "Other records still refer to this one", status_code=400)
        assert Body.objects.filter(slug="military-committee").exists()
    regulations = Document.objects.get(slug="regulations-on-the-council-of-ministers-of-defense")
    clause_count = regulations.clauses.count()
    doc_url = reverse("wiki:document-delete", kwargs={"slug": regulations.slug})
    assert editor_client.post(doc_url, {"wiki-summary": "Test"}).status_code == 302
    assert not Clause.objects.filter(document_id=regulations.pk).exists()
    version = Version.objects.get_deleted(Document).get(object_id=str(regulations.pk))
    assert editor_client.post(reverse("wiki:deleted-restore", kwargs={"version_id": version.pk})).status_code == 302
    restored = Document.objects.get(slug=regulations.slug)
    assert restored.clauses.count() == clause_count
    assert restored.citations.exists()
    assert restored.legal_bases.exists()
    assert Post.objects.count() == posts_before
    assert tree_problems() == []


def test_a_deleted_subtree_comes_back_whole(editor_client, dataset):
    from apps.bodies import services as tree

    staff = Body.objects.get(slug="joint-staff")
    child = tree.body_create(name="Planning Directorate", target=staff)
    tree.body_create(name="Planning Section", target=child)
    assert (
        editor_client.post(reverse("wiki:body-delete", kwargs={"slug": staff.slug}), {"wiki-summary": "x"}).status_code
        == 302
    )
    assert not Body.objects.filter(name__startswith="Planning").exists()
    version = Version.objects.get_deleted(Body).get(object_id=str(staff.pk))
    assert editor_client.post(reverse("wiki:deleted-restore", kwargs={"version_id": version.pk})).status_code == 302
    section = Body.objects.get(name="Planning Section")
    assert [b.slug for b in Body.objects.get_ancestors(section)] == ["csto", "joint-staff", child.slug]
    assert tree_problems() == []


def test_the_edit_form_offers_the_sources_to_cite_with_their_markers(editor_client, dataset):
    response = editor_client.get("/bodies/military-committee/edit/")
    html = response.content.decode()
    start = html.index('class="citation-picker"')
    picker = html[start : html.index("</details>", start)]
    assert "<code>[^article-military-council-2022]</code>" in picker  # the body cites it already
    assert "Russia-led security bloc to improve Tajikistan" in picker
    assert "[^?]" in picker
    person = editor_client.get("/people/valery-gerasimov/edit/")  # biographies cite too
    assert 'class="citation-picker"' in person.content.decode()
    source = Source.objects.get(key="collective-security-treaty-1992")
    no_text = editor_client.get(f"/wiki/source/{source.pk}/edit/")  # a source has no text to cite in
    assert 'class="citation-picker"' not in no_text.content.decode()


def test_a_save_landing_between_reading_a_record_and_its_revision_is_not_undone(dataset):
    """The rare lost update: the form's values came from before a save, its base revision from after it."""
    from apps.wiki import services

    alice, bob = make_editor("alice"), make_editor("bob")
    body = Body.objects.get(slug="joint-staff")
    services.ensure_baseline(body)
    shown_to_bob = Body.objects.get(pk=body.pk)  # Bob's edit page reads the record...
    services.record_save(
        obj=body,
        values={"summary": "Alice's summary"},
        user=alice,
        summary="alice",
        base_version_id=services.latest_version(body).pk,
    )
    base = services.ensure_baseline(shown_to_bob)  # ...and then its revision, after Alice's save landed
    values = services.stored_values(shown_to_bob) | {"abbreviation": "JS"}
    services.record_save(obj=shown_to_bob, values=values, user=bob, summary="bob", base_version_id=base.pk)
    body = Body.objects.get(pk=body.pk)
    assert (body.summary, body.abbreviation) == ("Alice's summary", "JS")


def test_every_link_on_recent_changes_resolves_and_deleted_records_of_every_kind_are_listed(editor_client, dataset):
    from apps.membership.models import Person
    from apps.wiki import services
    from tests.links import assert_every_link_resolves

    doomed = Person.objects.create(given_name="Temporary", family_name="Person", slug="temporary-person")
    body = Body.objects.get(slug="joint-staff")
    user = get_user_model().objects.get(username="editor")
    for summary in ("Edited.", "Edited again."):
        services.record_save(obj=body, values={"summary": summary}, user=user, summary="edit", base_version_id=None)
    services.record_delete(obj=doomed, user=user, summary="removed for the test")
    html = editor_client.get("/changes/").content.decode()
    changes = html[html.index('<ul class="changes">') : html.rindex("</ul>")]
    followed = assert_every_link_resolves(editor_client, "/changes/", changes)
    assert any("/history/compare/?from=" in link for link in followed)  # a diff
    assert any("/history/" in link and "compare" not in link for link in followed)  # a history
    assert "/changes/deleted/?kind=person" in followed
    assert "/changes/?user=editor" in followed
    deleted = editor_client.get("/changes/deleted/").content.decode()  # no kind chosen: every kind
    assert "Temporary Person" in deleted and "No deleted records" not in deleted


def test_history_of_a_record_written_outside_the_wiki_says_it_has_no_revisions(client):
    from tests.factories import make_body, make_membership

    membership = make_membership(make_body())  # services outside a revision: no history recorded
    response = client.get(reverse("wiki:membership-history", kwargs={"pk": membership.pk}))
    assertContains(response, "No revisions are recorded yet")
