"""Password reset by e-mail and password change: Django's views, in SocialGov's
pages and languages.

A reset link is sent only to an active account of that address, at most
PASSWORD_RESET_RATE times an hour per address (and PASSWORD_RESET_ADDRESS_RATE
per client address), and the page says the same whatever the address: it
tells nobody whether an account exists. A new password ends every other
session of the account.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from socialgov.accounts.sessions import end_sessions
from socialgov.audit.events import record
from socialgov.audit.models import Action
from socialgov.lib import ratelimit

HOUR = 3600


def _may_send(request, email):
    """Counts one reset asked for ``email`` from this client; False past either rate."""
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    client = get_client_ip_address(request) or "unknown"
    return (ratelimit.allow(f"password-reset-client:{client}",
                            settings.PASSWORD_RESET_ADDRESS_RATE, HOUR)
            and ratelimit.allow(f"password-reset-email:{digest}",
                                settings.PASSWORD_RESET_RATE, HOUR))


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"

    def form_valid(self, form):
        if _may_send(self.request, form.cleaned_data["email"]):
            # Rendered in the request's language; the link starts with SITE_URL,
            # as invitations' do, whatever host the request came through.
            form.save(
                domain_override=settings.SITE_URL.split("://", 1)[-1].rstrip("/"),
                subject_template_name=self.subject_template_name,
                email_template_name=self.email_template_name,
                token_generator=self.token_generator,
                from_email=self.from_email,
                request=self.request,
                extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
            )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(Action.PASSWORD_RESET, actor=form.user)
        end_sessions(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        # Django's view keeps this session (update_session_auth_hash); the
        # others would fail their hash check at their next request, and are
        # deleted now so no list of sessions shows them.
        with transaction.atomic():
            response = super().form_valid(form)
            record(Action.PASSWORD_CHANGED, actor=form.user)
        end_sessions(form.user, keep=self.request.session.session_key)
        messages.success(self.request, _("Your password was changed. Your other sessions "
                                         "were logged out."))
        return response
