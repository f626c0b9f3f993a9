from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains

from apps.bodies import services
from apps.bodies.models import Body
from apps.membership.models import Person
from apps.wiki.links import render_wiki_text

pytestmark = pytest.mark.django_db


def test_wiki_links_go_to_records_by_name_or_alias_and_missing_ones_invite_creation(dataset):
    html = str(
        render_wiki_text("See [[Military Committee]], the [[CSTO Military Council|council]] and [[Nowhere Body]].")
    )
    assert '<a href="/bodies/military-committee/" class="wiki-link"' in html
    assert ">council</a>" in html
    assert 'class="missing-link"' in html and "/wiki/body/new/?name=Nowhere+Body" in html


def test_what_links_here_lists_pages_whose_text_links_to_the_record(client, dataset):
    joint_staff = Body.objects.get(slug="joint-staff")
    services.body_update(body=joint_staff, description="Works with the [[Military Council]] daily.")
    response = client.get("/bodies/military-committee/")
    assertContains(response, '<a href="/bodies/joint-staff/">Joint Staff</a>', html=True)


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<a href='javascript:alert(1)'>y</a>",
    "[[<script>alert(1)</script>]]",
    '[[x" onmouseover="alert(1)]]',
    "<svg/onload=alert(1)>",
]


@pytest.mark.parametrize("payload", XSS)
def test_payloads_in_markdown_fields_and_names_render_inert(client, dataset, payload):
    person = Person.objects.get(slug="anatoly-sidorov")
    Person.objects.filter(pk=person.pk).update(biography=f"Text {payload} more", summary=payload)
    body = Body.objects.get(slug="joint-staff")
    Body.objects.filter(pk=body.pk).update(name=f"Joint Staff {payload}", description=payload)
    for url in ["/people/anatoly-sidorov/", "/bodies/joint-staff/", "/bodies/", "/people/", "/changes/"]:
        page = ActiveContent()
        page.feed(client.get(url).content.decode())
        assert page.found == [], (url, page.found)


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script elements, event handlers, javascript: and data: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")


@pytest.mark.parametrize("count", [1, 30])
def test_a_page_resolves_all_its_wiki_links_in_one_query(client, django_assert_num_queries, dataset, count):
    from apps.meetings.models import AgendaItem, Meeting
    from tests.budgets import INLINE_CITATIONS, MEETING_PAGE

    meeting = Meeting.objects.get(slug="military-committee-2021-12-08-videoconference")
    AgendaItem.objects.filter(meeting=meeting).delete()
    for n in range(count):
        AgendaItem.objects.create(meeting=meeting, order=n, title=f"Item {n}", discussion=f"See [[Joint Staff]] {n}.")
    client.get(meeting.get_absolute_url())  # warm caches
    # The meeting page (its summary cites inline), plus one lookup for all links.
    with django_assert_num_queries(MEETING_PAGE + INLINE_CITATIONS + 1):
        response = client.get(meeting.get_absolute_url())
    assert response.content.decode().count('href="/bodies/joint-staff/" class="wiki-link"') == count


# The private-use characters the old link middleware took for link markers.
MARKERS = "\ue010Military Committee\ue011lbl\ue012"


def test_characters_that_once_marked_links_cannot_forge_one_in_a_reflected_page(client, dataset):
    response = client.get("/search/", {"go": "0", "q": MARKERS})
    html = response.content.decode()
    assert 'value="\ue010Military Committee\ue011lbl\ue012"' in html  # shown back as typed, escaped
    assert 'href="/bodies/military-committee/" class="wiki-link"' not in html
    tree = client.get("/bodies/", {"as_of": MARKERS}).content.decode()
    assert "wiki-link" not in tree


def test_a_name_with_those_characters_survives_another_editors_save(client, dataset):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from apps.wiki.services import EDITORS

    body = Body.objects.get(slug="joint-staff")
    services.body_update(body=body, name=f"Marker test {MARKERS}")
    editor = get_user_model().objects.create_user("second", "s@example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    page = client.get("/bodies/joint-staff/edit/")
    form = page.context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data |= {
        "abbreviation": "JS",
        "wiki-summary": "abbreviation",
        "wiki-base_version": page.context["meta"]["base_version"].value(),
    }
    assert client.post("/bodies/joint-staff/edit/", data).status_code == 302
    body = Body.objects.get(pk=body.pk)
    assert (body.name, body.abbreviation) == (f"Marker test {MARKERS}", "JS")
