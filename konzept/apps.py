from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KonzeptConfig(AppConfig):
    name = "konzept"
    verbose_name = _("Integrationskonzept")

    def ready(self):
        # Connects the signals that raise the content version (cache for anonymous readers).
        from . import betrieb  # noqa: F401
