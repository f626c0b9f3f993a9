import reversion
from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.wiki import services
from apps.wiki.models import Alias, SlugRedirect


class AliasInline(GenericTabularInline):
    """Other names of a record, editable on that record's admin page."""

    model = Alias
    extra = 0
    fields = ("name", "note")


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("name", "content_type", "object_id", "note")
    list_filter = ("content_type",)
    search_fields = ("name", "note")


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "content_type", "object_id", "created")
    list_filter = ("content_type",)
    search_fields = ("old_slug",)


class WikiAdminMixin:
    """Admin edits become attributed revisions, and an edit from an old version never overwrites silently.

    The change form carries the revision it was opened at. On save, fields someone else changed since
    are taken from their version unless this editor changed them too, in which case the form is
    refused with a message naming the fields, keeping what was typed.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "wiki_base_version"]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form_class
        # A record with no revision yet gets its first from this save; there is nothing to clash with.
        latest = services.latest_version(obj)
        base_version = latest.pk if latest else None

        class ProtectedForm(form_class):
            wiki_base_version = forms.IntegerField(required=False, widget=forms.HiddenInput, initial=base_version)

            def clean(self):
                cleaned = super().clean()
                return protect_against_lost_updates(self, cleaned)

        return ProtectedForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Changed in the admin"))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Deleted in the admin"))
            return super().delete_view(request, object_id, extra_context)


def protect_against_lost_updates(form, cleaned: dict) -> dict:
    base_id = cleaned.get("wiki_base_version")
    instance = form.instance
    latest = services.latest_version(instance)
    if not base_id or latest is None or latest.pk == base_id:
        return cleaned
    base_version = Version.objects.get_for_object(instance).filter(pk=base_id).first()
    if base_version is None:
        return cleaned
    base = base_version.field_dict
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    model_fields = {f.name: f for f in type(instance)._meta.concrete_fields}
    clashes, theirs_kept = [], {}
    for name in form.fields:
        field = model_fields.get(name)
        if field is None or field.attname not in base:
            continue  # form-only fields (tree position) and fields without history
        theirs, original = getattr(current, field.attname), base.get(field.attname)
        mine = cleaned.get(name)
        mine = getattr(mine, "pk", mine) if field.is_relation else mine
        if theirs == original or mine == theirs:
            continue  # only this editor changed it, or both made the same change
        if mine == original:
            cleaned[name] = getattr(current, name)  # this editor left it alone: keep the other's change
            theirs_kept[name] = theirs
        else:
            clashes.append(str(field.verbose_name))
    if clashes:
        # Re-shown form: settle against the newest revision, with the other editor's other changes in it.
        form.data = form.data.copy()
        form.data[form.add_prefix("wiki_base_version")] = str(latest.pk)
        for name, value in theirs_kept.items():
            if isinstance(form.fields[name], forms.BooleanField):
                if value:
                    form.data[form.add_prefix(name)] = "on"
                else:
                    form.data.pop(form.add_prefix(name), None)
            else:
                form.data[form.add_prefix(name)] = "" if value is None else str(value)
        raise forms.ValidationError(
            _(
                "Someone else saved a change to %(fields)s after you opened this page. Nothing was saved; your "
                "input is still here. Open the record in another tab to see their version, settle it, and save."
            )
            % {"fields": ", ".join(clashes)}
        )
    return cleaned
