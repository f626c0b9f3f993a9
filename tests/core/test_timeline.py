"""The timeline drawing: which look a span gets, where its bar lies, and that names are escaped."""

import datetime as dt

from apps.core.timeline import (
    APPROXIMATE,
    ATTESTED,
    EXACT,
    PLOT_WIDTH,
    PLOT_X,
    Row,
    bar_for,
    layout_timeline,
    render_strip,
    render_timeline,
)

TODAY = dt.date(2024, 6, 1)


def bar(start="", end="", attested="", **bounds):
    from apps.core.dates import parse_partial_date

    def bound(text, side):
        return getattr(parse_partial_date(text), side) if text else None

    return bar_for(
        label="Holder",
        url="/people/holder/",
        start=start,
        start_lower=bound(start, "lower"),
        end=end,
        end_lower=bound(end, "lower"),
        end_upper=bound(end, "upper"),
        attested=attested,
        attested_lower=bound(attested, "lower"),
        attested_upper=bound(attested, "upper"),
        today=TODAY,
    )


def test_spans_known_to_the_day_by_year_or_only_attested_each_have_their_kind():
    assert bar("2015-03-02", "2020-01-20").kind == EXACT
    assert bar("2020-01-20").kind == EXACT  # still held: open to today
    assert bar("2015", "2020-01-20").kind == APPROXIMATE
    assert bar("2015-03-02", "2020").kind == APPROXIMATE
    assert bar("2015-03-02?").kind == APPROXIMATE  # an uncertain day is not exact
    assert bar(attested="2021-12-08").kind == ATTESTED
    assert bar() is None  # nothing dates it: not drawn


def test_a_bar_covers_every_day_its_dates_allow():
    span = bar("2015", "2020-01-20")
    assert (span.lower, span.upper) == (dt.date(2015, 1, 1), dt.date(2020, 1, 20))
    still = bar("2020-01-20")
    assert (still.lower, still.upper, still.open) == (dt.date(2020, 1, 20), TODAY, True)
    attested = bar(attested="2021")
    assert (attested.lower, attested.upper) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    until = bar(attested="2021-12-08", end="2023")
    assert (until.lower, until.upper) == (dt.date(2021, 12, 8), dt.date(2023, 12, 31))


def test_bar_extents_follow_the_scale_and_overlapping_holders_get_lanes():
    first, second, third = bar("2015", "2020-01-20"), bar("2018-01-01", "2019-01-01"), bar("2020-01-20")
    row = Row("Seat", [first, second, third])
    layout = layout_timeline([row], today=TODAY)
    assert layout["first"] == dt.date(2015, 1, 1) and layout["last"] == dt.date(2025, 1, 1)
    per_day = PLOT_WIDTH / (layout["last"] - layout["first"]).days
    assert first.x == PLOT_X
    assert abs(first.x + first.width - (PLOT_X + (dt.date(2020, 1, 20) - layout["first"]).days * per_day)) < 0.2
    assert (first.lane, second.lane, third.lane) == (0, 1, 0)  # a handover on the same day shares a lane
    assert row.lanes == 2


def test_the_drawing_marks_today_and_the_date_shown_and_escapes_names():
    hostile = bar("2015", "2020")
    hostile.label = "<script>alert(1)</script>"
    svg = render_timeline(
        [Row("<b>Seat</b>", [hostile, bar(attested="2021")])],
        ident="t",
        title="Seats & <holders>",
        description="d",
        today=TODAY,
        as_of=dt.date(2018, 6, 1),
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "Seats &amp; &lt;holders&gt;" in svg
    assert 'class="marker marker-today"' in svg and "as of 1 June 2018" in svg
    assert 'class="bar bar-approximate"' in svg and 'class="bar bar-attested"' in svg
    assert " style=" not in svg


def test_the_strip_puts_each_mark_in_its_years_column_as_a_link():
    marks = [
        {"year": 2021, "label": "A", "url": "/meetings/a/", "dates": "8 December 2021", "exact": True},
        {"year": 2021, "label": "B", "url": "/meetings/b/", "dates": "2021", "exact": False},
        {"year": 2023, "label": "<C>", "url": "/meetings/c/", "dates": "2023", "exact": True},
    ]
    svg = render_strip(marks, ident="s", title="Meetings", description="d")
    assert svg.count('<a class="mark') == 3 and 'class="mark mark-approximate" href="/meetings/b/"' in svg
    assert "&lt;C&gt;" in svg and ">2022<" in svg  # an empty year keeps its column
    assert render_strip([], ident="s", title="t", description="d") == ""
