"""Sessions of bodies: when, how, who took part, what was on the agenda and what came of it (after Popolo's Event)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.bodies.models import Body, dates_in_order
from apps.core.dates import PartialDateField, PartialDatesMixin, bound_fields, format_partial_range
from apps.core.markdown import CITED_MARKDOWN_HELP
from apps.core.models import Citation
from apps.core.translation import TranslatedModel, translated_field
from apps.documents.models import Document
from apps.membership.models import MemberState, Person, Post


class MeetingQuerySet(models.QuerySet):
    def newest_first(self) -> "MeetingQuerySet":
        return self.order_by("-start_upper", "-start_lower", "-pk")

    def latest_of(self, body: Body, count: int = 5) -> list["Meeting"]:
        """A body's most recent meetings, for its page."""
        return list(self.filter(body=body).newest_first()[:count])


class ParticipationQuerySet(models.QuerySet):
    def with_meetings(self) -> "ParticipationQuerySet":
        """With their meetings (newest first), bodies, persons and states: a person's or a state's record."""
        return self.select_related("meeting__body", "on_behalf_of", "person").order_by(
            "-meeting__start_upper", "-meeting__pk", "order"
        )


class Meeting(TranslatedModel, PartialDatesMixin, models.Model):
    """One session of a body."""

    translated_fields = ("title", "place", "summary")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        VIDEOCONFERENCE = "videoconference", _("videoconference")
        HYBRID = "hybrid", _("hybrid")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    title = models.CharField(
        _("title"), max_length=300, help_text=_("e.g. Meeting of the Military Committee, 2022 (videoconference).")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    body_name_as_reported = models.CharField(
        _("body's name as reported"),
        max_length=200,
        blank=True,
        help_text=_("The name a source uses for the body, when it differs (e.g. “CSTO Military Council”)."),
    )
    start = PartialDateField(_("date"), help_text=_("As precisely as the sources give it: 2022, 2022-03, 2022-03-03."))
    start_lower, start_upper = bound_fields("start", "the meeting date")
    end = PartialDateField(_("until"), help_text=_("For meetings over several days; EDTF like the date."))
    end_lower, end_upper = bound_fields("end", "the last day")
    date_note = models.CharField(
        _("about the date"), max_length=300, blank=True, help_text=_("What the sources say of the date, if not exact.")
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=CITED_MARKDOWN_HELP)
    title_ru = translated_field(title)
    place_ru = translated_field(place)
    summary_ru = translated_field(summary)
    citations = GenericRelation(Citation, related_query_name="meeting")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_upper", "-pk"]
        constraints = [
            models.CheckConstraint(condition=dates_in_order("start", "end"), name="meeting_end_not_before_start"),
            models.CheckConstraint(condition=~Q(start=""), name="meeting_has_a_date"),
        ]

    def __str__(self) -> str:
        return self["title"]

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.start:
            errors["start"] = _("Give the date as precisely as the sources do; a year alone is fine.")
        if self.ends_before_start("start", "end"):
            errors["end"] = _("The last day cannot be before the first.")
        if self.body_id and self.start_lower:
            body = self.body
            if body.founded_lower and self.start_upper < body.founded_lower:
                errors["start"] = body.not_yet_founded_message
            elif body.dissolved_upper and self.start_lower > body.dissolved_upper:
                errors["start"] = body.dissolved_message
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self) -> str:
        return format_partial_range(self.start, self.end)


class Participation(models.Model):
    """Someone who took part in a meeting, in a capacity, possibly for a member state."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("Leave empty when the sources give only the capacity, not the name."),
        verbose_name=_("person"),
    )
    capacity = models.CharField(
        _("capacity"), max_length=300, help_text=_("In what role, e.g. Chief of the General Staff of ...")
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations", verbose_name=_("post")
    )
    on_behalf_of = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("on behalf of"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    citations = GenericRelation(Citation, related_query_name="participation")

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="participation_person_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "capacity", "on_behalf_of"],
                condition=Q(person__isnull=True),
                name="participation_unnamed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.capacity} at {self.meeting}"

    def validate_constraints(self, exclude=None):
        # Say it in words instead of Django's generic "constraint violated" message.
        if self.meeting_id and self.person_id:
            duplicate = Participation.objects.filter(meeting_id=self.meeting_id, person_id=self.person_id)
            if duplicate.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "person": _("%(person)s is already listed as taking part in this meeting.")
                        % {"person": self.person}
                    }
                )
        super().validate_constraints(exclude=exclude)


class AgendaItem(TranslatedModel, models.Model):
    """An item on a meeting's agenda: what was discussed and what came of it."""

    translated_fields = ("title", "discussion", "outcome")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    discussion = models.TextField(_("what was discussed"), blank=True, help_text=CITED_MARKDOWN_HELP)
    outcome = models.TextField(_("outcome"), blank=True, help_text=CITED_MARKDOWN_HELP)
    speaker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items_presented",
        verbose_name=_("speaker"),
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="agenda_items", verbose_name=_("documents"))
    bodies = models.ManyToManyField(Body, blank=True, related_name="agenda_items", verbose_name=_("bodies"))
    states = models.ManyToManyField(MemberState, blank=True, related_name="agenda_items", verbose_name=_("states"))
    title_ru = translated_field(title)
    discussion_ru = translated_field(discussion)
    outcome_ru = translated_field(outcome)
    citations = GenericRelation(Citation, related_query_name="agenda_item")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self["title"]
