"""Watching records: an editor follows a record's changes on their watchlist."""

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from apps.wiki.models import Watch


def watch_add(*, user: AbstractBaseUser, obj: models.Model) -> Watch:
    """Watch a record; watching it again changes nothing."""
    with transaction.atomic():
        watch, _created = Watch.objects.get_or_create(
            user=user, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    return watch


def watch_remove(*, user: AbstractBaseUser, obj: models.Model) -> None:
    """Stop watching a record; a record not watched stays so."""
    with transaction.atomic():
        Watch.objects.for_object(obj).filter(user=user).delete()


def is_watching(*, user: AbstractBaseUser, obj: models.Model) -> bool:
    """One query for a signed-in user, none for a visitor."""
    return bool(user.is_authenticated) and Watch.objects.for_object(obj).filter(user=user).exists()
