"""Sources and the citations that tie facts to them, shared by every app."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.dates import PartialDateField, PartialDatesMixin, bound_fields, format_partial_date


class Source(PartialDatesMixin, models.Model):
    """A published work that facts in the wiki are taken from."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News report")
        DOCUMENT = "document", _("Official document")
        WEBSITE = "website", _("Official website")
        BOOK = "book", _("Book or article")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=300, help_text=_("Title of the work as published."), verbose_name=_("title"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS, verbose_name=_("kind"))
    publisher = models.CharField(
        max_length=200, blank=True, help_text=_("Outlet, agency or issuing body."), verbose_name=_("publisher")
    )
    author = models.CharField(max_length=200, blank=True, verbose_name=_("author"))
    url = models.URLField(max_length=500, blank=True, verbose_name=_("URL"))
    archive_url = models.URLField(
        max_length=500,
        blank=True,
        verbose_name=_("archive URL"),
        help_text=_("A saved copy (e.g. in the Wayback Machine), for when the URL stops working."),
    )
    language = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("Language of the source, as a code: “en”, “ru”."),
        validators=[
            RegexValidator(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", _("Use a language code such as “en” or “ru”."))
        ],
        verbose_name=_("language"),
    )
    published = PartialDateField(_("published"))
    published_lower, published_upper = bound_fields("published", "the publication date")
    accessed = models.DateField(
        null=True, blank=True, help_text=_("When the URL was last checked."), verbose_name=_("accessed")
    )
    reported_by = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Agencies or works this source itself relies on, e.g. “TASS; BelTA”."),
        verbose_name=_("reported by"),
    )
    via = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relayed",
        verbose_name=_("known through"),
        help_text=_("The source that relays this one, when the wiki has not seen it directly."),
    )
    note = models.TextField(
        blank=True, help_text=_("Anything a reader should know about this source."), verbose_name=_("note")
    )
    key = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Stable identifier used by data loaders and [^key] citations; not all digits (those cite by "
            "number). Leave empty for sources added by hand."
        ),
        validators=[RegexValidator(r"\D", _("A key needs a letter or a hyphen: [^12] cites source number 12."))],
        verbose_name=_("key"),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def get_absolute_url(self) -> str:
        # The page lives in the wiki app (it lists the records of every app a source supports); core may
        # not import it, so the address is reversed by name.
        return reverse("wiki:source-detail", kwargs={"pk": self.pk})

    @property
    def published_display(self) -> str:
        return format_partial_date(self.published)


class CitationQuerySet(models.QuerySet):
    def with_sources(self) -> "CitationQuerySet":
        return self.select_related("source__via")

    def for_object(self, obj: models.Model) -> "CitationQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).with_sources()


class Citation(models.Model):
    """A statement that a record, or one of its fields, is supported by a source."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The field this source supports (e.g. “founded”); empty when it supports the whole record."),
        verbose_name=_("field"),
    )
    locator = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where in the source: page, paragraph, clause."),
        verbose_name=_("locator"),
    )
    quote = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The sentence of the source that supports the fact, quoted exactly (at most 300 characters)."),
        verbose_name=_("quote"),
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "field"], name="citation_unique_per_field"
            )
        ]

    def __str__(self) -> str:
        target = f"{self.content_type.model} #{self.object_id}"
        return f"{self.source} → {target}{f'.{self.field}' if self.field else ''}"

    def validate_constraints(self, exclude=None):
        # Said in words, not as the unique constraint's generic message.
        if self.source_id and self.content_type_id and self.object_id and "source" not in (exclude or ()):
            twins = Citation.objects.filter(
                source_id=self.source_id, content_type_id=self.content_type_id, object_id=self.object_id
            )
            if twins.filter(field=self.field).exclude(pk=self.pk).exists():
                raise ValidationError({"source": _("This source is already cited for that.")})
        super().validate_constraints(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        model = self.content_type.model_class() if self.content_type_id else None
        if self.field and model is not None:
            names = {f.name for f in model._meta.get_fields()}
            if self.field not in names:
                raise ValidationError(
                    {
                        "field": _("“%(field)s” is not a field of %(model)s.")
                        % {"field": self.field, "model": model._meta.verbose_name}
                    }
                )


def citations_prefetch() -> models.Prefetch:
    """Prefetch a record's citations with their sources (and what relays them) in one query."""
    return models.Prefetch("citations", queryset=Citation.objects.with_sources())


def prefetch_citations(instances: "list[models.Model]") -> None:
    """What citations_prefetch() does, for records of several kinds at once: one query, not one per kind. Each
    record's `citations.all()` then answers from memory (a page's record, its participants, its agenda items)."""
    by_type: dict[int, dict[int, models.Model]] = {}
    for instance in instances:
        content_type = ContentType.objects.get_for_model(instance)
        by_type.setdefault(content_type.pk, {})[instance.pk] = instance
    found: dict[tuple[int, int], list[Citation]] = {}
    if by_type:
        condition = models.Q()
        for type_id, records in by_type.items():
            condition |= models.Q(content_type_id=type_id, object_id__in=list(records))
        for citation in Citation.objects.with_sources().filter(condition):
            found.setdefault((citation.content_type_id, citation.object_id), []).append(citation)
    for type_id, records in by_type.items():
        for pk, instance in records.items():
            citations = instance.citations.all()  # lazy: given its rows below, as a prefetch would
            citations._result_cache = found.get((type_id, pk), [])
            citations._prefetch_done = True
            prefetched = getattr(instance, "_prefetched_objects_cache", {})
            instance._prefetched_objects_cache = {**prefetched, "citations": citations}


class PageGeneration(models.Model):
    """The page cache's generation (apps/core/page_cache.py): one row, its number raised after every committed
    write. It lives in the database, not in the cache, so that every app server and worker reads the same
    number, and reads it from the same database as the page it renders (a replica that has not replayed a
    write yet has not replayed its new generation either, so a page rendered from it is never stored under
    the generation that follows the write)."""

    value = models.BigIntegerField()
    changed = models.DateTimeField()

    class Meta:
        verbose_name = "page cache generation"

    def __str__(self) -> str:
        return f"generation {self.value}"
