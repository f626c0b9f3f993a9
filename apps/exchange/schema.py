"""The Popolo JSON schemas (draft-03, shipped in ./schemas with their licence) and validation against them.

The schemas refer to each other by their `id` URLs; a local registry resolves those to the files here, so
validation needs no network.
"""

import functools
import json
from collections.abc import Iterator
from pathlib import Path

from jsonschema import Draft3Validator
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_URL = "http://www.popoloproject.com/schemas/{name}.json#"
# The document's top-level arrays and the Popolo schema each item follows.
COLLECTIONS = {
    "organizations": "organization",
    "persons": "person",
    "posts": "post",
    "memberships": "membership",
    "events": "event",
}


@functools.cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT3)
        resources.append((contents["id"], resource))
        resources.append((contents["id"].rstrip("#"), resource))
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> Draft3Validator:
    """A validator of one Popolo kind ("organization", "person", "post", "membership", "event")."""
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft3Validator(schema, registry=_registry())


def json_path(parts) -> str:
    """`$.memberships[3].start_date` from the keys and indexes leading to a value."""
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(document: dict) -> Iterator[tuple[str, str]]:
    """(JSON path, message) of every value in the document's Popolo arrays that breaks its schema."""
    for collection, name in COLLECTIONS.items():
        items = document.get(collection, [])
        if not isinstance(items, list):
            yield json_path([collection]), "must be an array"
            continue
        for index, item in enumerate(items):
            error: SchemaError
            for error in sorted(validator(name).iter_errors(item), key=lambda e: list(e.absolute_path)):
                yield json_path([collection, index, *error.absolute_path]), error.message
