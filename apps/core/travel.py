"""The reader's date: `?as_of=` read once per request, shown on every page and kept on the links it follows.

A reader may ask for a year (`2022`), a month (`2022-06`) or a day (`2022-06-01`). A year or a month means
its first day (1 January 2022, 1 June 2022): the pages answer "as of" questions about one day, and the
banner says which day plainly ("as of June 2022 (1 June 2022)"). Inside an imprecise record date the pages
still say that the answer is uncertain (MembershipQuerySet.with_status).

Only a date that parsed is ever written back into a page or a link, and it is written from the parsed
numbers (`AsOf.text`), never from what was typed: nothing a user types reaches the markup this way.
"""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.core.dates import format_partial_date

PARAM = "as_of"
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)
_SHAPE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


class AsOfError(ValueError):
    """A date that cannot be read; its message is the one the reader sees beside the box."""


@dataclass(frozen=True)
class AsOf:
    """A date asked for, at the precision it was asked: "year", "month" or "day"."""

    day: dt.date
    precision: str

    @property
    def text(self) -> str:
        """The canonical form written into links: digits and hyphens only, rebuilt from the parsed date."""
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()

    @property
    def label(self) -> str:
        """As the reader asked: "2022", "June 2022" or "1 June 2022"."""
        return format_partial_date(self.text)

    @property
    def day_label(self) -> str:
        return format_partial_date(self.day.isoformat())

    @property
    def is_partial(self) -> bool:
        return self.precision != "day"


def parse_as_of(value: str) -> AsOf:
    """Read a year, a year and month, or a full date; raise AsOfError with a message for the reader."""
    match = _SHAPE.match((value or "").strip())
    if not match:
        raise AsOfError(_("Enter a year, a month or a day, for example 2022, 2022-06 or 2022-06-01."))
    year, month, day = (int(part) if part else None for part in match.group("year", "month", "day"))
    try:
        parsed = dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise AsOfError(
            _("There is no such date. Enter a year, a month or a day, for example 2022, 2022-06 or 2022-06-01.")
        ) from exc
    if not EARLIEST <= parsed <= LATEST:
        raise AsOfError(_("Choose a date between 1900 and 2200."))
    precision = "day" if day else "month" if month else "year"
    return AsOf(day=parsed, precision=precision)


_UNSET = object()


def requested_as_of(request: HttpRequest) -> AsOf | None:
    """The valid date of this request, or None (no date, or one that cannot be read). Read once."""
    cached = getattr(request, "_as_of", _UNSET)
    if cached is not _UNSET:
        return cached
    found = None
    value = request.GET.get(PARAM, "") if PARAM in request.GET else ""
    if value.strip():
        try:
            found = parse_as_of(value)
        except AsOfError:
            found = None
    request._as_of = found
    return found


def without_as_of(request: HttpRequest) -> str:
    """The current address without the date, other parameters kept: the "back to today" link."""
    query = [(key, value) for key, values in request.GET.lists() if key != PARAM for value in values]
    return f"{request.path}?{urlencode(query)}" if query else request.path


def as_of_context(request: HttpRequest) -> dict:
    """Context processor: the reader's date (`travel`), the address without it, and an unreadable value."""
    if PARAM not in request.GET:
        return {}
    travel = requested_as_of(request)
    typed = request.GET.get(PARAM, "").strip()
    return {
        "travel": travel,
        "travel_unread": typed if travel is None and typed else "",
        "back_to_today": without_as_of(request),
    }
