from django.urls import path

from apps.bodies import views

app_name = "bodies"

urlpatterns = [
    path("", views.BodyTreeView.as_view(), name="tree"),
    path("<slug:slug>/", views.BodyDetailView.as_view(), name="detail"),
]
