from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Québec's Law 25, a person's side: the export of their data. It reads every app
    and nothing imports it."""

    name = "socialgov.privacy"
    verbose_name = _("Privacy")
