from django.urls import path

from socialgov.images import views

app_name = "images"

urlpatterns = [
    path("images/<int:pk>/", views.show, name="show"),
    path("images/<int:pk>/thumbnail/", views.thumbnail, name="thumbnail"),
]
