"""Partial and uncertain dates (EDTF levels 0 and 1), stored as written with sortable bounds."""

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from edtf import parse_edtf
from edtf.convert import struct_time_to_date

# Level 0/1 single dates only: no seasons (2022-21), intervals or sets, which the pages could not show as written.
SIMPLE_DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?)?(?P<qualifier>[?~%])?$"
)
# The words around a date are the reader's language's: Russian writes "28 апреля 2003 г." (the month in the
# genitive after a day, and after a preposition: "с апреля 2003 г.", "около апреля 2003 г."), "апрель 2003 г."
# (nominative alone), "2003 г.". English needs one form of each month; the context tells the translator which
# form to give. A date is put together by a translated pattern, so each language orders its parts and adds
# what it adds ("г.").
MONTHS_WITH_DAY = [
    pgettext_lazy("month after a day or a preposition", "January"),
    pgettext_lazy("month after a day or a preposition", "February"),
    pgettext_lazy("month after a day or a preposition", "March"),
    pgettext_lazy("month after a day or a preposition", "April"),
    pgettext_lazy("month after a day or a preposition", "May"),
    pgettext_lazy("month after a day or a preposition", "June"),
    pgettext_lazy("month after a day or a preposition", "July"),
    pgettext_lazy("month after a day or a preposition", "August"),
    pgettext_lazy("month after a day or a preposition", "September"),
    pgettext_lazy("month after a day or a preposition", "October"),
    pgettext_lazy("month after a day or a preposition", "November"),
    pgettext_lazy("month after a day or a preposition", "December"),
]
MONTHS = [
    pgettext_lazy("month alone", "January"),
    pgettext_lazy("month alone", "February"),
    pgettext_lazy("month alone", "March"),
    pgettext_lazy("month alone", "April"),
    pgettext_lazy("month alone", "May"),
    pgettext_lazy("month alone", "June"),
    pgettext_lazy("month alone", "July"),
    pgettext_lazy("month alone", "August"),
    pgettext_lazy("month alone", "September"),
    pgettext_lazy("month alone", "October"),
    pgettext_lazy("month alone", "November"),
    pgettext_lazy("month alone", "December"),
]
DAY_PATTERN = pgettext_lazy("a date to the day", "%(day)s %(month)s %(year)s")
MONTH_PATTERN = pgettext_lazy("a date to the month", "%(month)s %(year)s")
YEAR_PATTERN = pgettext_lazy("a date to the year", "%(year)s")
# Qualified dates: Russian reference works write "2003 г.?" for uncertain and "около 2003 г." for approximate.
QUALIFIED_PATTERNS = {
    "?": pgettext_lazy("an uncertain date", "%(date)s (uncertain)"),
    "~": pgettext_lazy("an approximate date", "%(date)s (approximate)"),
    "%": pgettext_lazy("an uncertain, approximate date", "%(date)s (uncertain, approximate)"),
}

EDTF_HELP = _(
    "As precisely as the source gives it, in EDTF: 2022, 2022-03, 2022-03-03; add ? if uncertain "
    "(2022?) or ~ if approximate (2022~). Leave empty if unknown."
)


@dataclass(frozen=True)
class PartialDate:
    """A date known to some precision: the text as written and the first and last days it can mean."""

    text: str
    lower: dt.date
    upper: dt.date
    qualified: bool

    @property
    def is_exact_day(self) -> bool:
        return self.lower == self.upper and not self.qualified


@functools.lru_cache(maxsize=4096)
def parse_partial_date(text: str) -> PartialDate:
    """Parse a single EDTF date (level 0 or 1), raising ValidationError with a readable message otherwise.

    Uncertain or approximate dates (2014?, 2014~) get edtf's widened ("fuzzy") bounds, so that an
    "as of" question near them is answered as uncertain rather than guessed. Cached: edtf's parser takes
    milliseconds a date, and the same few dates recur (the result is immutable).
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Enter a date."), code="required")
    invalid = ValidationError(
        _("“%(value)s” is not a valid date. Use 2022, 2022-03 or 2022-03-03, optionally followed by ? or ~."),
        code="invalid_date",
        params={"value": text},
    )
    match = SIMPLE_DATE.match(text)
    if not match:
        raise invalid
    qualified = text[-1] in "?~%"
    if not qualified:
        # A plain year, month or day has exact bounds: computed here, without edtf's much slower parser.
        try:
            lower, upper = _strict_bounds(
                *(int(part) if part else None for part in match.group("year", "month", "day"))
            )
        except ValueError as exc:
            raise invalid from exc
        return PartialDate(text=text, lower=lower, upper=upper, qualified=False)
    try:
        parsed = parse_edtf(text)
        lower = struct_time_to_date(parsed.lower_fuzzy() if qualified else parsed.lower_strict())
        upper = struct_time_to_date(parsed.upper_fuzzy() if qualified else parsed.upper_strict())
    except Exception as exc:
        raise invalid from exc
    if lower > upper:
        raise invalid
    return PartialDate(text=text, lower=lower, upper=upper, qualified=qualified)


def _strict_bounds(year: int, month: int | None, day: int | None) -> tuple[dt.date, dt.date]:
    if day:
        return dt.date(year, month, day), dt.date(year, month, day)
    if month:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def format_partial_date(text: str, *, governed: bool = False) -> str:
    """Show a partial date at the precision it was written: "2022", "March 2022", "3 March 2022".

    `governed`: the date follows a preposition ("since", "until"), after which Russian puts a month in the
    genitive ("с апреля 2003 г."); an approximate date is governed by its own "около". English is the same."""
    match = SIMPLE_DATE.match((text or "").strip())
    if not match:
        return text or ""
    year, month, day, qualifier = match.group("year", "month", "day", "qualifier")
    if day:
        shown = DAY_PATTERN % {"day": int(day), "month": MONTHS_WITH_DAY[int(month) - 1], "year": year}
    elif month:
        governed = governed or qualifier in ("~", "%")
        names = MONTHS_WITH_DAY if governed else MONTHS
        shown = MONTH_PATTERN % {"month": names[int(month) - 1], "year": year}
    else:
        shown = YEAR_PATTERN % {"year": year}
    if qualifier:
        shown = QUALIFIED_PATTERNS[qualifier] % {"date": shown}
    return shown


def same_year_only(start: str, end: str) -> bool:
    """Two dates that, as written, are both just the same year ("2022" and "2022?"): never a range."""
    first, last = SIMPLE_DATE.match((start or "").strip()), SIMPLE_DATE.match((end or "").strip())
    if not (first and last):
        return False
    return first["year"] == last["year"] and not (first["month"] or last["month"])


def format_partial_range(start: str, end: str) -> str:
    """From `start` to `end`, each as written; one date when they name the same day, month or year, so that
    a year-only span reads "2022", never "2022 – 2022" (an uncertain end is said once: "2022 (uncertain)")."""
    shown_start, shown_end = format_partial_date(start), format_partial_date(end)
    if not shown_end or shown_end == shown_start:
        return shown_start
    if not shown_start:
        return shown_end
    if same_year_only(start, end):
        return shown_start if not SIMPLE_DATE.match(end.strip())["qualifier"] else shown_end
    return f"{shown_start} – {shown_end}"


def validate_partial_date(value: str) -> None:
    if value:
        parse_partial_date(value)


class PartialDateField(models.CharField):
    """An EDTF date kept as written; the model's `<name>_lower` / `<name>_upper` fields hold its bounds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", EDTF_HELP)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_partial_date)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 40:
            del kwargs["max_length"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        if kwargs.get("help_text") == EDTF_HELP:
            del kwargs["help_text"]
        return name, path, args, kwargs


def bound_fields(name: str, label: str) -> tuple[models.DateField, models.DateField]:
    """The two derived, sortable bound columns of a PartialDateField."""
    return (
        models.DateField(null=True, blank=True, editable=False, help_text=f"Earliest day {label} can mean."),
        models.DateField(null=True, blank=True, editable=False, help_text=f"Latest day {label} can mean."),
    )


class PartialDatesMixin(models.Model):
    """Keeps the `_lower`/`_upper` bounds of every PartialDateField in step with its text on save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sync_partial_date_bounds()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            dated = [f.attname for f in self._meta.fields if isinstance(f, PartialDateField)]
            kwargs["update_fields"] = {
                *update_fields,
                *(f"{name}_{end}" for name in dated if name in update_fields for end in ("lower", "upper")),
            }
        super().save(*args, **kwargs)

    def sync_partial_date_bounds(self) -> None:
        for field in self._meta.fields:
            if not isinstance(field, PartialDateField):
                continue
            text = getattr(self, field.attname)
            try:
                parsed = parse_partial_date(text) if text else None
            except ValidationError:
                parsed = None  # full_clean() reports it; save() never runs with it from a form
            setattr(self, f"{field.attname}_lower", parsed.lower if parsed else None)
            setattr(self, f"{field.attname}_upper", parsed.upper if parsed else None)

    def ends_before_start(self, start: str, end: str) -> bool:
        """Whether date field `end` certainly falls before date field `start` (same-year partial dates don't)."""
        earliest_start = getattr(self, f"{start}_lower")
        latest_end = getattr(self, f"{end}_upper")
        return bool(earliest_start and latest_end and latest_end < earliest_start)

    def clean_fields(self, exclude=None):
        self.sync_partial_date_bounds()
        super().clean_fields(exclude=exclude)
