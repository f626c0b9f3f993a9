from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("bodies/", include("apps.bodies.urls")),
    path("", include("apps.membership.urls")),
    path("documents/", include("apps.documents.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("admin/", admin.site.urls),
]
