from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beteiligung.models import Beteiligungsart
from konzept.begriffe import begriffe
from konzept.forms import KernForm
from themenfelder.forms import HerkunftForm
from themenfelder.models import Leitziel, Teilziel, Themenfeld

from .models import Massnahme, Organisation, Umsetzungsnotiz
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
            "zeitraum",
            "budget",
            "indikatoren",
            "herkunft",
        ]
        widgets = {
            "titel": forms.Textarea(attrs={"rows": 2}),
            "partner": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "budget": _("Betrag in Euro, z. B. 10000 oder 2500,50."),
            "zeitraum": _("Zum Beispiel „2025–2026“ oder „laufend“."),
        }

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
