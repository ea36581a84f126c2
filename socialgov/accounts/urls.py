from django.contrib.auth import views as auth_views
from django.urls import path

from socialgov.accounts import account_views, away_views, password_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("away/", away_views.away, name="away"),
    path("away/<int:pk>/remove/", away_views.away_remove, name="away_remove"),
    path("password-reset/", password_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", password_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password-reset/<str:uidb64>/<str:token>/",
         password_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", password_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("account/password/", password_views.PasswordChangeView.as_view(),
         name="password_change"),
    # The account page: two-factor authentication and one's sessions.
    path("login/code/", account_views.two_factor_verify, name="two_factor_verify"),
    path("account/", account_views.account, name="account"),
    path("account/two-factor/", account_views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/recovery-codes/", account_views.two_factor_codes,
         name="two_factor_codes"),
    path("account/two-factor/recovery-codes/download/",
         account_views.two_factor_codes_download, name="two_factor_codes_download"),
    path("account/two-factor/off/", account_views.two_factor_off, name="two_factor_off"),
    path("account/sessions/<int:pk>/end/", account_views.session_end, name="session_end"),
    path("account/sessions/end-others/", account_views.sessions_end_others,
         name="sessions_end_others"),
]
