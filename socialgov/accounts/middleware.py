from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from socialgov.accounts import sessions, twofactor
from socialgov.accounts.models import Role
from socialgov.accounts.permissions import roles_allowing, unverified

# What a session that still owes its code may open: the code page, and ways out.
OPEN_WHILE_PENDING = {"two_factor_verify", "logout", "set_language", "healthz"}


def _to(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class TwoFactorMiddleware:
    """Two things, said in one place each.

    A session logged in with the password of a person who has two-factor
    authentication reaches nothing but the code page until the code is right,
    however it logged in (the login page, the admin's, an invitation).

    A page or action refused to an approver or brand admin because a brand of
    theirs requires two-factor authentication (socialgov/accounts/permissions.py
    treats them as drafters there until their session is verified) sends them
    to set it up, or to enter a code, and says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.session.get(twofactor.PENDING_KEY) and request.user.is_authenticated
                and not request.user.is_verified()):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN_WHILE_PENDING:
                return redirect(_to("two_factor_verify", request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        user = request.user
        if not (user.is_authenticated and unverified(user)):
            return None
        brand = _brand_requiring(user)
        if brand is None:
            return None
        if twofactor.is_on(user):
            messages.warning(request, _(
                "%(brand)s requires two-factor authentication for approvers and brand "
                "admins: enter a code from your authenticator app to go on.")
                % {"brand": brand})
            return redirect(_to("two_factor_verify", request))
        messages.warning(request, _(
            "%(brand)s requires two-factor authentication for approvers and brand admins: "
            "set it up to go on.") % {"brand": brand})
        return redirect(_to("two_factor_setup", request))


def _brand_requiring(user):
    """The name of a brand that requires a second factor of ``user`` above a
    drafter, or None."""
    from socialgov.brands.models import Brand

    brands = Brand.objects.filter(require_two_factor=True)
    if not user.is_superuser:
        brands = brands.filter(Q(memberships__user=user, memberships__is_active=True,
                                 memberships__role__in=roles_allowing(Role.APPROVER))
                               | Q(review_groups__members=user))
    return brands.order_by("name").values_list("name", flat=True).first()


class SessionSeenMiddleware:
    """Keeps the account page's "last seen" of each session roughly right, with
    a write at most every SESSION_SEEN_EVERY seconds (socialgov/accounts/sessions.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            sessions.seen(request)
        return response
