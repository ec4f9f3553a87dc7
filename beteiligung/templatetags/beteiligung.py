"""What the consultation offers the reader of a page: comment here, or when they can."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation

from beteiligung.models import Kommentar

register = template.Library()


@register.simple_tag(takes_context=True)
def beteiligung_fuer(context, edition):
    """`{% beteiligung_fuer edition as beteiligung %}`: the phase notice for this reader."""
    request = context["request"]
    cache = request.__dict__.setdefault("_beteiligung", {})
    if edition.pk not in cache:
        user = request.user
        hinweis = edition.phasen.hinweis_fuer(user) if user.is_authenticated else None
        if hinweis is not None:
            # What the reader has written here so far (issue 17.2), with a link to it.
            hinweis["eigene"] = edition.kommentare.filter(autor=user).count()
        cache[edition.pk] = hinweis
    return cache[edition.pk]


@register.simple_tag(takes_context=True)
def eigene_kommentare(context, edition, art, element):
    """`{% eigene_kommentare edition art element as kommentare %}`: the signed-in reader's own
    comments on this item (issue 17.8). Their comments on the edition are read once per
    request and looked up per item, so a page with many items asks once."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    cache = request.__dict__.setdefault("_eigene_kommentare", {})
    if edition.pk not in cache:
        je_element = {}
        kommentare = (
            request.user.kommentare.filter(edition=edition)
            .exclude(status=Kommentar.Status.VERBORGEN)
            .select_related("phase")
            .order_by("erstellt_am")
        )
        for kommentar in kommentare:
            je_element.setdefault((kommentar.element_art, kommentar.element_id), []).append(
                kommentar
            )
        cache[edition.pk] = je_element
    return cache[edition.pk].get((art, element.pk), [])


@dataclass(frozen=True)
class Antwort:
    """One answer as a reader sees it: the passage shown, its language and direction, and
    the German original beside a translation (issue 18.1)."""

    text: str
    sprache: str
    richtung: str
    original: str = ""
    maschinell: bool = False
    folgt: bool = False


def _richtung(sprache: str) -> str:
    return "rtl" if translation.get_language_info(sprache)["bidi"] else "ltr"


@register.simple_tag
def antwort_fuer(kommentar):
    """`{% antwort_fuer kommentar as antwort %}`: the answer in the reader's (active)
    language where it is the comment's and a translation exists, else the German answer,
    marked "Übersetzung folgt" for a reader of the comment's language."""
    lesesprache = translation.get_language() or settings.LANGUAGE_CODE
    deutsch = settings.LANGUAGE_CODE
    if kommentar.sprache == lesesprache and kommentar.antwort_uebersetzbar:
        if kommentar.antwort_uebersetzt:
            return Antwort(
                text=kommentar.antwort_uebersetzung,
                sprache=kommentar.sprache,
                richtung=_richtung(kommentar.sprache),
                original=kommentar.antwort,
                maschinell=kommentar.antwort_uebersetzung_art
                == Kommentar.UebersetzungArt.MASCHINELL,
            )
        return Antwort(text=kommentar.antwort, sprache=deutsch, richtung="ltr", folgt=True)
    return Antwort(text=kommentar.antwort, sprache=deutsch, richtung="ltr")
