"""The CSTO's bodies as a tree, and dated links between bodies outside the tree."""

import datetime as dt

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from apps.core.dates import PartialDateField, PartialDatesMixin, bound_fields, format_partial_date
from apps.core.markdown import CITED_MARKDOWN_HELP
from apps.core.models import Citation
from apps.core.translation import TranslatedModel, translated_field, with_twins

TREE_FIELDS = ("path", "depth", "numchild")
# Fields only the tree services write: the treebeard internals and the parent copy that follows them.
STRUCTURE_FIELDS = (*TREE_FIELDS, "parent")
# Addresses under /bodies/ that are pages of their own, not bodies (see apps/bodies/urls.py).
RESERVED_SLUGS = frozenset({"chart"})  # addresses under /bodies/ that are pages, not bodies


class Classification(models.TextChoices):
    ORGANIZATION = "organization", _("Organization")
    COUNCIL = "council", _("Council")
    COMMITTEE = "committee", _("Committee")
    STAFF = "staff", _("Staff")
    SECRETARIAT = "secretariat", _("Secretariat")
    ASSEMBLY = "assembly", _("Assembly")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other body")


def dates_in_order(start: str, end: str) -> Q:
    """A check that an end date's latest day is not before a start date's earliest day."""
    return (
        Q(**{f"{end}_upper__isnull": True})
        | Q(**{f"{start}_lower__isnull": True})
        | Q(**{f"{end}_upper__gte": F(f"{start}_lower")})
    )


class BodyQuerySet(MP_NodeQuerySet):
    def for_listing(self, *extra: str) -> "BodyQuerySet":
        """Just what a link in a list or tree needs, plus any `extra` fields."""
        fields = ("name", "slug", "abbreviation", "classification", "path", "depth", "numchild", *extra)
        return self.only(*with_twins(Body, fields))  # the Russian too: a page in Russian shows it

    def tree_rows(self) -> list[dict]:
        """The fields a rendered tree needs, as plain rows: far cheaper than model instances."""
        return list(self.values(*with_twins(Body, ("name", "slug", "abbreviation", "depth"))))

    def tree_rows_as_of(self, day: dt.date, *extra: str) -> list[dict]:
        """tree_rows() as the tree stood on `day`: a body that did not exist takes its sub-bodies with it.

        `extra`: more fields each row needs (the organization chart's ids and classifications)."""
        rows = self.values(
            *extra,
            *with_twins(Body, ("name", "slug", "abbreviation")),
            "depth",
            "path",
            "founded",
            "founded_lower",
            "founded_upper",
            "dissolved",
            "dissolved_lower",
            "dissolved_upper",
        )
        kept, gone = [], None
        for row in rows:  # in path order, so a removed body's sub-bodies follow it directly
            if gone and row["path"].startswith(gone):
                continue
            if not existed_on(day, founded_lower=row["founded_lower"], dissolved_upper=row["dissolved_upper"]):
                gone = row["path"]
                continue
            row["note"] = _uncertainty(row, day)
            kept.append(row)
        return kept

    def family_of(self, body: "Body") -> "BodyQuerySet":
        """Ancestors and children of `body` in one query, in tree order (split them by depth)."""
        steplen = body.steplen
        ancestor_paths = [body.path[:end] for end in range(steplen, len(body.path), steplen)]
        return self.filter(Q(path__in=ancestor_paths) | Q(depth=body.depth + 1, path__startswith=body.path))


def existed_on(day: dt.date, *, founded_lower: dt.date | None, dissolved_upper: dt.date | None) -> bool:
    """Whether a body may have existed on `day`: not certainly founded after it nor dissolved before it."""
    too_early = founded_lower and founded_lower > day
    too_late = dissolved_upper and dissolved_upper < day
    return not (too_early or too_late)


def _uncertainty(row: dict, day: dt.date) -> str:
    if row["founded"] and row["founded_lower"] <= day < row["founded_upper"]:
        return _("founded %(date)s, exact date unknown") % {"date": format_partial_date(row["founded"])}
    if row["dissolved"] and row["dissolved_lower"] <= day <= row["dissolved_upper"]:
        return _("dissolved %(date)s, exact date unknown") % {"date": format_partial_date(row["dissolved"])}
    return ""


class BodyManager(MP_NodeManager.from_queryset(BodyQuerySet)):
    def get_queryset(self) -> BodyQuerySet:
        return BodyQuerySet(self.model, using=self._db).order_by("path")


class Body(TranslatedModel, PartialDatesMixin, MP_Node):
    """An organ of the CSTO: a council, committee, staff or the organization itself."""

    reserved_slugs = RESERVED_SLUGS  # unique_slug() steps around them
    translated_fields = ("name", "abbreviation", "summary", "description")

    name = models.CharField(_("name"), max_length=200, help_text=_("Full official name in English."))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the page address, e.g. “military-committee”."),
        error_messages={"unique": _("Another body already uses this slug; choose a different one.")},
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True, help_text=_("e.g. CSTO, CSC."))
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification.choices, default=Classification.COUNCIL
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence shown in lists and search results.")
    )
    description = models.TextField(_("description"), blank=True, help_text=CITED_MARKDOWN_HELP)
    name_ru = translated_field(name)
    abbreviation_ru = translated_field(abbreviation)
    summary_ru = translated_field(summary)
    description_ru = translated_field(description)
    founded = PartialDateField(_("founded"))
    founded_lower, founded_upper = bound_fields("founded", "the founding date")
    dissolved = PartialDateField(_("dissolved"))
    dissolved_lower, dissolved_upper = bound_fields("dissolved", "the dissolution date")

    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Copy of the tree parent, kept by the services so that revisions record where a body stood."),
    )
    citations = GenericRelation(Citation, related_query_name="body")

    objects = BodyManager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=dates_in_order("founded", "dissolved"), name="body_dissolved_not_before_founded"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="body_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self["name"]

    def get_absolute_url(self) -> str:
        return reverse("bodies:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of another page; choose a different slug.") % {"slug": self.slug}}
            )
        if self.ends_before_start("founded", "dissolved"):
            message = _("The dissolution date cannot be before the founding date (%(founded)s).")
            raise ValidationError({"dissolved": message % {"founded": self.founded_display}})
        if self.pk:
            self._check_memberships_fit()

    def _check_memberships_fit(self) -> None:
        """New founding or dissolution dates must not strand memberships already recorded outside them."""
        outside = Q()
        if self.founded_lower:
            outside |= Q(end_upper__lt=self.founded_lower) | Q(start_upper__lt=self.founded_lower)
        if self.dissolved_upper:
            outside |= Q(start_lower__gt=self.dissolved_upper) | Q(end="") | Q(end_lower__gt=self.dissolved_upper)
        if outside and (stranded := self.memberships.filter(outside).select_related("person", "member_state").first()):
            member = stranded.person or stranded.member_state
            raise ValidationError(
                _("%(member)s's membership (%(dates)s) would fall outside these dates; change it first.")
                % {"member": member, "dates": stranded.dates_display}
            )

    @classmethod
    def path_segment(cls, position: int) -> str:
        """The path step of a node's `position`-th child (from 1) in treebeard's materialized-path
        encoding (steplen digits of its alphabet), for bulk loads that write paths themselves."""
        digits, base = "", len(cls.alphabet)
        while position:
            position, digit = divmod(position, base)
            digits = cls.alphabet[digit] + digits
        return digits.rjust(cls.steplen, cls.alphabet[0])

    def existed_on(self, day: dt.date) -> bool:
        return existed_on(day, founded_lower=self.founded_lower, dissolved_upper=self.dissolved_upper)

    @property
    def not_yet_founded_message(self) -> str:
        """For a record dated before this body existed."""
        return _("%(body)s was not founded until %(founded)s.") % {"body": self, "founded": self.founded_display}

    @property
    def dissolved_message(self) -> str:
        """For a record dated after this body ended."""
        return _("%(body)s was dissolved in %(dissolved)s.") % {"body": self, "dissolved": self.dissolved_display}

    @property
    def founded_display(self) -> str:
        return format_partial_date(self.founded)

    @property
    def dissolved_display(self) -> str:
        return format_partial_date(self.dissolved)


class BodyRelation(PartialDatesMixin, models.Model):
    """A dated link between two bodies that is not parenthood, such as general management."""

    class Kind(models.TextChoices):
        GENERAL_MANAGEMENT = "general_management", _("under the general management of")
        REPORTS_TO = "reports_to", _("reports to")
        ACCOUNTABLE_TO = "accountable_to", _("accountable to")
        COOPERATES_WITH = "cooperates_with", _("cooperates with")

    # The same link read from the object's side: "the CFM has under its general management the MC".
    INVERSE_LABELS = {
        Kind.GENERAL_MANAGEMENT: _("has under its general management"),
        Kind.REPORTS_TO: _("receives reports from"),
        Kind.ACCOUNTABLE_TO: _("holds accountable"),
        Kind.COOPERATES_WITH: _("cooperates with"),
    }

    subject = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("subject"))
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    object = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("object"))
    start = PartialDateField(_("from"))
    start_lower, start_upper = bound_fields("start", "the start date")
    end = PartialDateField(_("until"))
    end_lower, end_upper = bound_fields("end", "the end date")
    citations = GenericRelation(Citation, related_query_name="body_relation")

    class Meta:
        verbose_name = _("relation between bodies")
        verbose_name_plural = _("relations between bodies")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=F("object")), name="bodyrelation_not_to_itself"),
            models.CheckConstraint(condition=dates_in_order("start", "end"), name="bodyrelation_end_not_before_start"),
            models.UniqueConstraint(fields=["subject", "kind", "object", "start"], name="bodyrelation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.get_kind_display()} — {self.object}"

    @property
    def inverse_label(self) -> str:
        """The kind as the object body reads it."""
        return str(self.INVERSE_LABELS[self.Kind(self.kind)])

    def clean(self) -> None:
        super().clean()
        if self.subject_id and self.subject_id == self.object_id:
            raise ValidationError({"object": _("A body cannot be related to itself.")})
        if self.ends_before_start("start", "end"):
            raise ValidationError({"end": _("The end date cannot be before the start date.")})
