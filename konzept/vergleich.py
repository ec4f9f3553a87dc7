"""What changed between an edition and its predecessor, item by item through their keys."""

import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from massnahmen.models import Massnahme
from themenfelder.models import Leitziel, Teilziel

from .models import Edition

# The kinds compared, their text field and the key of their place in the concept.
ARTEN = {
    "leitziel": (Leitziel, "text", lambda ziel: ziel.themenfeld.key),
    "teilziel": (Teilziel, "titel", lambda ziel: ziel.themenfeld.key),
    "massnahme": (Massnahme, "titel", lambda massnahme: massnahme.teilziel.key),
}
ZUSTAENDE = {
    "neu": _("neu"),
    "entfallen": _("entfallen"),
    "geaendert": _("geändert"),
    "verschoben": _("verschoben"),
    "umgesetzt": _("umgesetzt"),
    "fortgefuehrt": _("fortgeführt"),
}
ERLEDIGT = {Massnahme.Status.UMGESETZT, Massnahme.Status.VERSTETIGT}


@dataclass
class Aenderung:
    art: str
    key: str
    alt: object | None
    neu: object | None
    zustand: str
    text_diff: str = ""
    status_alt: str = ""
    status_neu: str = ""

    @property
    def zustand_label(self):
        return ZUSTAENDE[self.zustand]

    @property
    def element(self):
        return self.neu or self.alt


@dataclass
class Feld:
    key: str
    titel: str
    aenderungen: list[Aenderung] = field(default_factory=list)


def wortdiff(alt: str, neu: str) -> str:
    """A word-level diff as HTML: removed words in <del>, added ones in <ins>, all escaped."""
    alt_woerter, neu_woerter = alt.split(), neu.split()
    teile = []
    matcher = difflib.SequenceMatcher(a=alt_woerter, b=neu_woerter, autojunk=False)
    for vorgang, a1, a2, b1, b2 in matcher.get_opcodes():
        if vorgang in ("delete", "replace"):
            teile.append(format_html("<del>{}</del>", " ".join(alt_woerter[a1:a2])))
        if vorgang in ("insert", "replace"):
            teile.append(format_html("<ins>{}</ins>", " ".join(neu_woerter[b1:b2])))
        if vorgang == "equal":
            teile.append(format_html("{}", " ".join(alt_woerter[a1:a2])))
    return format_html_join(" ", "{}", ((teil,) for teil in teile))


def _laden(model, edition):
    pfad = {
        Leitziel: ("themenfeld",),
        Teilziel: ("themenfeld",),
        Massnahme: ("teilziel__themenfeld",),
    }[model]
    filter_pfad = "teilziel__themenfeld__edition" if model is Massnahme else "themenfeld__edition"
    return {
        objekt.key: objekt
        for objekt in model.objects.filter(**{filter_pfad: edition}).select_related(*pfad)
    }


def _quelle(objekt, feld):
    return getattr(objekt, build_localized_fieldname(feld, settings.LANGUAGE_CODE)) or ""


def vergleichen(edition: Edition) -> dict:
    """Per field the items added, removed, moved and changed; counts; each measure's state."""
    vorgaenger = edition.vorgaenger
    felder: dict[str, Feld] = {}
    for themenfeld in [*vorgaenger.themenfelder.all(), *edition.themenfelder.all()]:
        felder[themenfeld.key] = Feld(themenfeld.key, str(themenfeld))
    zaehler = Counter()
    fortgefuehrt = []
    for art, (model, textfeld, ort) in ARTEN.items():
        alt, neu = _laden(model, vorgaenger), _laden(model, edition)
        for key in [*alt, *(k for k in neu if k not in alt)]:
            vorher, nachher = alt.get(key), neu.get(key)
            aenderung = _aenderung(art, key, vorher, nachher, textfeld, ort)
            if aenderung is None:
                continue
            zaehler[(art, aenderung.zustand)] += 1
            if aenderung.zustand == "fortgefuehrt":
                fortgefuehrt.append(aenderung)
                continue
            element = nachher or vorher
            themenfeld = element.teilziel.themenfeld if art == "massnahme" else element.themenfeld
            felder[themenfeld.key].aenderungen.append(aenderung)
    return {
        "vorgaenger": vorgaenger,
        "felder": [feld for feld in felder.values() if feld.aenderungen],
        "fortgefuehrt": fortgefuehrt,
        "zaehler": {
            art: {zustand: zaehler[(art, zustand)] for zustand in ZUSTAENDE} for art in ARTEN
        },
    }


def _aenderung(art, key, vorher, nachher, textfeld, ort):
    if vorher is None:
        return Aenderung(art, key, None, nachher, "neu")
    if nachher is None:
        return Aenderung(art, key, vorher, None, "entfallen")
    text_alt, text_neu = _quelle(vorher, textfeld), _quelle(nachher, textfeld)
    aenderung = Aenderung(art, key, vorher, nachher, "fortgefuehrt")
    if art == "massnahme":
        aenderung.status_alt = vorher.get_status_display()
        aenderung.status_neu = nachher.get_status_display()
    if text_alt != text_neu:
        aenderung.text_diff = wortdiff(text_alt, text_neu)
    if art == "massnahme" and nachher.status in ERLEDIGT and vorher.status != nachher.status:
        aenderung.zustand = "umgesetzt"
    elif text_alt != text_neu or (art == "massnahme" and vorher.status != nachher.status):
        aenderung.zustand = "geaendert"
    elif ort(vorher) != ort(nachher) or vorher.position != nachher.position:
        aenderung.zustand = "verschoben"
    elif art != "massnahme":
        return None  # unchanged goals and sub-goals are not listed
    return aenderung
