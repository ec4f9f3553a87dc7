from django import forms

from konzept.forms import VersionierteForm

from .models import Leitziel, Teilziel, Themenfeld


class HerkunftForm(VersionierteForm):
    """Provenance is chosen from the participation formats of the same edition."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["herkunft"].queryset = self.edition.beteiligungsformate.all()
        self.fields["herkunft"].widget = forms.CheckboxSelectMultiple()
        self.fields["herkunft"].widget.choices = self.fields["herkunft"].choices


class ThemenfeldForm(VersionierteForm):
    class Meta:
        model = Themenfeld
        fields = ["titel", "beschreibung", "themenunabhaengig"]


class LeitzielForm(HerkunftForm):
    class Meta:
        model = Leitziel
        fields = ["text", "herkunft"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class TeilzielForm(HerkunftForm):
    class Meta:
        model = Teilziel
        fields = ["titel", "herkunft"]
