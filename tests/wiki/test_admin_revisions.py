"""Every admin of a model the wiki follows records an attributed revision when it saves."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from apps.wiki.registry import followed_models

pytestmark = pytest.mark.django_db

ADMINED = [model for model in followed_models() if admin.site.is_registered(model)]


def _fields(form, data: dict) -> None:
    """What the browser would send back for this form, as its widgets render it."""
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = str(value)


def resubmission(response) -> dict:
    """The change form as shown, with its inline rows, submitted unchanged."""
    data: dict = {}
    _fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        _fields(inline.formset.management_form, data)
        for form in inline.formset.initial_forms:
            _fields(form, data)
    return data


def test_every_model_the_wiki_follows_is_in_the_admin_except_those_edited_inline():
    assert {model.__name__ for model in followed_models()} - {m.__name__ for m in ADMINED} == {
        "Citation",  # an inline on every record
        "DocumentStatus",  # an inline on documents
    }


@pytest.mark.parametrize("model", ADMINED, ids=lambda model: model.__name__)
def test_an_admin_save_records_a_revision_by_the_user(model):
    call_command("load_csto", stdout=io.StringIO())
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"the dataset has no {model.__name__} to edit"
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password")
    client = Client()
    client.force_login(user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
    before = Version.objects.get_for_object(record).count()

    response = client.post(url, resubmission(client.get(url)))

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    versions = Version.objects.get_for_object(record).select_related("revision__user")
    assert versions.count() == before + 1
    assert versions.first().revision.user == user
    assert versions.first().revision.get_comment() == "Changed in the admin"
