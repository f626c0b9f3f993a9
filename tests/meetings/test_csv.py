import pytest
from django.urls import reverse

from apps.meetings.models import Meeting
from apps.meetings.views import MEETINGS_CSV_HEADER
from tests.csvfiles import read_csv
from tests.factories import cite, make_body, make_meeting, make_person, make_source

pytestmark = pytest.mark.django_db

MEETINGS_CSV_QUERIES = 2  # meetings with their bodies and chairs, their citations


@pytest.fixture
def meetings():
    committee = make_body(name="Military Committee", slug="military-committee")
    council = make_body(name="Collective Security Council", slug="csc")
    gerasimov = make_person("Gerasimov", "Valery", slug="valery-gerasimov")
    december = make_meeting(
        committee,
        title="Meeting of the Military Committee, 8 December 2021",
        slug="mc-2021-12-08",
        start="2021-12-08",
        format=Meeting.Format.VIDEOCONFERENCE,
        chair=gerasimov,
        body_name_as_reported="CSTO Military Council",
    )
    cite(december, make_source(title="Asia-Plus report", url="https://asiaplus.example/mc"))
    make_meeting(committee, title="Meeting of the Military Committee, 2022", slug="mc-2022", start="2022")
    make_meeting(council, title="+Session of the Council", slug="csc-2021", start="2021-11", end="2021-11?")
    return committee


def test_meetings_as_csv_newest_first(client, meetings):
    response = client.get(reverse("meetings:list-csv"))
    assert 'filename="csto-meetings.csv"' in response["Content-Disposition"]
    header, rows = read_csv(response)
    assert header == list(MEETINGS_CSV_HEADER)
    assert [row["slug"] for row in rows] == ["mc-2022", "mc-2021-12-08", "csc-2021"]
    assert rows[1] == {
        "title": "Meeting of the Military Committee, 8 December 2021",
        "slug": "mc-2021-12-08",
        "date": "2021-12-08",
        "until": "",
        "format": "videoconference",
        "body": "Military Committee",
        "body_slug": "military-committee",
        "body_url": "http://testserver/bodies/military-committee/",
        "body_name_as_reported": "CSTO Military Council",
        "place": "",
        "chair": "Valery Gerasimov",
        "chair_url": "http://testserver/people/valery-gerasimov/",
        "url": "http://testserver/meetings/mc-2021-12-08/",
        "sources": "Asia-Plus report",
        "source_urls": "https://asiaplus.example/mc",
        **{"title_ru": "", "place_ru": ""},  # not translated
    }
    assert rows[2]["title"] == "'+Session of the Council"
    assert rows[2]["until"] == "2021-11?"


def test_the_meetings_csv_honours_the_lists_filters(client, meetings):
    url = reverse("meetings:list-csv")
    _header, rows = read_csv(client.get(url, {"body": "military-committee"}))
    assert [row["slug"] for row in rows] == ["mc-2022", "mc-2021-12-08"]
    _header, rows = read_csv(client.get(url, {"body": "military-committee", "year": "2021"}))
    assert [row["slug"] for row in rows] == ["mc-2021-12-08"]
    _header, rows = read_csv(client.get(url, {"format": "videoconference"}))
    assert [row["slug"] for row in rows] == ["mc-2021-12-08"]
    refused = client.get(url, {"year": "abc"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert "Enter a year such as 2022." in refused.content.decode()


def test_the_list_links_the_csv_of_what_it_shows(client, meetings):
    page = client.get(reverse("meetings:list")).content.decode()
    assert '<a href="/meetings/meetings.csv" type="text/csv">Download as CSV</a>' in page
    page = client.get(reverse("meetings:list"), {"body": "military-committee", "year": "2021"}).content.decode()
    assert 'href="/meetings/meetings.csv?body=military-committee&amp;year=2021"' in page


@pytest.mark.parametrize("size", [2, 30])
def test_the_meetings_csv_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    body = make_body()
    for _n in range(size):
        cite(make_meeting(body, chair=make_person()))
    with django_assert_num_queries(MEETINGS_CSV_QUERIES):
        assert len(read_csv(client.get(reverse("meetings:list-csv")))[1]) == size  # not paginated
