"""SocialGov's pages, and the floor bench/pages.py measures them against: a bare
Django page, behind the same middleware and login, rendering 50 rows."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

ROWS = [{"number": n, "text": f"Row {n}: fresh bread every morning at the bakery."}
        for n in range(50)]


@login_required
def floor(request):
    return render(request, "bench_floor.html", {"rows": ROWS})


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("socialgov.urls")),
]
