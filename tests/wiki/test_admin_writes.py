"""Admin writes keep what others did meanwhile: moves, deletions they did not mean to undo, old addresses."""

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from apps.bodies.models import Body
from apps.membership.models import MemberState, Person
from apps.wiki import services
from apps.wiki.models import SlugRedirect
from tests.admin_forms import admin_client, empty_body_inlines
from tests.factories import make_body, make_person, tree_problems

pytestmark = pytest.mark.django_db

INLINES = ("core-citation-content_type-object_id", "wiki-alias-content_type-object_id")


def shown(response) -> dict:
    """The admin change form as its widgets render it, inline management forms included."""
    form = response.context["adminform"].form
    data = {name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields}
    for name, field in form.fields.items():  # the hidden copies of fields that carry their initial value
        if field.show_hidden_initial:
            initial = form[name].initial
            data[form[name].html_initial_name] = "" if initial is None else str(getattr(initial, "pk", initial))
    return data | empty_body_inlines()


def test_an_admin_slug_change_keeps_the_old_address_answering():
    person = make_person("Sidorov", "Anatoly", slug="anatoly-sidorov")
    url = reverse("admin:membership_person_change", args=[person.pk])
    data = {
        "given_name": "Anatoly", "family_name": "Sidorov", "slug": "a-sidorov", "patronymic": "",
        "honorific_prefix": "", "summary": "", "biography": "",
    }  # fmt: skip
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    assert admin_client("alice").post(url, data).status_code == 302
    assert SlugRedirect.objects.filter(old_slug="anatoly-sidorov").exists()
    assert Client().get("/people/anatoly-sidorov/").status_code == 301


def test_an_admin_edit_from_before_a_move_does_not_undo_the_move():
    root = make_body(name="Root", slug="root")
    p1 = make_body(parent=root, name="P1", slug="p1")
    p2 = make_body(parent=root, name="P2", slug="p2")
    x = make_body(parent=p1, name="X", slug="x")
    services.ensure_baseline(x)
    alice, bob = admin_client("alice"), admin_client("bob")
    url = reverse("admin:bodies_body_change", args=[x.pk])
    bob_data = shown(bob.get(url))  # Bob opens the form while X is under P1
    moved = alice.post(
        reverse("admin:bodies_body_changelist") + "move/", {"node": x.pk, "target": p2.pk, "relation": "child"}
    )
    assert moved.status_code == 200
    response = bob.post(url, bob_data | {"summary": "Bob's summary"})
    assert response.status_code == 302
    x = Body.objects.get(pk=x.pk)
    assert (x.summary, x.parent_id) == ("Bob's summary", p2.pk)  # Alice's move stands
    assert tree_problems() == []


def test_two_admin_edits_that_merge_into_an_invalid_record_get_a_message_not_a_500():
    state = MemberState(name="Armenia", slug="armenia", iso_code="AM", joined="1994")
    state.full_clean()
    state.save()
    base = services.ensure_baseline(state).pk
    alice, bob = admin_client("alice"), admin_client("bob")
    url = reverse("admin:membership_memberstate_change", args=[state.pk])

    def data(**changes) -> dict:
        fields = {"name": "Armenia", "slug": "armenia", "official_name": "", "iso_code": "AM", "joined": "1994"}
        fields |= {"left": "", "summary": "", "wiki_base_version": str(base)}
        for prefix in INLINES:
            fields |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        return fields | changes

    assert alice.post(url, data(left="2000")).status_code == 302
    response = bob.post(url, data(joined="2005"))  # valid alone; with Alice's change it leaves before it joins
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert MemberState.objects.get(pk=state.pk).joined == "1994"


def test_restoring_an_admin_deleted_record_leaves_others_deleted_on_purpose_deleted():
    with reversion.create_revision():  # like load_csto: one revision holds both
        a = make_person("Alpha", "Anna", slug="anna-alpha")
        b = make_person("Beta", "Boris", slug="boris-beta")
    user = get_user_model().objects.create_superuser("u", "u@example.org", "a-long-password")
    services.record_delete(obj=a, user=user, summary="duplicate")
    admin = admin_client("admin")
    assert admin.post(reverse("admin:membership_person_delete", args=[b.pk]), {"post": "yes"}).status_code == 302
    version = Version.objects.get_deleted(Person).get(object_id=str(b.pk))
    admin.post(reverse("wiki:deleted-restore", kwargs={"version_id": version.pk}))
    assert Person.objects.filter(pk=b.pk).exists()
    assert not Person.objects.filter(pk=a.pk).exists()


def test_a_body_deleted_in_the_admin_comes_back_with_its_sub_bodies():
    parent = make_body(name="Parent", slug="parent")
    child = make_body(parent=parent, name="Child", slug="child")
    services.ensure_baseline(parent)
    services.ensure_baseline(child)
    admin = admin_client("admin")
    assert admin.post(reverse("admin:bodies_body_delete", args=[parent.pk]), {"post": "yes"}).status_code == 302
    assert not Body.objects.exists()
    version = Version.objects.get_deleted(Body).get(object_id=str(parent.pk))
    assert admin.post(reverse("wiki:deleted-restore", kwargs={"version_id": version.pk})).status_code == 302
    assert set(Body.objects.values_list("pk", flat=True)) == {parent.pk, child.pk}
    assert tree_problems() == []
