"""Management-form data for the body admin's inlines, shared by the admin tests."""

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
