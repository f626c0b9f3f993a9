"""Thin hooks: a saved or deleted record refreshes the search index through the services, nothing more.

Records are saved from many places (the site's forms, the admin, the dataset loader), so the index
listens for them instead of every writer calling it. Raw saves (loaddata) are skipped: run
`manage.py search_reindex` after loading fixtures.
"""

from django.db.models.signals import post_delete, post_save

from apps.search.indexing import FEEDERS, REGISTRY
from apps.search.services import search_index_remove, search_index_update


def on_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        search_index_update(obj=instance)


def on_delete(sender, instance, **kwargs) -> None:
    search_index_remove(obj=instance)


def connect() -> None:
    for model in (*REGISTRY, *FEEDERS):
        label = model._meta.label_lower
        post_save.connect(on_save, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"search-delete-{label}")
