from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from socialgov.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_safe
def home(request):
    if request.user.is_authenticated:
        return redirect("posts:mine")
    return redirect("login")


@never_cache
@require_safe
def healthz(request):
    """For load balancers and compose: 200 when the database (and Redis, when
    configured) answer, 503 otherwise."""
    from django.conf import settings

    status = {"database": "ok"}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "unreachable"
        healthy = False
    if settings.REDIS_URL:
        try:
            import django_rq

            django_rq.get_connection(settings.CHECKS_QUEUE).ping()
            status["redis"] = "ok"
        except Exception:
            status["redis"] = "unreachable"
            healthy = False
    else:
        status["redis"] = "not configured"
    return JsonResponse(status, status=200 if healthy else 503)
