"""Two admin sessions editing the same record from the same revision."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains
from reversion.models import Version

from apps.membership.models import Person
from tests.admin_forms import admin_client, empty_body_inlines
from tests.factories import make_person

pytestmark = pytest.mark.django_db

INLINES = ("core-citation-content_type-object_id", "wiki-alias-content_type-object_id")


def person_form(person: Person, base: int, **changes) -> dict:
    data = {
        "given_name": person.given_name,
        "patronymic": person.patronymic,
        "family_name": person.family_name,
        "honorific_prefix": person.honorific_prefix,
        "slug": person.slug,
        "summary": person.summary,
        "biography": person.biography,
        "wiki_base_version": str(base),
    }
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


@pytest.fixture
def two_admins():
    person = make_person("Sidorov", "Anatoly", slug="anatoly-sidorov")
    alice, bob = admin_client("alice"), admin_client("bob")
    url = reverse("admin:membership_person_change", args=[person.pk])
    alice.post(url, person_form(person, 0, summary="First revision"))  # gives the record a history
    person.refresh_from_db()
    base = Version.objects.get_for_object(person).first().pk
    return person, alice, bob, url, base


def test_admin_edits_of_different_fields_from_the_same_revision_merge(two_admins):
    person, alice, bob, url, base = two_admins
    assert alice.post(url, person_form(person, base, summary="Chief of the Joint Staff")).status_code == 302
    assert bob.post(url, person_form(person, base, biography="Born in Kazakhstan.")).status_code == 302
    person.refresh_from_db()
    assert (person.summary, person.biography) == ("Chief of the Joint Staff", "Born in Kazakhstan.")
    latest = Version.objects.get_for_object(person).first()
    assert latest.revision.user.username == "bob"


def test_admin_edits_of_the_same_field_refuse_the_second_and_keep_its_input(two_admins):
    person, alice, bob, url, base = two_admins
    assert alice.post(url, person_form(person, base, summary="Alice's words")).status_code == 302
    response = bob.post(url, person_form(person, base, summary="Bob's words"))
    assert response.status_code == 200
    assertContains(response, "Someone else saved a change to summary after you opened this page")
    assertContains(response, "Bob&#x27;s words")
    assert Person.objects.get(pk=person.pk).summary == "Alice's words"


def test_two_admin_sessions_on_a_body_clash_cleanly_and_can_settle(client):
    from apps.bodies.models import Body
    from tests.factories import make_body

    body = make_body(name="Committee", slug="committee")
    alice, bob = admin_client("alice"), admin_client("bob")
    url = reverse("admin:bodies_body_change", args=[body.pk])

    def data(base: int, **changes) -> dict:
        fields = {"name": body.name, "slug": body.slug, "classification": body.classification, "summary": ""}
        fields |= {"treebeard_position": "first-child", "treebeard_ref_node": "", "wiki_base_version": str(base)}
        return empty_body_inlines(**fields) | changes

    alice.post(url, data(0, summary="start"))
    base = Version.objects.get_for_object(body).first().pk
    assert alice.post(url, data(base, summary="Alice", abbreviation="AL")).status_code == 302
    response = bob.post(url, data(base, summary="Bob"))
    assert response.status_code == 200
    assertContains(response, "Someone else saved a change to summary")
    form = response.context["adminform"].form
    # What the re-shown form holds, as its widgets render it: the newest revision to settle against, Alice's
    # other change, and Bob's text in the clashing field.
    shown = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    assert shown["summary"] == "Bob"
    assert shown["wiki_base_version"] == Version.objects.get_for_object(body).first().pk
    settled = dict(form.data.items()) | shown | {"summary": "Bob, settled"}
    assert settled["abbreviation"] == "AL"
    assert bob.post(url, settled).status_code == 302
    body = Body.objects.get(pk=body.pk)
    assert (body.summary, body.abbreviation) == ("Bob, settled", "AL")
