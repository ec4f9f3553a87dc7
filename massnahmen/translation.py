from modeltranslation.translator import TranslationOptions, register

from .models import Indikator, Massnahme


@register(Massnahme)
class MassnahmeTranslation(TranslationOptions):
    fields = ("titel", "beschreibung", "zeitraum", "indikatoren")


@register(Indikator)
class IndikatorTranslation(TranslationOptions):
    fields = ("name", "einheit")
