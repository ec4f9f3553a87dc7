from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemenfelderConfig(AppConfig):
    name = "themenfelder"
    verbose_name = _("Themenfelder")
