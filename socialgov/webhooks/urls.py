from django.urls import path

from socialgov.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("brands/<slug:slug>/webhooks/", views.endpoint_list, name="list"),
    path("brands/<slug:slug>/webhooks/new/", views.endpoint_new, name="new"),
    path("brands/<slug:slug>/webhooks/<int:pk>/", views.endpoint_log, name="log"),
    path("brands/<slug:slug>/webhooks/<int:pk>/edit/", views.endpoint_edit, name="edit"),
    path("brands/<slug:slug>/webhooks/<int:pk>/delete/", views.endpoint_delete, name="delete"),
    path("brands/<slug:slug>/webhooks/<int:pk>/secret/", views.endpoint_secret, name="secret"),
    path("brands/<slug:slug>/webhooks/<int:pk>/test/", views.endpoint_test, name="test"),
]
