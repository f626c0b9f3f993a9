import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains

from apps.bodies.models import Body
from tests.admin_forms import empty_body_inlines
from tests.factories import make_body, tree_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture
def tree():
    root = make_body(name="Root", slug="root")
    a = make_body(parent=root, name="A", slug="a")
    a1 = make_body(parent=a, name="A1", slug="a1")
    b = make_body(parent=root, name="B", slug="b")
    return {"root": root, "a": a, "a1": a1, "b": b}


def form_data(body: Body, **changes) -> dict:
    data = {
        "name": body.name,
        "slug": body.slug,
        "abbreviation": body.abbreviation,
        "classification": body.classification,
        "summary": body.summary,
        "description": body.description,
        "founded": body.founded,
        "dissolved": body.dissolved,
        "treebeard_position": "first-child",
        "treebeard_ref_node": "",
        **empty_body_inlines(),
    }
    data.update(changes)
    return data


def test_change_list_shows_the_tree_with_search_and_filters(staff_client, tree):
    response = staff_client.get(reverse("admin:bodies_body_changelist"))
    assertContains(response, "Root")
    children = staff_client.get(reverse("admin:bodies_body_changelist") + f"children/{tree['root'].pk}/")
    assert ">A<" in children.json()["result_html"] and ">B<" in children.json()["result_html"]
    response = staff_client.get(reverse("admin:bodies_body_changelist"), {"q": "A1"})
    assertContains(response, "1 result")


def test_adding_a_body_in_the_admin_places_it_in_the_tree(staff_client, tree):
    new = Body(name="New", slug="new", classification="committee")
    response = staff_client.post(
        reverse("admin:bodies_body_add"),
        form_data(new, treebeard_position="first-child", treebeard_ref_node=str(tree["b"].pk)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Body.objects.get(slug="new")
    assert Body.objects.get_parent(new) == tree["b"]
    assert tree_problems() == []


def test_moving_a_body_under_its_own_child_in_the_admin_shows_a_message_and_changes_nothing(staff_client, tree):
    a = tree["a"]
    before = list(Body.objects.values_list("pk", "path", "numchild"))
    response = staff_client.post(
        reverse("admin:bodies_body_change", args=[a.pk]),
        form_data(a, treebeard_position="first-child", treebeard_ref_node=str(tree["a1"].pk), name="A renamed"),
    )
    assert response.status_code == 200
    assertContains(response, "cannot be placed under itself or one of its own sub-bodies")
    assert list(Body.objects.values_list("pk", "path", "numchild")) == before
    assert Body.objects.get(pk=a.pk).name == "A"


def test_impossible_date_and_duplicate_slug_get_messages_in_the_admin(staff_client, tree):
    a = tree["a"]
    response = staff_client.post(
        reverse("admin:bodies_body_change", args=[a.pk]),
        form_data(a, founded="2022-13-45", slug="b", treebeard_position="right", treebeard_ref_node=str(tree["b"].pk)),
    )
    assert response.status_code == 200
    assertContains(response, "“2022-13-45” is not a valid date")
    assertContains(response, "Another body already uses this slug")
    assert Body.objects.get(pk=a.pk).founded == ""
    assert Body.objects.get_parent(Body.objects.get(pk=a.pk)) == tree["root"]


def test_editing_fields_and_moving_in_the_admin(staff_client, tree):
    a = tree["a"]
    response = staff_client.post(
        reverse("admin:bodies_body_change", args=[a.pk]),
        form_data(a, summary="Edited", treebeard_position="first-child", treebeard_ref_node=str(tree["b"].pk)),
    )
    assert response.status_code == 302
    a = Body.objects.get(pk=a.pk)
    assert a.summary == "Edited"
    assert Body.objects.get_parent(a) == tree["b"]
    assert tree_problems() == []


def test_drag_and_drop_move_refuses_a_cycle_with_a_message(staff_client, tree):
    url = reverse("admin:bodies_body_changelist") + "move/"
    response = staff_client.post(url, {"node": tree["a"].pk, "target": tree["a1"].pk, "relation": "child"})
    assert response.status_code == 400
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("cannot be moved under itself" in m for m in messages)
    response = staff_client.post(url, {"node": tree["a1"].pk, "target": tree["b"].pk, "relation": "child"})
    assert response.status_code == 200
    assert Body.objects.get_parent(Body.objects.get(pk=tree["a1"].pk)) == tree["b"]
    assert tree_problems() == []


def test_deleting_in_the_admin_removes_the_subtree(staff_client, tree):
    response = staff_client.post(reverse("admin:bodies_body_delete", args=[tree["a"].pk]), {"post": "yes"})
    assert response.status_code == 302
    assert sorted(Body.objects.values_list("slug", flat=True)) == ["b", "root"]
    assert tree_problems() == []


def test_anonymous_users_cannot_reach_the_admin_move_view(client, tree):
    url = reverse("admin:bodies_body_changelist") + "move/"
    response = client.post(url, {"node": tree["a"].pk, "target": tree["b"].pk, "relation": "child"})
    assert response.status_code == 302
    assert Body.objects.get_parent(Body.objects.get(pk=tree["a"].pk)) == tree["root"]


def test_dissolution_before_founding_gets_a_message_in_the_admin(staff_client, tree):
    a = tree["a"]
    response = staff_client.post(
        reverse("admin:bodies_body_change", args=[a.pk]),
        form_data(a, founded="2003", dissolved="2001", treebeard_position="first-child", treebeard_ref_node=""),
    )
    assert response.status_code == 200
    assertContains(response, "The dissolution date cannot be before the founding date (2003).")
    assert Body.objects.get(pk=a.pk).dissolved == ""


def test_the_delete_confirmation_lists_the_sub_bodies_that_go_with_it(staff_client, tree):
    response = staff_client.get(reverse("admin:bodies_body_delete", args=[tree["a"].pk]))
    assertContains(response, "A1")


def test_admin_children_view_with_a_bad_id_is_a_404(staff_client, tree):
    response = staff_client.get(reverse("admin:bodies_body_changelist") + "children/abc/")
    assert response.status_code == 404
