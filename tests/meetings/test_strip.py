"""The strip of meetings by year on /meetings/."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_body, make_meeting

pytestmark = pytest.mark.django_db


def marks(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="(mark[^"]*)" href="([^"]*)"', html)


def test_the_strip_marks_every_meeting_the_filters_keep_and_links_each(client):
    committee = make_body(name="Military Committee", slug="military-committee", founded="1990")
    council = make_body(name="Council", slug="council", founded="1990")
    make_meeting(committee, slug="mc-2021", start="2021-12-08", title="<i>Meeting</i> 2021")
    make_meeting(committee, slug="mc-2019", start="2019")
    make_meeting(council, slug="council-2020", start="2020-05-01")
    html = client.get(reverse("meetings:list")).content.decode()
    assert sorted(marks(html)) == [
        ("mark", "/meetings/council-2020/"),
        ("mark", "/meetings/mc-2021/"),
        ("mark mark-approximate", "/meetings/mc-2019/"),
    ]
    assert "&lt;i&gt;Meeting&lt;/i&gt; 2021, 8 December 2021" in html
    assert 'aria-labelledby="meeting-strip-title"' in html
    filtered = client.get(reverse("meetings:list"), {"body": "military-committee"}).content.decode()
    assert sorted(href for _css, href in marks(filtered)) == ["/meetings/mc-2019/", "/meetings/mc-2021/"]


def test_no_meetings_no_strip(client):
    assert 'id="meeting-strip-heading"' not in client.get(reverse("meetings:list")).content.decode()
