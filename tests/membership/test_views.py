import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apps.membership.models import Role
from tests.budgets import BODY_PAGE_WITH_HOLDINGS, LAST_EDITED, WHAT_LINKS_HERE
from tests.factories import cite, make_body, make_membership, make_person, make_post, make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    root = make_body(name="CSTO", slug="csto")
    committee = make_body(parent=root, name="Military Committee", slug="military-committee", founded="2003")
    belarus = make_state("Belarus", slug="belarus")
    armenia = make_state("Armenia", slug="armenia")
    seat = make_post(
        committee,
        "Member for Belarus",
        member_state=belarus,
        ex_officio="Chief of the General Staff of the Armed Forces of Belarus",
    )
    old = make_person("Volfovich", "Viktor", slug="viktor-volfovich")
    new = make_person("Sidorov", "Anatoly", slug="anatoly-sidorov", honorific_prefix="Colonel-General")
    make_membership(committee, post=seat, person=old, on_behalf_of=belarus, start="2015", end="2020-01-20")
    cite(make_membership(committee, post=seat, person=new, on_behalf_of=belarus, start="2020-01-20"))
    make_membership(root, member_state=armenia, role=Role.PRESIDENCY, start="2022", end="2022")
    return {"committee": committee, "belarus": belarus, "armenia": armenia, "old": old, "new": new}


def test_body_page_shows_holders_now_and_before_and_the_ex_officio_office(client, world):
    response = client.get(world["committee"].get_absolute_url())
    assertContains(response, "ex officio: Chief of the General Staff of the Armed Forces of Belarus")
    assertContains(response, '<span class="rank">Colonel-General</span> Anatoly Sidorov', html=False)
    assertContains(response, "since 20 January 2020")
    assertContains(response, "Viktor Volfovich</a> for Belarus")
    assertContains(response, "– 2015 – 20 January 2020</li>")


def test_body_page_as_of_a_past_day_shows_who_sat_then(client, world):
    response = client.get(world["committee"].get_absolute_url(), {"as_of": "2018-06-01"})
    assertContains(response, "Showing the wiki as of 1 June 2018")
    assertContains(response, "Viktor Volfovich")
    html = response.content.decode()
    members = html[html.index('aria-labelledby="members-heading"') : html.index('id="seat-timeline-heading"')]
    assert "Anatoly Sidorov" not in members
    # The seat timeline draws the seat's whole history, the later holder too, with a line at the date shown.
    assert "as of 1 June 2018" in html[html.index('id="seat-timeline-heading"') :]
    back = f'<a href="{world["committee"].get_absolute_url()}" data-undated>back to today</a>'
    assertContains(response, back, html=True)


def test_body_page_as_of_an_uncertain_day_says_so(client, world):
    response = client.get(world["committee"].get_absolute_url(), {"as_of": "2015-03-01"})
    assertContains(response, "started 2015, exact date unknown")


@pytest.mark.parametrize("value", ["2022-13-45", "yesterday", "2022-02-30", "0001-01-01"])
def test_an_invalid_as_of_gets_a_clear_message_not_a_500(client, world, value):
    for url in [reverse("bodies:tree"), world["committee"].get_absolute_url()]:
        response = client.get(url, {"as_of": value})
        assert response.status_code == 400
        assertContains(response, 'role="alert"', status_code=400)
        assertContains(response, f'value="{value}"', status_code=400)  # what was typed is kept


def test_tree_as_of_leaves_out_bodies_not_yet_founded_with_their_sub_bodies(client, world):
    young = make_body(parent=world["committee"], name="Young Group", founded="2021")
    make_body(parent=young, name="Younger Still")
    response = client.get(reverse("bodies:tree"), {"as_of": "2010-01-01"})
    assertContains(response, "Military Committee")
    assertNotContains(response, "Young Group")
    assertNotContains(response, "Younger Still")
    response = client.get(reverse("bodies:tree"), {"as_of": "2003-06-01"})
    assertContains(response, "founded 2003, exact date unknown")
    assertNotContains(response, "Young Group")
    assertContains(client.get(reverse("bodies:tree")), "Younger Still")  # today's view has them all


def test_state_page_shows_seats_through_whom_and_presidencies(client, world):
    response = client.get(world["belarus"].get_absolute_url())
    assertContains(response, "<h1>Belarus</h1>", html=True)
    assertContains(response, "Member for Belarus")
    assertContains(response, "Viktor Volfovich")
    response = client.get(world["armenia"].get_absolute_url())
    assertContains(response, "Presidency of the CSTO: 2022")


def test_people_list_is_sorted_by_family_name_with_rank(client, world):
    response = client.get(reverse("membership:person-list"))
    content = response.content.decode()
    assert content.index("Sidorov, Anatoly") < content.index("Volfovich, Viktor")
    assertContains(response, '<span class="rank">Colonel-General</span>', html=True)


def test_person_page_shows_posts_with_body_state_dates_and_sources(client, world):
    response = client.get(world["new"].get_absolute_url())
    assertContains(response, "<title>Anatoly Sidorov – CSTO Wiki</title>", html=True)
    assertContains(response, '<a href="/bodies/military-committee/">Military Committee</a>', html=True)
    assertContains(response, '<a href="/states/belarus/">Belarus</a>', html=True)
    assertContains(response, "<cite>Source", html=False)


def test_unknown_state_and_person_are_404(client, world):
    assert client.get("/states/atlantis/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404


def grow(size: int) -> dict:
    """A committee, a state and a person with `size` memberships each, every one cited."""
    committee = make_body(name="Committee", slug="committee", founded="1990")
    state = make_state("Kazakhstan", slug="kazakhstan")
    person = make_person("Holder", slug="holder")
    for n in range(size):
        seat = make_post(committee, f"Seat {n}", member_state=state, single_seat=False)
        cite(make_membership(committee, post=seat, person=person, on_behalf_of=state, start=f"{1991 + n % 30}"))
    return {"body": committee, "state": state, "person": person}


PAGE_QUERIES = {
    "body": BODY_PAGE_WITH_HOLDINGS,
    "state": 6 + WHAT_LINKS_HERE + LAST_EDITED,  # with its memberships of the organization, for the infobox
    "person": 5 + WHAT_LINKS_HERE + LAST_EDITED,
}


@pytest.mark.parametrize("size", [1, 200])
@pytest.mark.parametrize("page", ["body", "state", "person"])
def test_member_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, size, page):
    record = grow(size)[page]
    with django_assert_num_queries(PAGE_QUERIES[page]):
        response = client.get(record.get_absolute_url())
    assert response.content.decode().count("Seat ") >= size
    # As of a date (the state and person pages show it too since issue 19): the same queries, filtered.
    with django_assert_num_queries(PAGE_QUERIES[page]):
        response = client.get(record.get_absolute_url(), {"as_of": "2000-01-01"})
    assert response.status_code == 200
    assert "Seat 0" in response.content.decode()  # begun 1991


def test_a_dissolved_body_still_lists_its_former_holders_today(client):
    from apps.membership.models import Post
    from apps.membership.services import membership_create

    body = make_body(name="Old Council", slug="old-council", founded="1995", dissolved="2005")
    post = Post.objects.create(body=body, label="Chair", single_seat=True)
    membership_create(
        body=body, person=make_person("Ivanov", "Ivan", slug="ivan-ivanov"), post=post, start="1996", end="2004"
    )
    html = client.get(reverse("bodies:detail", kwargs={"slug": "old-council"})).content.decode()
    members = html[html.index('id="members-heading"') :]
    assert "Ivan Ivanov" in members[: members.index("</section>")]


def test_the_sources_list_names_the_sources_of_the_holdings_the_page_shows_only(client):
    from apps.membership.models import Post
    from apps.membership.services import membership_create
    from tests.factories import make_source

    body = make_body(name="Council", slug="council", founded="1990")
    post = Post.objects.create(body=body, label="Chair", single_seat=True)
    report = make_source(title="Report on the first chair")
    membership_create(
        body=body, person=make_person("First", "A"), post=post, start="1995", end="2005", sources=[report]
    )
    url = reverse("bodies:detail", kwargs={"slug": "council"})
    assert "Report on the first chair" in client.get(url).content.decode()  # a former holder, shown today
    html = client.get(url, {"as_of": "2020-01-01"}).content.decode()
    assert "Report on the first chair" not in html[html.index('id="sources-heading"') :]


def test_state_page_as_of_a_date_shows_the_memberships_of_that_day(client, world):
    url = world["belarus"].get_absolute_url()
    response = client.get(url, {"as_of": "2018"})
    assertContains(response, "Showing the wiki as of 2018 (1 January 2018)")
    assertContains(response, "Memberships of Belarus and of people sitting for it on 1 January 2018")
    assertContains(response, "Viktor Volfovich")
    assertNotContains(response, "Anatoly Sidorov")
    today = client.get(url)
    assertContains(today, "Viktor Volfovich")
    assertContains(today, "Anatoly Sidorov")
    assertNotContains(today, "Showing the wiki as of")


def test_state_page_as_of_an_uncertain_day_says_so(client, world):
    response = client.get(world["belarus"].get_absolute_url(), {"as_of": "2015-03"})
    assertContains(response, "started 2015, exact date unknown")


def test_person_page_as_of_a_date_shows_the_posts_held_that_day(client, world):
    url = world["old"].get_absolute_url()
    assertContains(client.get(url, {"as_of": "2019-06-01"}), "Posts held by Viktor Volfovich on 1 June 2019")
    response = client.get(url, {"as_of": "2021"})
    assertContains(response, "<p>No post is recorded for that date.</p>", html=True)
    assertContains(client.get(url), "Military Committee")


@pytest.mark.parametrize("page", ["belarus", "old"])
def test_state_and_person_pages_refuse_an_impossible_date_beside_the_box(client, world, page):
    response = client.get(world[page].get_absolute_url(), {"as_of": "2022-13-45"})
    assert response.status_code == 400
    assertContains(response, 'id="as-of-error"', status_code=400)
    assertContains(response, "Viktor Volfovich", status_code=400)  # the page is still there, as of today


def test_states_list_names_what_each_state_sits_in_not_a_count(client, world):
    response = client.get(reverse("membership:member-state-list"))
    assertNotContains(response, "seat)")
    assertContains(
        response,
        '<li><a href="/states/belarus/">Belarus</a>; sits in '
        '<a href="/bodies/military-committee/">Military Committee</a></li>',
        html=True,
    )
    assertContains(response, '<li><a href="/states/armenia/">Armenia</a></li>', html=True)


@pytest.mark.parametrize("size", [1, 30])
def test_states_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    body = make_body(name="Council", slug="council")
    for n in range(size):
        make_post(body, f"Member for {n}", member_state=make_state(f"State {n}", slug=f"state-{n}"))
    with django_assert_num_queries(3):  # the states, their memberships of the organization, their seats
        response = client.get(reverse("membership:member-state-list"))
    assert response.content.decode().count("sits in") == size


def test_a_state_without_a_lead_has_no_empty_column_beside_its_infobox(client, world):
    # The infobox comes first and the sections flow beside it: without a lead, no empty paragraph is left.
    html = client.get(world["armenia"].get_absolute_url()).content.decode()
    assert '<p class="summary">' not in html
    assert html.index('<aside class="infobox"') < html.index('<section aria-labelledby="presidency-heading">')
    world["belarus"].summary = "A founding member."
    world["belarus"].save()
    html = client.get(world["belarus"].get_absolute_url()).content.decode()
    assert html.index('<aside class="infobox"') < html.index('<p class="summary">A founding member.</p>')
