"""Editing records in English and Russian: side by side in the site's forms and the admin, in revisions
(compare, restore), and found by [[links]] in either language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from apps.bodies import services
from apps.bodies.models import Body
from apps.wiki.links import render_wiki_text
from tests.admin_forms import admin_client
from tests.factories import body_form_data, make_body, make_editor, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def edit(client, body: Body, summary: str, **changes):
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    base = client.get(url).context["meta"].initial["base_version"]
    data = body_form_data(body, **changes) | {"wiki-summary": summary, "wiki-base_version": base}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    body.refresh_from_db()


def test_the_edit_form_puts_each_field_beside_its_russian_twin_and_saves_both(editor_client):
    body = make_body(name="Military Committee", slug="mc")
    html = editor_client.get(reverse("wiki:body-edit", kwargs={"slug": body.slug})).content.decode()
    pair = re.search(r'<div class="field-pair">(.*?)</div>\s*</div>', html, re.DOTALL).group(1)
    assert 'name="name"' in pair and 'name="name_ru"' in pair
    assert '<label for="id_name_ru">Name (Russian)</label>' in html
    assert re.search(r'<input[^>]*name="name_ru"[^>]*lang="ru"|<input[^>]*lang="ru"[^>]*name="name_ru"', html)
    assert re.search(r'<textarea[^>]*name="description_ru"', html)
    edit(editor_client, body, "Russian name", name_ru="Военный комитет", summary_ru="Орган ОДКБ")
    assert (body.name, body.name_ru, body.summary_ru) == ("Military Committee", "Военный комитет", "Орган ОДКБ")


def test_a_new_record_gets_its_address_from_the_english_name_whatever_the_language(editor_client):
    data = body_form_data(Body(name="Youth Council", name_ru="Молодёжный совет", classification="council"))
    with translation.override("ru"):
        response = editor_client.post(reverse("wiki:body-new"), data | {"slug": "", "wiki-summary": "New"})
    assert response.status_code == 302
    assert Body.objects.get(name_ru="Молодёжный совет").slug == "youth-council"


def test_compare_shows_a_change_of_the_russian_name_and_restore_brings_the_old_one_back(editor_client):
    body = make_body(name="Joint Staff", slug="js")
    edit(editor_client, body, "First Russian name", name_ru="Объединенный штаб")
    edit(editor_client, body, "Spelling", name_ru="Объединённый штаб")
    newer, older = list(Version.objects.get_for_object(body))[:2]
    compare = editor_client.get(
        reverse("wiki:body-compare", kwargs={"slug": body.slug}), {"from": older.pk, "to": newer.pk}
    ).content.decode()
    assert re.search(r'<tr class="changed"><th scope="row">Name \(Russian\)', compare)
    assert "Объединенный" in compare and "Объединённый" in compare
    response = editor_client.post(reverse("wiki:body-restore", kwargs={"slug": body.slug, "version_id": older.pk}))
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.name_ru) == ("Joint Staff", "Объединенный штаб")


def test_the_admin_change_form_shows_the_english_and_russian_fields_on_one_line():
    body = make_body(name="Secretariat", name_ru="Секретариат", slug="secretariat")
    person = make_person("Gerasimov", given_name="Valery", family_name_ru="Герасимов")
    client = admin_client("admin")
    html = client.get(reverse("admin:bodies_body_change", args=[body.pk])).content.decode()
    row = re.search(r'<div class="form-row[^"]*field-name field-name_ru[^"]*">', html)
    assert row, "name and name_ru share one admin row"
    assert re.search(r'<input[^>]*name="name_ru"[^>]*value="Секретариат"|<input[^>]*value="Секретариат"', html)
    assert 'lang="ru"' in html
    html = client.get(reverse("admin:membership_person_change", args=[person.pk])).content.decode()
    assert re.search(r'class="form-row[^"]*field-family_name field-family_name_ru', html)


def test_a_link_by_the_russian_name_resolves_and_what_links_here_finds_it(client):
    committee = make_body(name="Military Committee", name_ru="Военный комитет", slug="military-committee")
    make_person(
        "Gerasimov",
        given_name="Valery",
        slug="gerasimov",
        given_name_ru="Валерий",
        patronymic_ru="Васильевич",
        family_name_ru="Герасимов",
    )
    html = str(render_wiki_text("See [[Военный комитет]] and [[Герасимов Валерий Васильевич|him]]."))
    assert '<a href="/bodies/military-committee/" class="wiki-link">Военный комитет</a>' in html
    assert '<a href="/people/gerasimov/" class="wiki-link">him</a>' in html
    staff = make_body(name="Joint Staff", slug="joint-staff")
    services.body_update(body=staff, description_ru="Работает с [[Военный комитет]].")
    page = client.get(committee.get_absolute_url()).content.decode()
    assert '<a href="/bodies/joint-staff/">Joint Staff</a>' in page


def test_an_english_and_a_russian_edit_made_at_once_are_merged_and_both_kept(client):
    body = make_body(name="Secretariat", slug="secretariat")
    url = reverse("wiki:body-edit", kwargs={"slug": body.slug})
    client.force_login(make_editor("alice"))
    base = client.get(url).context["meta"].initial["base_version"]
    data = body_form_data(body, name_ru="Секретариат") | {"wiki-summary": "Russian name", "wiki-base_version": base}
    assert client.post(url, data).status_code == 302
    client.force_login(make_editor("bob"))  # opened the form before Alice saved: her Russian name is not in it
    data = body_form_data(body, summary="The standing body.") | {"wiki-summary": "Summary", "wiki-base_version": base}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    body.refresh_from_db()
    assert (body.name_ru, body.summary) == ("Секретариат", "The standing body.")
