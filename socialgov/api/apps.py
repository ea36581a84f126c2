from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "socialgov.api"
    verbose_name = _("API")

    def ready(self):
        from socialgov.api import reactions  # noqa: F401
