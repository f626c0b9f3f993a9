"""What the admin tests share: signed-in admin clients and the body admin's inline management forms."""

from django.contrib.auth import get_user_model
from django.test import Client


def admin_client(name: str) -> Client:
    """A client signed in as a new superuser called `name`."""
    client = Client()
    client.force_login(get_user_model().objects.create_superuser(name, f"{name}@example.org", "a-long-password"))
    return client


BODY_INLINE_PREFIXES = (
    "legal_bases",
    "posts",
    "memberships",
    "relations_out",
    "core-citation-content_type-object_id",
    "wiki-alias-content_type-object_id",
)


def empty_body_inlines(**overrides: str) -> dict[str, str]:
    data = {}
    for prefix in BODY_INLINE_PREFIXES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data
