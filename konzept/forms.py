import re

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.translation import get_language_info, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from .models import Edition, Kennzahl, Landkreis, Rechtsgrundlage, Uebersetzungsstatus
from .texte import formulardaten_vereinheitlichen, richtungszeichen_fehler

# Django's label of an empty choice is English in most of its own catalogues, German included;
# ours translate it (German in locale/de/, which holds only such strings of Django's).
LEERE_AUSWAHL = gettext_noop("- Select an option -")


def _hoechstens(anzahl: int) -> str:
    return gettext("Höchstens %(anzahl)s Zeichen.") % {"anzahl": anzahl}


# Forms are built in the source language (quellsprache) but shown in the reader's: the hint is
# put together only when the page renders it.
hoechstens_zeichen = lazy(_hoechstens, str)


def uebersetzte_felder(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


class KernForm:
    """Gives every widget the KERN UX classes and every text LF line breaks (see
    konzept/texte.py); mixed into each form of the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        passwoerter = {
            self.add_prefix(name)
            for name, feld in self.fields.items()
            if isinstance(feld.widget, forms.PasswordInput)
        }
        self.data = formulardaten_vereinheitlichen(self.data, ausser=passwoerter)
        for feld in self.fields.values():
            widget = feld.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "kern-form-input__select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "kern-form-check__checkbox")
            elif not isinstance(widget, (forms.HiddenInput, forms.CheckboxSelectMultiple)):
                widget.attrs.setdefault("class", "kern-form-input__input")


class VersionierteForm(KernForm, forms.ModelForm):
    """A form for an item edited in the browser; carries the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, edition=None, **kwargs):
        # Several forms can be open on one page (htmx): ids name the item they edit.
        instanz = kwargs.get("instance")
        kennung = instanz.pk if instanz is not None and instanz.pk else "neu"
        kwargs.setdefault("auto_id", f"id_{self._meta.model._meta.model_name}{kennung}_%s")
        super().__init__(*args, **kwargs)
        self.edition = edition
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        quelltexte = uebersetzte_felder(self._meta.model)
        for name, feld in self.fields.items():
            grenze = getattr(feld, "max_length", None)
            if grenze and not feld.help_text:
                feld.help_text = hoechstens_zeichen(grenze)
            if name in quelltexte:
                # The German source stands in these fields whatever the page's language is
                # (WCAG 3.1.2): screen readers read it as German, right-to-left pages keep it
                # left to right.
                feld.widget.attrs.update(lang=settings.LANGUAGE_CODE, dir="ltr")

    def gegenueberstellung(self, gespeichert):
        """Field by field: what this form holds and what is saved now (for a conflict)."""
        zeilen = []
        for name, feld in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            if name not in {feld.name for feld in self._meta.model._meta.get_fields()}:
                continue
            eingabe = self.cleaned_data[name]
            aktuell = getattr(gespeichert, name)
            if hasattr(aktuell, "all"):
                aktuell = list(aktuell.all())
                eingabe = list(eingabe)
            if getattr(feld, "choices", None) and not hasattr(feld, "queryset"):
                bezeichnungen = dict(feld.choices)
                eingabe, aktuell = (
                    bezeichnungen.get(eingabe, eingabe),
                    bezeichnungen.get(aktuell, aktuell),
                )
            zeilen.append(
                {
                    "label": feld.label,
                    "eingabe": _anzeigen(eingabe),
                    "gespeichert": _anzeigen(aktuell),
                    "abweichend": _anzeigen(eingabe) != _anzeigen(aktuell),
                }
            )
        return zeilen


def _anzeigen(wert):
    if isinstance(wert, list):
        return ", ".join(str(eintrag) for eintrag in wert)
    if wert is None:
        return ""
    return str(wert)


class EditionForm(VersionierteForm):
    class Meta:
        model = Edition
        fields = [
            "titel",
            "stichtag",
            "ausgangssituation",
            "hintergrund",
            "leitgedanke",
            "methodik",
        ]
        widgets = {"stichtag": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "ausgangssituation": _("Eine Aussage je Zeile."),
            "hintergrund": _("Eine Aussage je Zeile."),
            "leitgedanke": _("Eine Aussage je Zeile; sie werden hervorgehoben."),
        }


class KennzahlForm(VersionierteForm):
    class Meta:
        model = Kennzahl
        fields = ["bezeichnung", "wert", "einheit", "stichtag", "quelle"]
        widgets = {"stichtag": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RechtsgrundlageForm(VersionierteForm):
    class Meta:
        model = Rechtsgrundlage
        fields = ["kuerzel", "titel"]


class AnmeldeForm(KernForm, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length after the field has built its validators.
        grenze = self.fields["username"].max_length
        self.fields["username"].validators.append(MaxLengthValidator(grenze))


class UebersetzungForm(KernForm, forms.Form):
    """One item's translation into one language, next to its German source. Each text field
    carries the language and direction of the translation."""

    status = forms.ChoiceField(
        label=_("Stand der Übersetzung"),
        choices=[
            (Uebersetzungsstatus.MASCHINELL, Uebersetzungsstatus.MASCHINELL.label),
            (Uebersetzungsstatus.GEPRUEFT, Uebersetzungsstatus.GEPRUEFT.label),
        ],
    )

    def __init__(self, *args, objekt, sprache, **kwargs):
        super().__init__(*args, **kwargs)
        self.objekt, self.sprache = objekt, sprache
        richtung = "rtl" if get_language_info(sprache)["bidi"] else "ltr"
        for feld in reversed(objekt.uebersetzbare_felder()):
            quelle = objekt.quelltext(feld)
            if not quelle:
                continue
            modellfeld = objekt._meta.get_field(feld)
            self.fields = {
                feld: forms.CharField(
                    label=modellfeld.verbose_name,
                    required=False,
                    max_length=modellfeld.max_length,
                    initial=objekt.uebersetzung(feld, sprache),
                    validators=[richtungszeichen_pruefen],
                    widget=forms.Textarea(
                        attrs={
                            "rows": max(2, quelle.count("\n") + 1),
                            "class": "kern-form-input__input",
                            "lang": sprache,
                            "dir": richtung,
                        }
                    ),
                ),
                **self.fields,
            }
        stand = objekt.uebersetzungsstatus(sprache)
        self.fields["status"].initial = (
            Uebersetzungsstatus.GEPRUEFT
            if stand == Uebersetzungsstatus.GEPRUEFT
            else Uebersetzungsstatus.MASCHINELL
        )

    def quellen(self):
        return [
            (self[name], self.objekt.quelltext(name)) for name in self.fields if name != "status"
        ]

    def speichern(self):
        werte = {name: wert for name, wert in self.cleaned_data.items() if name != "status"}
        self.objekt.uebersetzung_speichern(self.sprache, werte, self.cleaned_data["status"])


def richtungszeichen_pruefen(text):
    if grund := richtungszeichen_fehler(text):
        raise forms.ValidationError(_("Der Text %(grund)s."), params={"grund": grund})


class XliffImportForm(KernForm, forms.Form):
    datei = forms.FileField(
        label=_("XLIFF-Datei"),
        help_text=_("Die vom Übersetzungsbüro zurückgegebene XLIFF-1.2-Datei, höchstens 5 MB."),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB."))
        return datei


class PruefauswahlForm(KernForm, forms.Form):
    """Translations chosen on the list to be marked as reviewed: ticked one by one, or all
    with one state."""

    auswahl = forms.MultipleChoiceField(label=_("Auswahl"), required=False)
    status = forms.ChoiceField(
        label=_("Alle mit Stand"),
        required=False,
        choices=[
            ("", ""),
            (Uebersetzungsstatus.MASCHINELL, Uebersetzungsstatus.MASCHINELL.label),
            (Uebersetzungsstatus.VERALTET, Uebersetzungsstatus.VERALTET.label),
        ],
    )

    def __init__(self, *args, kennungen: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auswahl"].choices = [(kennung, kennung) for kennung in kennungen]

    def clean(self):
        daten = super().clean()
        if not self.errors and not daten.get("auswahl") and not daten.get("status"):
            raise forms.ValidationError(_("Bitte wählen Sie mindestens eine Übersetzung aus."))
        return daten


class PruefbestaetigungForm(KernForm, forms.Form):
    """The translations of a preview, each with the state it was shown in
    (`art:pk:stand`, separated by spaces): what the person confirms."""

    auswahl = forms.CharField(widget=forms.HiddenInput)
    EINTRAG = re.compile(r"([a-z]+:[0-9]+):([0-9a-f]{16})")

    def clean_auswahl(self) -> dict[str, str]:
        auswahl = {}
        for eintrag in self.cleaned_data["auswahl"].split():
            if not (treffer := self.EINTRAG.fullmatch(eintrag)):
                raise forms.ValidationError(_("Die Auswahl ist unvollständig übermittelt worden."))
            auswahl[treffer[1]] = treffer[2]
        return auswahl


class FortschreibungForm(KernForm, forms.Form):
    """The year of the next edition: by default as many years on as the district's update
    cycle (two, unless it says otherwise); another year within the next ten where the district
    decides so."""

    jahr = forms.IntegerField(label=_("Jahr der neuen Ausgabe"))

    def __init__(self, *args, vorgaenger: Edition, **kwargs):
        landkreis = Landkreis.aktuell()
        ueblich = vorgaenger.jahr + (landkreis.fortschreibung_jahre if landkreis else 2)
        super().__init__(*args, initial={"jahr": ueblich}, **kwargs)
        self.fields["jahr"].help_text = _(
            "Üblich ist %(jahr)s, im Takt, in dem der Landkreis sein Konzept fortschreibt. Die "
            "neue Ausgabe beginnt als Entwurf und als vollständige Kopie dieser."
        ) % {"jahr": ueblich}
        self.erstes, self.letztes = vorgaenger.jahr + 1, vorgaenger.jahr + 10
        self.fields["jahr"].widget.attrs.update(min=self.erstes, max=self.letztes)

    def clean_jahr(self):
        jahr = self.cleaned_data["jahr"]
        if not self.erstes <= jahr <= self.letztes:
            raise forms.ValidationError(
                _("Das Jahr der neuen Ausgabe muss zwischen %(erstes)s und %(letztes)s liegen."),
                params={"erstes": self.erstes, "letztes": self.letztes},
            )
        return jahr


class SuchForm(forms.Form):
    """The search box in the page header; a plain GET form that works without JavaScript."""

    q = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)
