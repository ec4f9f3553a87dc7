from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beteiligung.models import Beteiligungsart
from konzept.begriffe import begriffe
from konzept.forms import KernForm
from themenfelder.forms import HerkunftForm
from themenfelder.models import Leitziel, Teilziel, Themenfeld

from .models import Indikator, Massnahme, Organisation, Umsetzungsnotiz
from .tabellen import MAX_DATEIGROESSE, XLSX_TYP


class MassnahmeFilterForm(forms.Form):
    """The filters of the measure list; an invalid value is dropped, never an error page."""

    themenfeld = forms.ChoiceField(label=_("Themenfeld"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("alle")), *Massnahme.Status.choices],
    )
    herkunft = forms.ChoiceField(label=_("Herkunft"), required=False)
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        help_text=_(
            "Sucht in Titel, Beschreibung und übergeordneten Zielen; höchstens 200 Zeichen."
        ),
    )

    def __init__(self, *args, themenfelder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themenfeld"].label = begriffe()["themenfeld"].einzahl
        self.fields["themenfeld"].choices = [("", _("alle"))] + [
            (themenfeld.key, themenfeld.titel) for themenfeld in themenfelder
        ]
        # The district's kinds of participation, by their key.
        self.fields["herkunft"].choices = [("", _("alle"))] + [
            (art.key, art.name) for art in Beteiligungsart.objects.all()
        ]

    def filtern(self, massnahmen):
        """Applies every filter whose value is valid; the others stay unapplied."""
        self.is_valid()
        werte = self.cleaned_data
        if werte.get("themenfeld"):
            massnahmen = massnahmen.filter(themenfeld__key=werte["themenfeld"])
        if werte.get("status"):
            massnahmen = massnahmen.mit_status(werte["status"])
        if werte.get("herkunft"):
            massnahmen = massnahmen.mit_herkunft(werte["herkunft"])
        if werte.get("q"):
            massnahmen = massnahmen.suche(werte["q"])
        return massnahmen

    @property
    def nicht_angewandt(self):
        return [self.fields[name].label for name in self.errors]

    @property
    def angewandt(self):
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)


# A month as <input type="month"> sends it, and as people type it.
MONATSFORMATE = ["%Y-%m", "%Y-%m-%d", "%m/%Y", "%m.%Y"]


class MassnahmeForm(HerkunftForm):
    # Where the measure sits: a field, one of its goals or one of its sub-goals (konzept/baum.py),
    # as "<level>:<id>". The foreign keys it sets are in Meta.fields for history and restore.
    einordnung = forms.ChoiceField(label=_("Gehört zu"))
    neue_federfuehrung = forms.CharField(
        label=_("Neue Organisation als Federführung"),
        required=False,
        max_length=300,
        help_text=_("Nur, wenn sie oben noch nicht zur Auswahl steht; sie wird angelegt."),
    )
    neue_organisationen = forms.CharField(
        label=_("Neue Organisationen als Partner"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Eine Organisation je Zeile; sie wird angelegt und als Partner eingetragen."),
    )

    class Meta:
        model = Massnahme
        fields = [
            "titel",
            "beschreibung",
            "nummer",
            "teilziel",
            "leitziel",
            "status",
            "federfuehrung",
            "neue_federfuehrung",
            "partner",
            "beginn_geplant",
            "ende_geplant",
            "zeitraum",
            "budget",
            "indikatoren",
            "herkunft",
        ]
        widgets = {
            "titel": forms.Textarea(attrs={"rows": 2}),
            "partner": forms.CheckboxSelectMultiple(),
            "beginn_geplant": forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            "ende_geplant": forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        }
        help_texts = {
            "budget": _("Betrag in Euro, z. B. 10000 oder 2500,50."),
            "zeitraum": _(
                "Nur, was die Monate nicht sagen, zum Beispiel „laufend“ oder „nach Bedarf“."
            ),
            "beginn_geplant": _("Monat und Jahr, zum Beispiel 2025-03."),
            "ende_geplant": _("Monat und Jahr, zum Beispiel 2026-12."),
        }
        labels = {"zeitraum": _("Zeitraum (Anmerkung)")}

    field_order = [
        "titel",
        "beschreibung",
        "nummer",
        "einordnung",
        "status",
        "federfuehrung",
        "neue_federfuehrung",
        "partner",
        "neue_organisationen",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["teilziel"], self.fields["leitziel"]
        self.fields["einordnung"].choices = einordnungen(self.edition)
        self.fields["einordnung"].initial = einordnung_von(self.instance)
        self.fields["partner"].queryset = Organisation.objects.all()
        self.fields["federfuehrung"].empty_label = _("keine")
        if not self.edition_mit_nummern():
            del self.fields["nummer"]
        for name in ("beginn_geplant", "ende_geplant"):
            self.fields[name].input_formats = MONATSFORMATE

    def edition_mit_nummern(self) -> bool:
        from konzept.models import Landkreis

        landkreis = Landkreis.aktuell()
        return bool(landkreis and landkreis.nummern_zeigen) or bool(self.instance.nummer)

    def clean_einordnung(self):
        ebene, _trenner, pk = self.cleaned_data["einordnung"].partition(":")
        # Only items of the same edition: a measure never moves between editions.
        model = {"themenfeld": Themenfeld, "leitziel": Leitziel, "teilziel": Teilziel}[ebene]
        pfad = "edition" if ebene == "themenfeld" else "themenfeld__edition"
        ziel = model.objects.filter(pk=pk, **{pfad: self.edition}).first()
        if ziel is None:
            raise forms.ValidationError(_("Bitte wählen Sie einen Eintrag aus der Liste."))
        return ziel

    def _post_clean(self):
        ziel = self.cleaned_data.get("einordnung")
        if ziel is not None:
            ebene = ziel._meta.model_name
            self.instance.teilziel = ziel if ebene == "teilziel" else None
            self.instance.leitziel = ziel if ebene == "leitziel" else None
            self.instance.themenfeld = ziel if ebene == "themenfeld" else ziel.themenfeld
        super()._post_clean()

    def clean(self):
        daten = super().clean()
        for name in ("beginn_geplant", "ende_geplant"):
            if daten.get(name):
                # Month precision: the first of the month stands for the month.
                daten[name] = daten[name].replace(day=1)
        beginn, ende = daten.get("beginn_geplant"), daten.get("ende_geplant")
        if beginn and ende and ende < beginn:
            self.add_error("ende_geplant", _("Das Ende liegt vor dem Beginn."))
        return daten

    def clean_neue_organisationen(self):
        return [
            name.strip()
            for name in self.cleaned_data["neue_organisationen"].splitlines()
            if name.strip()
        ]

    def save(self, commit=True):
        if name := self.cleaned_data.get("neue_federfuehrung", "").strip():
            self.instance.federfuehrung = Organisation.objects.get_or_create(name=name)[0]
        return super().save(commit)

    def _save_m2m(self):
        super()._save_m2m()
        neue = [
            Organisation.objects.get_or_create(name=name[:300])[0]
            for name in self.cleaned_data.get("neue_organisationen", [])
        ]
        self.instance.partner.add(*neue)


def einordnung_von(massnahme) -> str:
    """The choice value of where a measure sits now."""
    if massnahme.teilziel_id:
        return f"teilziel:{massnahme.teilziel_id}"
    if massnahme.leitziel_id:
        return f"leitziel:{massnahme.leitziel_id}"
    return f"themenfeld:{massnahme.themenfeld_id}" if massnahme.themenfeld_id else ""


def einordnungen(edition) -> list:
    """Every place a measure can sit in the edition, grouped by field, in reading order."""
    woerter = begriffe()
    gruppen = []
    for themenfeld in edition.themenfelder.prefetch_related("leitziele", "teilziele"):
        optionen = [(f"themenfeld:{themenfeld.pk}", f"{woerter['themenfeld']}: {themenfeld.titel}")]
        optionen += [
            (f"leitziel:{ziel.pk}", f"{woerter['leitziel']}: {ziel.text}")
            for ziel in themenfeld.leitziele.all()
        ]
        optionen += [
            (f"teilziel:{ziel.pk}", f"{woerter['teilziel']}: {ziel.titel}")
            for ziel in themenfeld.teilziele.all()
        ]
        gruppen.append((themenfeld.titel, optionen))
    return gruppen


class StatusForm(KernForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Massnahme
        fields = ["status"]


class UmsetzungsnotizForm(KernForm, forms.ModelForm):
    class Meta:
        model = Umsetzungsnotiz
        fields = ["datum", "text"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"text": _("Was ist erreicht, was steht an? Höchstens 2000 Zeichen.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate()

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Der Umsetzungsstand kann nicht in der Zukunft liegen."))
        return datum


def _datumsfeld(label, **kwargs):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class UmsetzungForm(KernForm, forms.Form):
    """The implementation state of one measure: what staff edit on the measure's page and what
    a contact person reports, for each of their measures on one page (one prefix per measure).

    Every date is checked against today and the edition's term; every value must be a number
    (a comma as decimal separator is fine). Nothing here writes: see services.umsetzung_melden.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Massnahme.Status.choices)
    beginn_tatsaechlich = _datumsfeld(_("Tatsächlicher Beginn"))
    ende_tatsaechlich = _datumsfeld(_("Tatsächliches Ende"))
    notiz = forms.CharField(
        label=_("Umsetzungsnotiz"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was ist erreicht, was steht an? Höchstens 2000 Zeichen."),
    )
    datum = forms.DateField(
        label=_("Stand vom"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Gilt für die Umsetzungsnotiz und die Messwerte."),
    )
    noch_aktuell = forms.BooleanField(
        label=_("Der Umsetzungsstand ist noch aktuell"),
        required=False,
        help_text=_("Bestätigt den Stand, auch wenn sich nichts geändert hat."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, massnahme: Massnahme, edition, indikatoren=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_umsetzung{massnahme.pk}_%s")
        initial = {
            "status": massnahme.status,
            "beginn_tatsaechlich": massnahme.beginn_tatsaechlich,
            "ende_tatsaechlich": massnahme.ende_tatsaechlich,
            "datum": timezone.localdate(),
            "version": massnahme.version,
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.massnahme, self.edition = massnahme, edition
        self.indikatoren = list(
            massnahme.indikatoren_liste.all() if indikatoren is None else indikatoren
        )
        for indikator in self.indikatoren:
            einheit = f" ({indikator.einheit})" if indikator.einheit else ""
            self.fields[f"wert_{indikator.pk}"] = forms.DecimalField(
                label=_("Messwert: %(name)s") % {"name": indikator.name} + einheit,
                required=False,
                localize=True,
                max_digits=14,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"quelle_{indikator.pk}"] = forms.CharField(
                label=_("Quelle: %(name)s") % {"name": indikator.name},
                required=False,
                max_length=300,
            )
        for feld in self.fields.values():
            feld.widget.attrs.setdefault("class", "kern-form-input__input")

    def wertfelder(self):
        """(value field, source field) per indicator, for the template."""
        return [
            (self[f"wert_{indikator.pk}"], self[f"quelle_{indikator.pk}"])
            for indikator in self.indikatoren
        ]

    def clean(self):
        daten = super().clean()
        heute = timezone.localdate()
        beginn, ende = daten.get("beginn_tatsaechlich"), daten.get("ende_tatsaechlich")
        for name in ("beginn_tatsaechlich", "ende_tatsaechlich"):
            if daten.get(name) and daten[name] > heute:
                self.add_error(name, _("Dieses Datum liegt in der Zukunft."))
        if beginn and ende and ende < beginn:
            self.add_error("ende_tatsaechlich", _("Das Ende liegt vor dem Beginn."))
        if datum := daten.get("datum"):
            von, bis = self.edition.laufzeit
            if datum > heute:
                self.add_error("datum", _("Dieses Datum liegt in der Zukunft."))
            elif datum < von or (bis and datum > bis):
                self.add_error(
                    "datum",
                    _(
                        "Das Datum liegt außerhalb der Laufzeit der Ausgabe (ab %(von)s); der "
                        "Umsetzungsstand gehört in die Ausgabe, die damals galt."
                    )
                    % {"von": von.strftime("%d.%m.%Y")},
                )
        return daten

    def eingabe(self) -> dict:
        """What the form asks to change, as plain data (JSON for a report under review)."""
        daten = self.cleaned_data
        eingabe = {"datum": daten["datum"].isoformat(), "noch_aktuell": daten["noch_aktuell"]}
        for name in ("status", "beginn_tatsaechlich", "ende_tatsaechlich"):
            if name in self.changed_data:
                wert = daten[name]
                eingabe[name] = wert.isoformat() if hasattr(wert, "isoformat") else wert
        if daten.get("notiz", "").strip():
            eingabe["notiz"] = daten["notiz"].strip()
        werte = {}
        for indikator in self.indikatoren:
            wert = daten.get(f"wert_{indikator.pk}")
            if wert is not None:
                werte[str(indikator.pk)] = {
                    "wert": str(wert),
                    "quelle": daten.get(f"quelle_{indikator.pk}", "").strip(),
                }
        if werte:
            eingabe["werte"] = werte
        return eingabe

    def meldet_etwas(self) -> bool:
        """Whether this measure's part of the form says anything (a report page holds every
        measure; untouched ones are left alone)."""
        eingabe = self.eingabe()
        return bool(
            eingabe["noch_aktuell"]
            or eingabe.keys() & {"status", "beginn_tatsaechlich", "ende_tatsaechlich"}
            or "notiz" in eingabe
            or "werte" in eingabe
        )


class VeraltetForm(KernForm, forms.Form):
    """How old a measure's last report may be before staff are reminded of it."""

    monate = forms.IntegerField(
        label=_("Kein neuer Umsetzungsstand seit mehr als (Monate)"),
        min_value=1,
        max_value=120,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monate"].help_text = _(
            "Eine ganze Zahl von 1 bis 120; ohne Angabe %(monate)s Monate."
        ) % {"monate": settings.UMSETZUNGSSTAND_VERALTET_MONATE}

    def monate_oder_vorgabe(self) -> int:
        """The chosen number of months; an invalid one falls back to the default."""
        if self.is_bound and self.is_valid() and self.cleaned_data["monate"]:
            return self.cleaned_data["monate"]
        return settings.UMSETZUNGSSTAND_VERALTET_MONATE


class TabellenImportForm(KernForm, forms.Form):
    datei = forms.FileField(
        label=_("Bearbeitete Tabelle (XLSX)"),
        help_text=_(
            "Die exportierte Tabelle im Format Excel-Arbeitsmappe (.xlsx), höchstens 2 MB und "
            "5000 Zeilen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYP}),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > MAX_DATEIGROESSE:
            raise forms.ValidationError(
                _("Die Datei ist größer als 2 MB; nichts wurde eingelesen.")
            )
        return datei


class IndikatorForm(KernForm, forms.ModelForm):
    """An indicator's definition: agreed content, edited in drafts (in the German source)."""

    class Meta:
        model = Indikator
        fields = [
            "name",
            "einheit",
            "richtung",
            "ausgangswert",
            "ausgangsdatum",
            "zielwert",
            "zieldatum",
        ]
        widgets = {
            "ausgangsdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "zieldatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ausgangswert": forms.TextInput(attrs={"inputmode": "decimal"}),
            "zielwert": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("ausgangswert", "zielwert"):
            self.fields[name].localize = True

    def clean(self):
        daten = super().clean()
        von, bis = daten.get("ausgangsdatum"), daten.get("zieldatum")
        if von and bis and bis < von:
            self.add_error("zieldatum", _("Das Zieldatum liegt vor dem Datum des Ausgangswerts."))
        return daten


class MesswertForm(KernForm, forms.Form):
    """A measured value of a goal's indicator or of a key figure, entered by staff."""

    datum = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    wert = forms.DecimalField(
        label=_("Wert"),
        localize=True,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    quelle = forms.CharField(label=_("Quelle"), required=False, max_length=300)
    notiz = forms.CharField(label=_("Anmerkung"), required=False, max_length=500)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["datum"].initial = timezone.localdate()

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Dieses Datum liegt in der Zukunft."))
        return datum


class EinladungForm(KernForm, forms.Form):
    """Staff invite a contact person of one or more organisations."""

    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=150)
    vorname = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    nachname = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    organisationen = forms.ModelMultipleChoiceField(
        label=_("Organisationen"),
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Person berichtet für die Maßnahmen, die diese Organisationen leiten."),
    )
    sprache = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )


class PasswortFestlegenForm(KernForm, SetPasswordForm):
    """A contact person chooses a password (the validators of AUTH_PASSWORD_VALIDATORS)."""


class AbfrageForm(KernForm, forms.Form):
    frist = forms.DateField(
        label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    nachricht = forms.CharField(
        label=_("Nachricht an die Ansprechpersonen"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Steht in der E-Mail und über der Berichtsseite. Höchstens 3000 Zeichen."),
    )

    def clean_frist(self):
        frist = self.cleaned_data["frist"]
        if frist < timezone.localdate():
            raise forms.ValidationError(_("Die Frist liegt in der Vergangenheit."))
        return frist
