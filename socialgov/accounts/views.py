from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from socialgov.accounts import teams
from socialgov.accounts.forms import LoginForm, SignUpForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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


def _joined(request, membership):
    messages.success(request, _("Welcome to %(brand)s: you are a member as %(role)s.") % {
        "brand": membership.brand.name, "role": membership.get_role_display()})
    return redirect("home")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link an invitation e-mail carries. It works once.

    Without an account, the invitee picks a username and a password; with one
    (same e-mail address), they log in and accept. Anyone else is told whom
    the invitation is for.
    """
    found = teams.find_invitation(token)
    problem = teams.problem_with(found)
    if problem:
        return render(request, "accounts/invitation.html", {"problem": problem},
                      status=404 if found is None else 410)
    context = {"invitation": found, "brand": found.brand}
    if request.user.is_authenticated:
        is_invitee = teams.users_with_email(found.email).filter(pk=request.user.pk).exists()
        if request.method == "POST":
            if not is_invitee:
                raise PermissionDenied("this invitation is for another address")
            try:
                membership = teams.accept(request.user, found)
            except teams.TeamError as error:
                return render(request, "accounts/invitation.html", {"problem": str(error)},
                              status=410)
            return _joined(request, membership)
        return render(request, "accounts/invitation.html", {**context, "is_invitee": is_invitee})
    existing = teams.users_with_email(found.email).first()
    if existing is not None:
        return render(request, "accounts/invitation.html", {
            **context, "has_account": True, "account_active": existing.is_active})
    form = SignUpForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = teams.accept_as_new_user(found, form.save)
        except teams.TeamError as error:
            return render(request, "accounts/invitation.html", {"problem": str(error)},
                          status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _joined(request, user.memberships.get(brand=found.brand))
    return render(request, "accounts/invitation.html", {**context, "form": form})
