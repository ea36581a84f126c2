from django.urls import path

from socialgov.privacy import views

urlpatterns = [
    path("account/my-data/", views.my_data, name="my_data"),
]
