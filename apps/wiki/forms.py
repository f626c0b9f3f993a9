"""Edit forms for every kind of record, each with an edit summary and the revision it was made from."""

from typing import Any

from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from apps.core.markdown import MAX_TEXT_LENGTH
from apps.wiki.registry import Kind, history_fields


class EditMetaForm(forms.Form):
    summary = forms.CharField(
        label=_("Edit summary"),
        max_length=300,
        help_text=_("Briefly, what you changed and why; shown in the history and recent changes."),
        error_messages={"required": _("Say in a few words what you changed.")},
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _formfield(field: models.Field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # a URL typed without a scheme is read as https://
    if isinstance(field, models.TextField):
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
    if isinstance(field, models.ForeignKey):
        # Choice labels (str()) of posts, clauses, ... name their parent record: fetch it with them.
        target = field.related_model
        parents = [f.name for f in target._meta.concrete_fields if f.many_to_one and f.related_model is not target]
        kwargs.setdefault("queryset", target._default_manager.select_related(*parents))
    return field.formfield(**kwargs)


def record_form_class(kind: Kind) -> type[forms.ModelForm]:
    """The kind's own form base (extra fields such as a body's place in the tree) with its editable fields."""
    return modelform_factory(kind.model, form=kind.form, fields=kind.fields, formfield_callback=_formfield)


def values_from(form: forms.ModelForm) -> dict[str, Any]:
    """The submitted values of the record's recorded fields by attname (a foreign key as its id), as
    revisions record them; a form field named after a model field counts even if the form declares it."""
    model = type(form.instance)
    recorded = {model._meta.get_field(name) for name in history_fields(model)}
    values = {}
    for field in recorded:
        if field.name not in form.fields or field.name not in form.cleaned_data:
            continue
        value = form.cleaned_data[field.name]
        values[field.attname] = value.pk if isinstance(field, models.ForeignKey) and value is not None else value
    return values


def initial_from(form: forms.ModelForm, values: dict[str, Any]) -> dict[str, Any]:
    """Form initial data from values by attname."""
    fields = {f.name: f for f in type(form.instance)._meta.concrete_fields}
    return {
        name: values[fields[name].attname] for name in form.fields if name in fields and fields[name].attname in values
    }
