"""Every admin of a model the wiki follows records an attributed revision when it saves."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import CharField
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
def test_an_admin_save_records_a_revision_by_the_user(model, dataset):
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


def _add_form_data(change_page) -> dict:
    """A record's change form as shown, to add it anew: its own fields, no inline rows."""
    data: dict = {}
    _fields(change_page.context["adminform"].form, data)
    for inline in change_page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def _alone(record) -> bool:
    """Whether deleting the record takes nothing with it but its own citations and aliases."""
    from apps.core.models import Citation
    from apps.wiki.models import Alias
    from apps.wiki.services import deletion_plan

    return all(isinstance(o, type(record) | Citation | Alias) for o in deletion_plan(record)[1:])


@pytest.mark.parametrize("model", ADMINED, ids=lambda model: model.__name__)
def test_an_admin_add_records_a_revision_by_the_user(model, dataset):
    from apps.wiki.services import record_delete

    # A copy of a record: under other unique names where it has some, else in place of the record deleted.
    names = [f.name for f in model._meta.concrete_fields if f.unique and isinstance(f, CharField) and f.editable]
    records = model._default_manager.order_by("-pk")
    record = records.first() if names else next((r for r in records[:30] if _alone(r)), None)
    assert record is not None, f"the dataset has no {model.__name__} to add a copy of"
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password")
    client = Client()
    client.force_login(user)
    opts = model._meta
    data = _add_form_data(client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])))
    if names:
        data |= {name: f"{data[name]}-copy" for name in names if name in data}
    else:
        record_delete(obj=record, user=user, summary="to add it again")

    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    added = Version.objects.filter(content_type__model=opts.model_name, revision__comment="Added in the admin")
    assert added.get().revision.user == user


# Models the admin edits only as inline rows of another record's page, with the record and one new row.
INLINE_ROWS = {
    "Citation": ("membership", "person", lambda source: {"source": source.pk, "field": "", "locator": "p. 2"}),
    "DocumentStatus": ("documents", "document", lambda source: {"status": "in_force", "since": "2003", "note": ""}),
}


def test_every_model_edited_only_inline_is_covered_below():
    assert {m.__name__ for m in followed_models()} - {m.__name__ for m in ADMINED} == set(INLINE_ROWS)


@pytest.mark.parametrize("name", INLINE_ROWS)
def test_a_row_added_inline_in_the_admin_is_a_revision_by_the_user(name, dataset):
    from apps.core.models import Source

    app_label, model_name, row = INLINE_ROWS[name]
    inline_model = next(m for m in followed_models() if m.__name__ == name)
    parent = apps.get_model(app_label, model_name)._default_manager.order_by("pk").first()
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password")
    client = Client()
    client.force_login(user)
    url = reverse(f"admin:{app_label}_{model_name}_change", args=[parent.pk])
    page = client.get(url)
    data = resubmission(page)
    formset = next(i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is inline_model)
    total = int(data[f"{formset.prefix}-TOTAL_FORMS"])
    values = row(Source.objects.exclude(citations__object_id=parent.pk).first())
    data |= {f"{formset.prefix}-{total}-{field}": value for field, value in values.items()}
    data[f"{formset.prefix}-TOTAL_FORMS"] = str(total + 1)
    before = Version.objects.get_for_model(inline_model).count()

    response = client.post(url, data)

    assert response.status_code == 302, response.context and [
        i.formset.errors for i in response.context["inline_admin_formsets"]
    ]
    new = Version.objects.get_for_model(inline_model).select_related("revision__user").order_by("-pk")
    assert new.count() == before + 1
    assert new.first().revision.user == user
