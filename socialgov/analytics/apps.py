from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Charts of how a brand's review goes, read from the workflow's rows and typed
    events. It reads the other apps and nothing imports it."""

    name = "socialgov.analytics"
    verbose_name = _("Analytics")
