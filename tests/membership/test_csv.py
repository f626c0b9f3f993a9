import pytest
from django.urls import reverse

from apps.membership.views import PEOPLE_CSV_HEADER, SEATS_CSV_HEADER, STATES_CSV_HEADER
from tests.csvfiles import read_csv
from tests.factories import cite, make_body, make_membership, make_person, make_post, make_source, make_state

pytestmark = pytest.mark.django_db

STATES_CSV_QUERIES = 3  # states, their citations, their seats with bodies
PEOPLE_CSV_QUERIES = 2  # people, their citations
SEATS_CSV_QUERIES = 3  # the state, its memberships with bodies, posts and members, their citations


@pytest.fixture
def belarus():
    body = make_body(name="Military Committee", slug="military-committee")
    state = make_state("Belarus", slug="belarus", official_name="Republic of Belarus", iso_code="BY", joined="1992-05")
    seat = make_post(body, "Member for Belarus", member_state=state)
    make_membership(
        body,
        person=make_person("Volfovich", "Viktor", slug="viktor-volfovich"),
        post=seat,
        on_behalf_of=state,
        start="2021-01",
    )
    make_membership(
        body,
        person=make_person("Old", "Chief", slug="old-chief"),
        post=seat,
        on_behalf_of=state,
        start="2010",
        end="2019",
    )
    make_membership(body, member_state=state, role="presidency", start="2022", end="2022")
    cite(state, make_source(title="Charter", url="https://csto.example/charter"))
    return state


def test_states_as_csv(client, belarus):
    make_state("Armenia", slug="armenia")
    response = client.get(reverse("membership:member-state-list-csv"))
    assert 'filename="csto-member-states.csv"' in response["Content-Disposition"]
    header, rows = read_csv(response)
    assert header == list(STATES_CSV_HEADER)
    assert [row["name"] for row in rows] == ["Armenia", "Belarus"]
    assert rows[1] == {
        "name": "Belarus",
        "slug": "belarus",
        "official_name": "Republic of Belarus",
        "iso_code": "BY",
        "member_since": "1992-05",
        "member_until": "",
        "summary": "",
        "url": "http://testserver/states/belarus/",
        "sits_in": "Military Committee",
        "sources": "Charter",
        "source_urls": "https://csto.example/charter",
        **{"name_ru": "", "official_name_ru": "", "summary_ru": ""},  # not translated
    }


def test_people_as_csv_with_formulas_neutralised(client):
    make_person("Gerasimov", "Valery", patronymic="Vasilyevich", honorific_prefix="General of the Army", slug="vg")
    make_person("=cmd|' /C calc'!A0", "-Evil", slug="evil")
    header, rows = read_csv(client.get(reverse("membership:person-list-csv")))
    assert header == list(PEOPLE_CSV_HEADER)
    assert [row["family_name"] for row in rows] == ["'=cmd|' /C calc'!A0", "Gerasimov"]
    assert rows[0]["given_name"] == "'-Evil"
    assert rows[1]["name"] == "Valery Gerasimov"
    assert rows[1]["patronymic"] == "Vasilyevich"
    assert rows[1]["rank_or_honorific"] == "General of the Army"
    assert rows[1]["url"] == "http://testserver/people/vg/"


def test_a_states_seats_as_csv_today_and_as_of_a_date(client, belarus):
    url = reverse("membership:member-state-seats-csv", kwargs={"slug": "belarus"})
    response = client.get(url)
    assert 'filename="csto-belarus-seats.csv"' in response["Content-Disposition"]
    header, rows = read_csv(response)
    assert header == list(SEATS_CSV_HEADER)
    assert {(row["member"], row["role"], row["start"], row["end"]) for row in rows} == {
        ("Viktor Volfovich", "Member", "2021-01", ""),
        ("Chief Old", "Member", "2010", "2019"),
        ("Belarus", "Presidency", "2022", "2022"),
    }
    volfovich = next(row for row in rows if row["member"] == "Viktor Volfovich")
    assert volfovich["body_url"] == "http://testserver/bodies/military-committee/"
    assert volfovich["member_url"] == "http://testserver/people/viktor-volfovich/"
    assert volfovich["on_behalf_of"] == "Belarus"
    assert volfovich["post"] == "Member for Belarus"

    response = client.get(url, {"as_of": "2015"})
    assert 'filename="csto-belarus-seats-2015-01-01.csv"' in response["Content-Disposition"]
    _header, rows = read_csv(response)
    assert [row["member"] for row in rows] == ["Chief Old"]
    _header, rows = read_csv(client.get(url, {"as_of": "2021"}))
    assert [(row["member"], row["as_of_note"]) for row in rows] == [
        ("Viktor Volfovich", "started January 2021, exact date unknown")
    ]
    assert client.get(url, {"as_of": "2021-02-30"}).status_code == 400
    assert client.get(reverse("membership:member-state-seats-csv", kwargs={"slug": "nowhere"})).status_code == 404


def test_list_and_state_pages_link_their_csv(client, belarus):
    assert 'href="/states/states.csv"' in client.get(reverse("membership:member-state-list")).content.decode()
    assert 'href="/people/people.csv"' in client.get(reverse("membership:person-list")).content.decode()
    page = client.get(belarus.get_absolute_url(), {"as_of": "2015-06-01"}).content.decode()
    assert 'href="/states/belarus/seats.csv?as_of=2015-06-01"' in page


@pytest.mark.parametrize("size", [2, 20])
def test_membership_csvs_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    body = make_body()
    states = [make_state() for _n in range(size)]
    for state in states:
        cite(state)
        cite(make_person())
        cite(make_membership(body, post=make_post(body, member_state=state), on_behalf_of=states[0], start="2020"))
    with django_assert_num_queries(STATES_CSV_QUERIES):
        assert len(read_csv(client.get(reverse("membership:member-state-list-csv")))[1]) == size
    with django_assert_num_queries(PEOPLE_CSV_QUERIES):
        assert len(read_csv(client.get(reverse("membership:person-list-csv")))[1]) == 2 * size
    url = reverse("membership:member-state-seats-csv", kwargs={"slug": states[0].slug})
    for query in ({}, {"as_of": "2021"}):
        with django_assert_num_queries(SEATS_CSV_QUERIES):
            assert len(read_csv(client.get(url, query))[1]) == size
