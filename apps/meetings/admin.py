from django.contrib import admin

from apps.core.admin import CitationInline
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.wiki.admin import AliasInline


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("person", "post", "on_behalf_of")
    fields = ("order", "person", "capacity", "post", "on_behalf_of")


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ("speaker", "documents", "bodies", "states")
    fields = (
        ("order", "title", "title_ru"),
        "speaker",
        ("discussion", "discussion_ru"),
        ("outcome", "outcome_ru"),
        ("documents", "bodies", "states"),
    )
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "body", "start", "format")
    list_filter = ("format", "body")
    search_fields = ("title", "title_ru", "body__name", "body_name_as_reported", "place", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("body", "chair")
    list_select_related = ("body",)
    inlines = (ParticipationInline, AgendaItemInline, CitationInline, AliasInline)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting", "order")
    search_fields = ("title", "title_ru", "discussion", "outcome", "meeting__title")
    autocomplete_fields = ("meeting", "speaker", "documents", "bodies", "states")
    list_select_related = ("meeting",)
    inlines = (CitationInline,)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "capacity", "on_behalf_of")
    search_fields = ("person__family_name", "capacity", "meeting__title")
    autocomplete_fields = ("meeting", "person", "post", "on_behalf_of")
    list_select_related = ("meeting", "person", "on_behalf_of")
    inlines = (CitationInline,)
