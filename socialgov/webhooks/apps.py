from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "socialgov.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # Receivers are told of a post's events once they commit (see jobs.py):
        # nobody outside hears of a change that was rolled back.
        from socialgov.audit import signals
        from socialgov.webhooks import erasure, jobs

        signals.committed.connect(jobs.on_committed, dispatch_uid="webhooks.on_committed")
        # An erasure changes the log in its own transaction: at once, not on commit.
        signals.recorded.connect(erasure.on_recorded, dispatch_uid="webhooks.erasure")
