"""Watching records and the watchlist: the recent changes to the records a user watches."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, Exists, F, Model, OuterRef, Window
from django.db.models.functions import Cast, Lag
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from reversion.models import Version

from apps.wiki.addresses import record_url, record_url_by_id, version_url
from apps.wiki.mixins import KindMixin, next_url
from apps.wiki.models import Watch
from apps.wiki.registry import kind_of
from apps.wiki.watching import watch_add, watch_remove


class WatchView(KindMixin, LoginRequiredMixin, View):
    """Watch a record (POST only): any signed-in user may; back to the record's page, or to `next`."""

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        watch_add(user=request.user, obj=record)
        messages.success(
            request, _("You are watching “%(record)s”: its changes are on your watchlist.") % {"record": record}
        )
        return HttpResponseRedirect(next_url(request) or record_url(record))


class UnwatchView(KindMixin, LoginRequiredMixin, View):
    """Stop watching a record (POST only), even one deleted since: the watchlist offers that too."""

    def post(self, request, *args, **kwargs):
        if "slug" in self.kwargs:
            record = self.get_record()
        else:
            # By id the record may have been deleted since; its id is all the watch needs.
            record = self.kind.model._default_manager.filter(pk=self.kwargs["pk"]).first()
        if record is None:
            watch_remove(user=request.user, obj=self.kind.model(pk=self.kwargs["pk"]))
            messages.success(request, _("You no longer watch that deleted record."))
            return HttpResponseRedirect(next_url(request) or reverse("wiki:watchlist"))
        watch_remove(user=request.user, obj=record)
        messages.success(request, _("You no longer watch “%(record)s”.") % {"record": record})
        return HttpResponseRedirect(next_url(request) or record_url(record))


class WatchlistView(LoginRequiredMixin, TemplateView):
    """The signed-in user's watched records and their changes, newest first.

    Queries: the watches, one per kind of record watched (the records, and so which still exist), the
    count of changes and one page of them; however many records are watched and changes made.
    """

    template_name = "wiki/watchlist.html"
    per_page = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        # Only records of registered kinds can be watched; a kind unregistered since is left out.
        watches = [
            watch
            for watch in Watch.objects.filter(user=user).select_related("content_type")
            if kind_of(watch.content_type.model_class())
        ]
        records = _watched_records(watches)
        # Version.object_id is text (reversion follows any primary key); the watch's id is cast to match.
        watched = Watch.objects.annotate(object_key=Cast("object_id", CharField())).filter(
            user=user, content_type=OuterRef("content_type"), object_key=OuterRef("object_id")
        )
        versions = (
            Version.objects.filter(Exists(watched))
            .select_related("revision__user", "content_type")
            .defer("serialized_data")
            # The revision before each one, for its diff: computed over all the record's revisions, not the page.
            .annotate(
                previous_id=Window(Lag("pk"), partition_by=[F("content_type"), F("object_id")], order_by=F("pk").asc())
            )
            .order_by("-revision__date_created", "-pk")
        )
        page = Paginator(versions, self.per_page).get_page(self.request.GET.get("page"))
        for version in page:
            _link_watched_change(version, records.get((version.content_type_id, int(version.object_id))))
        rows = [_watched_row(watch, records.get((watch.content_type_id, watch.object_id))) for watch in watches]
        return super().get_context_data(watched=rows, page_obj=page, **kwargs)


def _watched_records(watches: list[Watch]) -> dict[tuple[int, int], Model]:
    """The watched records that still exist, by (content type id, id): one query per kind of record watched."""
    ids_by_type: dict[ContentType, set[int]] = {}
    for watch in watches:
        ids_by_type.setdefault(watch.content_type, set()).add(watch.object_id)
    found = {}
    for content_type, ids in ids_by_type.items():
        model = content_type.model_class()
        found |= {(content_type.pk, record.pk): record for record in model._default_manager.filter(pk__in=ids)}
    return found


def _watched_row(watch: Watch, record: Model | None) -> dict:
    kind = kind_of(watch.content_type.model_class())
    if record is None:
        return {
            "kind": kind,
            "object_id": watch.object_id,
            "unwatch": record_url_by_id(kind.model, watch.object_id, "unwatch"),
            "deleted": reverse("wiki:deleted") + f"?kind={kind.key}",
        }
    return {
        "kind": kind,
        "record": record,
        "link": record_url(record),
        "history": record_url(record, "history"),
        "unwatch": record_url(record, "unwatch"),
    }


def _link_watched_change(version: Version, record: Model | None) -> None:
    """A change's links that resolve: its revision, its diff and the record's history while the record exists;
    the deleted records of its kind once it is gone."""
    version.kind = kind_of(version.content_type.model_class())
    version.record = record
    if version.kind is None:
        version.link = ""
    elif record is None:
        version.link = reverse("wiki:deleted") + f"?kind={version.kind.key}"
        return
    version.link = version_url(record, version.pk)
    version.history = record_url(record, "history")
    if version.previous_id:
        version.diff = f"{record_url(record, 'compare')}?from={version.previous_id}&to={version.pk}"
