from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from konzept import baum
from konzept.models import (
    Edition,
    Historie,
    Uebersetzbar,
    Uebersetzungsstatus,
    Versioniert,
    andere_sprachen,
)


class HerkunftMixin:
    """For items that record the participation formats they came from (provenance)."""

    @property
    def herkunft_formate(self) -> list:
        """The formats the item came from, by their position: as its page placed them
        (`herkunft_einordnen`), else read through `herkunft`, which views prefetch with
        `herkunft__art` wherever items are listed."""
        eingeordnet = self.__dict__.get("herkunft_eingeordnet")
        return list(self.herkunft.all()) if eingeordnet is None else eingeordnet

    @property
    def ist_kmv(self):
        """Brought in by the migrant council: marked by colour and label on pages and PDFs."""
        return any(format.ist_kmv for format in self.herkunft_formate)


def herkunft_einordnen(elemente, edition) -> None:
    """Places the provenance of a page's items (goals, sub-goals, measures of `edition`) as
    their `herkunft_formate`, in two queries: the edition's formats with their kinds, and
    the links of all items at once. Prefetching `herkunft` takes a query per kind of item,
    each reading the formats again, one per link: on a field page that was half of the
    time its queries took (issue 20.3)."""
    elemente = list(elemente)
    if not elemente:
        return
    formate = list(Beteiligungsformat.objects.fuer_herkunft().filter(edition=edition))
    nach_pk = {format.pk: format for format in formate}
    rang = {format.pk: nummer for nummer, format in enumerate(formate)}
    arten = list({type(element) for element in elemente})
    nach_art = [{} for _art in arten]
    for element in elemente:
        nach_art[arten.index(type(element))][element.pk] = element
        element.herkunft_eingeordnet = []
    verknuepfungen = []
    for nummer, art in enumerate(arten):
        feld = art._meta.get_field("herkunft")
        quelle, ziel = feld.m2m_column_name(), feld.m2m_reverse_name()
        verknuepfungen.append(
            feld.remote_field.through.objects.filter(**{f"{quelle}__in": list(nach_art[nummer])})
            .order_by()
            .values_list(models.Value(nummer), quelle, ziel)
        )
    erste, *weitere = verknuepfungen
    for nummer, element_pk, format_pk in erste.union(*weitere, all=True):
        nach_art[nummer][element_pk].herkunft_eingeordnet.append(nach_pk[format_pk])
    for element in elemente:
        element.herkunft_eingeordnet.sort(key=lambda format: rang[format.pk])


class Beteiligungsart(Uebersetzbar, models.Model):
    """A kind of participation channel of the district (administration, external actors, the
    migrant council, politics …): data, not choices, so that every district names its own.

    At most one kind is the district's migrant council (KMV, Integrationsrat, Beirat …): items
    that came from it are marked on pages and in the PDF, by colour and by its label.
    """

    key = models.SlugField(_("Schlüssel"), max_length=50, unique=True)
    position = models.PositiveIntegerField(_("Position"), unique=True)
    name = models.CharField(_("Name"), max_length=200)
    kurzname = models.CharField(
        _("Kurzname"), max_length=50, blank=True, help_text=_("Zum Beispiel „KMV“.")
    )
    beschreibung = models.TextField(_("Beschreibung"), max_length=2000, blank=True)
    migrationsvertretung = models.BooleanField(
        _("Ist die Migrationsvertretung des Landkreises"), default=False
    )
    kennzeichen = models.CharField(
        _("Kennzeichen ihrer Vorschläge"),
        max_length=100,
        blank=True,
        help_text=_(
            "Steht an jedem Element, das aus dieser Beteiligung kam, z. B. „Vorschlag der KMV“."
        ),
    )

    class Meta:
        verbose_name = _("Beteiligungsart")
        verbose_name_plural = _("Beteiligungsarten")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["migrationsvertretung"],
                condition=models.Q(migrationsvertretung=True),
                name="beteiligungsart_eine_migrationsvertretung",
            ),
        ]

    def __str__(self):
        return self.name


class Gremium(Uebersetzbar, models.Model):
    """A political body of the district that deliberates or decides on an edition. Exactly
    which body's decision adopts an edition is data too (the Kreistag, usually)."""

    key = models.SlugField(_("Schlüssel"), max_length=50, unique=True)
    position = models.PositiveIntegerField(_("Position"), unique=True)
    name = models.CharField(_("Name"), max_length=200)
    beschliesst = models.BooleanField(_("Sein Beschluss nimmt eine Ausgabe an"), default=False)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["beschliesst"],
                condition=models.Q(beschliesst=True),
                name="gremium_ein_beschliessendes",
            ),
        ]

    def __str__(self):
        return self.name


class BeteiligungsformatQuerySet(models.QuerySet):
    def mit_zahlen(self):
        """How many goals, sub-goals and measures came from each format."""
        return self.annotate(
            anzahl_leitziele=models.Count("leitziele", distinct=True),
            anzahl_teilziele=models.Count("teilziele", distinct=True),
            anzahl_massnahmen=models.Count("massnahmen", distinct=True),
        )

    def fuer_herkunft(self):
        """The formats an item names as its provenance, with their kind (whether the migrant
        council brought it in), in the page's language: one query, and ordered by their
        position alone, since an item's formats share its edition (no join for the edition's
        ordering)."""
        return (
            self.select_related("art")
            .defer(*andere_sprachen(Beteiligungsformat), *andere_sprachen(Beteiligungsart, "art__"))
            .order_by("position", "pk")
        )


class Beteiligungsformat(Uebersetzbar, Versioniert, models.Model):
    """One participation channel through which the concept was shaped."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="beteiligungsformate"
    )
    key = models.SlugField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    art = models.ForeignKey(
        Beteiligungsart,
        verbose_name=_("Art der Beteiligung"),
        on_delete=models.PROTECT,
        related_name="formate",
    )
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
        return self.art.migrationsvertretung


class Stellungnahme(models.Model):
    """The formal, collective statement of the KMV on an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stellungnahmen")
    datum = models.DateField(_("Datum"))
    text = models.TextField(_("Stellungnahme"), max_length=10000)

    history = Historie()

    class Meta:
        verbose_name = _("Stellungnahme der Migrationsvertretung")
        verbose_name_plural = _("Stellungnahmen der Migrationsvertretung")
        ordering = ["edition", "-datum"]

    def __str__(self):
        return f"{self.edition} – {self.datum}"


class Beschluss(models.Model):
    """A political decision on an edition: which body, when, with what outcome."""

    class Ergebnis(models.TextChoices):
        EMPFOHLEN = "empfohlen", _("empfohlen")
        BESCHLOSSEN = "beschlossen", _("beschlossen")
        ABGELEHNT = "abgelehnt", _("abgelehnt")
        VERTAGT = "vertagt", _("vertagt")
        GEAENDERT_BESCHLOSSEN = "geaendert_beschlossen", _("geändert beschlossen")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="beschluesse")
    gremium = models.ForeignKey(
        Gremium, verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="beschluesse"
    )
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
        return f"{self.gremium}, {self.datum}: {self.get_ergebnis_display()}"

    @property
    def nimmt_an(self):
        """A decision of the adopting body (the Kreistag, usually) that adopts the edition."""
        return self.gremium.beschliesst and self.ergebnis in (
            self.Ergebnis.BESCHLOSSEN,
            self.Ergebnis.GEAENDERT_BESCHLOSSEN,
        )


def zielgruppen() -> list[tuple[str, str]]:
    """Who may comment in a phase, named as the district names its migrant council."""
    from konzept.begriffe import MIGRATIONSVERTRETUNG_VORGABE, migrationsvertretung

    name = str(migrationsvertretung() or MIGRATIONSVERTRETUNG_VORGABE)
    return [
        ("kmv", _("Mitglieder: %(name)s") % {"name": name}),
        ("kmv_ausschuss", _("Mitglieder: %(name)s und der Gremien") % {"name": name}),
    ]


class BeteiligungsphaseQuerySet(models.QuerySet):
    def offen(self, zeitpunkt=None):
        """Phases in their time window, of editions not yet adopted: adoption ends every
        consultation on the edition (beteiligung.services.beschluss_erfassen closes them; this
        holds for phases of editions adopted before that, too)."""
        zeitpunkt = zeitpunkt or timezone.now()
        return self.filter(beginn__lte=zeitpunkt, ende__gt=zeitpunkt).exclude(
            edition__status=Edition.Status.BESCHLOSSEN
        )

    def nicht_vorbei(self, zeitpunkt=None):
        """Phases whose window has not closed: running ones and those still to come."""
        return self.filter(ende__gt=zeitpunkt or timezone.now())

    def fuer(self, user) -> list["Beteiligungsphase"]:
        """The phases whose audience includes this user."""
        from konzept.rollen import gruppen

        meine = gruppen(user)
        return [phase for phase in self if phase.gruppen() & meine] if meine else []

    def hinweis_fuer(self, user, zeitpunkt=None):
        """For the audience: the open phase, else the next one, else the last one."""
        zeitpunkt = zeitpunkt or timezone.now()
        meine = self.order_by("beginn").fuer(user)
        for zustand in ("offen", "bevor", "vorbei"):
            passend = [phase for phase in meine if phase.zustand(zeitpunkt) == zustand]
            if passend:
                return {"zustand": zustand, "phase": passend[-1 if zustand == "vorbei" else 0]}
        return None


class Beteiligungsphase(models.Model):
    """A consultation window on a draft: who may comment, from when until when."""

    class Zielgruppe(models.TextChoices):
        # Shown with the district's name for its migrant council: see zielgruppen().
        KMV = "kmv", _("Migrationsvertretung")
        KMV_UND_AUSSCHUSS = "kmv_ausschuss", _("Migrationsvertretung und Gremien")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="phasen")
    zielgruppe = models.CharField(
        _("Wer darf kommentieren"), max_length=20, choices=Zielgruppe.choices, default="kmv"
    )
    beginn = models.DateTimeField(_("Beginn"))
    ende = models.DateTimeField(_("Ende"))
    eroeffnung_gemeldet = models.BooleanField(default=False, editable=False)
    erinnerung_gemeldet = models.BooleanField(default=False, editable=False)

    objects = BeteiligungsphaseQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Beteiligungsphase")
        verbose_name_plural = _("Beteiligungsphasen")
        ordering = ["edition", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ende__gt=models.F("beginn")), name="phase_ende_nach_beginn"
            ),
            models.CheckConstraint(
                condition=models.Q(zielgruppe__in=["kmv", "kmv_ausschuss"]),
                name="phase_zielgruppe_gueltig",
            ),
        ]

    def __str__(self):
        return f"{self.edition}: {self.beginn:%d.%m.%Y} – {self.ende:%d.%m.%Y}"

    def gruppen(self) -> set[str]:
        if self.zielgruppe == self.Zielgruppe.KMV_UND_AUSSCHUSS:
            return {"KMV", "Ausschuss"}
        return {"KMV"}

    def zustand(self, zeitpunkt=None) -> str:
        zeitpunkt = zeitpunkt or timezone.now()
        if zeitpunkt < self.beginn:
            return "bevor"
        return "offen" if zeitpunkt < self.ende else "vorbei"


class Phasenmeldung(models.Model):
    """One e-mail about a phase to one person: that it has opened, or that it closes soon.

    One row per recipient (issue 14.5): each is sent, tried again and recorded on its own, and
    the phase counts as announced once all of its rows are sent."""

    class Art(models.TextChoices):
        EROEFFNUNG = "eroeffnung", _("Eröffnung")
        ERINNERUNG = "erinnerung", _("Erinnerung")

    phase = models.ForeignKey(Beteiligungsphase, on_delete=models.CASCADE, related_name="meldungen")
    art = models.CharField(max_length=20, choices=Art.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    gesendet_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Meldung einer Beteiligungsphase")
        verbose_name_plural = _("Meldungen von Beteiligungsphasen")
        constraints = [
            models.UniqueConstraint(fields=["phase", "art", "user"], name="phasenmeldung_einmal"),
        ]

    def __str__(self):
        return f"{self.phase}: {self.get_art_display()} an {self.user}"


class KommentarQuerySet(models.QuerySet):
    def oeffentlich(self):
        """What the Abwägungstabelle and the PDF show: comments staff have answered. A new
        comment is not yet moderated (it may hold what its author did not mean for the public)
        and a hidden one never shows (issue 14.2)."""
        return self.filter(status=Kommentar.Status.BEANTWORTET)

    def mit_element(self):
        return self.select_related(
            "themenfeld",
            "leitziel__themenfeld",
            "teilziel__themenfeld",
            "massnahme__themenfeld",
            "massnahme__leitziel",
            "massnahme__teilziel",
            "autor",
            "edition",
        )


class Kommentar(models.Model):
    """A comment on one item of an edition in consultation, and the answer it got."""

    class Status(models.TextChoices):
        NEU = "neu", _("neu")
        BEANTWORTET = "beantwortet", _("beantwortet")
        VERBORGEN = "verborgen", _("verborgen")

    class Gruppe(models.TextChoices):
        # Read with the district's name for its migrant council: see `verfasst_als`.
        MIGRATIONSVERTRETUNG = "kmv", _("Migrationsvertretung")
        GREMIEN = "ausschuss", _("Gremien")

    class Einstufung(models.TextChoices):
        BERUECKSICHTIGT = "beruecksichtigt", _("berücksichtigt")
        TEILWEISE = "teilweise", _("teilweise berücksichtigt")
        NICHT = "nicht", _("nicht berücksichtigt")
        KENNTNIS = "kenntnis", _("zur Kenntnis genommen")

    class UebersetzungArt(models.TextChoices):
        FEHLT = "fehlt", _("fehlt")
        MASCHINELL = "maschinell", _("maschinell, ungeprüft")
        GEPRUEFT = "geprueft", _("geprüft")

    # The item: one of the levels of the plan's tree (konzept/baum.py), exactly one of these
    # foreign keys (a database constraint says so).
    ELEMENTE = baum.NAMEN

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="kommentare")
    phase = models.ForeignKey(
        Beteiligungsphase, on_delete=models.PROTECT, related_name="kommentare"
    )
    themenfeld = models.ForeignKey(
        "themenfelder.Themenfeld",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kommentare",
    )
    leitziel = models.ForeignKey(
        "themenfelder.Leitziel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kommentare",
    )
    teilziel = models.ForeignKey(
        "themenfelder.Teilziel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kommentare",
    )
    massnahme = models.ForeignKey(
        "massnahmen.Massnahme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kommentare",
    )
    # Kept for the public record when the account is deleted, without the person.
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kommentare",
    )
    name_zeigen = models.BooleanField(
        _("Meinen Namen in der Abwägungstabelle zeigen"), default=False
    )
    # The body the author commented as, kept with the comment: the public record names it
    # where the name is not shown, and it stays right when the account changes or goes.
    gruppe = models.CharField(
        _("Kommentiert als"), max_length=20, choices=Gruppe.choices, blank=True, editable=False
    )
    text = models.TextField(_("Ihr Kommentar"), max_length=2000)
    sprache = models.CharField(_("Sprache"), max_length=10, choices=settings.LANGUAGES)
    # For staff, a comment not written in German is read in a German translation (issue 18.2):
    # filled by machine translation where it is on (konzept/maschinell.py), corrected or typed
    # by staff; an edit of the comment empties it, as it no longer says what the comment says.
    text_deutsch = models.TextField(_("Deutsche Übersetzung"), max_length=4000, blank=True)
    text_deutsch_art = models.CharField(
        _("Art der deutschen Übersetzung"),
        max_length=20,
        choices=[
            (Uebersetzungsstatus.FEHLT, Uebersetzungsstatus.FEHLT.label),
            (Uebersetzungsstatus.MASCHINELL, Uebersetzungsstatus.MASCHINELL.label),
            (Uebersetzungsstatus.GEPRUEFT, Uebersetzungsstatus.GEPRUEFT.label),
        ],
        default=Uebersetzungsstatus.FEHLT,
    )
    einreichung = models.UUIDField(unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEU)
    einstufung = models.CharField(
        _("Einstufung"), max_length=20, choices=Einstufung.choices, blank=True
    )
    antwort = models.TextField(_("Antwort"), max_length=4000, blank=True)
    # The answer in the comment's language (issue 18.1): typed by staff (geprüft) or by the
    # optional machine translation (maschinell, konzept/maschinell.py). Until it exists the
    # author reads the German answer, marked "Übersetzung folgt".
    antwort_uebersetzung = models.TextField(
        _("Antwort in der Sprache des Kommentars"), max_length=4000, blank=True
    )
    antwort_uebersetzung_art = models.CharField(
        _("Übersetzung der Antwort"),
        max_length=20,
        choices=UebersetzungArt.choices,
        default=UebersetzungArt.FEHLT,
    )
    # When the author was told of the translation (with the answer itself, or by its own
    # e-mail): told once, a later correction sends nothing.
    antwort_uebersetzung_gemeldet_am = models.DateTimeField(null=True, blank=True, editable=False)
    bezug = models.CharField(
        _("Geführt zu dieser Änderung"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel die Adresse der Historie des geänderten Elements."),
    )
    beantwortet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beantwortet_am = models.DateTimeField(null=True, blank=True)
    verborgen_grund = models.CharField(_("Grund für das Verbergen"), max_length=500, blank=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = KommentarQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["-erstellt_am"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(themenfeld__isnull=False, leitziel=None, teilziel=None, massnahme=None)
                    | models.Q(
                        themenfeld=None, leitziel__isnull=False, teilziel=None, massnahme=None
                    )
                    | models.Q(
                        themenfeld=None, leitziel=None, teilziel__isnull=False, massnahme=None
                    )
                    | models.Q(
                        themenfeld=None, leitziel=None, teilziel=None, massnahme__isnull=False
                    )
                ),
                name="kommentar_genau_ein_element",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["neu", "beantwortet", "verborgen"]),
                name="kommentar_status_gueltig",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="beantwortet") | ~models.Q(einstufung=""),
                name="kommentar_beantwortet_mit_einstufung",
            ),
            models.CheckConstraint(
                condition=models.Q(text_deutsch_art__in=["fehlt", "maschinell", "geprueft"])
                & (models.Q(text_deutsch_art="fehlt") | ~models.Q(text_deutsch="")),
                name="kommentar_text_deutsch_art_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(antwort_uebersetzung_art__in=["fehlt", "maschinell", "geprueft"])
                & (models.Q(antwort_uebersetzung_art="fehlt") | ~models.Q(antwort_uebersetzung="")),
                name="kommentar_antwort_uebersetzung_gueltig",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def element(self):
        return next(getattr(self, name) for name in self.ELEMENTE if getattr(self, f"{name}_id"))

    @property
    def element_art(self):
        return next(name for name in self.ELEMENTE if getattr(self, f"{name}_id"))

    @property
    def element_id(self):
        return getattr(self, f"{self.element_art}_id")

    @property
    def bezug_ist_intern(self):
        """Only a path on this site becomes a link; anything else stays text.

        Browsers read a backslash as a slash and drop tabs and line breaks inside an address,
        so `/\\evil.example/phish` or `/<tab>/evil.example` lead to another host (issue 14.10):
        a path with a backslash, white space or a control character is never a link, and what
        is left must pass the same check as a redirect target.
        """
        bezug = self.bezug
        return (
            bezug.startswith("/")
            and not bezug.startswith("//")
            and not any(z == "\\" or z.isspace() or not z.isprintable() for z in bezug)
            and url_has_allowed_host_and_scheme(bezug, allowed_hosts=None)
        )

    @property
    def verfasst_als(self) -> str:
        """Who wrote the comment, where the name is not shown: a member of the body the author
        commented as, in the district's words (issue 14.15)."""
        from konzept.begriffe import MIGRATIONSVERTRETUNG_VORGABE, migrationsvertretung

        if self.gruppe == self.Gruppe.MIGRATIONSVERTRETUNG:
            name = migrationsvertretung() or MIGRATIONSVERTRETUNG_VORGABE
            return _("Mitglied: %(name)s") % {"name": name}
        if self.gruppe == self.Gruppe.GREMIEN:
            return _("Mitglied eines Gremiums")
        return _("Teilnehmende Person, ohne Namen")

    @property
    def antwort_uebersetzbar(self) -> bool:
        """An answer to a comment not written in German is owed in the comment's language."""
        return self.sprache != settings.LANGUAGE_CODE

    @property
    def antwort_uebersetzt(self) -> bool:
        return bool(
            self.antwort_uebersetzung
            and self.antwort_uebersetzung_art != self.UebersetzungArt.FEHLT
        )

    @property
    def adresse(self) -> str:
        """The item commented on, on its page (konzept/baum.py)."""
        return baum.ebene(self.element_art).adresse(self.element)

    @property
    def aenderbar(self):
        """The author may edit or withdraw the comment until staff have dealt with it."""
        return self.status == self.Status.NEU
