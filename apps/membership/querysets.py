"""What the evidence says of a membership on a day, and the reusable reads of memberships."""

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """What the evidence says of a membership on one day."""

    IN = "in", _("held")  # its dates certainly cover the day
    ATTESTED = "attested", _("held, as a source attests for that day")  # no start known; seen held that day
    UNCERTAIN = "uncertain", _("uncertain")  # the day falls within an imprecise start or end
    UNKNOWN = "unknown", _("not known for this date")  # no evidence either way: no start, not attested then
    OUT = "out", _("not held")

    @classmethod
    def held(cls) -> tuple[str, ...]:
        return (cls.IN, cls.ATTESTED)


class MembershipQuerySet(models.QuerySet):
    def current(self, *, today: dt.date | None = None) -> "MembershipQuerySet":
        """Held today: not certainly begun in the future, not certainly ended."""
        today = today or dt.date.today()
        return self.filter(Q(end="") | Q(end_lower__gte=today)).exclude(start_lower__gt=today)

    def upcoming(self, *, today: dt.date | None = None) -> "MembershipQuerySet":
        today = today or dt.date.today()
        return self.filter(start_lower__gt=today)

    def former(self, *, today: dt.date | None = None) -> "MembershipQuerySet":
        today = today or dt.date.today()
        return self.exclude(end="").filter(end_lower__lt=today)

    def with_status(self, day: dt.date) -> "MembershipQuerySet":
        """Annotate what the evidence says of each membership on `day` (a Status), claiming no more than it.

        With a known start, a missing end reads "still held". Without one, only the days a source attests it
        count as held (and the days between such a day and a known end); other days are not known.
        """
        not_ended = Q(end="") | Q(end_lower__gte=day)
        return self.annotate(
            status=Case(
                When(Q(start_lower__gt=day) | Q(end_upper__lt=day), then=Value(Status.OUT)),
                When(not_ended, start_upper__lte=day, then=Value(Status.IN)),
                When(~Q(start=""), then=Value(Status.UNCERTAIN)),  # inside the start's or the end's imprecision
                When(attested_lower=day, attested_upper=day, then=Value(Status.ATTESTED)),
                # Attested only as "2022": held at some time that year, not known to be held on this day.
                When(attested_lower__lte=day, attested_upper__gte=day, then=Value(Status.UNCERTAIN)),
                When(~Q(end=""), attested_upper__lte=day, end_lower__gte=day, then=Value(Status.IN)),
                When(~Q(end=""), end_lower__lte=day, end_upper__gte=day, then=Value(Status.UNCERTAIN)),
                default=Value(Status.UNKNOWN),
                output_field=models.CharField(),
            )
        )

    def as_of(self, day: dt.date) -> "MembershipQuerySet":
        """Memberships that held, or may have held, on `day` (see with_status)."""
        return self.with_status(day).exclude(status=Status.OUT)
