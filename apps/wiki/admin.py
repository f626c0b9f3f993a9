"""The wiki's own models in the admin; what every admin page does for history is in admin_site.py."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

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
