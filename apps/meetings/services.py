"""Recording a meeting: the meeting, who took part and its agenda, in one validated, atomic step."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from apps.core.services import Cited, citations_add, model_save
from apps.meetings.models import AgendaItem, Meeting, Participation


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    participants: Iterable[dict[str, Any]] = (),
    agenda: Iterable[dict[str, Any]] = (),
    sources: Iterable[Cited] = (),
) -> Meeting:
    """Save a new meeting with its participations and agenda items, each cited to `sources`.

    A participant dict holds Participation fields and optionally its own `sources` (else the meeting's);
    an agenda dict AgendaItem fields plus optional `documents`, `bodies` and `states` lists and its own
    `sources` (else the meeting's). Nothing is saved if any part is invalid.
    """
    sources = list(sources)
    model_save(instance=meeting)
    citations_add(obj=meeting, sources=sources)
    for order, data in enumerate(participants):
        data = dict(data)
        participant_sources = data.pop("sources", sources)
        participation = Participation(meeting=meeting, order=order, **data)
        model_save(instance=participation)
        citations_add(obj=participation, sources=participant_sources)
    for order, data in enumerate(agenda):
        data = dict(data)
        links = {name: data.pop(name, []) for name in ("documents", "bodies", "states")}
        item_sources = data.pop("sources", sources)
        item = AgendaItem(meeting=meeting, order=order, **data)
        model_save(instance=item)
        for name, objects in links.items():
            getattr(item, name).set(objects)
        citations_add(obj=item, sources=item_sources)
    return meeting
