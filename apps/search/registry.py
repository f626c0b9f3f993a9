"""Which models the search index holds, and how their entries are built, as the owning apps register them.

The search app imports no other app but core: each app registers its findable models from its
AppConfig.ready(). Some models are not findable themselves but feed another record's entry (an agenda
item adds its words to its meeting; a document's title is part of its clauses' titles): they register as
feeders. Extra names of any record (the wiki's aliases) come from registered name providers.
Registering connects the save and delete signals that keep the index current.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete, post_save

from apps.search.indexing import Entry

# (model, lookups): the records of `model` matching the lookups, e.g. (Meeting, {"pk": 3}).
Affected = tuple[type[models.Model], dict]


@dataclass(frozen=True)
class Indexed:
    build: Callable[[models.Model, list[str]], Entry]  # (record, its extra names) -> entry
    # How to read many at once for a rebuild, and one again for an update (with what `build` needs).
    queryset: Callable[[], models.QuerySet]


REGISTRY: dict[type[models.Model], Indexed] = {}
FEEDERS: dict[type[models.Model], Callable[[models.Model], Iterable[Affected]]] = {}
NAME_PROVIDERS: list[Callable[[int, list[int]], dict[int, list[str]]]] = []


def register(model: type[models.Model], *, build: Callable, queryset: Callable[[], models.QuerySet]) -> None:
    REGISTRY[model] = Indexed(build, queryset)
    _connect(model)


def register_feeder(model: type[models.Model], *, affected: Callable[[models.Model], Iterable[Affected]]) -> None:
    """`affected(obj)`: the indexed records whose entries change when `obj` is saved or deleted."""
    FEEDERS[model] = affected
    _connect(model)


def register_names(provider: Callable[[int, list[int]], dict[int, list[str]]]) -> None:
    """`provider(content_type_id, object_ids)`: {object_id: [other names]} of those records."""
    NAME_PROVIDERS.append(provider)


def is_indexed(model: type[models.Model]) -> bool:
    return model in REGISTRY


def affected_by(obj: models.Model) -> Iterable[models.Model]:
    """Records other than `obj` itself whose entries change when `obj` is saved or deleted."""
    feeder = FEEDERS.get(type(obj))
    if feeder is None:
        return
    for model, lookups in feeder(obj):
        if model in REGISTRY:
            yield from REGISTRY[model].queryset().filter(**lookups)


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    from apps.search.services import search_index_update

    if not raw:  # loaddata: run `manage.py search_reindex` afterwards
        search_index_update(obj=instance)


def _on_delete(sender, instance, **kwargs) -> None:
    from apps.search.services import search_index_remove

    search_index_remove(obj=instance)


def _connect(model: type[models.Model]) -> None:
    label = model._meta.label_lower
    post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{label}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{label}")
