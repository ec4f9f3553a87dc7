from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from beteiligung.models import Beteiligungsformat, HerkunftMixin
from konzept.models import (
    Edition,
    Historie,
    Planelement,
    Uebersetzbar,
    Versioniert,
    andere_sprachen,
)
from themenfelder.models import Leitziel, Teilziel, Themenfeld


class Organisation(models.Model):
    """A body that leads or partners in measures (Federführung, Partner)."""

    name = models.CharField(_("Name"), max_length=300, unique=True)
    # Contact persons (group `Umsetzung`) report on the measures their organisation leads.
    ansprechpersonen = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ansprechpersonen"),
        blank=True,
        related_name="organisationen",
    )

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
                letzte_notiz=Subquery(
                    Umsetzungsnotiz.objects.filter(massnahme=OuterRef("pk"))
                    .order_by("-datum")
                    .values("datum")[:1]
                ),
                # A confirmation ("still current") counts as an update too; Coalesce because
                # SQLite's GREATEST is NULL as soon as one side is.
                letzter_stand=Greatest(
                    Coalesce("letzte_notiz", "bestaetigt_am"),
                    Coalesce("bestaetigt_am", "letzte_notiz"),
                ),
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

    def fuer_karte(self):
        """What a measure's card in its field shows (includes/massnahme.html): title, status,
        period and lead in the page's language; no partners or notes (issue 20.3). The field's
        page sets each measure's field, which it has read already, and places the provenance
        of all its items at once (`beteiligung.models.herkunft_einordnen`)."""
        return self.select_related("federfuehrung").defer(*andere_sprachen(Massnahme))

    def themenfeld_zuordnung(self) -> dict[int, int]:
        """Measure pk → its field's pk, in one query."""
        return dict(self.order_by().values_list("pk", "themenfeld_id"))

    def mit_edition(self):
        """With what a measure's address and page header need (field and edition)."""
        return self.select_related("themenfeld__edition").defer(
            *Edition.lange_texte("themenfeld__edition__")
        )

    def ueberfaellig(self, heute=None):
        """Planned end month passed, neither done nor shelved (see Massnahme.ist_ueberfaellig)."""
        heute = heute or timezone.localdate()
        return self.filter(ende_geplant__lt=heute.replace(day=1)).exclude(
            status__in=ERLEDIGT_ODER_ZURUECKGESTELLT
        )

    def geleitet_von(self, organisationen, *, partner: bool = False):
        """Measures led by one of these organisations (and, with `partner`, partnered)."""
        bedingung = Q(federfuehrung__in=organisationen)
        if partner:
            bedingung |= Q(partner__in=organisationen)
        return self.filter(bedingung).distinct() if partner else self.filter(bedingung)

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


# Done, continued as a standing offer, or shelved: no longer due, no longer overdue.
ERLEDIGT_ODER_ZURUECKGESTELLT = ("umgesetzt", "verstetigt", "zurueckgestellt")


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
    # The schedule as agreed, month precision (the first of the month); `zeitraum` keeps what
    # dates cannot say ("fortlaufend") and text the migration could not read.
    beginn_geplant = models.DateField(_("Geplanter Beginn"), null=True, blank=True)
    ende_geplant = models.DateField(_("Geplantes Ende"), null=True, blank=True)
    # The implementation state: live while the edition is in force (see rollen.py).
    beginn_tatsaechlich = models.DateField(_("Tatsächlicher Beginn"), null=True, blank=True)
    ende_tatsaechlich = models.DateField(_("Tatsächliches Ende"), null=True, blank=True)
    bestaetigt_am = models.DateField(_("Noch aktuell, bestätigt am"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=models.Q(beginn_geplant__isnull=True)
                | models.Q(ende_geplant__isnull=True)
                | models.Q(ende_geplant__gte=F("beginn_geplant")),
                name="massnahme_geplantes_ende_nach_beginn",
            ),
            models.CheckConstraint(
                condition=models.Q(beginn_tatsaechlich__isnull=True)
                | models.Q(ende_tatsaechlich__isnull=True)
                | models.Q(ende_tatsaechlich__gte=F("beginn_tatsaechlich")),
                name="massnahme_tatsaechliches_ende_nach_beginn",
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

    @property
    def ist_abgeschlossen(self):
        return self.status in (self.Status.UMGESETZT, self.Status.ZURUECKGESTELLT)

    def ist_ueberfaellig(self, heute=None) -> bool:
        """The planned end month has passed and the measure is neither done nor shelved."""
        heute = heute or timezone.localdate()
        return bool(
            self.ende_geplant
            and self.ende_geplant < heute.replace(day=1)
            and self.status not in ERLEDIGT_ODER_ZURUECKGESTELLT
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


class Richtung(models.TextChoices):
    MEHR = "mehr", _("mehr ist besser")
    WENIGER = "weniger", _("weniger ist besser")


class Indikator(Uebersetzbar, Versioniert, models.Model):
    """What shows that a measure or a goal (Leitziel) works: a measured quantity with its
    baseline and target. The definition is agreed content (frozen on adoption); the measured
    values (Messwert) are implementation state."""

    massnahme = models.ForeignKey(
        Massnahme,
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indikatoren_liste",
    )
    leitziel = models.ForeignKey(
        "themenfelder.Leitziel",
        verbose_name=_("Übergeordnetes Ziel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indikatoren",
    )
    key = models.SlugField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"), default=1)
    name = models.CharField(_("Bezeichnung"), max_length=300)
    einheit = models.CharField(_("Einheit"), max_length=50, blank=True)
    ausgangswert = models.DecimalField(
        _("Ausgangswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    ausgangsdatum = models.DateField(_("Ausgangswert vom"), null=True, blank=True)
    zielwert = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    zieldatum = models.DateField(_("Zielwert bis"), null=True, blank=True)
    richtung = models.CharField(
        _("Richtung"), max_length=10, choices=Richtung.choices, default=Richtung.MEHR
    )

    history = Historie()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(massnahme__isnull=False) & Q(leitziel__isnull=True))
                | (Q(massnahme__isnull=True) & Q(leitziel__isnull=False)),
                name="indikator_genau_ein_bezug",
            ),
            models.UniqueConstraint(
                fields=["massnahme", "key"],
                condition=Q(massnahme__isnull=False),
                name="indikator_key_je_massnahme",
            ),
            models.UniqueConstraint(
                fields=["leitziel", "key"],
                condition=Q(leitziel__isnull=False),
                name="indikator_key_je_leitziel",
            ),
            models.CheckConstraint(
                condition=Q(richtung__in=["mehr", "weniger"]), name="indikator_richtung_gueltig"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def bezug(self):
        return self.massnahme if self.massnahme_id else self.leitziel

    def erreicht(self, wert) -> bool | None:
        """Whether a value meets the target, in the indicator's direction."""
        if wert is None or self.zielwert is None:
            return None
        if self.richtung == Richtung.MEHR:
            return wert >= self.zielwert
        return wert <= self.zielwert


class Messwert(models.Model):
    """One dated measured value of an indicator."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="messwerte")
    datum = models.DateField(_("Datum"))
    wert = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)
    notiz = models.CharField(_("Anmerkung"), max_length=500, blank=True)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)

    history = Historie()

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["datum", "pk"]
        constraints = [
            # One value per day: a report sent twice replaces, never doubles.
            models.UniqueConstraint(fields=["indikator", "datum"], name="messwert_je_tag"),
        ]

    def __str__(self):
        return f"{self.datum}: {self.wert}"


class Kennzahlwert(models.Model):
    """A dated value of a key figure of the edition (its time series)."""

    kennzahl = models.ForeignKey(
        "konzept.Kennzahl", on_delete=models.CASCADE, related_name="zeitreihe"
    )
    datum = models.DateField(_("Datum"))
    wert = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)
    notiz = models.CharField(_("Anmerkung"), max_length=500, blank=True)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)

    history = Historie()

    class Meta:
        verbose_name = _("Wert einer Kennzahl")
        verbose_name_plural = _("Werte der Kennzahlen")
        ordering = ["datum", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kennzahl", "datum"], name="kennzahlwert_je_tag"),
        ]

    def __str__(self):
        return f"{self.datum}: {self.wert}"


class Einladung(models.Model):
    """A one-time link by which a contact person sets their password. Only a hash of the
    token is stored: the link in the e-mail is the only copy."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="einladungen"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    gueltig_bis = models.DateTimeField(_("Gültig bis"))
    angenommen_am = models.DateTimeField(_("Angenommen am"), null=True, blank=True)
    eingeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-erstellt_am"]

    def __str__(self):
        return str(self.user)


class SachstandsabfrageQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(geschlossen_am__isnull=True)


class Sachstandsabfrage(models.Model):
    """A reporting round: staff ask every contact person for the state of their measures by a
    deadline. Closed, it keeps a dated snapshot (`bericht`): the Umsetzungsbericht."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sachstandsabfragen"
    )
    frist = models.DateField(_("Frist"))
    nachricht = models.TextField(_("Nachricht an die Ansprechpersonen"), max_length=3000)
    eroeffnet_am = models.DateTimeField(_("Eröffnet am"), default=timezone.now)
    eroeffnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geschlossen_am = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    erinnerung_vorher = models.BooleanField(default=False, editable=False)
    erinnerung_nachher = models.BooleanField(default=False, editable=False)
    # The Umsetzungsbericht: the state at closing, as plain data (see umsetzungsbericht.py).
    bericht = models.JSONField(null=True, blank=True, editable=False)

    objects = SachstandsabfrageQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sachstandsabfrage")
        verbose_name_plural = _("Sachstandsabfragen")
        ordering = ["-eroeffnet_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(geschlossen_am__isnull=True),
                name="eine_offene_sachstandsabfrage_je_edition",
            ),
        ]

    def __str__(self):
        return _("Sachstandsabfrage bis %(frist)s") % {"frist": self.frist.strftime("%d.%m.%Y")}

    def get_absolute_url(self):
        return reverse("massnahmen:abfrage_detail", kwargs={"pk": self.pk})

    @property
    def ist_offen(self):
        return self.geschlossen_am is None


class SachstandsberichtQuerySet(models.QuerySet):
    def zu_pruefen(self):
        return self.filter(status=Sachstandsbericht.Status.EINGEREICHT)


class Sachstandsbericht(models.Model):
    """What a contact person reports on one measure, in a round or in between. With review on,
    staff approve it before it changes the public implementation state."""

    class Status(models.TextChoices):
        EINGEREICHT = "eingereicht", _("zur Prüfung")
        FREIGEGEBEN = "freigegeben", _("freigegeben")
        ZURUECKGEWIESEN = "zurueckgewiesen", _("zurückgewiesen")

    abfrage = models.ForeignKey(
        Sachstandsabfrage,
        verbose_name=_("Sachstandsabfrage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="berichte",
    )
    massnahme = models.ForeignKey(
        Massnahme, on_delete=models.CASCADE, related_name="sachstandsberichte"
    )
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    eingereicht_am = models.DateTimeField(_("Eingereicht am"), default=timezone.now)
    # The input as given: status, note, dates, "still current", values (see services).
    daten = models.JSONField(default=dict)
    sprache = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.EINGEREICHT
    )
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geprueft_am = models.DateTimeField(null=True, blank=True)
    # The submission a form carried: the same form sent twice is stored once.
    einreichung = models.UUIDField()

    objects = SachstandsberichtQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sachstandsbericht")
        verbose_name_plural = _("Sachstandsberichte")
        ordering = ["-eingereicht_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["einreichung", "massnahme"], name="sachstandsbericht_einmal"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["eingereicht", "freigegeben", "zurueckgewiesen"]),
                name="sachstandsbericht_status_gueltig",
            ),
        ]

    def __str__(self):
        return f"{self.massnahme} ({self.eingereicht_am:%d.%m.%Y})"


class Erinnerung(models.Model):
    """A reminder e-mail sent to a contact person: throttles the automatic ones and shows staff
    who was reminded when."""

    class Art(models.TextChoices):
        ABFRAGE = "abfrage", _("Sachstandsabfrage")
        VERALTET = "veraltet", _("ohne aktuellen Umsetzungsstand")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    art = models.CharField(max_length=20, choices=Art.choices)
    abfrage = models.ForeignKey(
        Sachstandsabfrage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    gesendet_am = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        ordering = ["-gesendet_am"]

    def __str__(self):
        return f"{self.user} {self.gesendet_am:%d.%m.%Y}"
