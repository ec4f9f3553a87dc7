"""Personal API tokens: what a program presents instead of a password (README,
"Programmierschnittstelle (API)")."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_hash(klartext: str) -> str:
    """Only this is stored: whoever reads the database cannot use a token."""
    return hashlib.sha256(klartext.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def gueltig(self):
        return self.filter(widerrufen_am=None, gueltig_bis__gt=timezone.now())


class ApiToken(models.Model):
    class Bereich(models.TextChoices):
        LESEN = "lesen", _("Lesen")
        UMSETZUNG = "umsetzung", _("Lesen und Umsetzungsstand schreiben")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("Bezeichnung"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown in the list so that a token can be told apart.
    anfang = models.CharField(max_length=12)
    bereich = models.CharField(_("Berechtigung"), max_length=20, choices=Bereich.choices)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    gueltig_bis = models.DateTimeField(_("Gültig bis"))
    widerrufen_am = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)
    zuletzt_benutzt_am = models.DateTimeField(_("Zuletzt benutzt am"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-erstellt_am", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.anfang}…)"

    @property
    def ist_gueltig(self) -> bool:
        return self.widerrufen_am is None and self.gueltig_bis > timezone.now()
