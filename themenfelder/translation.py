from modeltranslation.translator import TranslationOptions, register

from .models import Leitziel, Teilziel, Themenfeld


@register(Themenfeld)
class ThemenfeldTranslation(TranslationOptions):
    fields = ("titel", "beschreibung")


@register(Leitziel)
class LeitzielTranslation(TranslationOptions):
    fields = ("text",)


@register(Teilziel)
class TeilzielTranslation(TranslationOptions):
    fields = ("titel",)
