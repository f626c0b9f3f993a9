"""The home page orients: the whole structure, the latest meetings, recent changes and a search box."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import make_body, make_meeting

pytestmark = pytest.mark.django_db


def test_home_shows_the_whole_tree_latest_meetings_recent_changes_and_a_search_box(client, dataset):
    response = client.get(reverse("site:home"))
    assertContains(response, '<a href="/bodies/military-committee/">Military Committee</a>', html=True)
    assertContains(response, '<h2 id="home-meetings-heading">Latest meetings</h2>', html=True)
    assertContains(response, "/meetings/")
    assertContains(response, '<h2 id="home-changes-heading">Recent changes</h2>', html=True)
    assertContains(response, '<input type="search" id="home-search-q" name="q" maxlength="200">', html=True)


def test_an_empty_wiki_home_says_so(client):
    make_body(name="CSTO", slug="csto")
    response = client.get(reverse("site:home"))
    assertContains(response, "<p>No meetings recorded yet.</p>", html=True)


@pytest.mark.parametrize("size", [1, 40])
def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    root = make_body(name="CSTO", slug="csto")
    parent = root
    for n in range(size):  # a deep tree: every level is shown
        parent = make_body(parent=parent if n % 2 else root, name=f"Body {n}", slug=f"body-{n}")
        make_meeting(parent, title=f"Meeting {n}", start="2021")
    # the root, the tree, the latest meetings, recent changes (none: the factories open no revision)
    with django_assert_num_queries(4):
        response = client.get(reverse("site:home"))
    assertContains(response, f"Body {size - 1}")
