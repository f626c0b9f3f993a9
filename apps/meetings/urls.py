from django.urls import path

from apps.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    # A slug has no dot, so no meeting's address can be taken for the file.
    path("meetings.csv", views.MeetingCsvView.as_view(), name="list-csv"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
]
