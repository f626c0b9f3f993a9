"""Work for editors: records without a citation, [[links]] to nothing, and the lists the apps register.

Each list shows its first LIMIT entries with the count of all. The number of queries is fixed: one per kind
of record (or per registered list), plus one to resolve every link name found.
"""

import html
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Window

from apps.core.models import Citation, Source
from apps.wiki.addresses import page_of, with_parents
from apps.wiki.links import create_url, link_targets, resolve
from apps.wiki.registry import KINDS, MAINTENANCE, Kind

LIMIT = 100


@dataclass
class Entry:
    name: str
    url: str
    detail: str = ""  # e.g. the text of a broken link
    create_url: str = ""


@dataclass
class Listing:
    title: str
    description: str = ""
    entries: list[Entry] = field(default_factory=list)
    total: int = 0


def first_with_total(records: QuerySet, limit: int = LIMIT) -> tuple[list[Model], int]:
    """The first `limit` records and how many there are in all, in one query (a window count)."""
    rows = list(records.annotate(maintenance_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].maintenance_total if rows else 0)


def _listing(title, records: QuerySet, description: str = "") -> Listing:
    rows, total = first_with_total(records)
    return Listing(str(title), str(description), [Entry(str(row), page_of(row)) for row in rows], total)


def uncited(kind: Kind) -> QuerySet:
    """The records of a kind that no citation is attached to."""
    opts = kind.model._meta
    # Matched by the content type's natural key in the subquery: no content-type lookup of its own.
    cited = Citation.objects.filter(
        content_type__app_label=opts.app_label, content_type__model=opts.model_name, object_id=OuterRef("pk")
    )
    return with_parents(kind.model).filter(~Exists(cited))


def uncited_listings() -> list[Listing]:
    """Records without a citation, one list per kind of record (sources, citations and other names are not
    themselves cited)."""
    listings = []
    for kind in KINDS.values():
        if kind.model is Source or kind.attached:
            continue
        listings.append(_listing(str(kind.model._meta.verbose_name_plural).capitalize(), uncited(kind)))
    return listings


def broken_links() -> Listing:
    """[[Links]] in Markdown texts that name no record, with the page that holds each one."""
    found: list[tuple[Model, str]] = []
    for kind in KINDS.values():
        if not kind.text_fields:
            continue
        condition = Q()
        for name in kind.text_fields:
            condition |= Q(**{f"{name}__contains": "[["})
        for record in with_parents(kind.model).filter(condition):
            # Escaped first, as PageLinks reads a text: the names are then those its links resolve.
            texts = (html.escape(getattr(record, name) or "", quote=False) for name in kind.text_fields)
            names = sorted({target for text in texts for target in link_targets(text)})
            found.extend((record, target) for target in names)
    resolved = resolve({target for _record, target in found}) if found else {}
    broken = [(record, target) for record, target in found if target not in resolved]
    entries = [
        Entry(str(record), page_of(record), detail=target, create_url=create_url(target))
        for record, target in broken[:LIMIT]
    ]
    return Listing("", "", entries, len(broken))


def registered_listings() -> list[Listing]:
    return [_listing(one.title, one.records(), one.description) for one in MAINTENANCE]
