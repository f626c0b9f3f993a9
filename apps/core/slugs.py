"""Addresses made from names: editors never have to type a slug."""

from django.db import models
from django.utils.text import slugify


def unique_slug(*, model: type[models.Model], text: str, exclude_pk=None) -> str:
    """A slug of `text` that no other record of `model` has: "name", else "name-2", "name-3", ..."""
    max_length = model._meta.get_field("slug").max_length
    base = (slugify(text) or model._meta.model_name)[: max_length - 4].strip("-")
    taken = set(
        model._default_manager.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    ) | set(getattr(model, "reserved_slugs", ()))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
