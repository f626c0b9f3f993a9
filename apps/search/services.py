"""Writes to the search index. Each function is atomic; callers are the signal hooks and search_reindex."""

import functools
import operator
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import F, Func, Value
from django.db.models.functions import Concat

from apps.search.champions import search_champions_rebuild, search_champions_refresh
from apps.search.indexing import Entry
from apps.search.models import SearchDocument, SearchName, name_key
from apps.search.registry import NAME_PROVIDERS, REGISTRY, affected_by, is_indexed

# The text search configurations (stemming, stop words) of the English and the Russian texts. PostgreSQL's
# "russian" reads Latin words with the English stemmer, so a query parsed with it reads English words
# exactly as "english" does (backends.postgresql).
SEARCH_CONFIG = "english"
RUSSIAN_CONFIG = "russian"
BATCH = 1000
WEIGHTED = (("names", "A"), ("summary", "B"), ("text", "C"))
TEXT = models.TextField()


class Spelling(Func):
    """`search_spelling(text)` (migration 0015): words spelt two ways (spelling.PAIRS) written one way."""

    function = "search_spelling"
    output_field = models.TextField()


def search_vector() -> SearchVector:
    """The weighted vector of a row: names A, summaries B, running text C; each English text stemmed as
    English and its Russian twin as Russian, both with one spelling of the words spelt two ways (Spelling)."""
    parts = []
    for field, weight in WEIGHTED:
        parts.append(SearchVector(Spelling(F(field)), weight=weight, config=SEARCH_CONFIG))
        # ё read as е, as the queries are (backends.postgresql): "Объединенный" finds "Объединённый"
        russian = Func(
            F(f"{field}_ru"), Value("Ёё"), Value("Ее"), function="translate", output_field=models.TextField()
        )
        parts.append(SearchVector(Spelling(russian), weight=weight, config=RUSSIAN_CONFIG))
    return functools.reduce(operator.add, parts)


class Casefold(Func):
    """SQLite's `casefold()`, registered on each connection by SearchConfig (Python's str.casefold)."""

    function = "casefold"
    output_field = models.TextField()


def refresh_vectors(queryset: models.QuerySet) -> None:
    """Recompute what these rows are matched by, from their texts in one UPDATE: on PostgreSQL the vectors,
    elsewhere (SQLite) the case-folded copies of both languages' names, summaries and texts."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=search_vector())
    else:
        queryset.update(
            **{
                f"folded_{field}": Casefold(Concat(field, Value("\n"), f"{field}_ru", output_field=models.TextField()))
                for field, _weight in WEIGHTED
            }
        )


def _row(obj: models.Model, content_type: ContentType, entry: Entry) -> SearchDocument:
    return SearchDocument(
        content_type=content_type,
        object_id=obj.pk,
        kind=entry.kind,
        title=entry.title[:500],
        title_ru=entry.title_ru[:500],
        url=entry.url[:500],
        names="\n".join(entry.names),
        summary="\n".join(entry.summary),
        text="\n\n".join(entry.text),
        names_ru="\n".join(entry.names_ru),
        summary_ru="\n".join(entry.summary_ru),
        text_ru="\n\n".join(entry.text_ru),
    )


FIELDS = ["kind", "title", "title_ru", "url", "names", "summary", "text", "names_ru", "summary_ru", "text_ru"]


def _keys(entry: Entry) -> set[str]:
    names = (*entry.names, *entry.keys, *entry.names_ru)
    return {key for key in (name_key(n)[:500] for n in names) if key}


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
    document, _created = SearchDocument.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, defaults={f: getattr(row, f) for f in FIELDS}
    )
    document.exact_names.all().delete()
    SearchName.objects.bulk_create([SearchName(document=document, key=key) for key in sorted(_keys(entry))])
    refresh_vectors(SearchDocument.objects.filter(pk=document.pk))
    search_champions_refresh(document_ids=[document.pk])


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
        search_champions_rebuild()
    return written
