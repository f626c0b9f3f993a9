"""Inline citations: [^key] in a text is a footnote numbered by first use on the page, linked both ways."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import cite, make_body, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    # Titles in the opposite alphabetical order to first use, so that alphabetical numbering would show.
    return {
        "zeta": make_source(title="Zeta report", key="zeta"),
        "beta": make_source(title="Beta report", key="beta"),
        "alpha": make_source(title="Alpha report", key="alpha"),
    }


def body_page(client, body):
    return client.get(reverse("bodies:detail", kwargs={"slug": body.slug})).content.decode()


def footnote_numbers(html: str) -> list[tuple[str, str]]:
    """(source id, number) of every footnote, in page order."""
    return re.findall(r'<a href="#source-(\d+)"[^>]*>\[<span class="visually-hidden">source </span>(\d+)\]', html)


def test_footnotes_are_numbered_in_order_of_first_use_and_share_numbers(client, sources):
    body = make_body(
        name="Committee",
        description="First claim.[^zeta] Second claim.[^beta]\n\nThird claim.[^alpha] Again the first.[^zeta]",
    )
    html = body_page(client, body)
    z, b, a = (str(sources[k].pk) for k in ("zeta", "beta", "alpha"))
    assert footnote_numbers(html) == [(z, "1"), (b, "2"), (a, "3"), (z, "1")]
    listed = re.findall(r'<li id="source-(\d+)">', html)
    assert listed == [z, b, a]  # the Sources list in the same order: 1, 2, 3


def test_each_source_links_back_to_where_it_is_first_cited(client, sources):
    body = make_body(name="Committee", description="Claim.[^beta] Claim again.[^beta]")
    html = body_page(client, body)
    pk = sources["beta"].pk
    assert html.count(f'id="cite-{pk}"') == 1  # only the first use is the anchor
    assert f'<a class="backlink" href="#cite-{pk}"' in html


def test_a_record_citation_without_a_footnote_is_listed_after_the_numbered_ones(client, sources):
    body = make_body(name="Committee", description="Claim.[^beta]")
    cite(body, sources["alpha"])
    html = body_page(client, body)
    assert re.findall(r'<li id="source-(\d+)">', html) == [str(sources["beta"].pk), str(sources["alpha"].pk)]


def test_a_source_can_be_cited_by_its_number_and_a_gap_is_marked(client, sources):
    body = make_body(name="Committee", description=f"Claim.[^{sources['alpha'].pk}] Unsupported claim.[^?]")
    html = body_page(client, body)
    assert footnote_numbers(html) == [(str(sources["alpha"].pk), "1")]
    assert '<sup class="citation-needed">[citation needed]</sup>' in html


def test_an_unknown_key_is_shown_as_such_not_dropped(client, sources):
    html = body_page(client, make_body(name="Committee", description="Claim.[^no-such-source]"))
    assert "[unknown source “no-such-source”]" in html


@pytest.mark.parametrize(
    "payload",
    [
        '[^"><script>alert(1)</script>]',
        "[^x onmouseover=alert(1)]",
        '[link](https://example.org/"[^beta]")',
        "<img src=x onerror=alert(1)>[^beta]",
    ],
)
def test_markup_in_or_around_a_citation_marker_stays_inert(client, sources, payload):
    html = body_page(client, make_body(name="Committee", description=f"Claim {payload} end."))
    prose = html[html.index('<div class="prose">') : html.index("</div>", html.index('<div class="prose">'))]
    elements = Elements()
    elements.feed(prose)
    assert "script" not in elements.tags and "img" not in elements.tags
    assert not [name for name in elements.attributes if name.startswith("on")]
    assert prose.count("<a ") == prose.count("</a>")


class Elements(HTMLParser):
    """The tags and attribute names of a fragment, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _value in attrs)


def test_a_key_needs_more_than_digits_so_that_numbers_always_mean_ids():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_source(title="Keyed", key="12")
    assert "[^12] cites source number 12" in str(error.value)


def test_markers_in_code_and_in_link_text_are_shown_as_written(client, sources):
    body = make_body(
        name="Committee", description="Write `[^beta]` after a claim; [see here [^beta]](https://example.org)."
    )
    html = body_page(client, body)
    prose = html[html.index('<div class="prose">') : html.index("</div>", html.index('<div class="prose">'))]
    assert "<code>[^beta]</code>" in prose
    assert '<a href="https://example.org" rel="nofollow noopener">see here [^beta]</a>' in prose
    assert "<sup" not in prose


def test_the_sources_list_says_where_in_each_source_the_page_s_facts_stand(client, sources):
    body = make_body(name="Committee", description="Claim.[^beta]")
    cite(body, sources["beta"], locator="paragraph 8")
    cite(body, sources["alpha"], locator="Article 11")
    html = body_page(client, body)
    beta = html[html.index(f'<li id="source-{sources["beta"].pk}">') :]
    assert "Cited here at: paragraph 8." in beta[: beta.index("</li>")]
    assert "Cited here at: Article 11." in html
