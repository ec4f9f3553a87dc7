from django import forms
from django.utils.translation import gettext_lazy as _

from konzept.forms import KernForm
from konzept.rollen import darf_bearbeiten, ist_ansprechperson

from .models import ApiToken

LAUFZEITEN = [(30, _("30 Tage")), (90, _("90 Tage")), (180, _("180 Tage")), (365, _("ein Jahr"))]


class TokenForm(KernForm, forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        help_text=_("Wofür das Token ist, zum Beispiel „Fachverfahren Jobcenter“."),
    )
    bereich = forms.ChoiceField(label=_("Berechtigung"), choices=ApiToken.Bereich.choices)
    tage = forms.TypedChoiceField(label=_("Gültig für"), choices=LAUFZEITEN, coerce=int, initial=90)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Writing is offered to those who may write the implementation state on the pages.
        if not (darf_bearbeiten(user) or ist_ansprechperson(user)):
            self.fields["bereich"].choices = [
                (ApiToken.Bereich.LESEN.value, ApiToken.Bereich.LESEN.label)
            ]
