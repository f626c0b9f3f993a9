"""Timelines drawn on the server as SVG: rows of dated bars (seats, memberships) and a strip of marks by year.

No JavaScript: the pages stay readable without it. Every text goes through format_html, because names come
from users. The look is given by presentation attributes (fill, stroke), not inline styles, so that the strict
Content-Security-Policy allows it and the drawing reads the same anywhere; static/css/charts.css only adds the
frame, focus and print rules. The layout is computed apart from the drawing so that tests can check extents.
"""

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from apps.core.dates import format_partial_date, parse_partial_date

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK, LINK, LINE, PALE = "#1b1f24", "#0b4f9c", "#c9ced6", "#c5d6ec"
WIDTH, LABEL_WIDTH, MARGIN = 760, 200, 12
PLOT_X, PLOT_WIDTH = LABEL_WIDTH + MARGIN, WIDTH - LABEL_WIDTH - 2 * MARGIN
BAR_HEIGHT, LANE_GAP, LINE_HEIGHT, AXIS_HEIGHT = 18, 4, 14, 28
CHAR_WIDTH = 6.6  # average advance of a 12 px system-ui glyph: enough to wrap labels before they overflow

# How well a span's dates are known: each kind has its own look, named in the legend.
EXACT, APPROXIMATE, ATTESTED = "exact", "approximate", "attested"
KIND_LABELS = {
    EXACT: _("known to the day"),
    APPROXIMATE: _("known only by month or year"),
    ATTESTED: _("only attested on a date"),
}
BAR_LOOK = {  # fill, stroke, dash pattern, text colour
    EXACT: (LINK, LINK, "", "#ffffff"),
    APPROXIMATE: (PALE, LINK, "5 3", INK),
    ATTESTED: ("#ffffff", LINK, "1.5 2.5", INK),
}


@dataclass
class Bar:
    """One span on a row: what it is (label, link) and how well its dates are known."""

    label: str
    url: str
    lower: dt.date
    upper: dt.date
    kind: str
    open: bool = False  # no end recorded: drawn up to today
    dates: str = ""  # as written, for the tooltip and the link's name
    x: float = 0
    width: float = 0
    lane: int = 0
    room: float = 0  # where the next bar in its lane begins: a name too long for its bar may run up to there


@dataclass
class Row:
    label: str
    bars: list[Bar]
    url: str = ""
    lines: list[str] = field(default_factory=list)
    y: float = 0
    height: float = 0
    lanes: int = 1


def is_exact(text: str) -> bool:
    return bool(text) and parse_partial_date(text).is_exact_day


def bar_for(
    *,
    label: str,
    url: str,
    start: str,
    start_lower: dt.date | None,
    end: str,
    end_lower: dt.date | None,
    end_upper: dt.date | None,
    attested: str = "",
    attested_lower: dt.date | None = None,
    attested_upper: dt.date | None = None,
    today: dt.date,
    dates: str = "",
) -> Bar | None:
    """A bar from the partial dates of a span, over every day it may cover; None when nothing dates it.

    With a start, the bar runs from its earliest day to the end's latest (or today when still held): exact
    if both are known to the day, approximate otherwise. Without a start, only the attested day or year is
    known (up to the end, if one is recorded), and the bar says so.
    """
    if start and start_lower:
        upper = end_upper if end else max(today, start_lower)
        kind = EXACT if is_exact(start) and (not end or is_exact(end)) else APPROXIMATE
        return Bar(label, url, start_lower, upper or start_lower, kind, open=not end, dates=dates)
    if attested and attested_lower:
        upper = end_upper if end and end_upper else attested_upper
        return Bar(label, url, attested_lower, upper or attested_lower, ATTESTED, dates=dates)
    return None


def layout_timeline(rows: list[Row], *, today: dt.date, as_of: dt.date | None = None) -> dict:
    """Place rows, lanes and bars; returns the scale's first and last day, ticks, width and height."""
    days = [d for row in rows for bar in row.bars for d in (bar.lower, bar.upper)]
    days += [today] + ([as_of] if as_of else [])
    first, last = dt.date(min(days).year, 1, 1), dt.date(max(days).year + 1, 1, 1)
    span = (last - first).days

    def x_of(day: dt.date) -> float:
        return round(PLOT_X + (min(max(day, first), last) - first).days / span * PLOT_WIDTH, 1)

    y = AXIS_HEIGHT
    for row in rows:
        row.lines = textwrap.wrap(row.label, int(LABEL_WIDTH / CHAR_WIDTH), break_long_words=True) or [""]
        lane_ends: list[dt.date] = []  # lanes keep overlapping holders of a shared seat apart
        for bar in sorted(row.bars, key=lambda b: (b.lower, b.upper)):
            free = next((i for i, end in enumerate(lane_ends) if end <= bar.lower), None)
            if free is None:
                free = len(lane_ends)
                lane_ends.append(bar.upper)
            lane_ends[free] = bar.upper
            bar.lane = free
            bar.x = x_of(bar.lower)
            bar.width = max(round(x_of(bar.upper) - bar.x, 1), 8 if bar.kind == ATTESTED else 3)
        for lane in range(len(lane_ends)):
            in_lane = sorted((b for b in row.bars if b.lane == lane), key=lambda b: b.x)
            for bar, following in zip(in_lane, [*in_lane[1:], None], strict=True):
                bar.room = following.x if following else WIDTH
        row.lanes = max(len(lane_ends), 1)
        row.y = y
        row.height = max(row.lanes * (BAR_HEIGHT + LANE_GAP) + LANE_GAP, len(row.lines) * LINE_HEIGHT + 10)
        y += row.height
    years = last.year - first.year
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 12)
    ticks = [(x_of(dt.date(year, 1, 1)), year) for year in range(first.year, last.year) if year % step == 0]
    markers = [(x_of(today), "today", _("today"))]
    if as_of:
        markers.append((x_of(as_of), "as-of", _("as of %(day)s") % {"day": date_format(as_of, str(_("j F Y")))}))
    return {"first": first, "last": last, "x_of": x_of, "ticks": ticks, "markers": markers, "plot_bottom": y}


def render_timeline(
    rows: list[Row], *, ident: str, title: str, description: str, today: dt.date, as_of: dt.date | None = None
) -> SafeString:
    """The SVG of `rows`, with a year axis, markers for today and `as_of`, and a legend of the kinds shown."""
    if not rows:
        return mark_safe("")
    layout = layout_timeline(rows, today=today, as_of=as_of)
    bottom = layout["plot_bottom"]
    kinds = [kind for kind in (EXACT, APPROXIMATE, ATTESTED) if any(b.kind == kind for r in rows for b in r.bars)]
    height = bottom + 30 + 20 * ((len(kinds) + 1) // 2 + 1)
    parts = [_svg_open(ident, WIDTH, height, title, description, "timeline")]
    parts.append(
        format_html_join(
            "",
            '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>'
            '<text x="{0}" y="{4}" text-anchor="middle" fill="{5}">{6}</text>',
            ((x, AXIS_HEIGHT - 4, bottom, LINE, AXIS_HEIGHT - 10, INK, year) for x, year in layout["ticks"]),
        )
    )
    for x, name, label in layout["markers"]:  # under the rows, so that names stay readable over them
        colour = "#a1161b" if name == "today" else "#8a5a00"
        parts.append(
            format_html(
                '<g class="marker marker-{}"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"'
                ' stroke-dasharray="{}"/><text x="{}" y="{}" text-anchor="{}" fill="{}">{}</text></g>',
                name, x, AXIS_HEIGHT - 2, x, bottom + 4, colour, "6 3" if name == "today" else "2 2",
                x, bottom + 16 + (14 if name == "as-of" else 0), "end" if x > WIDTH - 80 else "middle", colour, label,
            )
        )  # fmt: skip
    parts += [_row(row) for row in rows]
    parts.append(_legend(kinds, y=bottom + 44))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html


def _svg_open(ident: str, width: float, height: float, title: str, description: str, css_class: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" id="{}" viewBox="0 0 {} {}" width="{}" height="{}"'
        ' font-family="{}" font-size="12" aria-labelledby="{}-title" aria-describedby="{}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        css_class, ident, width, height, width, height, FONT, ident, ident, ident, title, ident, description,
    )  # fmt: skip


def _row(row: Row) -> SafeString:
    label = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((MARGIN, LINE_HEIGHT if i else 0, line) for i, line in enumerate(row.lines)),
    )
    text = format_html('<text y="{}" fill="{}">{}</text>', row.y + 16, INK, label)
    if row.url:
        text = format_html('<a href="{}">{}</a>', row.url, text)
    bars = [_bar(bar, row.y + LANE_GAP + bar.lane * (BAR_HEIGHT + LANE_GAP)) for bar in row.bars]
    return format_html(
        '<g class="row"><line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>{}{}</g>',
        row.y + row.height, WIDTH, row.y + row.height, LINE, text, mark_safe("".join(bars)),  # noqa: S308 - format_html
    )  # fmt: skip


def _bar(bar: Bar, y: float) -> SafeString:
    fill, stroke, dash, ink = BAR_LOOK[bar.kind]
    name = f"{bar.label}, {bar.dates} ({KIND_LABELS[bar.kind]})" if bar.dates else bar.label
    css = f"bar bar-{bar.kind}" + (" bar-open" if bar.open else "")
    text, after = "", bar.room - bar.x - bar.width - 8
    if len(bar.label) * CHAR_WIDTH + 8 <= bar.width:  # the name in its bar where it fits, else after it
        text = format_html('<text x="{}" y="{}" fill="{}">{}</text>', bar.x + 4, y + 13, ink, bar.label)
    elif after >= 6 * CHAR_WIDTH:
        fits = int(after / CHAR_WIDTH)
        shown = bar.label if len(bar.label) <= fits else bar.label[: fits - 1] + "…"
        text = format_html('<text x="{}" y="{}" fill="{}">{}</text>', bar.x + bar.width + 4, y + 13, INK, shown)
    shape = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" stroke="{}" stroke-width="1.5"{}/>',
        bar.x, y, bar.width, BAR_HEIGHT, fill, stroke,
        format_html(' stroke-dasharray="{}"', dash) if dash else "",
    )  # fmt: skip
    if bar.url:
        # A name shortened beside its bar stays outside the link: the link's accessible name is the whole one.
        outside = text if text and bar.label not in str(text) else ""
        inner = format_html("<title>{}</title>{}{}", name, shape, "" if outside else text)
        link = format_html('<a class="{}" href="{}" aria-label="{}">{}</a>', css, bar.url, name, inner)
        return format_html('{}<g aria-hidden="true">{}</g>', link, outside) if outside else link
    inner = format_html("<title>{}</title>{}{}", name, shape, text)
    return format_html('<g class="{}" role="img" aria-label="{}">{}</g>', css, name, inner)


def _legend(kinds: list[str], *, y: float) -> SafeString:
    entries = []
    for i, kind in enumerate(kinds):
        fill, stroke, dash, _ink = BAR_LOOK[kind]
        x, row_y = MARGIN + (i % 2) * 300, y + (i // 2) * 20
        entries.append(
            format_html(
                '<g class="legend-{}"><rect x="{}" y="{}" width="28" height="12" rx="2" fill="{}" stroke="{}"{}/>'
                '<text x="{}" y="{}" fill="{}">{}</text></g>',
                kind, x, row_y - 10, fill, stroke,
                format_html(' stroke-dasharray="{}"', dash) if dash else "", x + 36, row_y, INK, KIND_LABELS[kind],
            )
        )  # fmt: skip
    return format_html('<g class="legend">{}</g>', mark_safe("".join(entries)))  # noqa: S308 - format_html above


def render_strip(marks: list[dict], *, ident: str, title: str, description: str) -> SafeString:
    """Marks stacked in one column per year, each a link. `marks`: dicts of year, label, url, exact."""
    if not marks:
        return mark_safe("")
    first, last = min(m["year"] for m in marks), max(m["year"] for m in marks)
    column, pitch = 40, 16
    by_year: dict[int, list[dict]] = {}
    for mark in marks:
        by_year.setdefault(mark["year"], []).append(mark)
    tallest = max(len(group) for group in by_year.values())
    width, base = max((last - first + 1) * column + 2 * MARGIN, 360), tallest * pitch + 12
    # Narrow strips keep their size; wide ones get the frame's minimum width and scroll on a phone.
    parts = [_svg_open(ident, width, base + 64, title, description, "strip" + (" wide" if width > 576 else ""))]
    parts.append(format_html('<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>', base, width, base, LINE))
    for year in range(first, last + 1):
        x = MARGIN + (year - first) * column + column / 2
        if year % (1 if last - first < 12 else 5) == 0 or year in (first, last):
            tick = '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>'
            parts.append(format_html(tick, x, base + 16, INK, year))
        for i, mark in enumerate(by_year.get(year, [])):
            name = f"{mark['label']}, {mark['dates']}"
            parts.append(
                format_html(
                    '<a class="mark{}" href="{}" aria-label="{}"><title>{}</title>'
                    '<circle cx="{}" cy="{}" r="6" fill="{}" stroke="{}" stroke-width="1.5"/></a>',
                    "" if mark["exact"] else " mark-approximate", mark["url"], name, name,
                    x, base - 10 - i * pitch, LINK if mark["exact"] else "#ffffff", LINK,
                )
            )  # fmt: skip
    parts.append(
        format_html(
            '<g class="legend"><circle cx="{}" cy="{}" r="6" fill="{}"/><text x="{}" y="{}" fill="{}">{}</text>'
            '<circle cx="{}" cy="{}" r="6" fill="#ffffff" stroke="{}" stroke-width="1.5"/>'
            '<text x="{}" y="{}" fill="{}">{}</text></g>',
            MARGIN + 6, base + 32, LINK, MARGIN + 16, base + 36, INK, _("date known to the day"),
            MARGIN + 6, base + 52, LINK, MARGIN + 16, base + 56, INK, _("known only by month or year"),
        )
    )  # fmt: skip
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html


def span_dates(start: str, end: str, attested: str = "") -> str:
    """The dates of a span as the pages write them: "2003 – 2010", "since 2019", "attested 2022"."""
    start_text, end_text = format_partial_date(start), format_partial_date(end)
    if start_text:
        if end_text:
            return f"{start_text} – {end_text}"
        return _("since %(start)s") % {"start": format_partial_date(start, governed=True)}
    if attested:
        return _("attested %(day)s") % {"day": format_partial_date(attested)}
    return _("until %(end)s") % {"end": format_partial_date(end, governed=True)} if end_text else ""
