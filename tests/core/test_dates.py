import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.core.dates import format_partial_date, parse_partial_date
from apps.core.timeline import span_dates
from apps.core.travel import AsOf


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


@pytest.mark.parametrize(
    ("text", "english", "russian"),
    [
        ("2003", "2003", "2003 г."),
        ("2003-04", "April 2003", "апрель 2003 г."),
        ("2003-04-28", "28 April 2003", "28 апреля 2003 г."),
        ("2003?", "2003 (uncertain)", "2003 г.?"),
        ("2003-04?", "April 2003 (uncertain)", "апрель 2003 г.?"),
        ("2003~", "2003 (approximate)", "около 2003 г."),
        # "около" governs the genitive, as a day does
        ("2003-04~", "April 2003 (approximate)", "около апреля 2003 г."),
        ("2003-04-28~", "28 April 2003 (approximate)", "около 28 апреля 2003 г."),
        ("2003%", "2003 (uncertain, approximate)", "около 2003 г.?"),
    ],
)
def test_each_precision_is_written_in_the_readers_language(text, english, russian):
    with translation.override("en"):
        assert format_partial_date(text) == english
    with translation.override("ru"):
        assert format_partial_date(text) == russian


@pytest.mark.parametrize(
    ("start", "end", "english", "russian"),
    [
        ("2003-04-28", "2010", "28 April 2003 – 2010", "28 апреля 2003 г. – 2010 г."),
        ("2003-04", "", "since April 2003", "с апреля 2003 г."),
        ("2003", "", "since 2003", "с 2003 г."),
        ("", "2010-05", "until May 2010", "до мая 2010 г."),
        ("", "2010-05-09", "until 9 May 2010", "до 9 мая 2010 г."),
    ],
)
def test_spans_and_open_ends_are_written_in_the_readers_language(start, end, english, russian):
    with translation.override("en"):
        assert span_dates(start, end) == english
    with translation.override("ru"):
        assert span_dates(start, end) == russian


def test_the_date_a_reader_travels_to_is_labelled_in_their_language():
    with translation.override("ru"):
        month = AsOf(day=dt.date(2022, 6, 1), precision="month")
        assert (month.label, month.day_label) == ("июнь 2022 г.", "1 июня 2022 г.")
    with translation.override("en"):
        assert (month.label, month.day_label) == ("June 2022", "1 June 2022")
