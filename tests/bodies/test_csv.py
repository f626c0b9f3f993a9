import pytest
from django.urls import reverse

from apps.bodies.views import MEMBERS_CSV_HEADER, TREE_CSV_HEADER
from tests.csvfiles import read_csv
from tests.factories import (
    build_tree,
    cite,
    make_body,
    make_membership,
    make_person,
    make_post,
    make_source,
    make_state,
)

pytestmark = pytest.mark.django_db

TREE_CSV_QUERIES = 2  # the bodies with their parents, the citations of bodies with their sources
MEMBERS_CSV_QUERIES = 4  # the body; posts; their holders and the other members; the sources of all of them


@pytest.fixture
def tree():
    root = make_body(name="Collective Security Treaty Organization", slug="csto", abbreviation="CSTO")
    cmd = make_body(parent=root, name="Council of Ministers of Defense", slug="cmd", founded="2003-04-28")
    committee = make_body(parent=cmd, name="Military Committee", slug="military-committee", founded="2022?")
    old = make_body(parent=root, name="Old Council", slug="old-council", founded="1995", dissolved="2001-05")
    make_body(parent=old, name="Old Working Group", slug="old-wg")
    cite(committee, make_source(title="TASS report", url="https://tass.example/mc"))
    cite(committee, make_source(title="BelTA report"))
    return root


def test_the_tree_as_csv_in_tree_order_with_parents_dates_as_written_and_sources(client, tree):
    header, rows = read_csv(client.get(reverse("bodies:tree-csv")))
    assert header == list(TREE_CSV_HEADER)
    assert [row["slug"] for row in rows] == ["csto", "cmd", "military-committee", "old-council", "old-wg"]
    committee = rows[2]
    assert committee["name"] == "Military Committee"
    assert committee["classification"] == "Committee"
    assert committee["parent"] == "Council of Ministers of Defense"
    assert committee["parent_slug"] == "cmd"
    assert committee["depth"] == "3"
    assert committee["founded"] == "2022?"
    assert committee["url"] == "http://testserver/bodies/military-committee/"
    assert committee["sources"] == "TASS report | BelTA report"
    assert committee["source_urls"] == "https://tass.example/mc"
    assert rows[0]["parent"] == rows[0]["parent_slug"] == ""
    assert rows[3]["dissolved"] == "2001-05"


def test_the_tree_as_csv_as_of_a_date_leaves_out_what_did_not_exist_then(client, tree):
    response = client.get(reverse("bodies:tree-csv"), {"as_of": "2000"})
    assert 'filename="csto-bodies-2000-01-01.csv"' in response["Content-Disposition"]
    _header, rows = read_csv(response)
    # The Council of Ministers of Defense was founded in 2003, taking the Military Committee with it.
    assert [row["slug"] for row in rows] == ["csto", "old-council", "old-wg"]
    _header, rows = read_csv(client.get(reverse("bodies:tree-csv"), {"as_of": "2022-06-01"}))
    assert [row["slug"] for row in rows] == ["csto", "cmd", "military-committee"]
    assert rows[2]["as_of_note"] == "founded 2022 (uncertain), exact date unknown"


def test_an_unreadable_date_is_a_400_with_the_reason(client, tree):
    response = client.get(reverse("bodies:tree-csv"), {"as_of": "2022-13-45"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_a_name_that_is_a_formula_is_neutralised(client):
    make_body(name='=HYPERLINK("http://evil.example","Click")', slug="evil", summary="+1 a summary", abbreviation="@X")
    _header, rows = read_csv(client.get(reverse("bodies:tree-csv")))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows[0]["summary"] == "'+1 a summary"
    assert rows[0]["abbreviation"] == "'@X"


def test_the_csv_is_never_rewritten_for_the_readers_date(client, tree):
    """The date-travel middleware rewrites links in HTML only: the CSV's addresses stay as written."""
    response = client.get(reverse("bodies:tree-csv"), {"as_of": "2022-06-01"})
    assert b"as_of=" not in response.content
    _header, rows = read_csv(response)
    assert rows[0]["url"] == "http://testserver/bodies/csto/"


def test_the_tree_page_links_its_csv_and_keeps_the_date(client, tree):
    page = client.get(reverse("bodies:tree")).content.decode()
    assert '<a href="/bodies/bodies.csv" type="text/csv">Download as CSV</a>' in page
    dated = client.get(reverse("bodies:tree"), {"as_of": "2022-06-01"}).content.decode()
    assert '<a href="/bodies/bodies.csv?as_of=2022-06-01" type="text/csv">Download as CSV</a>' in dated


def test_csv_addresses_cannot_be_taken_by_a_body():
    """A slug has no dot: /bodies/bodies.csv is never a body's page."""
    assert reverse("bodies:tree-csv") == "/bodies/bodies.csv"
    assert reverse("bodies:members-csv", kwargs={"slug": "csv"}) == "/bodies/csv/members.csv"


@pytest.mark.parametrize("size", [10, 120])
def test_the_tree_csv_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    root = build_tree(size=size)
    cite(root)
    for day in (None, "2022-06-01"):
        with django_assert_num_queries(TREE_CSV_QUERIES):
            response = client.get(reverse("bodies:tree-csv"), {"as_of": day} if day else {})
        assert len(read_csv(response)[1]) == size


@pytest.fixture
def staffed():
    body = make_body(name="Military Committee", slug="military-committee", founded="2003")
    belarus = make_state("Belarus", slug="belarus")
    head = make_post(body, "Head of the Military Committee", position=1)
    seat = make_post(
        body, "Member for Belarus", member_state=belarus, ex_officio="Chief of the General Staff", position=2
    )
    make_post(body, "Empty seat", position=3)
    gerasimov = make_person("Gerasimov", "Valery", slug="valery-gerasimov")
    make_membership(body, person=gerasimov, post=head, start="2012-11", sources=[])
    make_membership(body, person=make_person("Old", "Chief", slug="old-chief"), post=seat, start="2010", end="2019")
    make_membership(body, person=make_person("Volfovich", "Viktor", slug="viktor-volfovich"), post=seat, start="2021")
    make_membership(body, member_state=belarus, role="presidency", start="2022", end="2022")
    cite(body.memberships.get(person=gerasimov), make_source(title="TASS report", url="https://tass.example/g"))
    return body


def test_a_bodys_posts_and_members_as_csv(client, staffed):
    response = client.get(reverse("bodies:members-csv", kwargs={"slug": "military-committee"}))
    assert 'filename="csto-military-committee-members.csv"' in response["Content-Disposition"]
    header, rows = read_csv(response)
    assert header == list(MEMBERS_CSV_HEADER)
    found = [(row["post"], row["member"], row["status"]) for row in rows]
    assert found == [
        ("Head of the Military Committee", "Valery Gerasimov", "holder"),
        ("Member for Belarus", "Viktor Volfovich", "holder"),
        ("Member for Belarus", "Chief Old", "former"),
        ("Empty seat", "", ""),
        ("", "Belarus", "former"),  # members without a post: as the page lists them
    ]
    assert rows[4]["role"] == "Presidency"
    assert rows[4]["member_kind"] == "state"
    gerasimov = rows[0]
    assert gerasimov["member_kind"] == "person"
    assert gerasimov["member_url"] == "http://testserver/people/valery-gerasimov/"
    assert gerasimov["start"] == "2012-11"
    assert gerasimov["end"] == ""
    assert gerasimov["sources"] == "TASS report"
    assert gerasimov["source_urls"] == "https://tass.example/g"
    assert rows[1]["post_state"] == "Belarus"
    assert rows[1]["ex_officio"] == "Chief of the General Staff"


def test_a_bodys_members_as_csv_as_of_a_date(client, staffed):
    url = reverse("bodies:members-csv", kwargs={"slug": "military-committee"})
    response = client.get(url, {"as_of": "2015-06-01"})
    assert 'filename="csto-military-committee-members-2015-06-01.csv"' in response["Content-Disposition"]
    _header, rows = read_csv(response)
    found = [(row["post"], row["member"], row["status"]) for row in rows]
    assert found == [
        ("Head of the Military Committee", "Valery Gerasimov", "holder"),
        ("Member for Belarus", "Chief Old", "holder"),
        ("Empty seat", "", ""),
    ]
    assert client.get(url, {"as_of": "banana"}).status_code == 400
    assert client.get(reverse("bodies:members-csv", kwargs={"slug": "no-such-body"})).status_code == 404


def test_the_body_page_links_the_members_csv_keeping_the_date(client, staffed):
    page = client.get(staffed.get_absolute_url()).content.decode()
    assert '<a href="/bodies/military-committee/members.csv" type="text/csv">Download as CSV</a>' in page
    dated = client.get(staffed.get_absolute_url(), {"as_of": "2015-06-01"}).content.decode()
    assert 'href="/bodies/military-committee/members.csv?as_of=2015-06-01"' in dated


@pytest.mark.parametrize("size", [2, 20])
def test_the_members_csv_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    body = make_body(slug="big")
    for _n in range(size):
        post = make_post(body)
        cite(make_membership(body, post=post, start="2020", on_behalf_of=make_state()))
        cite(make_membership(body, start="2019", end="2020"))
    url = reverse("bodies:members-csv", kwargs={"slug": "big"})
    for query in ({}, {"as_of": "2020-06-01"}):
        with django_assert_num_queries(MEMBERS_CSV_QUERIES):
            response = client.get(url, query)
        assert len(read_csv(response)[1]) >= size
