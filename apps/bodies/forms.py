"""Admin form for bodies: treebeard's position fields, with every tree write routed through services."""

from django import forms
from django.utils.translation import gettext as _
from treebeard.forms import MoveNodeForm, movenodeform_factory

from apps.bodies import services
from apps.bodies.models import TREE_FIELDS, Body


class BodyMoveNodeForm(MoveNodeForm):
    def _set_ref_model_queryset(self, opts, instance):
        # Offer the whole tree so that choosing a sub-body gets a clear message in clean(),
        # not a bare "select a valid choice".
        self.fields["treebeard_ref_node"].queryset = Body.objects.get_tree().for_listing()

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

    def save(self, commit=True):
        ref = self.cleaned_data.pop("treebeard_ref_node", None)
        position = self.cleaned_data.pop("treebeard_position")
        body = self.instance
        if body._state.adding:
            # The same instance, so that the admin's inlines (posts, citations, ...) point at the saved body.
            self.instance = services.body_create(instance=body, target=ref, position=position)
        else:
            services.body_update(body=body)
            if {"treebeard_ref_node", "treebeard_position"} & set(self.changed_data):
                self.instance = services.body_move(body=body, target=ref, position=position)
        self.save_m2m = self._save_m2m  # the admin calls it after saving inlines
        return self.instance


BodyAdminForm = movenodeform_factory(Body, form=BodyMoveNodeForm, exclude=TREE_FIELDS)
