"""/api/: the read API (a router of read-only viewsets), its OpenAPI schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from apps.api import views

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.ApiRootView
router.register("bodies", views.BodyViewSet, basename="body")
router.register("states", views.MemberStateViewSet, basename="member-state")
router.register("people", views.PersonViewSet, basename="person")
router.register("posts", views.PostViewSet, basename="post")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    *router.urls,
]
