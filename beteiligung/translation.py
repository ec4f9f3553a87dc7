from modeltranslation.translator import TranslationOptions, register

from .models import Beteiligungsformat


@register(Beteiligungsformat)
class BeteiligungsformatTranslation(TranslationOptions):
    fields = ("titel", "methode", "beteiligte", "zusammenfassung")
