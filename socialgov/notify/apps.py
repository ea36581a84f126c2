from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "socialgov.notify"
    verbose_name = _("Notifications")

    def ready(self):
        # People are told of events once they commit, and e-mailed in the
        # language they use (see the modules).
        from django.contrib.auth.signals import user_logged_in

        from socialgov.audit import signals
        from socialgov.notify import jobs, preferences

        signals.committed.connect(jobs.on_committed, dispatch_uid="notify.on_committed")
        user_logged_in.connect(preferences.on_login, dispatch_uid="notify.on_login")
