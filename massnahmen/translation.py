from modeltranslation.translator import TranslationOptions, register

from .models import Massnahme


@register(Massnahme)
class MassnahmeTranslation(TranslationOptions):
    fields = ("titel", "beschreibung", "zeitraum", "indikatoren")
