"""What a meeting, with its agenda, puts in the search index."""

from apps.meetings.models import Meeting
from apps.search.indexing import Entry, plain
from apps.search.models import Kind


def meeting_entry(meeting: Meeting, aliases: list[str]) -> Entry:
    items = list(meeting.agenda_items.all())
    return Entry(
        kind=Kind.MEETING,
        title=meeting.title,
        url=meeting.get_absolute_url(),
        names=[meeting.title, *aliases],
        summary=[meeting.body_name_as_reported, meeting.place, plain(meeting.summary), *(i.title for i in items)],
        text=[plain(part) for item in items for part in (item.discussion, item.outcome)],
        title_ru=meeting.title_ru,
        names_ru=[meeting.title_ru],
        summary_ru=[meeting.place_ru, plain(meeting.summary_ru), *(i.title_ru for i in items)],
        text_ru=[plain(part) for item in items for part in (item.discussion_ru, item.outcome_ru)],
    )
