from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandsConfig(AppConfig):
    name = "socialgov.brands"
    verbose_name = _("Brands")

    def ready(self):
        from socialgov.brands import history  # noqa: F401  (connects its receiver)
