from modeltranslation.translator import TranslationOptions, register

from .models import Beteiligungsart, Beteiligungsformat, Gremium


@register(Beteiligungsformat)
class BeteiligungsformatTranslation(TranslationOptions):
    fields = ("titel", "methode", "beteiligte", "zusammenfassung")


@register(Beteiligungsart)
class BeteiligungsartTranslation(TranslationOptions):
    fields = ("name", "kurzname", "beschreibung", "kennzeichen")


@register(Gremium)
class GremiumTranslation(TranslationOptions):
    fields = ("name",)
