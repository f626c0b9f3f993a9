"""Writes to sources and citations that take more than one step."""

from django.db import models, transaction

from apps.core.models import Citation, Source


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
