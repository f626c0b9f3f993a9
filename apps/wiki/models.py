"""Wiki machinery shared by every record: other names (aliases), old addresses (slug redirects), watches."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AliasQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AliasQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Alias(models.Model):
    """Another name a record is known by, e.g. "CSTO Military Council" for the Military Committee."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("name"), max_length=200, help_text=_("Another name or abbreviation, as used."))
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Who uses it, e.g. press reports."))
    citations = GenericRelation("core.Citation", related_query_name="alias")

    objects = AliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("other name")
        ordering = ["name"]
        verbose_name_plural = _("aliases")
        indexes = [models.Index(fields=["content_type", "object_id"]), models.Index(fields=["name"])]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "name"], name="alias_unique_per_record")
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None):
        # Said in words, not as the unique constraint's generic message.
        if self.content_type_id and self.object_id and "name" not in (exclude or ()):
            twins = Alias.objects.filter(content_type_id=self.content_type_id, object_id=self.object_id)
            if twins.filter(name=self.name).exclude(pk=self.pk).exists():
                raise ValidationError({"name": _("The record already has this name.")})
        super().validate_constraints(exclude=exclude)


class SlugRedirect(models.Model):
    """An old slug of a renamed record, answered with a permanent redirect to its current page."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(max_length=200, verbose_name=_("old address"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [models.UniqueConstraint(fields=["content_type", "old_slug"], name="slugredirect_unique")]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.content_object}"


class WatchQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "WatchQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Watch(models.Model):
    """A record an editor follows: its changes are listed on their watchlist."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches", verbose_name=_("user")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # No foreign key: a deleted record stays watched, so that its deletion shows and a restore is followed.
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    created = models.DateTimeField(auto_now_add=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("watch")
        ordering = ["-created", "-pk"]
        verbose_name_plural = _("watches")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="watch_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.content_type.model} {self.object_id}"
