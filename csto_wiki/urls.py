from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# Pages for people come in both languages: English at today's addresses, Russian under /ru/ (i18n_patterns with
# no prefix for the default language). What a program reads stays at one address, language-free: the read API
# and its schema (JSON field names and values are data, not interface), the Popolo export (data), /healthz
# (load balancers). Static files are served by whitenoise before any URL is resolved. The Atom feed and the CSV
# files belong to the pages they come from and follow their language (their titles and column headings are
# interface text).
urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.exchange.urls")),
    path("api/", include("apps.api.urls")),
]

urlpatterns += i18n_patterns(
    # Wiki actions first: /bodies/<slug>/edit/ and friends sit under the record pages' own prefixes.
    path("", include("apps.wiki.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("apps.site.urls")),
    path("bodies/", include("apps.bodies.urls")),
    path("", include("apps.membership.urls")),
    path("documents/", include("apps.documents.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("search/", include("apps.search.urls")),
    # Staff may work in Russian too: /ru/admin/ (Django's own catalogue translates the admin itself).
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# A database outage is answered with an honest 503 (apps.core.views.server_error).
handler500 = "apps.core.views.server_error"
