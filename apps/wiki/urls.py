"""Wiki actions for every kind of record.

Records with a public page (bodies, states, people, documents, meetings) get them under that page's
address, e.g. /bodies/<slug>/edit/; every record also has them under /wiki/<kind>/<id>/.
"""

from django.urls import path

from apps.wiki import action_views, pages, views, watch_views
from apps.wiki.changes import RecentChangesView
from apps.wiki.feeds import RecentChangesFeed
from apps.wiki.registry import KINDS

app_name = "wiki"

ACTIONS = [
    ("edit/", views.RecordEditView, "edit"),
    ("delete/", views.RecordDeleteView, "delete"),
    ("history/", views.RecordHistoryView, "history"),
    ("history/compare/", views.CompareView, "compare"),
    ("history/<int:version_id>/", views.VersionView, "version"),
    ("history/<int:version_id>/restore/", views.RestoreView, "restore"),
    # How to cite the page (its newest revision); not "cite/", where an editor cites a source for the record.
    ("cite-this/", views.CiteThisView, "cite-this"),
    ("watch/", watch_views.WatchView, "watch"),
    ("unwatch/", watch_views.UnwatchView, "unwatch"),
]

urlpatterns = [
    path("changes/", RecentChangesView.as_view(), name="changes"),
    path("changes/feed/", RecentChangesFeed(), name="changes-feed"),
    path("changes/deleted/", views.DeletedRecordsView.as_view(), name="deleted"),
    path("changes/deleted/<int:version_id>/restore/", views.DeletedRestoreView.as_view(), name="deleted-restore"),
    path("sources/", pages.SourceListView.as_view(), name="source-list"),
    path("sources/<int:pk>/", pages.SourceDetailView.as_view(), name="source-detail"),
    path("maintenance/", pages.MaintenanceView.as_view(), name="maintenance"),
    path("watchlist/", watch_views.WatchlistView.as_view(), name="watchlist"),
]

# Citations and other names attach to a record, from its page.
ATTACHING = [
    ("cite/", action_views.CiteView, "cite"),
    ("aliases/new/", action_views.AliasCreateView, "alias-new"),
]

for kind in KINDS.values():
    if not kind.attached:
        urlpatterns.append(
            path(f"wiki/{kind.key}/new/", views.RecordCreateView.as_view(kind_key=kind.key), name=f"{kind.key}-new")
        )
    actions = ACTIONS + ([] if kind.attached else ATTACHING)
    if kind.order_within:
        actions = [*actions, ("move/", action_views.MoveView, "move")]
    for suffix, view, action in actions:
        by_id = f"{action}-by-id" if kind.lookup == "slug" else action
        urlpatterns.append(
            path(f"wiki/{kind.key}/<int:pk>/{suffix}", view.as_view(kind_key=kind.key), name=f"{kind.key}-{by_id}")
        )
        if kind.lookup == "slug":
            urlpatterns.append(
                path(
                    f"{kind.prefix}/<slug:slug>/{suffix}", view.as_view(kind_key=kind.key), name=f"{kind.key}-{action}"
                )
            )
