"""The organization chart: what it contains on a date, how it is drawn, and what it costs."""

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from apps.bodies.chart import chart_data, layout
from apps.bodies.models import Body, BodyRelation
from tests.budgets import BODY_CHART
from tests.factories import build_tree, make_body

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def structure():
    root = make_body(name="Collective Security Treaty Organization", slug="csto", abbreviation="CSTO", founded="2002")
    cmd = make_body(parent=root, name="Council of Ministers of Defense", slug="cmd", founded="2003-04-28")
    committee = make_body(parent=cmd, name="Military Committee", slug="military-committee", founded="2012?")
    cfm = make_body(parent=root, name="Council of Foreign Ministers", slug="cfm", founded="2002-10-07")
    make_body(parent=root, name="Old Working Group", slug="old-group", founded="2002", dissolved="2005")
    BodyRelation.objects.create(subject=committee, object=cfm, kind=BodyRelation.Kind.GENERAL_MANAGEMENT)
    return root


def chart_svg(client, as_of: str) -> ET.Element:
    response = client.get(reverse("bodies:chart-svg"), {"as_of": as_of})
    assert response.status_code == 200
    return parse_svg(response.content)


def parse_svg(content: bytes) -> ET.Element:
    """Well-formed XML, or this raises (the file is our own response, hence the plain parser)."""
    return ET.fromstring(content)  # noqa: S314


def box_links(svg: ET.Element) -> list[str]:
    return [a.get("href") for a in svg.iter(f"{SVG}a") if "box" in a.get("class", "").split()]


def test_the_chart_on_a_date_has_each_body_that_existed_once_and_no_other(client, structure):
    svg = chart_svg(client, "2004-01-01")
    slugs = [href.rstrip("/").rsplit("/", 1)[-1] for href in box_links(svg)]
    assert sorted(slugs) == ["cfm", "cmd", "csto", "old-group"]  # the committee was not yet founded
    later = [href.rstrip("/").rsplit("/", 1)[-1] for href in box_links(chart_svg(client, "2020-01-01"))]
    assert sorted(later) == ["cfm", "cmd", "csto", "military-committee"]  # the group was dissolved


def test_uncertain_existence_is_drawn_dashed_and_said_in_words(client, structure):
    response = client.get(reverse("bodies:chart"), {"as_of": "2012-06-01"})
    html = response.content.decode()
    # On a dated page the links keep the date (apps.core.middleware's AsOfLinksMiddleware).
    box = re.search(r'<a class="[^"]*" href="/bodies/military-committee/\?as_of=2012-06-01">.*?</a>', html).group(0)
    assert 'class="box box-uncertain"' in box
    assert 'stroke-dasharray="6 4"' in box
    assert "uncertain: founded 2012 (uncertain), exact date unknown" in box  # the <title>
    assert "Committee · uncertain" in box  # and visibly, not by the dashes alone
    assert 'class="box" href="/bodies/cmd/?as_of=2012-06-01"' in html


def test_relation_edges_match_the_data_and_the_legend_names_them(client, structure):
    svg = chart_svg(client, "2020-01-01")
    edges = [g for g in svg.iter(f"{SVG}g") if "edge-relation" in g.get("class", "")]
    assert [g.find(f"{SVG}title").text for g in edges] == [
        "Military Committee — under the general management of — Council of Foreign Ministers"
    ]
    path = edges[0].find(f"{SVG}path")
    assert path.get("stroke-dasharray") and path.get("marker-end") == "url(#arrow-general_management)"
    assert svg.find(f".//{SVG}marker[@id='arrow-general_management']") is not None
    legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend")
    assert "under the general management of" in [t.text for t in legend.iter(f"{SVG}text")]
    # Before the committee existed, its relation is not drawn either (nor named in the legend).
    early = chart_svg(client, "2004-01-01")
    assert not [g for g in early.iter(f"{SVG}g") if "edge-relation" in g.get("class", "")]


def test_boxes_link_to_the_body_pages_and_the_page_has_a_text_alternative(client, structure):
    response = client.get(reverse("bodies:chart"), {"as_of": "2020-01-01"})
    html = response.content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    for slug in ("csto", "cmd", "military-committee", "cfm"):
        assert f'href="/bodies/{slug}/?as_of=2020-01-01"' in chart  # the date travels
    assert '<title id="chart-title">Organization chart of the CSTO on 1 January 2020</title>' in chart
    assert 'aria-labelledby="chart-title"' in chart and '<desc id="chart-desc">' in chart
    assert " style=" not in chart  # the strict CSP refuses inline styles
    listing = html[html.index('id="chart-list-heading"') :]
    assert '<a href="/bodies/military-committee/?as_of=2020-01-01">Military Committee</a>' in listing
    assert "under the general management of" in listing
    assert 'href="/bodies/chart.svg?as_of=2020-01-01"' in html


def test_the_download_is_an_svg_file_with_absolute_links(client, structure):
    response = client.get(reverse("bodies:chart-svg"), {"as_of": "2020-01-01"})
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="csto-chart-2020-01-01.svg"'
    svg = parse_svg(response.content)
    assert svg.tag == f"{SVG}svg"
    assert "http://testserver/bodies/cfm/" in box_links(svg)


def test_an_invalid_date_is_refused_on_both_addresses(client, structure):
    assert client.get(reverse("bodies:chart"), {"as_of": "2022-02-30"}).status_code == 400
    assert client.get(reverse("bodies:chart-svg"), {"as_of": "2022-02-30"}).status_code == 400


def test_hostile_names_are_escaped(client):
    make_body(name="<script>alert(1)</script>", slug="hostile", abbreviation='"><b>x')
    response = client.get(reverse("bodies:chart"))
    html = response.content.decode()
    assert "<script>alert" not in html and '"><b>x' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    parse_svg(client.get(reverse("bodies:chart-svg")).content)


def test_a_body_cannot_take_the_charts_address():
    from django.core.exceptions import ValidationError

    body = make_body(name="Chart")
    assert body.slug != "chart"
    body.slug = "chart"
    with pytest.raises(ValidationError):
        body.full_clean()


def overlaps(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


@pytest.mark.parametrize("size", [12, 300])
def test_a_big_tree_lays_out_without_overlapping_boxes_in_fixed_queries(client, django_assert_num_queries, size):
    build_tree(size=size, fanout=3)
    bodies = list(Body.objects.all())
    for subject, obj in zip(bodies[::7], bodies[3::7], strict=False):
        BodyRelation.objects.create(subject=subject, object=obj, kind=BodyRelation.Kind.REPORTS_TO)
    with django_assert_num_queries(BODY_CHART):
        response = client.get(reverse("bodies:chart"))
    assert response.status_code == 200
    with django_assert_num_queries(BODY_CHART):
        client.get(reverse("bodies:chart-svg"))
    rows, _relations = chart_data(dt.date.today())
    boxes, _columns, width, height = layout(rows)
    assert len(boxes) == size
    for a, b in itertools.combinations(boxes, 2):
        assert not overlaps(a, b), (a.name, b.name)
    assert all(box.x >= 0 and box.x + box.width <= width and box.y + box.height <= height for box in boxes)
