"""Writes to the search index. Each function is atomic; callers are the signal hooks and search_reindex."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction

from apps.search.indexing import Entry
from apps.search.models import SearchDocument, SearchName, name_key
from apps.search.registry import NAME_PROVIDERS, REGISTRY, affected_by, is_indexed

# The text search configuration of both the index and the queries (stemming, stop words).
SEARCH_CONFIG = "english"
BATCH = 1000


def search_vector() -> SearchVector:
    """The weighted vector of a row: names A, summaries B, running text C."""
    return (
        SearchVector("names", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("text", weight="C", config=SEARCH_CONFIG)
    )


def refresh_vectors(queryset: models.QuerySet) -> None:
    """Recompute the stored vectors of these rows, on PostgreSQL (SQLite keeps none)."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=search_vector())


def _row(obj: models.Model, content_type: ContentType, entry: Entry) -> SearchDocument:
    return SearchDocument(
        content_type=content_type,
        object_id=obj.pk,
        kind=entry.kind,
        title=entry.title[:500],
        url=entry.url[:500],
        names="\n".join(entry.names),
        summary="\n".join(entry.summary),
        text="\n\n".join(entry.text),
    )


def _keys(entry: Entry) -> set[str]:
    return {key for key in (name_key(n)[:500] for n in (*entry.names, *entry.keys)) if key}


def _aliases_of(content_type: ContentType, pks: list[int]) -> dict[int, list[str]]:
    """The other names of these records, from every registered provider (the wiki's aliases)."""
    names: dict[int, list[str]] = defaultdict(list)
    for provider in NAME_PROVIDERS:
        for object_id, found in provider(content_type.pk, pks).items():
            names[object_id].extend(found)
    return names


def _write(obj: models.Model) -> None:
    """Insert or replace the entry of one indexed record."""
    content_type = ContentType.objects.get_for_model(obj)
    entry = REGISTRY[type(obj)].build(obj, _aliases_of(content_type, [obj.pk])[obj.pk]).clean()
    row = _row(obj, content_type, entry)
    fields = ["kind", "title", "url", "names", "summary", "text"]
    document, _created = SearchDocument.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, defaults={f: getattr(row, f) for f in fields}
    )
    document.exact_names.all().delete()
    SearchName.objects.bulk_create([SearchName(document=document, key=key) for key in sorted(_keys(entry))])
    refresh_vectors(SearchDocument.objects.filter(pk=document.pk))


def _concrete(obj: models.Model) -> models.Model | None:
    """The indexed record itself, re-read the way its entry is built (with what the builder needs)."""
    return REGISTRY[type(obj)].queryset().filter(pk=obj.pk).first()


@transaction.atomic
def search_index_update(*, obj: models.Model) -> None:
    """Bring up to date every entry that `obj` (just saved) appears in: its own, and those it feeds."""
    if is_indexed(type(obj)) and (fresh := _concrete(obj)) is not None:
        _write(fresh)
    for record in affected_by(obj):
        _write(record)


@transaction.atomic
def search_index_remove(*, obj: models.Model) -> None:
    """Take a deleted record out of the index, and refresh the entries it fed (an alias's record)."""
    if is_indexed(type(obj)):
        content_type = ContentType.objects.get_for_model(obj)
        SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()
    for record in affected_by(obj):
        _write(record)


@transaction.atomic
def search_index_rebuild() -> int:
    """Rebuild the whole index from the records; returns the number of entries written."""
    SearchName.objects.all().delete()
    SearchDocument.objects.all().delete()
    written = 0
    for model, indexed in REGISTRY.items():
        content_type = ContentType.objects.get_for_model(model)
        records = list(indexed.queryset().order_by("pk"))
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            aliases = _aliases_of(content_type, [r.pk for r in batch])
            entries = [(r, indexed.build(r, aliases[r.pk]).clean()) for r in batch]
            SearchDocument.objects.bulk_create([_row(r, content_type, e) for r, e in entries])
            ids = dict(
                SearchDocument.objects.filter(
                    content_type=content_type, object_id__in=[r.pk for r in batch]
                ).values_list("object_id", "pk")
            )
            SearchName.objects.bulk_create(
                [SearchName(document_id=ids[r.pk], key=key) for r, e in entries for key in sorted(_keys(e))],
                batch_size=BATCH,
            )
            written += len(batch)
    refresh_vectors(SearchDocument.objects.all())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SearchDocument._meta.db_table)}")
    return written
