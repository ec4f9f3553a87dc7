from django.db import models
from django.utils.translation import gettext_lazy as _

from konzept.models import Edition, Historie, Uebersetzbar, Versioniert


class HerkunftMixin:
    """For items that record the participation formats they came from (provenance)."""

    @property
    def ist_kmv(self):
        # Reads the prefetched formats; views prefetch `herkunft` wherever items are listed.
        return any(format.ist_kmv for format in self.herkunft.all())


class BeteiligungsformatQuerySet(models.QuerySet):
    def kmv(self):
        return self.filter(art=Beteiligungsformat.Art.KMV)


class Beteiligungsformat(Uebersetzbar, Versioniert, models.Model):
    """One participation channel through which the concept was shaped."""

    class Art(models.TextChoices):
        VERWALTUNG = "verwaltung", _("Verwaltung – Fragebogen")
        EXTERN = "extern", _("Externe Akteur*innen – Workshops")
        KMV = "kmv", _("Kommunale Migrationsvertretung (KMV)")
        POLITIK = "politik", _("Politik")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="beteiligungsformate"
    )
    key = models.SlugField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices)
    titel = models.CharField(_("Titel"), max_length=300)
    methode = models.CharField(_("Methode"), max_length=200, blank=True)
    beteiligte = models.CharField(_("Beteiligte"), max_length=500, blank=True)
    beginn = models.DateField(_("Beginn"), null=True, blank=True)
    ende = models.DateField(_("Ende"), null=True, blank=True)
    teilnehmende = models.PositiveIntegerField(_("Anzahl Teilnehmende"), null=True, blank=True)
    zusammenfassung = models.TextField(_("Zusammenfassung"), blank=True)

    objects = BeteiligungsformatQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Beteiligungsformat")
        verbose_name_plural = _("Beteiligungsformate")
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "key"], name="beteiligungsformat_key_eindeutig"
            ),
            models.UniqueConstraint(
                fields=["edition", "position"], name="beteiligungsformat_position_eindeutig"
            ),
            models.CheckConstraint(
                condition=models.Q(art__in=["verwaltung", "extern", "kmv", "politik"]),
                name="beteiligungsformat_art_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(beginn__isnull=True)
                | models.Q(ende__isnull=True)
                | models.Q(ende__gte=models.F("beginn")),
                name="beteiligungsformat_ende_nach_beginn",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def ist_kmv(self):
        return self.art == self.Art.KMV
