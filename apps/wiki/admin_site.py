"""The admin site: every ModelAdmin of a model the wiki follows keeps its history and writes through hooks.

Registered as the default admin site (WikiAdminConfig in settings, listed after the apps so that their
models are registered with the wiki first), so an app's admin.py needs nothing special:
`@admin.register(Model)` gets revisions, lost-update merging and the owning app's write hooks for every
model the wiki follows, including those edited only through the admin. An admin that customizes saving
subclasses WikiAdminMixin itself and calls super().
"""

import reversion
from django import forms
from django.contrib import admin
from django.db import models
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _

from apps.core.markdown import MAX_TEXT_LENGTH
from apps.core.translation import paired, twin_language
from apps.wiki import services
from apps.wiki.forms import values_from
from apps.wiki.registry import DERIVED_SUFFIXES, followed_models

BASE = "wiki_base_version"
# Columns no one edits or needs to see: treebeard's materialized path (the tree shows it) and, by their
# suffixes, the date bounds derived from the dates as written.
INTERNAL_FIELDS = ("path", "depth", "numchild")


def is_internal(name: str) -> bool:
    return name in INTERNAL_FIELDS or name.endswith(DERIVED_SUFFIXES)


class SettlingBoundField(BoundField):
    """After a clash, the form shows what to settle against: the newest revision and the other editor's
    changes to the fields this editor left alone (the typed values stay in the clashing fields)."""

    def value(self):
        settled = getattr(self.form, "wiki_settled", {})
        if self.name in settled:
            return self.field.prepare_value(settled[self.name])
        return super().value()


class WikiAdminMixin:
    """Admin edits become attributed revisions written through the owning app's hooks, and an edit from an
    old revision is merged like a site edit (wiki.services.edit_merge) instead of overwriting silently.

    The admin site mixes it into every ModelAdmin of a model the wiki follows (admin_site.py).
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != BASE]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form_class
        # The revision the form's values come from. A record with no revision yet gets its first from this
        # save; there is nothing to clash with.
        base = services.base_version_for(obj)

        class ProtectedForm(form_class):
            bound_field_class = SettlingBoundField
            wiki_base_version = forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=base.pk if base else None
            )

            def clean(self):
                # Merged before the model validation that follows clean(), so that it checks the record
                # as it will be saved, and an invalid merge is a form error, not a failed save.
                return _merge_or_explain(self, super().clean())

        return ProtectedForm

    def get_fieldsets(self, request, obj=None):
        # Each translated field beside its Russian twin, on one line.
        return [
            (title, {**options, "fields": paired(self.model, options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if not is_internal(name)]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # as in the site's forms: a bare host is https
        if isinstance(db_field, models.TextField):
            kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and (language := twin_language(self.model, db_field.name)):
            formfield.widget.attrs["lang"] = language  # typed and read aloud as Russian
        return formfield

    def save_model(self, request, obj, form, change):
        services.record_apply(obj=obj, values={})  # the form holds the merged values already

    def delete_model(self, request, obj):
        # As on the site: a snapshot revision of everything that goes, then the owner's delete hook.
        services.record_delete(obj=obj, user=request.user, summary=_("Deleted in the admin"))

    def delete_queryset(self, request, queryset):
        model = queryset.model
        for obj in queryset:
            if model._default_manager.filter(pk=obj.pk).exists():  # not gone with one deleted before it
                services.record_delete(obj=obj, user=request.user, summary=_("Deleted in the admin"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Changed in the admin") if object_id else _("Added in the admin"))
            return super().changeform_view(request, object_id, form_url, extra_context)

    # Deletes (one, or in bulk from the list) make their own snapshot revisions in delete_model and
    # delete_queryset: reversion keeps only records that still exist when a revision closes, so a revision
    # around the whole view would lose them. No admin edits in its list (list_editable).


def _merge_or_explain(form, cleaned: dict) -> dict:
    """The submitted values merged with what was saved since the form was opened (into cleaned_data, field
    by field); a clash is a form error that names the fields and shows, for settling, the newest revision
    with the other editor's changes."""
    instance = form.instance
    if instance.pk is None or form.errors:
        return cleaned
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    mine = values_from(form)
    names = {f.attname: f.name for f in type(instance)._meta.concrete_fields}
    try:
        merged = services.edit_merge(current=current, base_version_id=cleaned.get(BASE), values=mine)
    except services.EditConflict as conflict:
        form.wiki_settled = {names[a]: v for a, v in conflict.merged.items() if a not in conflict.fields}
        form.wiki_settled[BASE] = conflict.latest.pk if conflict.latest else None
        labels = [str(type(instance)._meta.get_field(names[a]).verbose_name) for a in conflict.fields]
        form.add_error(
            None,
            _(
                "Someone else saved a change to %(fields)s after you opened this page. Nothing was saved; your "
                "input is still here. Open the record in another tab to see their version, settle it, and save."
            )
            % {"fields": ", ".join(labels)},
        )
        return cleaned
    except forms.ValidationError as error:
        form.add_error(None, error)
        return cleaned
    for attname, value in merged.items():
        if value != mine.get(attname):  # the other editor's change to a field this editor left alone
            cleaned[names[attname]] = getattr(current, names[attname])
    return cleaned


class WikiAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        models_ = [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        for model in models_:
            model_admin = admin_class or admin.ModelAdmin
            if model in followed_models() and not issubclass(model_admin, WikiAdminMixin):
                model_admin = type(model_admin.__name__, (WikiAdminMixin, model_admin), {})
            super().register(model, model_admin, **options)
