"""Forms for bodies: the wiki's edit form with the body's place in the tree, and the admin's position form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from treebeard.forms import MoveNodeForm, movenodeform_factory

from apps.bodies.models import TREE_FIELDS, Body


def _indented(body: Body) -> str:
    return f"{'— ' * (body.depth - 1)}{body.name}"


class BodyForm(forms.ModelForm):
    """Base of the wiki's body form: "Part of" sets the parent; body_save moves the body when it changes."""

    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none: top of the tree —"),
        help_text=gettext_lazy("Moving a body takes its sub-bodies with it. It goes last among its new siblings."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Body.objects.get_tree().for_listing()
        self.fields["parent"].label_from_instance = _indented
        if self.instance.pk and "parent" not in self.initial:
            self.initial["parent"] = self.instance.parent_id


class BodyMoveNodeForm(MoveNodeForm):
    """The admin's body form: treebeard's position fields, checked here and written by BodyAdmin.save_model
    through the tree services (treebeard's own save would write the tree without the tree lock)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The whole tree, not treebeard's list without the body's own subtree: choosing a sub-body then
        # gets a clear message in clean(), not a bare "select a valid choice".
        self.fields["treebeard_ref_node"].queryset = Body.objects.get_tree().for_listing()
        # The placement the editor saw travels with the form, so that a move made by someone else since
        # it was opened does not read as this editor's change (and is not undone by their save).
        for name in ("treebeard_ref_node", "treebeard_position"):
            self.fields[name].show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        ref = cleaned.get("treebeard_ref_node")
        body = self.instance
        inside_itself = body.pk and ref and ref.path.startswith(body.path)
        if inside_itself and (ref.pk != body.pk or cleaned.get("treebeard_position") == "first-child"):
            self.add_error(
                "treebeard_ref_node",
                forms.ValidationError(
                    _("“%(body)s” cannot be placed under itself or one of its own sub-bodies (“%(ref)s”).")
                    % {"body": body, "ref": ref},
                    code="cycle",
                ),
            )
        return cleaned

    @property
    def placement_changed(self) -> bool:
        return bool({"treebeard_ref_node", "treebeard_position"} & set(self.changed_data))

    def save(self, commit=True):
        # Plain ModelForm behaviour: the instance with the form's values, nothing written yet.
        return forms.ModelForm.save(self, commit=False)


BodyAdminForm = movenodeform_factory(Body, form=BodyMoveNodeForm, exclude=TREE_FIELDS)
