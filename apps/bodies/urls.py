from django.urls import path

from apps.bodies import views

app_name = "bodies"

urlpatterns = [
    path("", views.BodyTreeView.as_view(), name="tree"),
    # Before the body pages: "chart" would otherwise be read as a body's slug.
    path("chart/", views.BodyChartView.as_view(), name="chart"),
    path("chart.svg", views.BodyChartSvgView.as_view(), name="chart-svg"),
    # Files end in ".csv": a slug has no dot, so no body's address can be taken for them.
    path("bodies.csv", views.BodyTreeCsvView.as_view(), name="tree-csv"),
    path("<slug:slug>/", views.BodyDetailView.as_view(), name="detail"),
    path("<slug:slug>/members.csv", views.BodyMembersCsvView.as_view(), name="members-csv"),
]
