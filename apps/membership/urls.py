from django.urls import path

from apps.membership import views

app_name = "membership"

urlpatterns = [
    path("states/", views.MemberStateListView.as_view(), name="member-state-list"),
    # Files end in ".csv": a slug has no dot, so no record's address can be taken for them.
    path("states/states.csv", views.MemberStateCsvView.as_view(), name="member-state-list-csv"),
    path("states/<slug:slug>/", views.MemberStateDetailView.as_view(), name="member-state-detail"),
    path("states/<slug:slug>/seats.csv", views.MemberStateSeatsCsvView.as_view(), name="member-state-seats-csv"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/people.csv", views.PersonCsvView.as_view(), name="person-list-csv"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
