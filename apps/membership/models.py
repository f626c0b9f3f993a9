"""Member states, people, the posts of each body and dated memberships (after Popolo)."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.bodies.models import Body, dates_in_order
from apps.core.dates import (
    PartialDateField,
    PartialDatesMixin,
    bound_fields,
    format_partial_date,
    format_partial_range,
)
from apps.core.markdown import CITED_MARKDOWN_HELP
from apps.core.models import Citation
from apps.core.translation import TranslatedModel, translated_field
from apps.membership.querysets import MembershipQuerySet, Status  # noqa: F401 - Status: imported from here across the apps

# While memberships edited together are validated (a change of holder: one ended, one added), each one's
# own single-seat check would compare with stored rows about to change; the caller checks them together.
_checked_together: ContextVar[bool] = ContextVar("single_seats_checked_together", default=False)


@contextmanager
def single_seats_checked_together() -> Iterator[None]:
    token = _checked_together.set(True)
    try:
        yield
    finally:
        _checked_together.reset(token)


class MemberState(TranslatedModel, PartialDatesMixin, models.Model):
    """A country that is a member of the organization."""

    translated_fields = ("name", "official_name", "summary")

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("Short English name, e.g. Armenia."))
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    iso_code = models.CharField(_("ISO code"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2, e.g. AM."))
    joined = PartialDateField(_("member since"))
    joined_lower, joined_upper = bound_fields("joined", "the joining date")
    left = PartialDateField(_("member until"))
    left_lower, left_upper = bound_fields("left", "the leaving date")
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    name_ru = translated_field(name)
    official_name_ru = translated_field(official_name)
    summary_ru = translated_field(summary)
    citations = GenericRelation(Citation, related_query_name="member_state")

    class Meta:
        verbose_name_plural = _("member states")
        ordering = ["name"]
        verbose_name = _("member state")
        constraints = [
            models.CheckConstraint(condition=dates_in_order("joined", "left"), name="state_left_after_joined")
        ]

    def __str__(self) -> str:
        return self["name"]

    def get_absolute_url(self) -> str:
        return reverse("membership:member-state-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.ends_before_start("joined", "left"):
            raise ValidationError({"left": _("A state cannot leave before it joined.")})


class Person(TranslatedModel, PartialDatesMixin, models.Model):
    """Someone who holds or held a post in a body."""

    translated_fields = ("given_name", "patronymic", "family_name", "summary", "biography")
    # A name is shown in a language only when both its parts are there (never half English, half Russian).
    composed_fields = {"name": "{given_name} {family_name}", "sort_name": "{family_name}, {given_name}"}

    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    honorific_prefix = models.CharField(
        _("rank or honorific"), max_length=100, blank=True, help_text=_("e.g. Colonel-General. Shown before the name.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    biography = models.TextField(_("biography"), blank=True, help_text=CITED_MARKDOWN_HELP)
    given_name_ru = translated_field(given_name)
    patronymic_ru = translated_field(patronymic)
    family_name_ru = translated_field(family_name)
    summary_ru = translated_field(summary)
    biography_ru = translated_field(biography)
    citations = GenericRelation(Citation, related_query_name="person")

    class Meta:
        verbose_name = _("person")
        ordering = ["family_name", "given_name"]
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self["name"]

    def get_absolute_url(self) -> str:
        return reverse("membership:person-detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class Post(TranslatedModel, models.Model):
    """A seat in a body, such as "Head of the Military Committee" or "Member for Belarus"."""

    translated_fields = ("label",)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="posts", verbose_name=_("body"))
    label = models.CharField(_("label"), max_length=200, help_text=_("e.g. Member for Belarus."))
    label_ru = translated_field(label)
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        help_text=_("The state this seat belongs to, if any."),
        verbose_name=_("member state"),
    )
    ex_officio = models.CharField(
        _("held ex officio by"),
        max_length=300,
        blank=True,
        help_text=_("The national office whose holder takes this seat, e.g. Chief of the General Staff of ..."),
    )
    single_seat = models.BooleanField(
        _("single seat"), default=True, help_text=_("Held by one person at a time; overlapping holders are refused.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Order on the body's page."))
    citations = GenericRelation(Citation, related_query_name="post")

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["body", "position", "label"]
        constraints = [models.UniqueConstraint(fields=["body", "label"], name="post_label_unique_per_body")]

    def __str__(self) -> str:
        return f"{self['label']} ({self.body})"


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    HEAD = "head", _("Head")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    PRESIDENCY = "presidency", _("Presidency")
    OFFICER = "officer", _("Officer")
    OBSERVER = "observer", _("Observer")


class Membership(PartialDatesMixin, models.Model):
    """A person or a member state in a body, optionally in a post, for a span of time."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("person")
    )
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Fill this instead of a person when the member is a state (e.g. a presidency)."),
        verbose_name=_("member state"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name=_("post")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    on_behalf_of = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_by",
        help_text=_("The state this person sits for, if any."),
        verbose_name=_("on behalf of"),
    )
    start = PartialDateField(_("from"))
    start_lower, start_upper = bound_fields("start", "the start date")
    end = PartialDateField(_("until"), help_text=_("Leave empty while the membership lasts. EDTF, like the start."))
    end_lower, end_upper = bound_fields("end", "the end date")
    attested = PartialDateField(
        _("attested"),
        help_text=_("When the start is unknown: a date on which a source shows the membership held, e.g. 2022."),
    )
    attested_lower, attested_upper = bound_fields("attested", "the attested date")
    how_began = models.CharField(
        _("how it began"),
        max_length=100,
        blank=True,
        help_text=_("In the source's own words, e.g. signed the treaty, acceded, restored its membership."),
    )
    how_ended = models.CharField(
        _("how it ended"),
        max_length=100,
        blank=True,
        help_text=_("In the source's own words, e.g. withdrew, suspended, froze its participation."),
    )
    exclusive = models.BooleanField(default=False, editable=False, help_text=_("Copied from the post's single seat."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    citations = GenericRelation(Citation, related_query_name="membership")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "post__position", "start_lower", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, member_state__isnull=True)
                | Q(person__isnull=True, member_state__isnull=False),
                name="membership_person_xor_state",
            ),
            models.CheckConstraint(condition=dates_in_order("start", "end"), name="membership_end_not_before_start"),
        ]
        # PostgreSQL also refuses overlapping holders of a single seat (migration 0002).

    def __str__(self) -> str:
        member = self.person or self.member_state
        seat = self.post.label if self.post_id else self.get_role_display()
        return f"{member} – {seat}, {self.body}"

    def save(self, *args, **kwargs):
        self.exclusive = bool(self.post_id and self.post.single_seat and self.person_id)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.has_person == bool(self.member_state_id):
            errors["person"] = _("Choose either a person or a member state as the member, not both or neither.")
        if self.ends_before_start("start", "end"):
            errors["end"] = _("The end date cannot be before the start date.")
        if self.post_id and self.body_id and self.post.body_id != self.body_id:
            errors["post"] = _("This post belongs to %(body)s, not to this body.") % {"body": self.post.body}
        if self.body_id:
            errors.update(self._lifetime_errors())
        if not errors and not _checked_together.get() and (message := self.single_seat_error()):
            errors["start"] = message
        if errors:
            raise ValidationError(errors)

    def single_seat_error(
        self, pending: "list[Membership] | None" = None, deleted: frozenset[int] = frozenset()
    ) -> str:
        """Why this holding cannot be: another holder of its single seat overlaps it (see overlapping_holder)."""
        if not (self.post_id and self.has_person and self.post.single_seat):
            return ""
        other = self.overlapping_holder(pending=pending, deleted=deleted)
        if other is None:
            return ""
        return _("%(post)s is a single seat and %(other)s held it during this period (%(dates)s).") % {
            "post": self.post.label,
            "other": other.person,
            "dates": other.dates_display,
        }

    @property
    def has_person(self) -> bool:
        """A person is the member: a stored one, or a new one created with this membership (not saved yet)."""
        return self.person_id is not None or self._state.fields_cache.get("person") is not None

    @property
    def member(self) -> Person | MemberState | None:
        return self.person or self.member_state

    def is_current(self, today: dt.date) -> bool:
        """The Python twin of MembershipQuerySet.current(), for prefetched rows."""
        not_ended = not self.end or self.end_lower >= today
        return not_ended and not (self.start_lower and self.start_lower > today)

    def is_upcoming(self, today: dt.date) -> bool:
        return bool(self.start_lower and self.start_lower > today)

    @property
    def dates_display(self) -> str:
        start, end = format_partial_date(self.start), format_partial_date(self.end)
        if start and end:
            return format_partial_range(self.start, self.end)
        if start:
            return _("since %(start)s") % {"start": format_partial_date(self.start, governed=True)}
        if end:
            return _("until %(end)s") % {"end": format_partial_date(self.end, governed=True)}
        if self.attested:
            return _("attested %(attested)s") % {"attested": format_partial_date(self.attested)}
        return _("dates unknown")

    @property
    def attested_display(self) -> str:
        return _("attested %(attested)s") % {"attested": format_partial_date(self.attested)} if self.attested else ""

    def uncertainty_note(self, day: dt.date) -> str:
        """Why it is unknown whether this membership held on `day` (for status "uncertain" or "unknown")."""
        if self.end and self.end_lower <= day <= self.end_upper:
            return _("ended %(end)s, exact date unknown") % {"end": format_partial_date(self.end)}
        if self.start and self.start_lower <= day <= self.start_upper:
            return _("started %(start)s, exact date unknown") % {"start": format_partial_date(self.start)}
        if self.attested:
            return _("start date unknown; a source shows it held in %(attested)s") % {
                "attested": format_partial_date(self.attested)
            }
        return _("start date unknown")

    def _lifetime_errors(self) -> dict[str, str]:
        body = self.body
        errors = {}
        if body.founded_lower and self.end_upper and self.end_upper < body.founded_lower:
            errors["end"] = body.not_yet_founded_message
        if body.founded_lower and self.start_upper and self.start_upper < body.founded_lower:
            errors["start"] = body.not_yet_founded_message
        if body.dissolved_upper and not self.end:
            errors["end"] = _("%(body)s was dissolved in %(dissolved)s; give the date this membership ended.") % {
                "body": body,
                "dissolved": body.dissolved_display,
            }
        elif body.dissolved_upper and self.end_lower and self.end_lower > body.dissolved_upper:
            errors["end"] = _("%(body)s was dissolved in %(dissolved)s, before this end date.") % {
                "body": body,
                "dissolved": body.dissolved_display,
            }
        if body.dissolved_upper and self.start_lower and self.start_lower > body.dissolved_upper:
            errors["start"] = body.dissolved_message
        return errors

    def span(self) -> tuple[dt.date, dt.date]:
        """The days this membership certainly covers, open ends reaching as far as they can."""
        low = self.start_upper or self.attested_upper or dt.date.min
        high = self.end_lower or dt.date.max
        return low, max(low, high)  # no certain day at all: an empty span, which overlaps nothing

    def overlapping_holder(
        self, pending: "list[Membership] | None" = None, deleted: frozenset[int] = frozenset()
    ) -> "Membership | None":
        """Another holder of this single seat whose span overlaps this one's.

        `pending` are unsaved versions of memberships edited together (an admin inline): they replace
        their stored versions in the comparison; `deleted` are stored ones about to go.
        """
        low, high = self.span()
        if low >= high:
            return None
        pending = [m for m in pending or [] if m is not self]
        replaced = {m.pk for m in pending if m.pk} | set(deleted) | {self.pk}
        stored = (
            Membership.objects.filter(post_id=self.post_id, person__isnull=False)
            .exclude(pk__in=replaced - {None})
            .select_related("person")
        )
        candidates = [*stored, *(m for m in pending if m.post_id == self.post_id and m.person_id)]
        for other in candidates:
            other_low, other_high = other.span()
            if other_low >= other_high:
                continue  # no certain day: overlaps nothing, as in the database constraint
            # Half-open spans: a handover on the same day is not an overlap.
            if low < other_high and other_low < high:
                return other
        return None
