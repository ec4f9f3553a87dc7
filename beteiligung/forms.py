from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from konzept.forms import KernForm, VersionierteForm
from konzept.models import Profil

from .models import (
    Beschluss,
    Beteiligungsformat,
    Beteiligungsphase,
    Gremium,
    Kommentar,
    Stellungnahme,
    zielgruppen,
)


class BeschlussForm(KernForm, forms.ModelForm):
    class Meta:
        model = Beschluss
        fields = ["gremium", "datum", "ergebnis", "vorlage", "link"]
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "link": _("Adresse der Vorlage im Ratsinformationssystem, beginnend mit https://"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gremium"].empty_label = _("bitte wählen")
        # Which body adopts an edition is the district's data.
        if beschliessend := Gremium.objects.filter(beschliesst=True).first():
            self.fields["ergebnis"].help_text = _(
                "„beschlossen“ oder „geändert beschlossen“ in diesem Gremium macht die Ausgabe "
                "zur beschlossenen Fassung; sie ist danach eingefroren: %(gremium)s."
            ) % {"gremium": beschliessend}

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


class KommentarForm(KernForm, forms.Form):
    """A comment in any language; the text is stored as written, plain text only."""

    text = forms.CharField(
        label=_("Ihr Kommentar"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("In jeder Sprache, höchstens 2000 Zeichen. Links werden nicht verlinkt."),
    )
    name_zeigen = forms.BooleanField(
        label=_("Meinen Namen in der öffentlichen Abwägungstabelle zeigen"),
        required=False,
        help_text=_("Ohne Häkchen erscheint dort kein Name."),
    )
    einreichung = forms.UUIDField(widget=forms.HiddenInput)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        # Control characters (other than line breaks and tabs) have no place in a comment.
        if any(ord(zeichen) < 32 and zeichen not in "\n\r\t" for zeichen in text):
            raise forms.ValidationError(_("Der Text enthält unzulässige Steuerzeichen."))
        if not text:
            raise forms.ValidationError(_("Bitte schreiben Sie einen Kommentar."))
        return text


class AntwortForm(KernForm, forms.Form):
    # No classification is preselected: staff choose one on purpose.
    einstufung = forms.ChoiceField(
        label=_("Einstufung"), choices=[("", _("bitte wählen")), *Kommentar.Einstufung.choices]
    )
    antwort = forms.CharField(
        label=_("Antwort"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wird veröffentlicht. Bei „nicht berücksichtigt“ bitte die Begründung nennen."),
    )
    bezug = forms.CharField(
        label=_("Geführt zu dieser Änderung"),
        max_length=300,
        required=False,
        help_text=_("Optional, z. B. die Adresse der Historie des geänderten Elements."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeutschForm(KernForm, forms.Form):
    """Staff's German translation of a comment (issue 18.2)."""

    text_deutsch = forms.CharField(
        label=_("Deutsche Übersetzung"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "de", "dir": "ltr"}),
        help_text=_(
            "Nur für die Koordinierungsstelle. Gespeichert gilt sie als von der "
            "Koordinierungsstelle übersetzt; leer gespeichert wird sie entfernt."
        ),
    )
    # The fingerprint of the comment text translated: a changed comment is not
    # translated unseen.
    quelle = forms.CharField(widget=forms.HiddenInput, max_length=64)


class VerbergenForm(KernForm, forms.Form):
    grund = forms.CharField(
        label=_("Grund für das Verbergen"),
        max_length=500,
        help_text=_("Die Verfasserin oder der Verfasser erfährt diesen Grund per E-Mail."),
    )
    # The version staff read: a comment changed since is not hidden unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PhaseForm(KernForm, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zielgruppe"].choices = zielgruppen()

    class Meta:
        model = Beteiligungsphase
        fields = ["zielgruppe", "beginn", "ende"]
        widgets = {
            "beginn": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ende": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }


class ProfilForm(KernForm, forms.ModelForm):
    class Meta:
        model = Profil
        fields = ["tageszusammenfassung"]
