from django.urls import path

from socialgov.analytics import views

app_name = "analytics"

urlpatterns = [
    path("brands/<slug:slug>/analytics/", views.brand_dashboard, name="brand"),
    path("brands/<slug:slug>/analytics/<slug:chart>.csv", views.brand_csv, name="brand_csv"),
    path("analytics/", views.everywhere, name="everywhere"),
    path("analytics/<slug:chart>.csv", views.everywhere_csv, name="everywhere_csv"),
]
