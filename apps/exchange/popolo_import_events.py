"""Importing events: meetings with their participants and agenda (the `csto:` keys of docs/popolo.md)."""

from typing import TYPE_CHECKING

from apps.exchange.popolo_common import translated_values
from apps.meetings.models import AgendaItem, Meeting, Participation

if TYPE_CHECKING:
    from apps.exchange.popolo_import import Writer


def write_events(writer: "Writer") -> None:
    from apps.exchange.popolo_checks import slug_of

    for index, row in enumerate(writer.doc.get("events") or []):
        parts = ["events", index]
        slug = slug_of(row)
        meeting = Meeting.objects.filter(slug=slug).first() or Meeting(slug=slug)
        values = {
            "title": row.get("name") or "",
            "body_id": writer.ref_pk(row.get("organization_id")),
            "body_name_as_reported": row.get("csto:body_name_as_reported", ""),
            "start": writer.date(row, "start_date"),
            "end": writer.date(row, "end_date"),
            "date_note": row.get("csto:date_note", ""),
            "format": row.get("csto:format", Meeting.Format.IN_PERSON),
            "place": row.get("location") or "",
            "chair_id": writer.ref_pk(row.get("csto:chair_id")),
            "summary": row.get("description") or "",
            **translated_values(Meeting, row),
        }
        writer.ids[row["id"]] = meeting = writer.write(meeting, values, parts, "meeting")
        writer.aliases(meeting, row, parts, key="csto:other_names")
        writer.citations(meeting, row, parts)
        _participants(writer, meeting, row, parts)
        _agenda(writer, meeting, row, parts)


def _participants(writer: "Writer", meeting: Meeting, row: dict, parts: list) -> None:
    for index, item in enumerate(row.get("csto:participants") or []):
        here = [*parts, "csto:participants", index]
        person_id = writer.ref_pk(item.get("person_id"))
        on_behalf_of_id = writer.ref_pk(item.get("on_behalf_of_id"))
        if person_id:
            key = {"meeting": meeting, "person_id": person_id}
        else:
            key = {"meeting": meeting, "person_id": None, "capacity": item.get("capacity", "")}
            key["on_behalf_of_id"] = on_behalf_of_id
        participation = writer.find(Participation, **key) or Participation(**key)
        values = {
            "capacity": item.get("capacity", ""),
            "post_id": writer.ref_pk(item.get("post_id")),
            "on_behalf_of_id": on_behalf_of_id,
            "order": item.get("order", 0),
        }
        participation = writer.write(participation, values, here, "participant")
        writer.citations(participation, item, here)


def _agenda(writer: "Writer", meeting: Meeting, row: dict, parts: list) -> None:
    for index, item in enumerate(row.get("csto:agenda") or []):
        here = [*parts, "csto:agenda", index]
        key = {"meeting": meeting, "order": item.get("order", 0), "title": item.get("title", "")}
        agenda_item = writer.find(AgendaItem, **key) or AgendaItem(**key)
        values = {
            "discussion": item.get("discussion", ""),
            "outcome": item.get("outcome", ""),
            "speaker_id": writer.ref_pk(item.get("speaker_id")),
            **translated_values(AgendaItem, item),
        }
        agenda_item = writer.write(agenda_item, values, here, "agenda item")
        organizations = [writer.ids[i] for i in item.get("organization_ids") or []]
        links = {
            "documents": {writer.ids[i].pk for i in item.get("document_ids") or []},
            "bodies": {o.pk for o in organizations if o._meta.model_name == "body"},
            "states": {o.pk for o in organizations if o._meta.model_name == "memberstate"},
        }
        for name, wanted in links.items():
            # Not in revisions (they record an item's own columns), so set only when they differ.
            manager = getattr(agenda_item, name)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
        writer.citations(agenda_item, item, here)
