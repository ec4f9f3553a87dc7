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

    def mit_zahlen(self):
        """How many goals, sub-goals and measures came from each format."""
        return self.annotate(
            anzahl_leitziele=models.Count("leitziele", distinct=True),
            anzahl_teilziele=models.Count("teilziele", distinct=True),
            anzahl_massnahmen=models.Count("massnahmen", distinct=True),
        )


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
    zusammenfassung = models.TextField(_("Zusammenfassung"), max_length=5000, blank=True)

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


class Stellungnahme(models.Model):
    """The formal, collective statement of the KMV on an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stellungnahmen")
    datum = models.DateField(_("Datum"))
    text = models.TextField(_("Stellungnahme"), max_length=10000)

    history = Historie()

    class Meta:
        verbose_name = _("Stellungnahme der KMV")
        verbose_name_plural = _("Stellungnahmen der KMV")
        ordering = ["edition", "-datum"]

    def __str__(self):
        return f"{self.edition} – {self.datum}"


class Beschluss(models.Model):
    """A political decision on an edition: which body, when, with what outcome."""

    class Gremium(models.TextChoices):
        AUSSCHUSS = "ausschuss", _("Ausschuss für Soziales, Gesundheit, Integration")
        KREISAUSSCHUSS = "kreisausschuss", _("Kreisausschuss")
        KREISTAG = "kreistag", _("Kreistag")

    class Ergebnis(models.TextChoices):
        EMPFOHLEN = "empfohlen", _("empfohlen")
        BESCHLOSSEN = "beschlossen", _("beschlossen")
        ABGELEHNT = "abgelehnt", _("abgelehnt")
        VERTAGT = "vertagt", _("vertagt")
        GEAENDERT_BESCHLOSSEN = "geaendert_beschlossen", _("geändert beschlossen")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="beschluesse")
    gremium = models.CharField(_("Gremium"), max_length=20, choices=Gremium.choices)
    datum = models.DateField(_("Datum"))
    ergebnis = models.CharField(_("Ergebnis"), max_length=30, choices=Ergebnis.choices)
    vorlage = models.CharField(_("Vorlagennummer"), max_length=50, blank=True)
    link = models.URLField(_("Link zum Ratsinformationssystem"), blank=True)

    history = Historie()

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["edition", "datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gremium__in=["ausschuss", "kreisausschuss", "kreistag"]),
                name="beschluss_gremium_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    ergebnis__in=[
                        "empfohlen",
                        "beschlossen",
                        "abgelehnt",
                        "vertagt",
                        "geaendert_beschlossen",
                    ]
                ),
                name="beschluss_ergebnis_gueltig",
            ),
        ]

    def __str__(self):
        return f"{self.get_gremium_display()}, {self.datum}: {self.get_ergebnis_display()}"

    @property
    def nimmt_an(self):
        """A Kreistag decision that adopts the edition."""
        return self.gremium == self.Gremium.KREISTAG and self.ergebnis in (
            self.Ergebnis.BESCHLOSSEN,
            self.Ergebnis.GEAENDERT_BESCHLOSSEN,
        )
