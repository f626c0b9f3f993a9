import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apps.bodies.models import Body, BodyRelation
from tests.budgets import BODY_PAGE
from tests.factories import build_tree, cite, make_body, make_source

pytestmark = pytest.mark.django_db

TREE_PAGE_QUERIES = 1


@pytest.fixture
def small_tree():
    root = make_body(name="Collective Security Treaty Organization", slug="csto", abbreviation="CSTO")
    cmd = make_body(parent=root, name="Council of Ministers of Defense", slug="cmd", founded="2003-04-28")
    committee = make_body(
        parent=cmd,
        name="Military Committee",
        slug="military-committee",
        summary="Chiefs of general staffs.",
        description="Set up under **clause 15**.\n\n<script>alert('x')</script>",
    )
    cfm = make_body(parent=root, name="Council of Foreign Ministers", slug="cfm")
    BodyRelation.objects.create(subject=committee, object=cfm, kind=BodyRelation.Kind.GENERAL_MANAGEMENT)
    cite(committee, make_source(title="Report of the Military Council meeting", publisher="TASS"))
    return root


def test_tree_page_nests_children_inside_their_parents_item(client, small_tree):
    response = client.get(reverse("bodies:tree"))
    html = response.content.decode()
    cmd_item = html.index('<a href="/bodies/cmd/">')
    assert cmd_item < html.index('<a href="/bodies/military-committee/">') < html.index('<a href="/bodies/cfm/">')
    assert '<a href="/bodies/cmd/">Council of Ministers of Defense</a>\n<ul>' in html
    assert html.count("<ul") == html.count("</ul>")
    tree = html[html.index('<ul class="tree">') :]
    tree = tree[: tree.index("</main>")]
    assert tree.count("<li>") == tree.count("</li>") == 4


def test_body_page_shows_breadcrumbs_infobox_text_children_and_sources(client, small_tree):
    response = client.get(reverse("bodies:detail", kwargs={"slug": "military-committee"}))
    assert response.status_code == 200
    assert "<title>Military Committee – CSTO Wiki</title>" in response.content.decode()
    assert "<h1>Military Committee</h1>" in response.content.decode()
    crumbs = '<a href="/bodies/csto/">Collective Security Treaty Organization</a>'
    assert crumbs in response.content.decode()
    assertContains(response, '<dd><a href="/bodies/cmd/">Council of Ministers of Defense</a></dd>', html=True)
    assertContains(
        response,
        '<dd><a href="/bodies/cfm/">Council of Foreign Ministers</a></dd>',
        html=True,
    )
    assertContains(response, "<p>Set up under <strong>clause 15</strong>.</p>", html=True)
    assertNotContains(response, "<script>alert")
    assertContains(response, "<cite>Report of the Military Council meeting</cite>", html=True)
    assertContains(response, "This body has no sub-bodies.")


def test_founding_date_is_shown_as_written(client, small_tree):
    response = client.get(reverse("bodies:detail", kwargs={"slug": "cmd"}))
    assert '<time datetime="2003-04-28">28 April 2003</time>' in response.content.decode()
    assert '<a href="/bodies/military-committee/">Military Committee</a>' in response.content.decode()


def test_unknown_slug_is_the_sites_404_page(client, small_tree):
    response = client.get(reverse("bodies:detail", kwargs={"slug": "no-such-body"}))
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def grow_to(size: int) -> Body:
    """A tree of `size` bodies whose middle body has children, relations and citations in proportion."""
    root = build_tree(size=size, fanout=3)
    middle = Body.objects.get(depth=2, path__endswith="0001")
    others = list(Body.objects.exclude(pk=middle.pk)[: max(size // 100, 1)])
    for other in others:
        cite(other)
        cite(middle)
        BodyRelation.objects.create(subject=middle, object=other, kind=BodyRelation.Kind.COOPERATES_WITH)
    return root


@pytest.mark.parametrize("size", [10, 1000])
def test_tree_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    grow_to(size)
    with django_assert_num_queries(TREE_PAGE_QUERIES):
        response = client.get(reverse("bodies:tree"))
    assert response.content.decode().count('href="/bodies/body-') == size


@pytest.mark.parametrize("size", [10, 1000])
def test_body_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    grow_to(size)
    middle = Body.objects.get(depth=2, path__endswith="0001")
    assert middle.numchild >= 1
    with django_assert_num_queries(BODY_PAGE):
        client.get(middle.get_absolute_url())
    for other in (Body.objects.order_by("-depth").first(), Body.objects.get(depth=1)):  # a leaf, the root
        with django_assert_num_queries(BODY_PAGE):
            client.get(other.get_absolute_url())


def test_a_relation_reads_right_from_both_bodies(client, small_tree):
    committee = client.get(reverse("bodies:detail", kwargs={"slug": "military-committee"}))
    assertContains(
        committee,
        '<dt>Under the general management of</dt><dd><a href="/bodies/cfm/">Council of Foreign Ministers</a></dd>',
        html=True,
    )
    council = client.get(reverse("bodies:detail", kwargs={"slug": "cfm"}))
    assertContains(
        council,
        "<dt>Has under its general management</dt>"
        '<dd><a href="/bodies/military-committee/">Military Committee</a></dd>',
        html=True,
    )
    assertNotContains(council, "under the general management of Council of Foreign Ministers")
