from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KonzeptConfig(AppConfig):
    name = "konzept"
    verbose_name = _("Integrationskonzept")
