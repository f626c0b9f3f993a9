"""Every endpoint, list and detail, runs a fixed number of queries whatever the number of records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.data import populate
from tests.factories import make_body

# A list: the count for the pagination, the page, then one query per kind of related rows (prefetches).
# A detail: the record, then the same prefetches. Measured with Django's content-type cache warm.
QUERIES = {
    # bodies: page; citations; relations out; their citations; the ancestors of the page's bodies
    "bodies": 5,
    "states": 2,  # states; citations
    "people": 2,  # people; citations
    "posts": 2,  # posts with bodies and states; citations
    "memberships": 2,  # memberships with bodies, people, states and posts; citations
    # documents with adopters; statuses; their citations; clauses; their citations; citations
    "documents": 6,
    # meetings with bodies and chairs; participants; their citations; agenda items with speakers; their
    # documents, bodies, states and citations; the meetings' citations
    "meetings": 9,
    "sources": 2,  # sources with what relays them; the citations they support, with their kinds of record
}
COUNT = 1  # the pagination's count of a list


def detail_url(kind: str, made: dict) -> str:
    if kind in {"posts", "memberships"}:
        from apps.membership.models import Membership, Post

        model = Post if kind == "posts" else Membership
        return f"/api/{kind}/{model.objects.order_by('pk').last().pk}/"
    if kind == "sources":
        from apps.core.models import Source

        return f"/api/sources/{Source.objects.order_by('pk').first().pk}/"
    return f"/api/{kind}/{made[kind][-1].slug}/"


def measure(client, url: str) -> int:
    client.get(url)  # warms the content-type cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", QUERIES)
def test_each_endpoint_runs_a_fixed_number_of_queries_at_two_sizes(client, kind):
    made = populate(2)
    small = (measure(client, f"/api/{kind}/"), measure(client, detail_url(kind, made)))
    made = populate(9, source=made["root"].citations.first().source)
    large = (measure(client, f"/api/{kind}/"), measure(client, detail_url(kind, made)))
    assert small == large == (COUNT + QUERIES[kind], QUERIES[kind])


@pytest.mark.django_db
def test_a_body_deep_in_the_tree_finds_all_its_ancestors_in_one_query(client):
    made = populate(1)
    body = made["bodies"][0]
    for depth in range(5):
        body = make_body(parent=body, name=f"Group {depth}")
    # One fewer than a body with relations: without relations there are no relations' citations to fetch.
    assert measure(client, f"/api/bodies/{body.slug}/") == QUERIES["bodies"] - 1
    data = client.get(f"/api/bodies/{body.slug}/").json()
    assert [a["name"] for a in data["ancestors"]] == [
        "Organization",
        "Council 0",
        "Group 0",
        "Group 1",
        "Group 2",
        "Group 3",
    ]
    assert data["parent"]["name"] == "Group 3"
    assert data["depth"] == 7
