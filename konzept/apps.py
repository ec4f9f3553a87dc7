from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _falten(text):
    return text.casefold() if text is not None else None


def _falten_registrieren(sender, connection, **kwargs):
    # SQLite compares case only for ASCII letters; the fallback search (konzept/suche.py)
    # folds case in Python so that "Ü", "Курс" and "İ" match like "ü", "курс" and "i̇".
    if connection.vendor == "sqlite":
        connection.connection.create_function("suche_falten", 1, _falten, deterministic=True)


class KonzeptConfig(AppConfig):
    name = "konzept"
    verbose_name = _("Integrationskonzept")

    def ready(self):
        connection_created.connect(_falten_registrieren, dispatch_uid="suche_falten")
        # Connects the signals that raise the content version (cache for anonymous readers).
        # ... and those that make this process forget the district's words once they change.
        from . import begriffe, betrieb  # noqa: F401
        from .texte import verbinden

        # Line breaks as LF in every saved text (konzept/texte.py).
        verbinden()
