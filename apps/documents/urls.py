from django.urls import path

from apps.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    # A slug has no dot, so no document's address can be taken for the file.
    path("documents.csv", views.DocumentCsvView.as_view(), name="list-csv"),
    path("<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<slug:slug>/clauses/<str:number>/", views.ClauseDetailView.as_view(), name="clause"),
]
