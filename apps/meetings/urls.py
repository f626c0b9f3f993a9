from django.urls import path

from apps.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
]
