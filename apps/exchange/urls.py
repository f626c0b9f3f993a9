from django.urls import path

from apps.exchange import views

app_name = "exchange"

urlpatterns = [
    path("export/popolo.json", views.popolo, name="popolo"),
]
