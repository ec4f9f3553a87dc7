from django import forms
from django.conf import settings
from django.utils import timezone, translation
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
    # The translation right under the answer it renders.
    field_order = ["einstufung", "antwort", "antwort_uebersetzung", "maschinell", "bezug"]

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
    antwort_uebersetzung = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    maschinell = forms.BooleanField(
        label=_("Maschinell übersetzen lassen"),
        required=False,
        help_text=_(
            "Nur wenn oben keine Übersetzung steht. Die Übersetzung erscheint als „maschinell, "
            "ungeprüft“; bis dahin sieht die Verfasserin oder der Verfasser die deutsche Antwort "
            "mit dem Hinweis „Übersetzung folgt“."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sprache: str = settings.LANGUAGE_CODE, maschinell=False, **kwargs):
        """`sprache`: the comment's language, in which the answer is owed (issue 18.1);
        `maschinell`: whether a machine translation service is configured."""
        super().__init__(*args, **kwargs)
        if sprache == settings.LANGUAGE_CODE:
            del self.fields["antwort_uebersetzung"], self.fields["maschinell"]
            return
        info = translation.get_language_info(sprache)
        feld = self.fields["antwort_uebersetzung"]
        feld.label = _("Antwort auf %(sprache)s") % {"sprache": info["name_translated"]}
        feld.help_text = _(
            "Die Antwort in der Sprache des Kommentars, wie sie veröffentlicht wird. "
            "Ohne Übersetzung sieht die Verfasserin oder der Verfasser die deutsche Antwort mit "
            "dem Hinweis „Übersetzung folgt“ und erhält eine E-Mail, sobald es sie gibt."
        )
        feld.widget.attrs.update(lang=sprache, dir="rtl" if info["bidi"] else "ltr")
        if not maschinell:
            del self.fields["maschinell"]

    def clean_antwort(self):
        return _ohne_steuerzeichen(self.cleaned_data["antwort"])

    def clean_antwort_uebersetzung(self):
        return _ohne_steuerzeichen(self.cleaned_data["antwort_uebersetzung"])


# Bidirectional overrides and isolates can reorder what a reader sees (a published answer
# saying something else than it seems to); line breaks and tabs stay.
_BIDI_STEUERZEICHEN = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _ohne_steuerzeichen(text: str) -> str:
    if any(
        (ord(zeichen) < 32 and zeichen not in "\n\r\t") or zeichen in _BIDI_STEUERZEICHEN
        for zeichen in text
    ):
        raise forms.ValidationError(
            _(
                "Der Text enthält unsichtbare Steuerzeichen (zum Beispiel zur Schreibrichtung). "
                "Bitte entfernen Sie sie; die Richtung ergibt sich aus der Sprache."
            )
        )
    return text.replace("\r\n", "\n").strip()


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
