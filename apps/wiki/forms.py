"""Edit forms for every kind of record, each with an edit summary and the revision it was made from."""

from typing import Any

from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from apps.bodies.models import Body
from apps.wiki.registry import Kind


class EditMetaForm(forms.Form):
    summary = forms.CharField(
        label=_("Edit summary"),
        max_length=300,
        help_text=_("Briefly, what you changed and why; shown in the history and recent changes."),
        error_messages={"required": _("Say in a few words what you changed.")},
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BodyPlacementMixin(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("— none: top of the tree —"),
        help_text=_("Moving a body takes its sub-bodies with it. It goes last among its new siblings."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Body.objects.get_tree().for_listing()
        self.fields["parent"].label_from_instance = lambda body: f"{'— ' * (body.depth - 1)}{body.name}"


def _formfield(field: models.Field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # a URL typed without a scheme is read as https://
    if isinstance(field, models.ForeignKey):
        # Choice labels (str()) of posts, clauses, ... name their parent record: fetch it with them.
        target = field.related_model
        parents = [f.name for f in target._meta.concrete_fields if f.many_to_one and f.related_model is not target]
        kwargs.setdefault("queryset", target._default_manager.select_related(*parents))
    return field.formfield(**kwargs)


def record_form_class(kind: Kind) -> type[forms.ModelForm]:
    bases = (BodyPlacementMixin, forms.ModelForm) if kind.model is Body else (forms.ModelForm,)
    return modelform_factory(
        kind.model, form=type("RecordForm", bases, {}), fields=kind.fields, formfield_callback=_formfield
    )


def values_from(form: forms.ModelForm) -> dict[str, Any]:
    """The submitted values by attname (a foreign key as its id), as revisions record them."""
    values = {}
    for name in form._meta.fields:
        field = form._meta.model._meta.get_field(name)
        value = form.cleaned_data[name]
        if isinstance(field, models.ForeignKey):
            values[field.attname] = value.pk if value is not None else None
        else:
            values[field.attname] = value
    if "parent" in form.fields:
        parent = form.cleaned_data.get("parent")
        values["parent_id"] = parent.pk if parent else None
    return values
