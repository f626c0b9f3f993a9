import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from apps.meetings.models import AgendaItem, Meeting, Participation
from tests.budgets import MEETING_PAGE, MEETING_STRIP
from tests.factories import cite, make_body, make_meeting, make_person, make_state

pytestmark = pytest.mark.django_db

SLUG = "military-committee-2021-12-08-videoconference"


def test_the_december_2021_videoconference_as_the_article_reports_it(client, dataset):
    response = client.get(reverse("meetings:detail", kwargs={"slug": SLUG}))
    assertContains(response, '<a href="/bodies/military-committee/">Military Committee</a>')
    assertContains(response, "reported as “CSTO Military Council”")
    assertContains(response, '<time datetime="2021-12-08">8 December 2021</time>', html=True)
    assertContains(response, "“Wednesday&#x27;s meeting”")
    assertContains(response, "<dd>Videoconference</dd>", html=True)
    for state in ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Russia"]:
        assertContains(response, f'<a href="/states/{state.lower()}/">{state}</a>', html=True)
    assertContains(response, "Tohir Khairulloyev")
    content = response.content.decode()
    items = [
        "Military infrastructure in Tajikistan for deploying",
        "Further development of the collective air force",
        "military potential for UN peacekeeping",
    ]
    assert content.index(items[0]) < content.index(items[1]) < content.index(items[2])
    assertContains(
        response, "Known through: Russia-led security bloc to improve Tajikistan&#x27;s military infrastructure"
    )
    assertContains(response, "BelTA report of the CSTO Military Council videoconference")
    assertContains(response, '<a href="/bodies/joint-staff/">Joint Staff</a>', html=True)


def test_every_agenda_item_and_participation_of_the_dataset_is_cited(dataset):
    meeting = Meeting.objects.get(slug=SLUG)
    assert meeting.citations.exists()
    for item in meeting.agenda_items.all():
        assert item.citations.exists(), item
    for participation in meeting.participations.all():
        assert participation.citations.exists(), participation
    tass_item = meeting.agenda_items.get(title__startswith="Military infrastructure")
    assert {c.source.publisher for c in tass_item.citations.all()} == {"TASS", "Asia-Plus (Dushanbe)"}


def test_body_person_and_state_pages_link_the_meeting(client, dataset):
    url = reverse("meetings:detail", kwargs={"slug": SLUG})
    for page in ["/bodies/military-committee/", "/people/anatoly-sidorov/", "/states/kyrgyzstan/"]:
        assertContains(client.get(page), f'href="{url}"')
    assertContains(client.get("/bodies/military-committee/"), 'href="/meetings/?body=military-committee"')


@pytest.fixture
def many_meetings():
    committee = make_body(name="Committee", slug="committee", founded="1990")
    council = make_body(name="Council", slug="council", founded="1990")
    for n in range(45):
        make_meeting(
            committee if n % 3 else council,
            start=f"{2000 + n % 20}-0{1 + n % 9}",
            format="videoconference" if n % 2 else "in_person",
        )
    return committee


def test_list_is_newest_first_and_paginated(client, many_meetings):
    response = client.get(reverse("meetings:list"))
    dates = [m.start_lower for m in response.context["meetings"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 20
    assertContains(response, "Page 1 of 3")
    assertContains(response, 'href="?page=2"')


def test_filters_are_shareable_links_that_combine(client, many_meetings):
    response = client.get(reverse("meetings:list"), {"body": "committee", "format": "videoconference"})
    meetings = list(response.context["paginator"].object_list)
    assert meetings and all(m.body.slug == "committee" and m.format == "videoconference" for m in meetings)
    assertContains(response, 'href="?body=committee&amp;format=videoconference&amp;year=2019"')
    response = client.get(reverse("meetings:list"), {"year": "2019"})
    assert all(m.start_lower.year == 2019 for m in response.context["paginator"].object_list)


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1492"}, {"format": "telepathy"}, {"page": "99"}])
def test_bad_filters_get_a_clear_answer_not_a_500(client, many_meetings, query):
    response = client.get(reverse("meetings:list"), query)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assertContains(response, 'role="alert"', status_code=400)


def grow(count: int) -> Meeting:
    body = make_body(name="Committee", founded="1990")
    meeting = make_meeting(body, slug="big")
    cite(meeting)
    state = make_state("Armenia")
    for n in range(count):
        participation = Participation.objects.create(
            meeting=meeting, person=make_person(), capacity=f"Capacity {n}", on_behalf_of=state
        )
        cite(participation)
        item = AgendaItem.objects.create(meeting=meeting, order=n, title=f"Item {n}", outcome="Done.")
        item.bodies.add(body)
        item.states.add(state)
        cite(item)
    return meeting


@pytest.mark.parametrize("count", [1, 100])
def test_meeting_page_queries_do_not_grow_with_participants_and_items(client, django_assert_num_queries, count):
    meeting = grow(count)
    # the meeting (with body and chair), then one query per prefetched relation: participations, agenda items
    # with their documents, bodies and states, and the sources of all of them in one query
    with django_assert_num_queries(MEETING_PAGE):
        response = client.get(meeting.get_absolute_url())
    assert response.content.decode().count("Capacity ") == count


@pytest.mark.parametrize("count", [5, 60])
def test_list_page_queries_are_fixed_per_page(client, django_assert_num_queries, count):
    body = make_body(name="Committee", founded="1990")
    for _ in range(count):
        make_meeting(body)
    with django_assert_num_queries(4 + MEETING_STRIP):
        response = client.get(reverse("meetings:list"))
    assert response.content.decode().count('class="mark') == count  # the strip marks all, the list pages
