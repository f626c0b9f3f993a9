import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from treebeard.admin import TreeAdmin

from apps.bodies import services
from apps.bodies.forms import BodyAdminForm
from apps.bodies.models import Body, BodyRelation
from apps.core.admin import CitationInline
from apps.documents.admin import LegalBasisInline
from apps.membership.admin import MembershipInline, PostInline
from apps.wiki.admin import AliasInline
from apps.wiki.admin_site import WikiAdminMixin


class BodyRelationInline(admin.TabularInline):
    model = BodyRelation
    fk_name = "subject"
    extra = 0
    autocomplete_fields = ("object",)
    fields = ("kind", "object", "start", "end")


@admin.register(Body)
class BodyAdmin(WikiAdminMixin, TreeAdmin):
    form = BodyAdminForm
    list_display = ("name", "abbreviation", "classification", "founded", "dissolved")
    list_filter = ("classification",)
    search_fields = ("name", "name_ru", "abbreviation", "abbreviation_ru", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (LegalBasisInline, PostInline, MembershipInline, BodyRelationInline, CitationInline, AliasInline)

    def save_model(self, request, obj, form, change):
        """Through the tree services: a new body at the chosen position, a moved one moved with its subtree."""
        target, position = form.cleaned_data.get("treebeard_ref_node"), form.cleaned_data["treebeard_position"]
        if not change:
            services.body_create(instance=obj, target=target, position=position)
            return
        super().save_model(request, obj, form, change)  # its fields, merged, through body_save
        if form.placement_changed:
            services.body_move(body=obj, target=target, position=position)

    def get_deleted_objects(self, objs, request):
        # Deleting a body deletes its sub-bodies: the confirmation page must list them too.
        with_descendants = {body.pk: body for body in objs}
        for body in list(objs):
            with_descendants.update({d.pk: d for d in Body.objects.get_descendants(body)})
        return super().get_deleted_objects(list(with_descendants.values()), request)

    def children_view(self, request, parent_id):
        if not parent_id.isdigit():
            raise Http404(_("No body with that id."))
        return super().children_view(request, parent_id)

    def move_node(self, request):
        """Drag and drop in the change list, through body_move so it takes the tree lock."""

        class MoveForm(forms.Form):
            node = forms.ModelChoiceField(queryset=Body.objects.all())
            target = forms.ModelChoiceField(queryset=Body.objects.all())
            relation = forms.ChoiceField(choices=(("child", "child"), ("sibling", "sibling")))

        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Invalid form data provided"))
            return HttpResponseBadRequest(_("Invalid form data provided"))
        node, target = form.cleaned_data["node"], form.cleaned_data["target"]
        if not self.has_change_permission(request, node):
            messages.error(request, _("You do not have permission to change this object."))
            raise PermissionDenied
        position = "last-child" if form.cleaned_data["relation"] == "child" else "left"
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Moved in the admin tree"))
                services.body_move(body=node, target=target, position=position)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseBadRequest(_("Move refused"))
        done = (
            _("Moved “%(node)s” under “%(other)s”.")
            if position == "last-child"
            else _("Moved “%(node)s” before “%(other)s”.")
        )
        messages.info(request, done % {"node": node, "other": target})
        return HttpResponse("OK")


@admin.register(BodyRelation)
class BodyRelationAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "object", "start", "end")
    list_filter = ("kind",)
    search_fields = ("subject__name", "object__name")
    autocomplete_fields = ("subject", "object")
    inlines = (CitationInline,)
