import datetime as dt

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import CitationInline
from apps.membership.forms import MembershipInlineFormSet
from apps.membership.models import Membership, MemberState, Person, Post
from apps.wiki.admin import AliasInline


class CurrentFilter(admin.SimpleListFilter):
    title = _("current or former")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("former", _("Former"))]

    def queryset(self, request, queryset):
        today = dt.date.today()
        if self.value() == "current":
            return queryset.current(today=today)
        if self.value() == "former":
            return queryset.former(today=today)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ("person", "member_state", "post", "on_behalf_of")
    fields = (
        "post",
        "person",
        "member_state",
        "role",
        "on_behalf_of",
        "start",
        "how_began",
        "end",
        "how_ended",
        "attested",
        "note",
    )
    show_change_link = True


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ("member_state",)
    fields = ("label", "label_ru", "member_state", "ex_officio", "single_seat", "position")


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = ("name", "iso_code", "joined", "left")
    search_fields = ("name", "name_ru", "official_name", "official_name_ru", "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CitationInline, AliasInline)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("family_name", "given_name", "honorific_prefix")
    search_fields = ("family_name", "given_name", "patronymic", "family_name_ru", "given_name_ru", "honorific_prefix")
    prepopulated_fields = {"slug": ("given_name", "family_name")}
    inlines = (CitationInline, AliasInline)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("label", "body", "member_state", "ex_officio", "single_seat")
    list_filter = ("body", "member_state", "single_seat")
    search_fields = ("label", "body__name", "ex_officio")
    autocomplete_fields = ("body", "member_state")
    inlines = (CitationInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "role", "on_behalf_of", "start", "end", "attested")
    list_filter = (CurrentFilter, "body", "role", ("on_behalf_of", admin.RelatedOnlyFieldListFilter))
    search_fields = ("person__family_name", "person__given_name", "member_state__name", "body__name", "post__label")
    autocomplete_fields = ("body", "person", "member_state", "post", "on_behalf_of")
    list_select_related = ("person", "member_state", "body", "post", "on_behalf_of")
    inlines = (CitationInline,)
