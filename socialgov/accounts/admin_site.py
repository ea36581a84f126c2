from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


class TwoFactorAdminSite(admin.AdminSite):
    """The admin opens only to staff whose session confirmed a second factor
    (as django_otp.admin.OTPAdminSite's ``has_permission``). Instead of the
    admin's own code field on its login form, staff are sent to the site's pages:
    to set two-factor authentication up on their account page, or to enter a
    code, with the reason said."""

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

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
