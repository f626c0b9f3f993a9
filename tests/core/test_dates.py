import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.core.dates import format_partial_date, parse_partial_date


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2022-02", dt.date(2022, 2, 1), dt.date(2022, 2, 28)),
        ("2003-04-28", dt.date(2003, 4, 28), dt.date(2003, 4, 28)),
        # Uncertain or approximate: edtf's fuzzy bounds, wider than the written year or month.
        ("2022?", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        ("2022~", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
    ],
)
def test_bounds_cover_every_day_the_text_can_mean(text, lower, upper):
    parsed = parse_partial_date(text)
    assert (parsed.text, parsed.lower, parsed.upper) == (text, lower, upper)


def test_qualifiers_mark_the_date_as_not_exact():
    assert parse_partial_date("2003-04-28").is_exact_day
    assert not parse_partial_date("2003-04-28?").is_exact_day
    assert not parse_partial_date("2003-04").is_exact_day


@pytest.mark.parametrize(
    "text",
    [
        "2022-13-45",
        "2022-02-30",
        "2022-02-29",
        "28 April 2003",
        "abc",
        "20222",
        "2022-21",  # an EDTF season: not a date the pages can show as written
        "2020/..",
        "../2020",
        "2022/2020",
        "[2020,2021]",
        "2004-06~-11",
        "0000",
    ],
)
def test_impossible_or_foreign_dates_are_refused_with_a_message_naming_them(text):
    with pytest.raises(ValidationError) as error:
        parse_partial_date(text)
    assert text in error.value.messages[0]
    assert "2022-03-03" in error.value.messages[0]  # and says what to type instead


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2022", "2022"),
        ("2022-03", "March 2022"),
        ("2003-04-28", "28 April 2003"),
        ("2022?", "2022 (uncertain)"),
        ("2022~", "2022 (approximate)"),
        ("", ""),
    ],
)
def test_dates_are_shown_at_the_precision_they_were_written(text, shown):
    assert format_partial_date(text) == shown
