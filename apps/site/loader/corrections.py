"""Databases loaded from an earlier, wrong dataset: which records the next load corrects without --update."""

from collections.abc import Callable

from apps.meetings.models import Meeting

from .files import Record

# The December 2021 report was first misread as one of 2022: the meeting got this address and year, the
# report and the agencies it relays a 2022 date, and the holdings it attests the year 2022.
MISDATED_MEETING = "military-committee-2022-videoconference"
MISDATED_REPORTS = {"article-military-council-2022", "tass-military-council-2022", "belta-military-council-2022"}


def corrections() -> Callable[[Record], bool]:
    """Which dataset records take the dataset's values even without --update, on this database."""
    if not Meeting.objects.filter(slug=MISDATED_MEETING).exists():
        return lambda record: False

    def misdated(record: Record) -> bool:
        if record.table == "source":
            return record.get("key") in MISDATED_REPORTS
        return record.table == "membership" and bool(record.get("attested"))

    return misdated
