from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from beteiligung.models import Beteiligungsformat, HerkunftMixin
from konzept.models import Edition, Historie, Planelement, Uebersetzbar, Versioniert
from themenfelder.models import Leitziel, Teilziel, Themenfeld


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
        return self.filter(themenfeld__edition=edition)

    def in_lesereihenfolge(self):
        """As the concept reads: by field; in a field the measures straight under it, then
        those under its goals, then those under its sub-goals; each list in its order."""
        return self.order_by(
            "themenfeld__position",
            F("teilziel__position").asc(nulls_first=True),
            F("leitziel__position").asc(nulls_first=True),
            "position",
        )

    def mit_status(self, status):
        return self.filter(status=status)

    def im_themenfeld(self, themenfeld):
        return self.filter(themenfeld=themenfeld)

    def mit_herkunft(self, art):
        """Measures that came (also) from a kind of participation, given by its key."""
        return self.filter(herkunft__art__key=art).distinct()

    def suche(self, text):
        """Finds text in the reader's language and in the German source."""
        sprachen = {get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE}
        treffer = Q()
        for sprache in sprachen:
            for feld in ("titel", "beschreibung", "teilziel__titel", "leitziel__text"):
                treffer |= Q(**{f"{build_localized_fieldname(feld, sprache)}__icontains": text})
        return self.filter(treffer)

    def anzahl_je_themenfeld_und_status(self):
        """(field id, status, count) for every field and status that has measures."""
        return self.order_by().values_list("themenfeld_id", "status").annotate(anzahl=Count("pk"))

    def anzahl_je_themenfeld(self):
        """(field id, count); distinct, as a measure may have several provenances."""
        return (
            self.order_by().values_list("themenfeld_id").annotate(anzahl=Count("pk", distinct=True))
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
                "themenfeld__position",
                F("teilziel__position").asc(nulls_first=True),
                F("leitziel__position").asc(nulls_first=True),
                "position",
            )
        )

    def fuer_anzeige(self):
        """Everything a measure card shows, in a fixed number of queries."""
        return (
            self.select_related("themenfeld__edition", "leitziel", "teilziel", "federfuehrung")
            .defer(*Edition.lange_texte("themenfeld__edition__"))
            .prefetch_related(
                "herkunft__art",
                "partner",
                Prefetch(
                    "umsetzungsnotizen",
                    queryset=Umsetzungsnotiz.objects.order_by("-datum", "-pk"),
                ),
            )
        )


class Massnahme(Planelement, HerkunftMixin, Uebersetzbar, Versioniert, models.Model):
    """A concrete measure. It sits under a sub-goal, else under an overarching goal, else
    straight under its field (konzept/baum.py); it always knows its field."""

    class Status(models.TextChoices):
        GEPLANT = "geplant", _("geplant")
        IN_UMSETZUNG = "in_umsetzung", _("in Umsetzung")
        UMGESETZT = "umgesetzt", _("umgesetzt")
        VERSTETIGT = "verstetigt", _("verstetigt")
        ZURUECKGESTELLT = "zurueckgestellt", _("zurückgestellt")

    themenfeld = models.ForeignKey(
        Themenfeld, on_delete=models.CASCADE, related_name="massnahmen", editable=False
    )
    leitziel = models.ForeignKey(
        Leitziel, on_delete=models.CASCADE, null=True, blank=True, related_name="massnahmen"
    )
    teilziel = models.ForeignKey(
        Teilziel, on_delete=models.CASCADE, null=True, blank=True, related_name="massnahmen"
    )
    key = models.CharField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    nummer = models.CharField(
        _("Nummer"), max_length=20, blank=True, help_text=_("Zum Beispiel „6.1.2“.")
    )
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
        # In its list; lists across the plan order themselves (in_lesereihenfolge).
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["themenfeld", "key"], name="massnahme_key_eindeutig"),
            # The position is unique in the list the measure sits in.
            models.UniqueConstraint(
                fields=["teilziel", "position"],
                condition=models.Q(teilziel__isnull=False),
                name="massnahme_position_im_teilziel",
            ),
            models.UniqueConstraint(
                fields=["leitziel", "position"],
                condition=models.Q(leitziel__isnull=False),
                name="massnahme_position_im_leitziel",
            ),
            models.UniqueConstraint(
                fields=["themenfeld", "position"],
                condition=models.Q(teilziel__isnull=True, leitziel__isnull=True),
                name="massnahme_position_im_themenfeld",
            ),
            models.CheckConstraint(
                condition=models.Q(teilziel__isnull=True) | models.Q(leitziel__isnull=True),
                name="massnahme_unter_hoechstens_einem_ziel",
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

    def save(self, *args, **kwargs):
        # The field follows the goal or sub-goal the measure hangs under, however it is saved
        # (form, loader, copy, restore), so that `themenfeld` never contradicts the tree.
        ziel = self.teilziel if self.teilziel_id else self.leitziel if self.leitziel_id else None
        if ziel is not None and ziel.themenfeld_id != self.themenfeld_id:
            self.themenfeld_id = ziel.themenfeld_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "themenfeld"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "massnahmen:massnahme_detail",
            kwargs={"jahr": self.themenfeld.edition.jahr, "key": self.key},
        )


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
