from django import forms
from django.utils.translation import gettext_lazy as _


class SuchForm(forms.Form):
    """The search box in the page header; a plain GET form that works without JavaScript."""

    q = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)
