import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains

from apps.membership.models import Membership
from tests.admin_forms import empty_body_inlines
from tests.factories import make_body, make_membership, make_person, make_post, make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "a-long-test-password"))
    return client


@pytest.fixture
def seat():
    committee = make_body(name="Military Committee", slug="military-committee")
    belarus = make_state("Belarus")
    post = make_post(committee, "Member for Belarus", member_state=belarus)
    make_membership(committee, post=post, person=make_person("Volfovich"), on_behalf_of=belarus, start="2015")
    return post


def body_form(body, post, old, new_person, *, old_end, new_start) -> dict:
    return empty_body_inlines(
        **{
            "name": body.name,
            "slug": body.slug,
            "classification": body.classification,
            "treebeard_position": "first-child",
            "treebeard_ref_node": "",
            "posts-TOTAL_FORMS": "1",
            "posts-INITIAL_FORMS": "1",
            "posts-0-id": str(post.pk),
            "posts-0-body": str(body.pk),
            "posts-0-label": post.label,
            "posts-0-member_state": str(post.member_state_id),
            "posts-0-single_seat": "on",
            "posts-0-position": "0",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(old.pk),
            "memberships-0-body": str(body.pk),
            "memberships-0-post": str(post.pk),
            "memberships-0-person": str(old.person_id),
            "memberships-0-role": "member",
            "memberships-0-on_behalf_of": str(old.on_behalf_of_id),
            "memberships-0-start": old.start,
            "memberships-0-end": old_end,
            "memberships-1-body": str(body.pk),
            "memberships-1-post": str(post.pk),
            "memberships-1-person": str(new_person.pk),
            "memberships-1-role": "member",
            "memberships-1-on_behalf_of": str(old.on_behalf_of_id),
            "memberships-1-start": new_start,
        }
    )


def test_staff_record_a_change_of_holder_in_one_admin_submit(staff_client, seat):
    body, old = seat.body, seat.memberships.get()
    new_person = make_person("Muraveiko")
    data = body_form(body, seat, old, new_person, old_end="2020-01-20", new_start="2020-01-20")
    response = staff_client.post(reverse("admin:bodies_body_change", args=[body.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    old.refresh_from_db()
    assert old.end == "2020-01-20"
    assert seat.memberships.get(person=new_person).start == "2020-01-20"


def test_an_overlapping_new_holder_gets_a_message_and_nothing_is_saved(staff_client, seat):
    body, old = seat.body, seat.memberships.get()
    data = body_form(body, seat, old, make_person("Muraveiko"), old_end="", new_start="2020-01-20")
    response = staff_client.post(reverse("admin:bodies_body_change", args=[body.pk]), data)
    assert response.status_code == 200
    assertContains(response, "is a single seat and Test Volfovich held it")
    assert Membership.objects.count() == 1


def test_membership_admin_filters_current_and_former(staff_client, seat):
    old = seat.memberships.get()
    old.end = "2020"
    old.save()
    make_membership(seat.body, post=seat, person=make_person("Muraveiko"), start="2021")
    url = reverse("admin:membership_membership_changelist")
    assertContains(staff_client.get(url, {"held": "current"}), "Muraveiko")
    response = staff_client.get(url, {"held": "former"})
    assertContains(response, "Volfovich")
    assert "Muraveiko" not in response.content.decode()


def test_people_autocomplete_answers_for_the_membership_form(staff_client, seat):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "Volf", "app_label": "membership", "model_name": "membership", "field_name": "person"},
    )
    assert [item["text"] for item in response.json()["results"]] == ["Test Volfovich"]


def test_moving_a_handover_date_in_one_submit_is_saved_on_every_database(staff_client, seat):
    body, old = seat.body, seat.memberships.get()
    new_person = make_person("Muraveiko")
    data = body_form(body, seat, old, new_person, old_end="2020-01-01", new_start="2020-01-01")
    assert staff_client.post(reverse("admin:bodies_body_change", args=[body.pk]), data).status_code == 302
    new = seat.memberships.get(person=new_person)
    data = body_form(body, seat, old, new_person, old_end="2021-01-01", new_start="2021-01-01")
    data.update({"memberships-INITIAL_FORMS": "2", "memberships-1-id": str(new.pk)})
    assert staff_client.post(reverse("admin:bodies_body_change", args=[body.pk]), data).status_code == 302
    assert seat.memberships.get(person=new_person).start == "2021-01-01"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's transaction never commits: run the deferred checks now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_deleting_a_wrong_holder_and_adding_the_right_one_in_one_submit(staff_client, seat):
    body, wrong = seat.body, seat.memberships.get()
    right = make_person("Right")
    data = body_form(body, seat, wrong, right, old_end="", new_start="2015")
    data["memberships-0-DELETE"] = "on"
    response = staff_client.post(reverse("admin:bodies_body_change", args=[body.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert [m.person for m in seat.memberships.all()] == [right]


def test_adding_a_body_with_inline_rows_saves_them_against_the_new_body(staff_client):
    from apps.bodies.models import Body
    from tests.factories import make_source

    source = make_source()
    data = empty_body_inlines(
        **{
            "name": "New Committee",
            "slug": "new-committee",
            "classification": "committee",
            "treebeard_position": "first-child",
            "treebeard_ref_node": "",
            "posts-TOTAL_FORMS": "1",
            "posts-0-label": "Chair",
            "posts-0-single_seat": "on",
            "posts-0-position": "0",
            "core-citation-content_type-object_id-TOTAL_FORMS": "1",
            "core-citation-content_type-object_id-0-source": str(source.pk),
        }
    )
    response = staff_client.post(reverse("admin:bodies_body_add"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    body = Body.objects.get(slug="new-committee")
    assert [post.label for post in body.posts.all()] == ["Chair"]
    assert [c.source for c in body.citations.all()] == [source]
