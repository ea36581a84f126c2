from django.urls import path

from socialgov.notify import views

app_name = "notify"

urlpatterns = [
    path("notifications/", views.notice_list, name="list"),
    path("notifications/settings/", views.notice_settings, name="settings"),
    path("notifications/read/", views.read_all, name="read_all"),
    # Polled by every page's header (htmx): the unread count and the review queue's.
    path("notifications/counts/", views.poll, name="counts"),
    path("notifications/<int:notice>/open/", views.open_notice, name="open"),
]
