from django.contrib.auth import views as auth_views
from django.urls import path

from socialgov.accounts import away_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("away/", away_views.away, name="away"),
    path("away/<int:pk>/remove/", away_views.away_remove, name="away_remove"),
]
