from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Wiki actions first: /bodies/<slug>/edit/ and friends sit under the record pages' own prefixes.
    path("", include("apps.wiki.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("apps.site.urls")),
    path("", include("apps.core.urls")),
    path("bodies/", include("apps.bodies.urls")),
    path("", include("apps.membership.urls")),
    path("documents/", include("apps.documents.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("search/", include("apps.search.urls")),
    path("", include("apps.exchange.urls")),
    path("api/", include("apps.api.urls")),
    path("admin/", admin.site.urls),
]

# A database outage is answered with an honest 503 (apps.core.views.server_error).
handler500 = "apps.core.views.server_error"
