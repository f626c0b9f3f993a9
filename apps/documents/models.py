"""Treaties, charters, regulations and decisions, their clauses, and how they relate to each other and to bodies."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.bodies.models import Body
from apps.core.dates import PartialDateField, PartialDatesMixin, bound_fields, format_partial_date
from apps.core.markdown import CITED_MARKDOWN_HELP
from apps.core.models import Citation
from apps.core.translation import TranslatedModel, translated_field


class Document(TranslatedModel, PartialDatesMixin, models.Model):
    """A treaty, charter, regulation, decision, agreement or protocol."""

    translated_fields = ("title", "summary", "description")

    class Kind(models.TextChoices):
        TREATY = "treaty", _("Treaty")
        CHARTER = "charter", _("Charter")
        REGULATIONS = "regulations", _("Regulations")
        DECISION = "decision", _("Decision")
        AGREEMENT = "agreement", _("Agreement")
        PROTOCOL = "protocol", _("Protocol")

    title = models.CharField(_("title"), max_length=300, help_text=_("Title in English as usually given."))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    adopted = PartialDateField(
        _("adopted"), help_text=_("When it was signed, adopted or approved, as precisely as known.")
    )
    adopted_lower, adopted_upper = bound_fields("adopted", "the adoption date")
    adopted_by = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents_adopted",
        help_text=_("The body that adopted it, if it was a body of the organization."),
        verbose_name=_("adopted by"),
    )
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("Where it was signed or adopted."))
    official_url = models.URLField(_("official text"), max_length=500, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=CITED_MARKDOWN_HELP)
    title_ru = translated_field(title)
    summary_ru = translated_field(summary)
    description_ru = translated_field(description)
    citations = GenericRelation(Citation, related_query_name="document")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["adopted_lower", "title"]

    def __str__(self) -> str:
        return self["title"]

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", kwargs={"slug": self.slug})

    @property
    def adopted_label(self) -> str:
        """What the document's own date is: treaties and their kin are signed, decisions adopted."""
        signed = {self.Kind.TREATY, self.Kind.CHARTER, self.Kind.AGREEMENT, self.Kind.PROTOCOL}
        return str(_("Signed") if self.kind in signed else _("Adopted"))

    @property
    def adopted_display(self) -> str:
        return format_partial_date(self.adopted)

    @property
    def current_status(self) -> "DocumentStatus | None":
        """The latest recorded status (uses prefetched statuses when there are any)."""
        statuses = list(self.statuses.all())
        return statuses[-1] if statuses else None


class DocumentStatus(PartialDatesMixin, models.Model):
    """A document's legal status from a date on: in force, amended, superseded or terminated."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        AMENDED = "amended", _("amended")
        SUPERSEDED = "superseded", _("superseded")
        TERMINATED = "terminated", _("terminated")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("document")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    since = PartialDateField(_("since"))
    since_lower, since_upper = bound_fields("since", "the date the status began")
    note = models.CharField(_("note"), max_length=300, blank=True)
    citations = GenericRelation(Citation, related_query_name="document_status")

    class Meta:
        ordering = ["document", "since_lower", "pk"]
        verbose_name_plural = _("document statuses")

    def __str__(self) -> str:
        return f"{self.document}: {self.get_status_display()} {format_partial_date(self.since)}".strip()


class Clause(TranslatedModel, models.Model):
    """A numbered clause or article of a document, as printed."""

    translated_fields = ("heading", "text")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("document"))
    number = models.CharField(
        _("number"),
        max_length=20,
        help_text=_("As printed: 15, 3.2, IV. Letters, digits, dots and hyphens."),
        # The number is part of the clause's address (/documents/<slug>/clauses/<number>/).
        validators=[RegexValidator(r"^[\w.-]+\Z", _("Use only letters, digits, dots and hyphens, e.g. 15 or 3.2."))],
    )
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown. The official wording, or a summary (below)."))
    is_summary = models.BooleanField(
        _("text is a summary"),
        default=False,
        help_text=_("Tick when the official wording is not at hand and the text is a cited summary of it."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position in the document."))
    heading_ru = translated_field(heading)
    text_ru = translated_field(text)
    citations = GenericRelation(Citation, related_query_name="clause")

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["document", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="clause_number_unique_per_document"),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$"), name="clause_number_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document}, clause {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("documents:clause", kwargs={"slug": self.document.slug, "number": self.number})

    @property
    def anchor(self) -> str:
        return f"clause-{self.number}"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("document", "number"):
            return ValidationError(
                _("Clause %(number)s already exists in this document; clause numbers are unique within a document.")
                % {"number": self.number},
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)


class DocumentRelation(PartialDatesMixin, models.Model):
    """One document acting on another: a decision approves regulations, a protocol amends a charter."""

    class Kind(models.TextChoices):
        APPROVES = "approves", _("approves")
        AMENDS = "amends", _("amends")
        SUPERSEDES = "supersedes", _("supersedes")
        IMPLEMENTS = "implements", _("implements")

    subject = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("subject")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("object")
    )
    date = PartialDateField(_("date"))
    date_lower, date_upper = bound_fields("date", "the date")
    citations = GenericRelation(Citation, related_query_name="document_relation")

    class Meta:
        verbose_name = _("relation between documents")
        verbose_name_plural = _("relations between documents")
        ordering = ["date_lower", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=F("object")), name="documentrelation_not_to_itself"),
            models.UniqueConstraint(fields=["subject", "kind", "object"], name="documentrelation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_kind_display()} {self.object}"

    def clean(self) -> None:
        super().clean()
        if self.subject_id and self.subject_id == self.object_id:
            raise ValidationError({"object": _("A document cannot relate to itself.")})


class LegalBasisQuerySet(models.QuerySet):
    def for_body(self, body: Body) -> "LegalBasisQuerySet":
        """A body's legal bases with their documents, clauses and the decisions that approved the documents."""
        approvals = DocumentRelation.objects.filter(kind=DocumentRelation.Kind.APPROVES).select_related(
            "subject__adopted_by"
        )
        return (
            self.filter(body=body)
            .select_related("document__adopted_by", "clause__document")
            .prefetch_related(Prefetch("document__relations_in", queryset=approvals, to_attr="approvals"))
        )


class LegalBasis(models.Model):
    """A body established, governed or guided by a document, optionally by one clause of it."""

    class Kind(models.TextChoices):
        ESTABLISHED_BY = "established_by", _("Established under")
        GOVERNED_BY = "governed_by", _("Governed by")
        GUIDED_BY = "guided_by", _("Guided by")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("body"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("document")
    )
    clause = models.ForeignKey(
        Clause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_bases",
        help_text=_("The clause that provides for it, if one does; it must belong to the document."),
        verbose_name=_("clause"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    citations = GenericRelation(Citation, related_query_name="legal_basis")

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        ordering = ["body", "kind", "order", "pk"]
        verbose_name_plural = _("legal bases")
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "document", "clause"], name="legalbasis_unique"),
        ]

    def __str__(self) -> str:
        where = f", clause {self.clause.number}" if self.clause_id else ""
        return f"{self.body}: {self.get_kind_display()} {self.document}{where}"

    def clean(self) -> None:
        super().clean()
        if self.clause_id and self.document_id and self.clause.document_id != self.document_id:
            raise ValidationError(
                {
                    "clause": _("Clause %(number)s belongs to %(other)s, not to this document.")
                    % {"number": self.clause.number, "other": self.clause.document}
                }
            )
