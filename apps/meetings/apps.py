from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    verbose_name = _("Meeting records")

    def ready(self) -> None:
        from apps.meetings import indexing
        from apps.meetings.models import AgendaItem, Meeting, Participation
        from apps.search import registry as search
        from apps.wiki import registry as wiki

        wiki.register(
            wiki.Kind(
                "meeting",
                Meeting,
                (
                    "title",
                    "slug",
                    "body",
                    "body_name_as_reported",
                    "start",
                    "end",
                    "date_note",
                    "format",
                    "place",
                    "chair",
                    "summary",
                ),
                _("meeting"),
                prefix="meetings",
                text_fields=("summary",),
            )
        )
        wiki.register(
            wiki.Kind(
                "agenda-item",
                AgendaItem,
                ("title", "meeting", "order", "speaker", "discussion", "outcome"),
                _("agenda item"),
                text_fields=("discussion", "outcome"),
                home=lambda item: item.meeting,
                order_within="meeting",
            )
        )
        wiki.register(
            wiki.Kind(
                "participation",
                Participation,
                ("meeting", "person", "capacity", "post", "on_behalf_of", "order"),
                _("participant"),
                home=lambda participation: participation.meeting,
                order_within="meeting",
            )
        )
        search.register(
            Meeting, build=indexing.meeting_entry, queryset=lambda: Meeting.objects.prefetch_related("agenda_items")
        )
        # A meeting's entry carries its agenda.
        search.register_feeder(AgendaItem, affected=lambda item: [(Meeting, {"pk": item.meeting_id})])
