"""The account page: two-factor authentication and one's sessions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.accounts import sessions, twofactor
from socialgov.accounts.account_forms import SetupCodeForm, TurnOffForm, VerifyCodeForm


def _next(request, default="account"):
    """Where to go once done: the page that sent the person here, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return None if default is None else resolve_url(default)


def _with_next(url_name, request):
    target = _next(request, default=None)
    return redirect(f"{resolve_url(url_name)}?{urlencode({'next': target})}" if target
                    else url_name)


@never_cache
@login_required
@require_safe
def account(request):
    current = request.session.session_key
    rows = list(sessions.live_sessions(request.user))
    for row in rows:
        row.is_current = row.session_id == current
        row.summary = sessions.describe(row.user_agent)
    rows.sort(key=lambda row: not row.is_current)  # this one first
    return render(request, "accounts/account.html", {
        "two_factor_on": twofactor.is_on(request.user),
        "codes_left": twofactor.codes_left(request.user),
        "verified": request.user.is_verified(),
        "sessions": rows,
        "others": sum(1 for row in rows if not row.is_current),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if twofactor.is_on(request.user):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("account")
    device = twofactor.device_being_set_up(request.user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = twofactor.wait_seconds(request.user, [device])
        codes = None if wait else twofactor.confirm(request, device, form.cleaned_data["code"])
        if wait:
            form.add_error("code", _wait_message(wait))
        elif codes is not None:
            request.session[twofactor.FRESH_CODES_KEY] = codes
            messages.success(request, _("Two-factor authentication is on."))
            return _with_next("two_factor_codes", request)
        else:
            form.add_error("code", _("This code is not the one the app shows now. Check "
                                     "that the app added SocialGov, and type the code shown "
                                     "now."))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr_code": twofactor.qr_code(device), "secret": twofactor.secret(device),
        "next": _next(request, default=None) or "",
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_codes(request):
    """The recovery codes just made, shown this once; new ones on request."""
    if not twofactor.is_on(request.user):
        return redirect("account")
    if request.method == "POST":
        if "done" in request.POST:
            request.session.pop(twofactor.FRESH_CODES_KEY, None)
            return redirect(_next(request))
        if not request.user.is_verified():
            return _with_next("two_factor_verify", request)
        request.session[twofactor.FRESH_CODES_KEY] = twofactor.renew_codes(request.user)
        messages.success(request, _("New recovery codes are made: the old ones no longer "
                                    "work."))
        return redirect("two_factor_codes")
    return render(request, "accounts/two_factor_codes.html", {
        "codes": request.session.get(twofactor.FRESH_CODES_KEY),
        "codes_left": twofactor.codes_left(request.user),
        "next": _next(request, default=None) or "",
    })


@never_cache
@login_required
@require_safe
def two_factor_codes_download(request):
    codes = request.session.get(twofactor.FRESH_CODES_KEY)
    if not codes:
        raise Http404("no fresh recovery codes")
    text = "\n".join([
        _("SocialGov recovery codes for %(name)s") % {"name": request.user.get_username()},
        _("Each code works once, in place of a code from your authenticator app."),
        "", *codes, ""])
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="socialgov-recovery-codes.txt"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_off(request):
    if not twofactor.is_on(request.user):
        return redirect("account")
    form = TurnOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proof = form.cleaned_data["proof"]
        if (request.user.check_password(proof)
                or twofactor.verify(request, proof) is not None):
            twofactor.turn_off(request.user)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("account")
        form.add_error("proof", _("This is neither your password nor a valid code."))
    return render(request, "accounts/two_factor_off.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step: after the password (or when a page needs it), a code."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_verified():
        request.session.pop(twofactor.PENDING_KEY, None)
        return redirect(_next(request, default="home"))
    if not twofactor.is_on(request.user):
        # Turned off in another session meanwhile: nothing is owed.
        request.session.pop(twofactor.PENDING_KEY, None)
        return _with_next("two_factor_setup", request)
    form = VerifyCodeForm(request.POST or None)
    wait = twofactor.wait_seconds(request.user)
    if request.method == "POST" and form.is_valid():
        if wait:
            form.add_error("code", _wait_message(wait))
        elif twofactor.verify(request, form.cleaned_data["code"]) is not None:
            return redirect(_next(request, default="home"))
        elif twofactor.too_many_tries(request):
            logout(request)
            messages.error(request, _("Too many wrong codes: log in again."))
            return redirect("login")
        else:
            form.add_error("code", _("This code is not right, or was already used."))
    return render(request, "accounts/two_factor_verify.html", {
        "form": form, "next": _next(request, default=None) or "",
        "tries_left": settings.TWO_FACTOR_MAX_TRIES
        - request.session.get(twofactor.TRIES_KEY, 0),
    })


def _wait_message(seconds):
    return ngettext("Too many wrong codes: wait %(seconds)d second before trying again.",
                    "Too many wrong codes: wait %(seconds)d seconds before trying again.",
                    seconds) % {"seconds": seconds}


@never_cache
@login_required
@require_POST
def session_end(request, pk):
    if sessions.end_one(request.user, pk, request.session.session_key):
        messages.success(request, _("That session is ended: its browser is logged out."))
    else:
        messages.info(request, _("That session had already ended."))
    return redirect("account")


@never_cache
@login_required
@require_POST
def sessions_end_others(request):
    count = sessions.end_others(request.user, request.session.session_key)
    messages.success(request, ngettext(
        "Logged out everywhere else: %(count)d other session ended. This one stays open.",
        "Logged out everywhere else: %(count)d other sessions ended. This one stays open.",
        count) % {"count": count})
    return redirect("account")
