from django.urls import path

from socialgov.api import views

app_name = "api_tokens"

urlpatterns = [
    path("brands/<slug:slug>/api-tokens/", views.token_list, name="list"),
    path("brands/<slug:slug>/api-tokens/<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
