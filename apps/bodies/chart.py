"""The organization chart: the bodies that existed on a day as linked boxes, drawn on the server as SVG.

Layout: the top body's box over its sub-bodies, which stand side by side in bands of at most COLUMNS
columns; deeper bodies are stacked and indented below their parent. A wide-and-flat tree would otherwise grow
wider than any phone or A4 page; this one grows downwards, and no two boxes can overlap (each takes its own
vertical slot in its column, and columns never share x). Relations other than the tree (general management,
reports to, ...) are dashed curves with arrowheads, one look per kind, named in the legend.

Every text goes through format_html (names come from users); the look is given by presentation attributes so
that the strict Content-Security-Policy allows the inline SVG and the downloaded file reads the same.
"""

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from apps.bodies.models import Body, BodyRelation, Classification, existed_on
from apps.core.timeline import FONT, INK, LINK
from apps.core.translation import row_text

COLUMNS = 4
BOX_WIDTH, INDENT, COLUMN_GAP, BAND_GAP, ROW_GAP, MARGIN, TRUNK_X = 184, 22, 44, 40, 10, 12, 14
LINE_HEIGHT, CHARS_PER_LINE = 16, 23  # 13 px names: about 7 px a glyph in the 168 px inside a box
MUTED, PANEL = "#4a525c", "#f3f5f8"
RELATION_LOOK = {  # stroke colour and dash pattern per kind: told apart without colour too
    BodyRelation.Kind.GENERAL_MANAGEMENT: ("#8a3b00", "8 4"),
    BodyRelation.Kind.REPORTS_TO: ("#5b2a86", "2 3"),
    BodyRelation.Kind.ACCOUNTABLE_TO: ("#00695c", "10 3 2 3"),
    BodyRelation.Kind.COOPERATES_WITH: (MUTED, "4 4"),
}


@dataclass
class Box:
    id: int
    name: str
    slug: str
    abbreviation: str
    kind: str
    depth: int
    note: str = ""  # why its existence on the day is uncertain, if it is
    children: list["Box"] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    x: float = 0
    y: float = 0
    width: float = BOX_WIDTH
    height: float = 0

    @property
    def uncertain(self) -> bool:
        return bool(self.note)

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def chart_data(day: dt.date) -> tuple[list[dict], list[dict]]:
    """The bodies that existed, or may have existed, on `day` as tree rows (in tree order, an uncertain one
    with its note), and the relations between them that held or may have held then. Two queries."""
    rows = Body.objects.tree_rows_as_of(day, "id", "classification")
    shown = {row["id"] for row in rows}
    relations = [
        relation
        for relation in BodyRelation.objects.values("subject_id", "object_id", "kind", "start_lower", "end_upper")
        if relation["subject_id"] in shown
        and relation["object_id"] in shown
        and existed_on(day, founded_lower=relation["start_lower"], dissolved_upper=relation["end_upper"])
    ]
    return rows, relations


def layout(rows: list[dict]) -> tuple[list[Box], list[Box], float, float]:
    """All boxes placed (in tree order), the top ones, and the drawing's width and height."""
    boxes, stack, tops = [], [], []
    for row in rows:
        box = Box(
            row["id"], row_text(row, "name")[0], row["slug"], row_text(row, "abbreviation")[0], row["classification"],
            row["depth"],
            note=row.get("note", ""),
        )  # fmt: skip
        box.lines = textwrap.wrap(box.name, CHARS_PER_LINE, break_long_words=True) or [""]
        box.height = 12 + len(box.lines) * LINE_HEIGHT + 18
        while stack and stack[-1].depth >= box.depth:
            stack.pop()
        (stack[-1].children if stack else tops).append(box)
        stack.append(box)
        boxes.append(box)
    if not boxes:
        return [], [], 0, 0
    root = tops[0] if len(tops) == 1 else None
    columns = root.children if root else tops
    levels = max((_levels(column) for column in columns), default=0)
    column_width = BOX_WIDTH + levels * INDENT
    count = min(len(columns), COLUMNS) or 1
    width = TRUNK_X + MARGIN + count * column_width + (count - 1) * COLUMN_GAP + MARGIN
    y = MARGIN
    if root:
        root.x, root.y = round((width - BOX_WIDTH) / 2), y
        y += root.height + (BAND_GAP if columns else 0)
    for start in range(0, len(columns), COLUMNS):
        bottom = y
        for index, column in enumerate(columns[start : start + COLUMNS]):
            x = TRUNK_X + MARGIN + index * (column_width + COLUMN_GAP)
            bottom = max(bottom, _stack(column, x, y, 0))
        y = bottom + BAND_GAP
    return boxes, columns if root else [], width, y - BAND_GAP + MARGIN


def _levels(box: Box) -> int:
    return max((1 + _levels(child) for child in box.children), default=0)


def _stack(box: Box, x: float, y: float, level: int) -> float:
    box.x, box.y = x + level * INDENT, y
    y += box.height
    for child in box.children:
        y = _stack(child, x, y + ROW_GAP, level + 1)
    return y


def tree_edges(boxes: list[Box], columns: list[Box]) -> list[str]:
    """SVG path data of the solid tree edges: the top box to each band's bus, down to each column's head, and
    from every stacked parent down its left side to each child."""
    paths = []
    root = next((box for box in boxes if columns and columns[0] in box.children), None)
    if root:
        centre = root.x + BOX_WIDTH / 2
        buses = {}
        for head in columns:
            bus = head.y - BAND_GAP / 2
            buses[bus] = max(buses.get(bus, centre), head.x + BOX_WIDTH / 2)
            paths.append(f"M{head.x + BOX_WIDTH / 2},{bus}V{head.y}")
        first, last = min(buses), max(buses)
        paths.append(f"M{centre},{root.y + root.height}V{first}")
        paths += [f"M{TRUNK_X},{bus}H{right}" for bus, right in buses.items()]
        if last > first:
            paths.append(f"M{TRUNK_X},{first}V{last}")
    for box in boxes:
        if box is not root:
            for child in box.children:
                paths.append(f"M{box.x + INDENT / 2},{box.y + box.height}V{child.middle}H{child.x}")
    return paths


def relation_path(subject: Box, obj: Box) -> str:
    """A curve between the nearest sides of two boxes; bulging right when they share a column."""
    if obj.x >= subject.right:
        start, end, bend = (subject.right, subject.middle), (obj.x, obj.middle), 0
    elif obj.right <= subject.x:
        start, end, bend = (subject.x, subject.middle), (obj.right, obj.middle), 0
    else:
        start, end, bend = (subject.right, subject.middle), (obj.right, obj.middle), COLUMN_GAP * 0.8
    (x1, y1), (x2, y2) = start, end
    middle = (x1 + x2) / 2
    c1, c2 = (x1 + bend, y1) if bend else (middle, y1), (x2 + bend, y2) if bend else (middle, y2)
    return f"M{x1},{y1}C{c1[0]},{c1[1]} {c2[0]},{c2[1]} {x2},{y2}"


def render_chart(rows: list[dict], relations: list[dict], *, title: str, description: str, url_of) -> SafeString:
    """The chart's SVG; `url_of(slug)` gives a box's link (relative on the page, absolute in the download)."""
    boxes, columns, width, height = layout(rows)
    if not boxes:
        return mark_safe("")
    by_id = {box.id: box for box in boxes}
    kinds = [kind for kind in BodyRelation.Kind if any(r["kind"] == kind for r in relations)]
    legend_y = height + 8
    height = legend_y + 22 * (2 + len(kinds)) + MARGIN
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="org-chart" viewBox="0 0 {} {}" width="{}" height="{}"'
            ' font-family="{}" font-size="13" aria-labelledby="chart-title" aria-describedby="chart-desc">'
            '<title id="chart-title">{}</title><desc id="chart-desc">{}</desc><defs>{}</defs>',
            width, height, width, height, FONT, title, description,
            format_html_join(
                "",
                '<marker id="arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
                ' orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{}"/></marker>',
                ((kind, RELATION_LOOK[kind][0]) for kind in kinds),
            ),
        )
    ]  # fmt: skip
    parts.append(
        format_html_join(
            "", '<path class="edge-tree" d="{}" fill="none" stroke="{}" stroke-width="1.5"/>',
            ((d, INK) for d in tree_edges(boxes, columns)),
        )
    )  # fmt: skip
    parts += [_box(box, url_of(box.slug)) for box in boxes]
    for relation in relations:
        subject, obj, kind = by_id[relation["subject_id"]], by_id[relation["object_id"]], relation["kind"]
        colour, dash = RELATION_LOOK[kind]
        label = f"{subject.name} — {BodyRelation.Kind(kind).label} — {obj.name}"
        parts.append(
            format_html(
                '<g class="edge-relation edge-{}"><title>{}</title><path d="{}" fill="none" stroke="{}"'
                ' stroke-width="2" stroke-dasharray="{}" marker-end="url(#arrow-{})"/></g>',
                kind, label, relation_path(subject, obj), colour, dash, kind,
            )
        )  # fmt: skip
    parts.append(_legend(kinds, legend_y))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html


def _box(box: Box, url: str) -> SafeString:
    kind = Classification(box.kind).label if box.kind in Classification.values else box.kind
    meta = " · ".join(str(part) for part in (box.abbreviation, kind, _("uncertain") if box.uncertain else "") if part)
    tooltip = f"{box.name}, {kind}" + (f"; {_('uncertain')}: {box.note}" if box.uncertain else "")
    name = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((box.x + 8, LINE_HEIGHT if i else 0, line) for i, line in enumerate(box.lines)),
    )
    return format_html(
        '<a class="box{}" href="{}"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" stroke="{}" stroke-width="1.5"{}/>'
        '<text y="{}" fill="{}" font-weight="600">{}</text>'
        '<text x="{}" y="{}" fill="{}" font-size="11">{}</text></a>',
        " box-uncertain" if box.uncertain else "", url, tooltip,
        box.x, box.y, box.width, box.height, "#ffffff" if box.uncertain else PANEL, LINK,
        mark_safe(' stroke-dasharray="6 4"') if box.uncertain else "",
        box.y + 20, INK, name, box.x + 8, box.y + box.height - 9, MUTED, meta,
    )  # fmt: skip


def _legend(kinds: list[str], y: float) -> SafeString:
    entries = [
        format_html(
            '<path d="M{},{}h36" stroke="{}" stroke-width="1.5"/><text x="{}" y="{}" fill="{}">{}</text>',
            MARGIN, y + 6, INK, MARGIN + 44, y + 10, INK, _("part of (the tree)"),
        ),
        format_html(
            '<rect x="{}" y="{}" width="36" height="14" rx="3" fill="#ffffff" stroke="{}" stroke-dasharray="6 4"/>'
            '<text x="{}" y="{}" fill="{}">{}</text>',
            MARGIN, y + 22, LINK, MARGIN + 44, y + 33, INK, _("existence on this date uncertain"),
        ),
    ]  # fmt: skip
    for index, kind in enumerate(kinds, start=2):
        colour, dash = RELATION_LOOK[kind]
        entries.append(
            format_html(
                '<path d="M{},{}h36" stroke="{}" stroke-width="2" stroke-dasharray="{}" marker-end="url(#arrow-{})"/>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                MARGIN, y + 6 + index * 22, colour, dash, kind, MARGIN + 44, y + 10 + index * 22, INK,
                BodyRelation.Kind(kind).label,
            )
        )  # fmt: skip
    return format_html('<g class="legend">{}</g>', mark_safe("".join(entries)))  # noqa: S308 - format_html above
