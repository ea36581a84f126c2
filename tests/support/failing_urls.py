"""The site's URLs plus one view that fails, to see the 500 page a person gets."""

from django.urls import path

from socialgov.urls import handler404  # noqa: F401
from socialgov.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
