"""Bad input gets a clear answer, never a 500 (on both databases)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from apps.documents.models import Clause
from apps.documents.services import clause_add
from apps.wiki.services import EDITORS
from tests.factories import make_body, make_document, make_membership, make_person, make_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/changes/?user=%00",
        "/documents/some-document/clauses/%00/",
        "/meetings/?body=%00",
        "/bodies/?as_of=%00",
        "/admin/bodies/body/?classification__exact=%00",
    ],
)
def test_a_nul_character_in_an_address_is_a_bad_request(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_clause_number_that_cannot_be_an_address_gets_a_message_next_to_the_field(client):
    clause = clause_add(document=make_document("Regulations"), number="15", text="Text.")
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    url = reverse("wiki:clause-edit", kwargs={"pk": clause.pk})
    data = {"number": "../2022", "document": clause.document_id, "heading": "", "text": "Text.", "order": "0"}
    response = client.post(url, data | {"wiki-summary": "renumbered"})
    assert response.status_code == 400
    assert "Use only letters, digits, dots and hyphens" in response.content.decode()
    assert Clause.objects.get(pk=clause.pk).number == "15"


def test_the_admin_saves_a_body_with_many_memberships():
    body = make_body(name="Council", founded="1990")
    for n in range(90):
        make_membership(body, post=make_post(body, f"Seat {n}"), person=make_person(f"Person{n}", "A"), start="2000")
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.org", "a-long-password"))
    url = reverse("admin:bodies_body_change", args=[body.pk])
    from tests.wiki.test_admin_revisions import resubmission

    data = resubmission(client.get(url))
    assert sum(len(v) if isinstance(v, list) else 1 for v in data.values()) > 1000
    assert client.post(url, data | {"summary": "Many seats"}).status_code == 302
