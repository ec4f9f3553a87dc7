import hashlib
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from . import baum


class Historie(HistoricalRecords):
    """Who changed what, when. One save with its many-to-many changes is one record.

    The editing services save an item and its relations with `_historie_gebuendelt`
    set and then write a single record; without the flag (admin, shell) every save
    is recorded as usual.
    """

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._historie = self

    def fields_included(self, model):
        # The history follows the German source (the base column). The per-language
        # columns that modeltranslation adds after the history model exists are left out;
        # translations carry their own state (Uebersetzbar).
        return [
            feld for feld in super().fields_included(model) if not hasattr(feld, "translated_field")
        ]

    def post_save(self, instance, created, using=None, **kwargs):
        if not getattr(instance, "_historie_gebuendelt", False):
            super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not getattr(instance, "_historie_gebuendelt", False):
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


class Planelement:
    """An item of the plan's tree (field, goal, sub-goal, measure). Where it sits and what
    names it is described once, in konzept/baum.py; these are shortcuts to that description."""

    @property
    def ebene(self):
        return baum.ebene_von(self)

    @property
    def eltern(self):
        """The item this one hangs under (the edition, for a field)."""
        return self.ebene.eltern_von(self)

    @property
    def edition(self):
        return self.ebene.edition_von(self)

    @property
    def pfad(self) -> list:
        """The items above this one, from its field down."""
        return self.ebene.pfad(self)

    @property
    def anker(self) -> str:
        return self.ebene.anker(self)

    @property
    def adresse(self) -> str:
        """The item on its page (at its anchor, where it has no page of its own)."""
        return self.ebene.adresse(self)

    @property
    def titeltext(self) -> str:
        """The item's German title (the source), e.g. for history and exports."""
        return getattr(self, build_localized_fieldname(self.ebene.titel, settings.LANGUAGE_CODE))


def fingerabdruck(texte) -> str:
    """A short fingerprint of texts, to notice later that one of them changed."""
    return hashlib.sha256("\x1f".join(texte).encode()).hexdigest()[:16]


class Uebersetzungsstatus(models.TextChoices):
    FEHLT = "fehlt", _("fehlt")
    MASCHINELL = "maschinell", _("maschinell, ungeprüft")
    GEPRUEFT = "geprueft", _("geprüft")
    VERALTET = "veraltet", _("veraltet")


def uebersetzungsstatus_aus(sprache: str, quellen, uebersetzungen, gespeichert: dict) -> str:
    """The state of an item's translation into `sprache`: the one rule, from its German texts
    and their translations (field by field, in the order of `uebersetzbare_felder()`) and the
    state stored for `sprache` (its entry in `uebersetzungsstand`). For an item
    (`Uebersetzbar.uebersetzungsstatus`) and for a row read as values (the workspace's list,
    konzept/uebersetzung.py)."""
    if sprache == settings.LANGUAGE_CODE:
        return Uebersetzungsstatus.GEPRUEFT
    paare = [(quelle, text) for quelle, text in zip(quellen, uebersetzungen, strict=True) if quelle]
    if not paare or not all(text for _quelle, text in paare):
        return Uebersetzungsstatus.FEHLT
    return _gespeicherter_status(gespeichert, fingerabdruck(quellen))


def _gespeicherter_status(gespeichert: dict, quelle: str) -> str:
    if gespeichert.get("quelle") != quelle:
        return Uebersetzungsstatus.VERALTET
    return gespeichert.get("status", Uebersetzungsstatus.MASCHINELL)


def andere_sprachen(modell, pfad: str = "") -> list[str]:
    """The columns of `modell` (reached by `pfad`, as in `defer()`) holding languages other
    than the active one and German, for `defer()`: a page reads its language and falls back
    to German, and a row with every language is two to three times as wide (issue 20.3).

    Call it while the page's language is active. The row keeps each field's own column,
    which django-modeltranslation's `defer()` would expand to every language.
    """
    gelesen = {settings.LANGUAGE_CODE, get_language() or settings.LANGUAGE_CODE}
    return [
        f"{pfad}{build_localized_fieldname(feld, sprache)}"
        for feld in translator.get_options_for_model(modell).fields
        for sprache, _name in settings.LANGUAGES
        if sprache not in gelesen
    ]


class Uebersetzbar(models.Model):
    """Content whose translations carry a state per language.

    A translation remembers a fingerprint of the German source it was made from; when
    the source changes, the fingerprint no longer matches and the translation counts as
    outdated, however the source was changed.
    """

    uebersetzungsstand = models.JSONField(_("Übersetzungsstand"), default=dict, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def uebersetzbare_felder(cls) -> tuple[str, ...]:
        return tuple(sorted(translator.get_options_for_model(cls).fields))

    def quelltext(self, feld: str) -> str:
        return getattr(self, build_localized_fieldname(feld, settings.LANGUAGE_CODE)) or ""

    def uebersetzung(self, feld: str, sprache: str) -> str:
        return getattr(self, build_localized_fieldname(feld, sprache)) or ""

    def quell_fingerabdruck(self) -> str:
        return fingerabdruck(self.quelltext(feld) for feld in self.uebersetzbare_felder())

    def uebersetzungsstatus(self, sprache: str) -> str:
        felder = self.uebersetzbare_felder()
        return uebersetzungsstatus_aus(
            sprache,
            [self.quelltext(feld) for feld in felder],
            [self.uebersetzung(feld, sprache) for feld in felder],
            self.uebersetzungsstand.get(sprache, {}),
        )

    def feldstatus(self, feld: str, sprache: str) -> str:
        """The state of one field's translation: that of the item, except that a field with a
        text is not missing because another field lacks one."""
        if not self.uebersetzung(feld, sprache):
            return Uebersetzungsstatus.FEHLT
        return self._gespeicherter_status(sprache)

    def _gespeicherter_status(self, sprache: str) -> str:
        return _gespeicherter_status(
            self.uebersetzungsstand.get(sprache, {}), self.quell_fingerabdruck()
        )

    def pruefstand(self, sprache: str) -> str:
        """What a person confirms who marks the translation as reviewed: its texts, the German
        source and the state, as a fingerprint. A confirmation refers to exactly this."""
        felder = self.uebersetzbare_felder()
        return fingerabdruck(
            [
                self.uebersetzungsstatus(sprache),
                self.quell_fingerabdruck(),
                *(self.uebersetzung(feld, sprache) for feld in felder),
            ]
        )

    def uebersetzungsspalten(self, sprache: str) -> list[str]:
        """The columns a translation into `sprache` writes."""
        return [
            *(build_localized_fieldname(feld, sprache) for feld in self.uebersetzbare_felder()),
            "uebersetzungsstand",
        ]

    def uebersetzung_speichern(self, sprache: str, werte: dict[str, str], status: str):
        """Saves a translation; it is not a change of the German source, so no history.

        The states of the other languages come from the locked row: translations into two
        languages saved at the same moment both keep their state.
        """
        with transaction.atomic():
            self.uebersetzungsstand = (
                type(self)
                ._base_manager.select_for_update()
                .values_list("uebersetzungsstand", flat=True)
                .get(pk=self.pk)
            )
            self.uebersetzung_setzen(sprache, werte, status)
            self.save_without_historical_record(update_fields=self.uebersetzungsspalten(sprache))

    def uebersetzung_setzen(self, sprache: str, werte: dict[str, str], status: str):
        """Sets a language's texts and records the German source they translate.

        With the state "veraltet" the texts change but the record of the source stays as it
        was: the translation still belongs to the earlier German text (an XLIFF file may
        return an outdated unit untouched next to a new one of the same item).
        """
        for feld, wert in werte.items():
            setattr(self, build_localized_fieldname(feld, sprache), wert)
        if status == Uebersetzungsstatus.VERALTET:
            stand = self.uebersetzungsstand.get(sprache) or {
                "status": Uebersetzungsstatus.MASCHINELL,
                "quelle": "",
            }
        else:
            stand = {"status": status, "quelle": self.quell_fingerabdruck()}
        self.uebersetzungsstand = {**self.uebersetzungsstand, sprache: stand}


class Versioniert(models.Model):
    """An item edited in the browser: its version detects a stale form (no lost edits)."""

    version = models.PositiveIntegerField(_("Version"), default=1)

    class Meta:
        abstract = True


class Landkreis(models.Model):
    """The district that runs this installation: its name, office, vocabulary and procedure
    are data, not code (one district per installation; see README "Ein anderer Landkreis")."""

    name = models.CharField(_("Name"), max_length=200)
    koordinierungsstelle = models.CharField(_("Koordinierungsstelle"), max_length=200, blank=True)
    kontakt_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    kontakt_telefon = models.CharField(_("Kontakt-Telefon"), max_length=50, blank=True)
    anschrift = models.TextField(_("Anschrift"), blank=True)
    fortschreibung_jahre = models.PositiveSmallIntegerField(
        _("Fortschreibung alle … Jahre"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Wie viele Jahre nach einer Ausgabe die nächste vorgeschlagen wird."),
    )
    nummern_zeigen = models.BooleanField(
        _("Nummern der Elemente zeigen"),
        default=False,
        help_text=_("Zeigt die Nummern von Feldern, Zielen und Maßnahmen (etwa „6.1.2“)."),
    )
    # For open-data portals (DCAT-AP.de): where the data come from.
    kreisschluessel = models.CharField(
        _("Kreisschlüssel"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Fünf Ziffern, z. B. 03461."))],
        help_text=_("Amtlicher Kreisschlüssel des Statistischen Bundesamts, z. B. 03461."),
    )
    datenbereitsteller_id = models.URLField(
        _("Datenbereitsteller-ID (GovData)"),
        blank=True,
        help_text=_(
            "Von GovData vergeben, z. B. http://dcat-ap.de/def/contributors/…; nur nötig, wenn "
            "der Landkreis direkt an GovData liefert."
        ),
    )

    class Meta:
        verbose_name = _("Landkreis")
        verbose_name_plural = _("Landkreise")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fortschreibung_jahre__gte=1, fortschreibung_jahre__lte=10),
                name="landkreis_fortschreibung_plausibel",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def aktuell(cls):
        return cls.objects.order_by("pk").first()


class Begriff(Uebersetzbar, models.Model):
    """The district's own word for a level of its plan (Themenfeld, Handlungsfeld, Bereich …).

    A level without a row is called by the built-in word (konzept/begriffe.py), translated by
    the interface catalogues; a row replaces it, with its own translations.
    """

    class Ebene(models.TextChoices):
        THEMENFELD = "themenfeld", _("Themenfeld")
        LEITZIEL = "leitziel", _("Übergeordnetes Ziel")
        TEILZIEL = "teilziel", _("Teilziel")
        MASSNAHME = "massnahme", _("Maßnahme")
        QUERSCHNITTSFELD = "querschnittsfeld", _("Querschnittsfeld")

    ebene = models.CharField(_("Ebene"), max_length=20, choices=Ebene.choices, unique=True)
    einzahl = models.CharField(_("Einzahl"), max_length=100)
    mehrzahl = models.CharField(_("Mehrzahl"), max_length=100)

    class Meta:
        verbose_name = _("Begriff")
        verbose_name_plural = _("Begriffe")
        ordering = ["ebene"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    ebene__in=[
                        "themenfeld",
                        "leitziel",
                        "teilziel",
                        "massnahme",
                        "querschnittsfeld",
                    ]
                ),
                name="begriff_ebene_gueltig",
            ),
        ]

    def __str__(self):
        return f"{self.get_ebene_display()}: {self.einzahl}"


class Seite(Uebersetzbar, models.Model):
    """A fixed page of the site (Impressum, Datenschutz, Barrierefreiheit) whose text staff keep.

    The accessibility statement keeps the parts BITV 2.0 § 7 and NBGG § 9b ask for as data, in
    the order of the EU's model statement (Implementing Decision (EU) 2018/1523): its status in
    one of the three prescribed wordings, the known barriers (`barrieren`), when and how it was
    made, and the arbitration body; the feedback contact is the district's.
    """

    class Art(models.TextChoices):
        IMPRESSUM = "impressum", _("Impressum")
        DATENSCHUTZ = "datenschutz", _("Datenschutz")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")

    class Vereinbarkeit(models.TextChoices):
        # The three statuses of the model statement, in its words.
        VOLLSTAENDIG = "vollstaendig", _("vollständig vereinbar")
        TEILWEISE = "teilweise", _("teilweise vereinbar")
        NICHT = "nicht", _("nicht vereinbar")

    class Methode(models.TextChoices):
        SELBSTBEWERTUNG = "selbstbewertung", _("Selbstbewertung")
        DRITTE = "dritte", _("Bewertung durch Dritte")

    art = models.CharField(_("Art"), max_length=30, choices=Art.choices, unique=True)
    titel = models.CharField(_("Titel"), max_length=200)
    einleitung = models.TextField(_("Einleitung"), blank=True)
    stand = models.DateField(_("Stand"), null=True, blank=True)
    # The accessibility statement's own parts; empty on every other page.
    vereinbarkeit = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=20,
        choices=Vereinbarkeit.choices,
        blank=True,
        help_text=_("Nur in der Erklärung zur Barrierefreiheit."),
    )
    erstellt_am = models.DateField(_("Erklärung erstellt am"), null=True, blank=True)
    geprueft_am = models.DateField(_("Zuletzt überprüft am"), null=True, blank=True)
    methode = models.CharField(
        _("Methode der Bewertung"), max_length=20, choices=Methode.choices, blank=True
    )
    schlichtungsstelle = models.CharField(
        _("Schlichtungsstelle"),
        max_length=300,
        blank=True,
        help_text=_(
            "Die für den Landkreis zuständige Stelle, etwa die Schlichtungsstelle nach § 9d "
            "NBGG in Niedersachsen oder nach § 16 BGG."
        ),
    )
    schlichtungsstelle_url = models.URLField(_("Website der Schlichtungsstelle"), blank=True)

    ERKLAERUNG_FELDER = (
        "vereinbarkeit",
        "erstellt_am",
        "geprueft_am",
        "methode",
        "schlichtungsstelle",
        "schlichtungsstelle_url",
    )

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["art"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(art="barrierefreiheit")
                | models.Q(
                    vereinbarkeit="",
                    erstellt_am=None,
                    geprueft_am=None,
                    methode="",
                    schlichtungsstelle="",
                    schlichtungsstelle_url="",
                ),
                name="seite_erklaerung_nur_barrierefreiheit",
            ),
            models.CheckConstraint(
                condition=models.Q(vereinbarkeit__in=["", "vollstaendig", "teilweise", "nicht"]),
                name="seite_vereinbarkeit_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(methode__in=["", "selbstbewertung", "dritte"]),
                name="seite_methode_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(erstellt_am=None)
                | models.Q(geprueft_am=None)
                | models.Q(geprueft_am__gte=models.F("erstellt_am")),
                name="seite_geprueft_nach_erstellt",
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(f"konzept:{self.art}")

    def clean(self):
        fehler = {}
        if self.art != self.Art.BARRIEREFREIHEIT:
            for feld in self.ERKLAERUNG_FELDER:
                if getattr(self, feld):
                    fehler[feld] = _("Nur die Erklärung zur Barrierefreiheit hat dieses Feld.")
        if self.erstellt_am and self.geprueft_am and self.geprueft_am < self.erstellt_am:
            fehler["geprueft_am"] = _("Die Prüfung kann nicht vor der Erstellung liegen.")
        if fehler:
            raise ValidationError(fehler)


class Seitenabschnitt(Uebersetzbar, models.Model):
    seite = models.ForeignKey(Seite, on_delete=models.CASCADE, related_name="abschnitte")
    position = models.PositiveIntegerField(_("Position"))
    ueberschrift = models.CharField(_("Überschrift"), max_length=200)
    text = models.TextField(_("Text"))

    class Meta:
        verbose_name = _("Seitenabschnitt")
        verbose_name_plural = _("Seitenabschnitte")
        ordering = ["seite_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["seite", "position"], name="seitenabschnitt_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.ueberschrift


class Barriere(Uebersetzbar, models.Model):
    """A content of the site known not to be accessible, as the accessibility statement names it:
    what, why, and where to find it accessibly instead (BITV 2.0 § 7, NBGG § 9b)."""

    seite = models.ForeignKey(
        Seite,
        on_delete=models.CASCADE,
        related_name="barrieren",
        limit_choices_to={"art": Seite.Art.BARRIEREFREIHEIT},
    )
    position = models.PositiveIntegerField(_("Position"))
    text = models.TextField(_("Nicht barrierefreier Inhalt"))
    grund = models.TextField(_("Grund"))
    alternative = models.TextField(_("Barrierefreie Alternative"), blank=True)

    class Meta:
        verbose_name = _("Barriere")
        verbose_name_plural = _("Barrieren")
        ordering = ["seite_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["seite", "position"], name="barriere_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        if self.seite_id and self.seite.art != Seite.Art.BARRIEREFREIHEIT:
            raise ValidationError(
                {"seite": _("Barrieren nennt nur die Erklärung zur Barrierefreiheit.")}
            )


class EditionQuerySet(models.QuerySet):
    def beschlossen(self):
        return self.filter(status=Edition.Status.BESCHLOSSEN)

    def in_kraft(self):
        """The edition in force: the newest adopted one. Its implementation state is live."""
        return self.beschlossen().order_by("-jahr").first()

    def aktuell(self):
        """The edition a reader lands on: the newest adopted one, else the newest at all."""
        return self.beschlossen().order_by("-jahr").first() or self.order_by("-jahr").first()


class Edition(Uebersetzbar, Versioniert, models.Model):
    """One biennial version of the concept; everything else hangs off exactly one edition."""

    class Status(models.TextChoices):
        # In this order: an edition moves one step at a time (see WEITER).
        ENTWURF = "entwurf", _("Entwurf")
        BETEILIGUNG = "beteiligung", _("Beteiligung")
        BERATUNG = "beratung", _("Beratung")
        BESCHLOSSEN = "beschlossen", _("Beschlossen")

    jahr = models.PositiveSmallIntegerField(_("Jahr"), unique=True)
    titel = models.CharField(_("Titel"), max_length=200)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ENTWURF
    )
    vorgaenger = models.OneToOneField(
        "self",
        verbose_name=_("Vorgänger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nachfolger",
    )
    stichtag = models.DateField(_("Stichtag der Ausgangssituation"), null=True, blank=True)
    beschlossen_am = models.DateField(_("Beschlossen am"), null=True, blank=True)
    ausgangssituation = models.TextField(_("Ausgangssituation"), max_length=5000, blank=True)
    hintergrund = models.TextField(_("Hintergrund"), max_length=5000, blank=True)
    leitgedanke = models.TextField(_("Leitgedanke"), max_length=5000, blank=True)
    methodik = models.TextField(_("Methodisches Vorgehen"), max_length=5000, blank=True)

    objects = EditionQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Ausgabe")
        verbose_name_plural = _("Ausgaben")
        ordering = ["-jahr"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jahr__gte=2000, jahr__lte=2200), name="edition_jahr_plausibel"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["entwurf", "beteiligung", "beratung", "beschlossen"]
                ),
                name="edition_status_gueltig",
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("konzept:edition_detail", kwargs={"jahr": self.jahr})

    @classmethod
    def lange_texte(cls, pfad: str = "") -> list[str]:
        """The edition's long texts in every language, for `defer()`: a page that lists items
        needs only the edition's year and status, not pages of text repeated on every row."""
        return [
            f"{pfad}{build_localized_fieldname(feld, sprache)}"
            for feld in ("ausgangssituation", "hintergrund", "leitgedanke", "methodik")
            for sprache, _name in settings.LANGUAGES
        ] + [f"{pfad}uebersetzungsstand"]

    @property
    def ist_beschlossen(self):
        return self.status == self.Status.BESCHLOSSEN

    @cached_property
    def umsetzung_offen(self) -> bool:
        """Whether the implementation state may change (drafts, the edition in force); for
        templates, once per page. Writes check konzept.rollen.umsetzung_bearbeitbar."""
        from .rollen import umsetzung_offen

        return umsetzung_offen(self)

    @property
    def laufzeit(self) -> tuple:
        """The edition's term: from 1 January of its year until its successor is adopted (the
        end of the year before the successor's); open-ended (None) while it is in force."""
        import datetime

        nachfolger = getattr(self, "nachfolger", None)
        if nachfolger is None or not nachfolger.ist_beschlossen:
            return datetime.date(self.jahr, 1, 1), None
        ende = max(nachfolger.jahr - 1, self.jahr)
        return datetime.date(self.jahr, 1, 1), datetime.date(ende, 12, 31)

    @property
    def naechster_status(self):
        """The step after this one; adoption only comes from a Kreistag decision."""
        folge = {
            self.Status.ENTWURF: self.Status.BETEILIGUNG,
            self.Status.BETEILIGUNG: self.Status.BERATUNG,
        }
        return folge.get(self.status)

    @property
    def voriger_status(self):
        folge = {
            self.Status.BETEILIGUNG: self.Status.ENTWURF,
            self.Status.BERATUNG: self.Status.BETEILIGUNG,
        }
        return folge.get(self.status)


class Kennzahl(Uebersetzbar, Versioniert, models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="kennzahlen")
    key = models.CharField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=300)
    wert = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    einheit = models.CharField(_("Einheit"), max_length=50, blank=True)
    stichtag = models.DateField(_("Stichtag"), null=True, blank=True)
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)

    history = Historie()

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        # By the column, not the edition's own ordering: no join for a page that lists them.
        ordering = ["edition_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="kennzahl_key_eindeutig"),
            models.UniqueConstraint(
                fields=["edition", "position"], name="kennzahl_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.bezeichnung


class Rechtsgrundlage(Uebersetzbar, Versioniert, models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rechtsgrundlagen")
    key = models.CharField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    kuerzel = models.CharField(_("Abkürzung"), max_length=30)
    titel = models.CharField(_("Titel"), max_length=300)

    history = Historie()

    class Meta:
        verbose_name = _("Rechtsgrundlage")
        verbose_name_plural = _("Rechtsgrundlagen")
        ordering = ["edition_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "key"], name="rechtsgrundlage_key_eindeutig"
            ),
            models.UniqueConstraint(
                fields=["edition", "position"], name="rechtsgrundlage_position_eindeutig"
            ),
        ]

    def __str__(self):
        return f"{self.titel} ({self.kuerzel})"


class Profil(models.Model):
    """What the site remembers about a signed-in user: the language they read in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil"
    )
    sprache = models.CharField(
        _("Sprache"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    tageszusammenfassung = models.BooleanField(
        _("Täglich eine Zusammenfassung neuer Kommentare per E-Mail"), default=False
    )
    letzte_zusammenfassung = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Profil")
        verbose_name_plural = _("Profile")

    def __str__(self):
        return str(self.user)


class Einreichung(models.Model):
    """A create form that was sent: the same form sent again (a second click, the browser's
    "send again" after a slow answer) finds what it made instead of making it twice
    (issue 14.12). Each form carries its own id (`{% einreichung %}`); the row is written in
    the same transaction as what the form creates, and goes with the account."""

    kennung = models.UUIDField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    objekt_typ = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    objekt_id = models.PositiveBigIntegerField(null=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einreichung")
        verbose_name_plural = _("Einreichungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kennung"], name="einreichung_einmal")
        ]

    def __str__(self):
        return str(self.kennung)

    @property
    def objekt(self):
        """What the first submission made, if it still exists."""
        if self.objekt_typ is None:
            return None
        model = self.objekt_typ.model_class()
        return model._default_manager.filter(pk=self.objekt_id).first() if model else None


class Inhaltsstand(models.Model):
    """One row whose number grows with every change of content. Pages cached for anonymous
    readers are keyed by it (konzept/betrieb.py), so no cached page outlives an edit."""

    version = models.PositiveBigIntegerField(default=0)
    # When the content last changed: the Last-Modified of open data.
    geaendert_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstand")

    def __str__(self):
        return str(self.version)


class Dienstkonto(Device):
    """The link of a user to their account at the authority's OpenID Connect provider: the
    provider (issuer) and the stable subject it names the person by (`sub`), nothing else.

    It is also a django-otp device: a sign-in at which the provider asserted multi-factor
    authentication marks the session as verified by it (konzept/oidc.py), so that staff are not
    asked for the local second factor again. It accepts no code of its own.
    """

    aussteller = models.CharField(_("Aussteller"), max_length=500)
    subjekt = models.CharField(_("Subjekt"), max_length=255)

    class Meta:
        verbose_name = _("Dienstkonto")
        verbose_name_plural = _("Dienstkonten")
        constraints = [
            models.UniqueConstraint(
                fields=["aussteller", "subjekt"], name="dienstkonto_aussteller_subjekt"
            ),
            models.UniqueConstraint(
                fields=["user", "aussteller"], name="dienstkonto_je_aussteller"
            ),
        ]

    def __str__(self):
        return f"{self.subjekt} @ {self.aussteller}"
