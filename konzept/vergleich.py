"""What changed between an edition and its predecessor, item by item through their keys."""

import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from massnahmen.models import Massnahme

from . import baum
from .models import Edition

# Besides the texts the tree describes (konzept/baum.py), measures compare their timeframe
# word by word too.
WEITERE_TEXTE = {"massnahme": ("zeitraum",)}
# What is read with each item: its place, and what a measure's values show.
VERBUNDEN = {
    "massnahme": ("themenfeld", "leitziel", "teilziel", "federfuehrung"),
    "leitziel": ("themenfeld",),
    "teilziel": ("themenfeld",),
}


def _textfelder(ebene: baum.Ebene) -> tuple[str, ...]:
    return (*ebene.texte, *WEITERE_TEXTE.get(ebene.name, ()))


def _ort(ebene: baum.Ebene, element) -> tuple[str, str]:
    """Where an item sits, as the kind and key of what it hangs under (a field: nowhere)."""
    if ebene.name == "themenfeld":
        return ("", "")
    eltern = ebene.eltern_von(element)
    return (eltern._meta.model_name, eltern.key)


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
class Feldaenderung:
    """One more changed field of an item: a word diff of a text, or a value before and after."""

    bezeichnung: str  # the field's verbose name, in the reader's language when shown
    diff: str = ""
    alt: str = ""
    neu: str = ""


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
    felder: list[Feldaenderung] = field(default_factory=list)

    @property
    def zustand_label(self):
        return ZUSTAENDE[self.zustand]

    @property
    def element(self):
        return self.neu or self.alt

    @property
    def titel(self) -> str:
        """The German source title: the comparison is made on the source texts."""
        return _quelle(self.element, baum.ebene(self.art).titel)

    @property
    def adresse(self) -> str:
        """Where the item is read: in the new edition, or in the predecessor if it was dropped."""
        return baum.ebene(self.art).adresse(self.element)


@dataclass
class Feld:
    key: str
    titel: str
    aenderungen: list[Aenderung] = field(default_factory=list)


def _ansage(text) -> str:
    """What a screen reader says before removed or added words: <del> and <ins> themselves
    are announced by few of them. In the reader's language, inside the German text."""
    return format_html(
        '<span class="kern-sr-only" lang="{}" dir="{}">{} </span>',
        get_language() or settings.LANGUAGE_CODE,
        "rtl" if get_language_bidi() else "ltr",
        text,
    )


def wortdiff(alt: str, neu: str) -> str:
    """A word-level diff as HTML: removed words in <del>, added ones in <ins>, all escaped."""
    alt_woerter, neu_woerter = alt.split(), neu.split()
    teile = []
    gestrichen, eingefuegt = _ansage(_("gestrichen:")), _ansage(_("eingefügt:"))
    matcher = difflib.SequenceMatcher(a=alt_woerter, b=neu_woerter, autojunk=False)
    for vorgang, a1, a2, b1, b2 in matcher.get_opcodes():
        if vorgang in ("delete", "replace"):
            teile.append(format_html("<del>{}{}</del>", gestrichen, " ".join(alt_woerter[a1:a2])))
        if vorgang in ("insert", "replace"):
            teile.append(format_html("<ins>{}{}</ins>", eingefuegt, " ".join(neu_woerter[b1:b2])))
        if vorgang == "equal":
            teile.append(format_html("{}", " ".join(alt_woerter[a1:a2])))
    return format_html_join(" ", "{}", ((teil,) for teil in teile))


def _laden(ebene: baum.Ebene, edition):
    """The items of one level of `edition` by key. Each item's field is given the edition,
    which it belongs to: an item's address names the edition's year, and reading it per item
    would cost a query each (all continued measures are listed with their address)."""
    elemente = ebene.model.objects.filter(**{ebene.edition_pfad: edition})
    if verbunden := VERBUNDEN.get(ebene.name):
        elemente = elemente.select_related(*verbunden)
    if ebene.name == "massnahme":
        elemente = elemente.prefetch_related("partner")
    geladen = {}
    for element in elemente:
        ebene.themenfeld_von(element).edition = edition
        geladen[element.key] = element
    return geladen


def _quelle(objekt, feld):
    return getattr(objekt, build_localized_fieldname(feld, settings.LANGUAGE_CODE)) or ""


def vergleichen(edition: Edition) -> dict:
    """Per field the items added, removed, moved and changed; counts; each measure's state."""
    vorgaenger = edition.vorgaenger
    felder: dict[str, Feld] = {}
    for themenfeld in [*vorgaenger.themenfelder.all(), *edition.themenfelder.all()]:
        felder[themenfeld.key] = Feld(themenfeld.key, _quelle(themenfeld, "titel"))
    zaehler = Counter()
    fortgefuehrt = []
    for ebene in baum.EBENEN:
        art = ebene.name
        alt, neu = _laden(ebene, vorgaenger), _laden(ebene, edition)
        for key in [*alt, *(k for k in neu if k not in alt)]:
            vorher, nachher = alt.get(key), neu.get(key)
            aenderung = _aenderung(ebene, key, vorher, nachher)
            if aenderung is None:
                continue
            zaehler[(art, aenderung.zustand)] += 1
            if aenderung.zustand == "fortgefuehrt":
                fortgefuehrt.append(aenderung)
                continue
            felder[ebene.themenfeld_von(nachher or vorher).key].aenderungen.append(aenderung)
    return {
        "vorgaenger": vorgaenger,
        "felder": [feld for feld in felder.values() if feld.aenderungen],
        "fortgefuehrt": fortgefuehrt,
        "zaehler": {
            art: {zustand: zaehler[(art, zustand)] for zustand in ZUSTAENDE} for art in baum.NAMEN
        },
    }


def _aenderung(ebene: baum.Ebene, key, vorher, nachher):
    art, titelfeld = ebene.name, ebene.titel
    if vorher is None:
        return Aenderung(art, key, None, nachher, "neu")
    if nachher is None:
        return Aenderung(art, key, vorher, None, "entfallen")
    aenderung = Aenderung(art, key, vorher, nachher, "fortgefuehrt")
    titel_alt, titel_neu = _quelle(vorher, titelfeld), _quelle(nachher, titelfeld)
    if titel_alt != titel_neu:
        aenderung.text_diff = wortdiff(titel_alt, titel_neu)
    for textfeld in _textfelder(ebene):
        text_alt, text_neu = _quelle(vorher, textfeld), _quelle(nachher, textfeld)
        if text_alt != text_neu:
            bezeichnung = vorher._meta.get_field(textfeld).verbose_name
            aenderung.felder.append(Feldaenderung(bezeichnung, diff=wortdiff(text_alt, text_neu)))
    if art == "massnahme":
        aenderung.status_alt = vorher.get_status_display()
        aenderung.status_neu = nachher.get_status_display()
        aenderung.felder += _angaben_aenderungen(vorher, nachher)
    status_geaendert = art == "massnahme" and vorher.status != nachher.status
    if status_geaendert and nachher.status in ERLEDIGT:
        aenderung.zustand = "umgesetzt"
    elif aenderung.text_diff or aenderung.felder or status_geaendert:
        aenderung.zustand = "geaendert"
    elif _ort(ebene, vorher) != _ort(ebene, nachher) or vorher.position != nachher.position:
        aenderung.zustand = "verschoben"
    elif art != "massnahme":
        return None  # unchanged fields, goals and sub-goals are not listed
    return aenderung


def _angaben(massnahme) -> dict[str, str]:
    """The values of a measure besides its texts and status, as readers see them, by field."""
    budget = massnahme.budget
    return {
        "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung else "–",
        "partner": ", ".join(sorted(p.name for p in massnahme.partner.all())) or "–",
        "budget": "–"
        if budget is None
        else number_format(budget, decimal_pos=2, force_grouping=True),
    }


def _angaben_aenderungen(vorher, nachher) -> list[Feldaenderung]:
    alt, neu = _angaben(vorher), _angaben(nachher)
    return [
        Feldaenderung(
            Massnahme._meta.get_field(name).verbose_name,
            alt=_isoliert(name, alt[name]),
            neu=_isoliert(name, neu[name]),
        )
        for name in alt
        if alt[name] != neu[name]
    ]


def _isoliert(name: str, wert: str):
    """A value kept apart from the text around it, so that right-to-left pages order it right;
    names of bodies are German on every page."""
    if name in ("federfuehrung", "partner") and wert != "–":
        return format_html('<bdi lang="de" dir="ltr">{}</bdi>', wert)
    return format_html("<bdi>{}</bdi>", wert)
