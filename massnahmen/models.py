from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from beteiligung.models import Beteiligungsformat, HerkunftMixin
from konzept.models import Edition, Historie, Uebersetzbar, Versioniert
from themenfelder.models import Teilziel


class Organisation(models.Model):
    """A body that leads or partners in measures (Federführung, Partner)."""

    name = models.CharField(_("Name"), max_length=300, unique=True)

    history = Historie()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MassnahmeQuerySet(models.QuerySet):
    def in_edition(self, edition):
        return self.filter(teilziel__themenfeld__edition=edition)

    def mit_status(self, status):
        return self.filter(status=status)

    def im_themenfeld(self, themenfeld):
        return self.filter(teilziel__themenfeld=themenfeld)

    def mit_herkunft(self, art):
        return self.filter(herkunft__art=art).distinct()

    def suche(self, text):
        """Finds text in the reader's language and in the German source."""
        sprachen = {get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE}
        treffer = Q()
        for sprache in sprachen:
            for feld in ("titel", "beschreibung", "teilziel__titel"):
                treffer |= Q(**{f"{build_localized_fieldname(feld, sprache)}__icontains": text})
        return self.filter(treffer)

    def anzahl_je_themenfeld_und_status(self):
        """(field id, status, count) for every field and status that has measures."""
        return (
            self.order_by()
            .values_list("teilziel__themenfeld_id", "status")
            .annotate(anzahl=Count("pk"))
        )

    def anzahl_je_themenfeld(self):
        """(field id, count); distinct, as a measure may have several provenances."""
        return (
            self.order_by()
            .values_list("teilziel__themenfeld_id")
            .annotate(anzahl=Count("pk", distinct=True))
        )

    def ohne_aktuellen_umsetzungsstand(self, seit):
        """Measures still under way whose last report is older than `seit`, or that have none.

        Implemented and shelved measures need no further reports.
        """
        return (
            self.exclude(status__in=[Massnahme.Status.UMGESETZT, Massnahme.Status.ZURUECKGESTELLT])
            # A subquery rather than Max(): no GROUP BY over every selected column.
            .annotate(
                letzter_stand=Subquery(
                    Umsetzungsnotiz.objects.filter(massnahme=OuterRef("pk"))
                    .order_by("-datum")
                    .values("datum")[:1]
                )
            )
            .filter(Q(letzter_stand__lt=seit) | Q(letzter_stand__isnull=True))
            .order_by(
                F("letzter_stand").asc(nulls_first=True),
                "teilziel__themenfeld__position",
                "teilziel__position",
                "position",
            )
        )

    def fuer_anzeige(self):
        """Everything a measure card shows, in a fixed number of queries."""
        return (
            self.select_related("teilziel__themenfeld__edition", "federfuehrung")
            .defer(*Edition.lange_texte("teilziel__themenfeld__edition__"))
            .prefetch_related(
                "herkunft",
                "partner",
                Prefetch(
                    "umsetzungsnotizen",
                    queryset=Umsetzungsnotiz.objects.order_by("-datum", "-pk"),
                ),
            )
        )


class Massnahme(HerkunftMixin, Uebersetzbar, Versioniert, models.Model):
    class Status(models.TextChoices):
        GEPLANT = "geplant", _("geplant")
        IN_UMSETZUNG = "in_umsetzung", _("in Umsetzung")
        UMGESETZT = "umgesetzt", _("umgesetzt")
        VERSTETIGT = "verstetigt", _("verstetigt")
        ZURUECKGESTELLT = "zurueckgestellt", _("zurückgestellt")

    teilziel = models.ForeignKey(Teilziel, on_delete=models.CASCADE, related_name="massnahmen")
    key = models.CharField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    titel = models.CharField(_("Titel"), max_length=500)
    beschreibung = models.TextField(_("Beschreibung"), max_length=5000, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.GEPLANT
    )
    federfuehrung = models.ForeignKey(
        Organisation,
        verbose_name=_("Federführung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="federfuehrende_massnahmen",
    )
    partner = models.ManyToManyField(
        Organisation, verbose_name=_("Partner"), blank=True, related_name="partner_massnahmen"
    )
    zeitraum = models.CharField(_("Zeitraum"), max_length=100, blank=True)
    budget = models.DecimalField(
        _("Budget (Euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    indikatoren = models.TextField(_("Indikatoren"), max_length=2000, blank=True)
    herkunft = models.ManyToManyField(
        Beteiligungsformat, verbose_name=_("Herkunft"), blank=True, related_name="massnahmen"
    )

    objects = MassnahmeQuerySet.as_manager()
    history = Historie(m2m_fields=["herkunft", "partner"])

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["teilziel__themenfeld__position", "teilziel__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["teilziel", "key"], name="massnahme_key_eindeutig"),
            models.UniqueConstraint(
                fields=["teilziel", "position"], name="massnahme_position_eindeutig"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "geplant",
                        "in_umsetzung",
                        "umgesetzt",
                        "verstetigt",
                        "zurueckgestellt",
                    ]
                ),
                name="massnahme_status_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="massnahme_budget_nicht_negativ",
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "massnahmen:massnahme_detail",
            kwargs={"jahr": self.teilziel.themenfeld.edition.jahr, "key": self.key},
        )

    @property
    def themenfeld(self):
        return self.teilziel.themenfeld


class Umsetzungsnotiz(models.Model):
    """A dated note on how far a measure has come (Umsetzungsstand)."""

    massnahme = models.ForeignKey(
        Massnahme, on_delete=models.CASCADE, related_name="umsetzungsnotizen"
    )
    datum = models.DateField(_("Datum"))
    text = models.TextField(_("Umsetzungsstand"), max_length=2000)
    # Notes stay in the language their author wrote them in.
    sprache = models.CharField(_("Sprache"), max_length=10, default=settings.LANGUAGE_CODE)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = Historie()

    class Meta:
        verbose_name = _("Umsetzungsstand")
        verbose_name_plural = _("Umsetzungsstände")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.datum}: {self.text[:60]}"
