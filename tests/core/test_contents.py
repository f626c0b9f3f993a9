"""The table of contents tag: a record page lists its sections when it shows more than three."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

SECTIONS = '"one" "One" True "two" "Two" True "three" "Three" True'


def render(entries: str, **context) -> str:
    return Template("{% load core %}{% contents " + entries + " %}").render(Context(context))


def test_more_than_three_sections_are_listed_in_order_with_links_to_their_headings():
    html = render(SECTIONS + ' "four" "Four" True')
    assert '<nav class="toc" aria-labelledby="toc-heading">' in html
    assert html.index('href="#one"') < html.index('href="#two"') < html.index('href="#four"')
    assert ">Four</a>" in html


def test_three_sections_or_fewer_get_no_table_of_contents():
    assert render(SECTIONS).strip() == ""


def test_a_section_the_page_does_not_show_is_left_out_and_not_counted():
    assert render(SECTIONS + ' "four" "Four" related', related=[]).strip() == ""
    html = render(SECTIONS + ' "four" "Four" related', related=["a relation"])
    assert 'href="#four"' in html


def test_entries_come_in_threes():
    with pytest.raises(TemplateSyntaxError):
        render('"one" "One"')
