"""What a source supports: its citations grouped by the record each is attached to, with where to read it."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

from apps.core.models import Citation
from apps.wiki.addresses import page_of, with_parents
from apps.wiki.registry import kind_of


@dataclass
class Supported:
    """One record a source supports, and the citations that tie them."""

    name: str
    kind_label: str
    url: str
    citations: list[Citation] = field(default_factory=list)
    exists: bool = True


def supported_records(citations: Iterable[Citation]) -> list[Supported]:
    """The records `citations` are attached to, each with its citations in order, sorted by kind and name.

    Citations are generic (content type and id), so the records are fetched with one query per content type
    present, with the records they belong to: a number bounded by the kinds of record, whatever the number
    of citations. Pass citations with their content types selected.
    """
    by_model: dict[type[Model], dict[int, list[Citation]]] = {}
    orphans: list[Supported] = []
    for citation in citations:
        model = citation.content_type.model_class()
        if model is None:  # the app that owned it is gone
            orphans.append(Supported(str(citation.content_type), "", "", [citation], exists=False))
            continue
        by_model.setdefault(model, {}).setdefault(citation.object_id, []).append(citation)
    found: list[Supported] = []
    for model, cited in by_model.items():
        kind = kind_of(model)
        label = str(kind.label if kind else model._meta.verbose_name)
        records = with_parents(model).in_bulk(list(cited))
        for object_id, its_citations in cited.items():
            for citation in its_citations:
                citation.field_label = field_label(model, citation.field)
            record = records.get(object_id)
            if record is None:
                # Citations are not deleted with a record that has no GenericRelation to them.
                found.append(Supported(f"#{object_id}", label, "", its_citations, exists=False))
            else:
                found.append(Supported(str(record), label, page_of(record), its_citations))
    found.sort(key=lambda one: (one.kind_label.casefold(), one.name.casefold()))
    return found + orphans


def field_label(model: type[Model], name: str) -> str:
    """A field as the edit form calls it (its verbose name), for a citation of one field."""
    if not name:
        return ""
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name
