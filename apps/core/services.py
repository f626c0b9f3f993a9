"""The default write of any record, and writes to sources and citations that take more than one step."""

from collections.abc import Iterable

from django.db import models, transaction

from apps.core.models import Citation, Source


def model_save(*, instance: models.Model) -> models.Model:
    """Create, update or restore (keeping its id) a record with no write rules of its own: validated, then
    saved. The site, the admin (through the wiki's hooks) and the dataset loaders all write such records here.
    """
    instance.full_clean()
    instance.save()
    return instance


def model_delete(*, instance: models.Model) -> None:
    instance.delete()


# A source, or a source with where in it the fact stands ("paragraph 8", "Article 11").
Cited = Source | tuple[Source, str]


def citations_add(*, obj: models.Model, sources: Iterable[Cited]) -> None:
    """Cite each of `sources` for `obj`; a (source, locator) pair says where in the source the fact is."""
    for item in sources:
        source, locator = item if isinstance(item, tuple) else (item, "")
        citation_add(obj=obj, source=source, locator=locator)


@transaction.atomic
def citation_add(*, obj: models.Model, source: Source, field: str = "", locator: str = "", quote: str = "") -> Citation:
    """Cite `source` for `obj` (or one of its fields); citing the same thing twice returns the existing citation."""
    citation = Citation(content_object=obj, source=source, field=field, locator=locator, quote=quote)
    citation.full_clean(exclude=["source", "content_type", "object_id"], validate_unique=False)
    existing = Citation.objects.for_object(obj).filter(source=source, field=field).first()
    if existing:
        return existing
    citation.save()
    return citation
