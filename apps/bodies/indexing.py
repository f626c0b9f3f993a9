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
        keys=[body.abbreviation, body.abbreviation_ru],
        title_ru=body.name_ru,
        names_ru=[body.name_ru],
        summary_ru=[body.abbreviation_ru, body.summary_ru],
        text_ru=[plain(body.description_ru)],
    )
