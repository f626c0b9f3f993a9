from django.urls import path

from apps.membership import views

app_name = "membership"

urlpatterns = [
    path("states/", views.MemberStateListView.as_view(), name="member-state-list"),
    path("states/<slug:slug>/", views.MemberStateDetailView.as_view(), name="member-state-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
