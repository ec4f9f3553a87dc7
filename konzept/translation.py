"""Content fields translated with django-modeltranslation; German is the source."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Barriere,
    Begriff,
    Edition,
    Kennzahl,
    Landkreis,
    Rechtsgrundlage,
    Seite,
    Seitenabschnitt,
)


@register(Landkreis)
class LandkreisTranslation(TranslationOptions):
    fields = ("name", "koordinierungsstelle")


@register(Seite)
class SeiteTranslation(TranslationOptions):
    fields = ("titel", "einleitung", "schlichtungsstelle")


@register(Seitenabschnitt)
class SeitenabschnittTranslation(TranslationOptions):
    fields = ("ueberschrift", "text")


@register(Barriere)
class BarriereTranslation(TranslationOptions):
    fields = ("text", "grund", "alternative")


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("titel", "ausgangssituation", "hintergrund", "leitgedanke", "methodik")


@register(Kennzahl)
class KennzahlTranslation(TranslationOptions):
    fields = ("bezeichnung", "einheit", "quelle")


@register(Rechtsgrundlage)
class RechtsgrundlageTranslation(TranslationOptions):
    fields = ("titel",)


@register(Begriff)
class BegriffTranslation(TranslationOptions):
    fields = ("einzahl", "mehrzahl")
