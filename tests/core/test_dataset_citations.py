"""Every paragraph of every text in the dataset says where it comes from."""

import pytest

from apps.core.citations import CITE, NEEDED
from apps.core.models import Source
from apps.wiki.registry import KINDS

pytestmark = pytest.mark.django_db


def dataset_texts():
    for kind in KINDS.values():
        for field in kind.text_fields:
            for record in kind.model._default_manager.exclude(**{field: ""}):
                yield f"{kind.key} {record}: {field}", getattr(record, field)


def test_every_paragraph_of_every_text_carries_an_inline_citation(dataset):
    texts = list(dataset_texts())
    assert len(texts) >= 15
    for where, text in texts:
        for paragraph in (p for p in text.split("\n\n") if p.strip()):
            assert CITE.search(paragraph), f"{where}: no citation in “{paragraph[:60]}…”"


def test_every_inline_citation_names_a_source_of_the_dataset(dataset):
    keys = set(Source.objects.exclude(key=None).values_list("key", flat=True))
    for where, text in dataset_texts():
        for match in CITE.finditer(text):
            assert match.group(1) == NEEDED or match.group(1) in keys, f"{where}: unknown source {match.group(1)}"


def test_every_source_says_who_published_it(dataset):
    for source in Source.objects.all():
        assert source.publisher, source


def test_every_citation_says_where_in_its_source_the_fact_stands(dataset):
    from apps.core.models import Citation

    citations = Citation.objects.select_related("source")
    assert citations.count() > 80
    for citation in citations:
        assert citation.locator or citation.quote, f"{citation.content_object}: {citation.source} without a locator"


def test_every_source_seen_directly_can_be_found_by_its_address(dataset):
    for source in Source.objects.filter(via=None):
        assert source.url.startswith(("https://", "http://")), source
