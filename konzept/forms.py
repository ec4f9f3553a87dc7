from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Edition, Kennzahl, Rechtsgrundlage


class KernForm:
    """Gives every widget the KERN UX classes; mixed into each form of the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        super().__init__(*args, **kwargs)
        self.edition = edition
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for feld in self.fields.values():
            grenze = getattr(feld, "max_length", None)
            if grenze and not feld.help_text:
                feld.help_text = _("Höchstens %(anzahl)s Zeichen.") % {"anzahl": grenze}

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
    pass
