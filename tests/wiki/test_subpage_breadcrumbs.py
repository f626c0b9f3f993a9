"""Breadcrumbs on every record's subpages: the edit and delete pages too."""

import pytest
from pytest_django.asserts import assertContains

from tests.factories import make_body, make_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("action", "here"), [("edit", "Edit"), ("delete", "Delete")])
def test_edit_and_delete_pages_have_the_records_breadcrumbs(admin_client, action, here):
    make_body(name="Council", slug="council", founded="1990")
    response = admin_client.get(f"/bodies/council/{action}/")
    assertContains(
        response,
        '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/bodies/council/">Council</a></li>'
        f'<li aria-current="page">{here}</li></ol></nav>',
        html=True,
    )


def test_a_new_records_form_has_no_record_to_lead_back_to(client):
    client.force_login(make_editor())
    response = client.get("/wiki/body/new/")
    assert 'class="breadcrumbs"' not in response.content.decode()
