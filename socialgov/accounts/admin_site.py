from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import SEARCH_VAR
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# A list's search makes one condition per word and searched field: a pasted page
# of words made a query that SQLite refuses and that ran PostgreSQL out of memory.
SEARCH_WORDS, SEARCH_CHARACTERS = 10, 200


def bounded_search(request):
    """Keep the first SEARCH_WORDS words (at most SEARCH_CHARACTERS characters) of a
    list's search, and say so."""
    term = request.GET.get(SEARCH_VAR)
    if not term or (len(term) <= SEARCH_CHARACTERS and len(term.split()) <= SEARCH_WORDS):
        return
    query = request.GET.copy()
    query[SEARCH_VAR] = " ".join(term[:SEARCH_CHARACTERS].split()[:SEARCH_WORDS])
    request.GET = query
    messages.info(request, _("Only the first %(words)s words of the search were looked for.")
                  % {"words": SEARCH_WORDS})


class TwoFactorAdminSite(admin.AdminSite):
    """The admin opens only to staff whose session confirmed a second factor
    (as django_otp.admin.OTPAdminSite's ``has_permission``), and its lists search
    for a few words at most (``bounded_search``). Instead of the
    admin's own code field on its login form, staff are sent to the site's pages:
    to set two-factor authentication up on their account page, or to enter a
    code, with the reason said."""

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def with_bounded_search(request, *args, **kwargs):
            bounded_search(request)
            return inner(request, *args, **kwargs)

        return with_bounded_search

    def login(self, request, extra_context=None):
        from socialgov.accounts import twofactor  # models: not while apps load

        user = request.user
        if (user.is_authenticated and user.is_active and user.is_staff
                and not user.is_verified()):
            back = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
            if twofactor.is_on(user):
                messages.warning(request, _("The administration needs a code from your "
                                            "authenticator app."))
                return redirect(f"{reverse('two_factor_verify')}?{back}")
            messages.warning(request, _("The administration needs two-factor "
                                        "authentication: set it up on your account page."))
            return redirect("account")
        return super().login(request, extra_context)


class SocialGovAdminConfig(AdminConfig):
    """django.contrib.admin, whose site is the one above (INSTALLED_APPS names this)."""

    default_site = "socialgov.accounts.admin_site.TwoFactorAdminSite"
