from django.urls import path

from apps.membership import views

app_name = "membership"

urlpatterns = [
    path("states/", views.StateListView.as_view(), name="state-list"),
    path("states/<slug:slug>/", views.StateDetailView.as_view(), name="state-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
