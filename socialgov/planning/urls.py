from django.urls import path

from socialgov.planning import views

app_name = "planning"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/posts/<int:pk>/move/", views.move, name="move"),
    path("calendar/feed/", views.feed_settings, name="feed_settings"),
    path("calendar/feed/renew/", views.feed_renew, name="feed_renew"),
    # No login: the token is the secret (socialgov/planning/feeds.py).
    path("calendar/feed/<str:token>.ics", views.feed, name="feed"),
]
