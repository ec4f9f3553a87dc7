from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from konzept.forms import KernForm, VersionierteForm

from .models import Beschluss, Beteiligungsformat, Stellungnahme


class BeschlussForm(KernForm, forms.ModelForm):
    class Meta:
        model = Beschluss
        fields = ["gremium", "datum", "ergebnis", "vorlage", "link"]
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "ergebnis": _(
                "„beschlossen“ oder „geändert beschlossen“ im Kreistag macht die "
                "Ausgabe zur beschlossenen Fassung; sie ist danach eingefroren."
            ),
            "link": _("Adresse der Vorlage im Ratsinformationssystem, beginnend mit https://"),
        }

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Ein Beschluss kann nicht in der Zukunft liegen."))
        return datum


class StellungnahmeForm(KernForm, forms.ModelForm):
    class Meta:
        model = Stellungnahme
        fields = ["datum", "text"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"text": _("Der Wortlaut der Stellungnahme; höchstens 10000 Zeichen.")}


class BeteiligungsformatForm(VersionierteForm):
    class Meta:
        model = Beteiligungsformat
        fields = [
            "art",
            "titel",
            "methode",
            "beteiligte",
            "beginn",
            "ende",
            "teilnehmende",
            "zusammenfassung",
        ]
        widgets = {
            "beginn": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ende": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "zusammenfassung": forms.Textarea(attrs={"rows": 4}),
        }
