"""What a body puts in the search index."""

from apps.bodies.models import Body
from apps.search.indexing import Entry, plain
from apps.search.models import Kind


def body_entry(body: Body, aliases: list[str]) -> Entry:
    return Entry(
        kind=Kind.BODY,
        title=body.name,
        url=body.get_absolute_url(),
        names=[body.name, *aliases],
        summary=[body.abbreviation, body.summary],
        text=[plain(body.description)],
        # Exact names only (a [[link]] or "Go" by the Russian name); ranking by language is search's part.
        keys=[body.abbreviation, body.name_ru, body.abbreviation_ru],
    )
