from django import forms
from django.utils.translation import gettext_lazy as _

from beteiligung.models import Beteiligungsformat

from .models import Massnahme


class MassnahmeFilterForm(forms.Form):
    """The filters of the measure list; an invalid value is dropped, never an error page."""

    themenfeld = forms.ChoiceField(label=_("Themenfeld"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("alle")), *Massnahme.Status.choices],
    )
    herkunft = forms.ChoiceField(
        label=_("Herkunft"),
        required=False,
        choices=[("", _("alle")), *Beteiligungsformat.Art.choices],
    )
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        help_text=_("Sucht in Titel, Beschreibung und Teilziel; höchstens 200 Zeichen."),
    )

    def __init__(self, *args, themenfelder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themenfeld"].choices = [("", _("alle"))] + [
            (themenfeld.key, themenfeld.titel) for themenfeld in themenfelder
        ]

    def filtern(self, massnahmen):
        """Applies every filter whose value is valid; the others stay unapplied."""
        self.is_valid()
        werte = self.cleaned_data
        if werte.get("themenfeld"):
            massnahmen = massnahmen.filter(teilziel__themenfeld__key=werte["themenfeld"])
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
