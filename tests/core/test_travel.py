"""The date that travels: ?as_of= as a year, a month or a day, the dated banner on every page, and links
that keep the date (apps.core.travel, apps.core.middleware.AsOfLinksMiddleware)."""

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apps.core import middleware
from apps.core.middleware import carries_as_of, date_links, dated_href
from apps.core.travel import AsOfError, parse_as_of
from tests.factories import make_body

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\s[^>]*href="([^"]*)"')
FOLLOWED = re.compile(r'<a\s(?![^>]*data-undated)[^>]*href="([^"]*)"')  # not the way back to today


def site_links(html: str) -> list[str]:
    """The links of a page that lead to a page of this site a reader may follow with the date kept."""
    found = []
    for href in (unescape(h) for h in FOLLOWED.findall(html)):
        parts = urlsplit(href)
        if href.startswith("/") and not href.startswith("//") and carries_as_of(parts.path):
            found.append(href)
    return found


def as_of_of(href: str) -> list[str]:
    return parse_qs(urlsplit(href).query).get("as_of", [])


@pytest.mark.parametrize(
    ("typed", "day", "precision", "text"),
    [
        ("2022", dt.date(2022, 1, 1), "year", "2022"),
        ("2022-06", dt.date(2022, 6, 1), "month", "2022-06"),
        ("2022-6", dt.date(2022, 6, 1), "month", "2022-06"),
        ("2022-06-01", dt.date(2022, 6, 1), "day", "2022-06-01"),
        (" 2021-12-8 ", dt.date(2021, 12, 8), "day", "2021-12-08"),
    ],
)
def test_a_year_a_month_or_a_day_means_its_first_day(typed, day, precision, text):
    asked = parse_as_of(typed)
    assert (asked.day, asked.precision, asked.text) == (day, precision, text)


@pytest.mark.parametrize("typed", ["2022-13-45", "2022-02-30", "banana", "0001", "22", "2022-06-01T00:00", "<b>"])
def test_an_impossible_date_is_refused_with_a_message(typed):
    with pytest.raises(AsOfError) as error:
        parse_as_of(typed)
    assert str(error.value)


@pytest.mark.parametrize(
    ("typed", "banner"),
    [
        ("2022", "Showing the wiki as of 2022 (1 January 2022)"),
        ("2022-06", "Showing the wiki as of June 2022 (1 June 2022)"),
        ("2022-06-01", "Showing the wiki as of 1 June 2022"),
    ],
)
def test_the_date_box_accepts_a_year_a_month_or_a_day(client, typed, banner):
    make_body(name="Council", slug="council", founded="1990")
    response = client.get(reverse("bodies:tree"), {"as_of": typed})
    assert response.status_code == 200
    assertContains(response, banner)
    assertContains(response, f'value="{typed}"')  # the box shows what was asked
    assertContains(response, '<a href="/bodies/" data-undated>back to today</a>', html=True)


def test_an_impossible_date_gets_a_message_beside_the_box_and_the_page_still_works(client):
    make_body(name="Council", slug="council", founded="1990")
    response = client.get(reverse("bodies:tree"), {"as_of": "2022-13-45"})
    assert response.status_code == 400
    assertContains(
        response,
        '<span class="field-error" id="as-of-error" role="alert"><span class="visually-hidden">Error:</span> '
        "There is no such date. Enter a year, a month or a day, for example 2022, 2022-06 or 2022-06-01.</span>",
        html=True,
        status_code=400,
    )
    assertContains(response, 'aria-invalid="true"', status_code=400)
    assertContains(response, '<a href="/bodies/council/">Council</a>', html=True, status_code=400)  # today's tree
    assertNotContains(response, "Showing the wiki as of", status_code=400)
    assert not any(as_of_of(href) for href in site_links(response.content.decode()))


def test_links_never_get_a_date_on_an_undated_page(client, dataset):
    for url in ["/", "/bodies/", "/bodies/military-committee/", "/states/", "/documents/", "/meetings/"]:
        html = client.get(url).content.decode()
        assert "as_of=" not in html, url
        assert "dated-banner" not in html


def test_an_undated_request_is_never_rewritten(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rewrote an undated page")

    monkeypatch.setattr(middleware, "date_links", refuse)
    make_body(name="Council", slug="council", founded="1990")
    assert client.get("/bodies/").status_code == 200
    assert client.get("/bodies/", {"as_of": "banana"}).status_code == 400  # an unreadable date is not kept


def test_following_five_links_from_a_dated_page_stays_on_the_date(client, dataset):
    """Tree → a body → its head → the state he sits for → the menu's Documents → a document."""
    url = "/bodies/?as_of=2021-12-08"
    steps = [
        "/bodies/military-committee/",
        "/people/valery-gerasimov/",
        "/states/russia/",
        "/documents/",
        "/documents/csto-charter/",
    ]
    for target in steps:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        links = site_links(html)
        assert links, url
        undated = [href for href in links if as_of_of(href) != ["2021-12-08"]]
        assert not undated, (url, undated)
        assert "as of 8 December 2021" in html, url
        url = next(href for href in links if urlsplit(href).path == target)
    assert "as of 8 December 2021" in client.get(url).content.decode()


def test_wiki_links_in_markdown_breadcrumbs_and_fragments_keep_the_date(client):
    council = make_body(name="Council", slug="council", founded="1990")
    make_body(
        parent=council,
        name="Committee",
        slug="committee",
        founded="1995",
        description="Reports to the [[Council]] under [clause 15](/documents/regulations/#clause-15).",
    )
    html = client.get("/bodies/committee/", {"as_of": "2021-12"}).content.decode()
    assert '<a href="/bodies/?as_of=2021-12">Bodies</a>' in html  # breadcrumbs
    assert '<a href="/bodies/council/?as_of=2021-12" class="wiki-link">Council</a>' in html  # a [[link]]
    assert 'href="/documents/regulations/?as_of=2021-12#clause-15"' in html  # a fragment is kept last
    assert '<li><a href="/?as_of=2021-12">Home</a></li>' in html  # the menu


def test_write_addresses_the_admin_and_sign_in_never_get_the_date(admin_client, dataset):
    html = admin_client.get("/bodies/military-committee/", {"as_of": "2022"}).content.decode()
    for href in (unescape(h) for h in HREF.findall(html)):
        path = urlsplit(href).path
        if re.search(r"^/(admin|accounts|wiki)/|/(edit|delete|cite|watch)/", path):
            assert "as_of" not in parse_qs(urlsplit(href).query), href  # (`next` may name the dated page)
    assert 'action="/bodies/military-committee/"' in html  # forms' actions are left alone


def test_dated_href_merges_with_the_query_and_keeps_the_fragment():
    assert dated_href("/bodies/", "2022") == "/bodies/?as_of=2022"
    merged = "/meetings/?year=2021&amp;body=x&amp;as_of=2022-06"
    assert dated_href("/meetings/?year=2021&amp;body=x", "2022-06") == merged
    assert dated_href("/documents/charter/#clause-3", "2022") == "/documents/charter/?as_of=2022#clause-3"
    assert dated_href("/search/?q=a#r", "2022") == "/search/?q=a&amp;as_of=2022#r"
    assert dated_href("/bodies/?as_of=1999", "2022") == "/bodies/?as_of=1999"  # an explicit date is kept
    for href in ["/admin/", "/accounts/login/?next=/", "/static/css/site.css", "/wiki/body/new/?parent=1",
                 "/bodies/x/edit/", "/bodies/x/delete/", "/changes/feed/", "/bodies/x/history/3/restore/"]:  # fmt: skip
        assert dated_href(href, "2022") == href
    html = '<a href="/bodies/" data-undated>today</a> <a href="//evil.example/">x</a> <a href="#content">y</a>'
    assert date_links(html, "2022") == html
    dated = '<a title="a > b" href="/states/?as_of=2022">s</a>'
    assert date_links('<a title="a > b" href="/states/">s</a>', "2022") == dated


@pytest.mark.parametrize(
    "typed", ['2022"><script>alert(1)</script>', "2022-06-01' onmouseover='x", "\ue010Military\ue011", "2022\n"]
)
def test_what_is_typed_never_reaches_the_links(client, typed):
    make_body(name="Council", slug="council", founded="1990")
    response = client.get("/bodies/", {"as_of": typed})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "onmouseover='x" not in html
    for href in site_links(html):
        assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", value) for value in as_of_of(href)), href


def test_only_the_canonical_date_is_written(client):
    make_body(name="Council", slug="council", founded="1990")
    html = client.get("/bodies/", {"as_of": " 2022-6 "}).content.decode()
    assert 'href="/bodies/council/?as_of=2022-06"' in html


def test_a_page_that_cannot_show_the_past_says_so_and_keeps_the_date(client, dataset):
    response = client.get("/documents/", {"as_of": "2022-06-01"})
    assert response.status_code == 200
    assertContains(response, "cannot show the past yet: it shows the record as it stands today")
    assertContains(response, '<a href="/documents/" data-undated>Back to today</a>', html=True)
    assertContains(response, 'href="/bodies/?as_of=2022-06-01"')


def test_back_to_today_keeps_the_other_parameters(client, dataset):
    response = client.get("/meetings/", {"year": "2021", "as_of": "2022"})
    assertContains(response, '<a href="/meetings/?year=2021" data-undated>Back to today</a>', html=True)


def test_an_unreadable_date_on_a_page_without_the_box_is_said_plainly(client, dataset):
    response = client.get("/documents/", {"as_of": "<b>soon</b>"})
    assert response.status_code == 200
    assertContains(response, "“&lt;b&gt;soon&lt;/b&gt;” is not a date the wiki can read")
    assert "as_of=" not in "".join(site_links(response.content.decode()))


def test_a_redirect_to_a_page_of_the_site_keeps_the_date(rf):
    from django.http import HttpResponseRedirect

    def view(request):
        return HttpResponseRedirect(request.GET["to"])

    links = middleware.AsOfLinksMiddleware(view)
    moved = links(rf.get("/x/", {"as_of": "2022", "to": "/bodies/new-name/"}))
    assert moved["Location"] == "/bodies/new-name/?as_of=2022"
    assert links(rf.get("/x/", {"as_of": "2022", "to": "/b/?a=1&b=2"}))["Location"] == "/b/?a=1&b=2&as_of=2022"
    assert links(rf.get("/x/", {"as_of": "2022", "to": "/accounts/login/"}))["Location"] == "/accounts/login/"
    assert links(rf.get("/x/", {"to": "/bodies/"}))["Location"] == "/bodies/"
