import hashlib
from functools import cached_property

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords


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


class Uebersetzungsstatus(models.TextChoices):
    FEHLT = "fehlt", _("fehlt")
    MASCHINELL = "maschinell", _("maschinell, ungeprüft")
    GEPRUEFT = "geprueft", _("geprüft")
    VERALTET = "veraltet", _("veraltet")


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
        quelle = "\x1f".join(self.quelltext(feld) for feld in self.uebersetzbare_felder())
        return hashlib.sha256(quelle.encode()).hexdigest()[:16]

    def uebersetzungsstatus(self, sprache: str) -> str:
        felder = [feld for feld in self.uebersetzbare_felder() if self.quelltext(feld)]
        if sprache == settings.LANGUAGE_CODE:
            return Uebersetzungsstatus.GEPRUEFT
        if not felder or not all(self.uebersetzung(feld, sprache) for feld in felder):
            return Uebersetzungsstatus.FEHLT
        stand = self.uebersetzungsstand.get(sprache, {})
        if stand.get("quelle") != self.quell_fingerabdruck():
            return Uebersetzungsstatus.VERALTET
        return stand.get("status", Uebersetzungsstatus.MASCHINELL)

    def uebersetzungsspalten(self, sprache: str) -> list[str]:
        """The columns a translation into `sprache` writes."""
        return [
            *(build_localized_fieldname(feld, sprache) for feld in self.uebersetzbare_felder()),
            "uebersetzungsstand",
        ]

    def uebersetzung_speichern(self, sprache: str, werte: dict[str, str], status: str):
        """Saves a translation; it is not a change of the German source, so no history."""
        self.uebersetzung_setzen(sprache, werte, status)
        self.save_without_historical_record(update_fields=self.uebersetzungsspalten(sprache))

    def uebersetzung_setzen(self, sprache: str, werte: dict[str, str], status: str):
        """Sets a language's texts and records the German source they translate."""
        for feld, wert in werte.items():
            setattr(self, build_localized_fieldname(feld, sprache), wert)
        self.uebersetzungsstand = {
            **self.uebersetzungsstand,
            sprache: {"status": status, "quelle": self.quell_fingerabdruck()},
        }


class Versioniert(models.Model):
    """An item edited in the browser: its version detects a stale form (no lost edits)."""

    version = models.PositiveIntegerField(_("Version"), default=1)

    class Meta:
        abstract = True


class Landkreis(models.Model):
    """The district that runs this installation: its name and office are data, not code."""

    name = models.CharField(_("Name"), max_length=200)
    koordinierungsstelle = models.CharField(_("Koordinierungsstelle"), max_length=200, blank=True)
    kontakt_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    kontakt_telefon = models.CharField(_("Kontakt-Telefon"), max_length=50, blank=True)
    anschrift = models.TextField(_("Anschrift"), blank=True)

    class Meta:
        verbose_name = _("Landkreis")
        verbose_name_plural = _("Landkreise")

    def __str__(self):
        return self.name

    @classmethod
    def aktuell(cls):
        return cls.objects.order_by("pk").first()


class Seite(Uebersetzbar, models.Model):
    """A fixed page of the site (Impressum, Datenschutz, Barrierefreiheit) whose text staff keep."""

    class Art(models.TextChoices):
        IMPRESSUM = "impressum", _("Impressum")
        DATENSCHUTZ = "datenschutz", _("Datenschutz")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")

    art = models.CharField(_("Art"), max_length=30, choices=Art.choices, unique=True)
    titel = models.CharField(_("Titel"), max_length=200)
    einleitung = models.TextField(_("Einleitung"), blank=True)
    stand = models.DateField(_("Stand"), null=True, blank=True)

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["art"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(f"konzept:{self.art}")


class Seitenabschnitt(Uebersetzbar, models.Model):
    seite = models.ForeignKey(Seite, on_delete=models.CASCADE, related_name="abschnitte")
    position = models.PositiveIntegerField(_("Position"))
    ueberschrift = models.CharField(_("Überschrift"), max_length=200)
    text = models.TextField(_("Text"))

    class Meta:
        verbose_name = _("Seitenabschnitt")
        verbose_name_plural = _("Seitenabschnitte")
        ordering = ["seite", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["seite", "position"], name="seitenabschnitt_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.ueberschrift


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
        ordering = ["edition", "position"]
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
        ordering = ["edition", "position"]
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


class Inhaltsstand(models.Model):
    """One row whose number grows with every change of content. Pages cached for anonymous
    readers are keyed by it (konzept/betrieb.py), so no cached page outlives an edit."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstand")

    def __str__(self):
        return str(self.version)
