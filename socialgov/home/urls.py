from django.urls import path

from socialgov.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
