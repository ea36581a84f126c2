"""A person's own data (Québec's Law 25): the page that says what the download holds,
and the download itself (POST: it is recorded, and no link prefetch starts one)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from socialgov.privacy import export


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def my_data(request):
    if request.method == "GET":
        return render(request, "privacy/my_data.html")
    now = timezone.now()
    data = export.export(request.user, by=request.user, now=now)
    response = HttpResponse(export.to_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export.filename(request.user, now))
    response["X-Content-Type-Options"] = "nosniff"
    return response
