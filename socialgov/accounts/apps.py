from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "socialgov.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from socialgov.accounts import sessions, twofactor

        def logged_in(sender, request, user, **kwargs):
            if request is None:
                return
            sessions.track(request, user)
            twofactor.mark_pending(request, user)

        user_logged_in.connect(logged_in, dispatch_uid="socialgov.accounts.logged_in")

