"""Indicators of a goal on the field page: `{% indikatoren_von leitziel as indikatoren %}`."""

from django import template
from django.utils.translation import get_language_bidi

from massnahmen.indikatoren import anzeigen, zahl

register = template.Library()


@register.simple_tag
def indikatoren_von(leitziel):
    return anzeigen(leitziel.indikatoren.all(), rtl=get_language_bidi())


@register.filter(name="zahl")
def zahl_filter(wert):
    """A measured value as people write it: 25,5 rather than 25,50; 1.234 for thousands."""
    return zahl(wert)
