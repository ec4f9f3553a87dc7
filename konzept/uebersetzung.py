"""Translating an edition: what there is to translate, its state, XLIFF 1.2 round trips,
marking many translations as reviewed at once, and machine suggestions for what is missing or
outdated.

The state of a translation in XLIFF 1.2's own attributes of `<target>` (and `approved` of the
unit, which translate-toolkit reads as "not fuzzy"):

| state here            | state                    | state-qualifier | approved |
|-----------------------|--------------------------|-----------------|----------|
| fehlt                 | needs-translation        |                 |          |
| maschinell, ungeprüft | needs-review-translation | mt-suggestion   |          |
| veraltet              | needs-review-translation | fuzzy-match     |          |
| geprüft               | final                    |                 | yes      |

An outdated translation is one made from an earlier German text, which is what translation
tools call a fuzzy match; a note says so in words. On import, `translated`, `signed-off` and
`final` (or no state and `approved="yes"`) mean a person has checked the text; everything else
means not. A unit whose text and checked-or-not are as exported is untouched and changes
nothing: an outdated unit stays outdated, a machine translation stays one, and an unchanged
export reads back as "keine Änderungen".
"""

import logging
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as sicheres_xml
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.fields.json import KT
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from beteiligung.models import Beteiligungsformat
from massnahmen.models import Massnahme
from themenfelder.models import Leitziel, Teilziel

from . import baum, maschinell
from .models import (
    Edition,
    Kennzahl,
    Rechtsgrundlage,
    Uebersetzungsstatus,
    uebersetzungsstatus_aus,
)
from .texte import richtungszeichen_fehler, vereinheitlichen

logger = logging.getLogger(__name__)

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# Read as well: XLIFF 1.1, which po2xliff writes; the parts used here are the same.
XLIFF_VERSIONEN = {"1.2": XLIFF_NS, "1.1": "urn:oasis:names:tc:xliff:document:1.1"}
XML_NS = "http://www.w3.org/XML/1998/namespace"
# The edition, its own items, and the levels of the plan's tree (konzept/baum.py).
ARTEN = {
    "edition": Edition,
    "kennzahl": Kennzahl,
    "rechtsgrundlage": Rechtsgrundlage,
    "beteiligungsformat": Beteiligungsformat,
    **{ebene.name: ebene.model for ebene in baum.EBENEN},
}
# The state of a translation → (state, state-qualifier) of its XLIFF target (see above).
ZIELZUSTAND = {
    Uebersetzungsstatus.FEHLT: ("needs-translation", None),
    Uebersetzungsstatus.MASCHINELL: ("needs-review-translation", "mt-suggestion"),
    Uebersetzungsstatus.VERALTET: ("needs-review-translation", "fuzzy-match"),
    Uebersetzungsstatus.GEPRUEFT: ("final", None),
}
# XLIFF target states that mean a person has checked the translation.
GEPRUEFTE_ZUSTAENDE = {"translated", "signed-off", "final"}
# Translations that can be marked as reviewed (a missing one has nothing to check).
PRUEFBAR = {Uebersetzungsstatus.MASCHINELL, Uebersetzungsstatus.VERALTET}
# The order in which the workspace counts and filters.
STAND_REIHENFOLGE = [
    Uebersetzungsstatus.MASCHINELL,
    Uebersetzungsstatus.GEPRUEFT,
    Uebersetzungsstatus.VERALTET,
    Uebersetzungsstatus.FEHLT,
]
# The fields a machine suggestion fills: never one a person has checked or a current machine one.
VORSCHLAGEN = {Uebersetzungsstatus.FEHLT, Uebersetzungsstatus.VERALTET}
# A unit that is no text to translate: the PO header that po2xliff writes as a unit.
KEINE_UEBERSETZUNG = {"x-gettext-domain-header"}


@dataclass
class Element_:
    art: str
    objekt: object

    @property
    def key(self):
        return str(self.objekt.jahr) if self.art == "edition" else self.objekt.key

    @property
    def kennung(self) -> str:
        """Names the item in a form: kind and primary key."""
        return f"{self.art}:{self.objekt.pk}"

    def felder(self):
        """The translatable fields that have German text."""
        return [feld for feld in self.objekt.uebersetzbare_felder() if self.objekt.quelltext(feld)]


def elemente(edition: Edition, *, sperren: bool = False) -> list[Element_]:
    """Everything of an edition there is to translate, in reading order; with `sperren`, every
    row locked until the end of the transaction (the edition's row first)."""

    def abfrage(queryset):
        return queryset.select_for_update(of=("self",)) if sperren else queryset

    if sperren:
        edition = abfrage(Edition.objects.filter(pk=edition.pk)).get()
    liste = [Element_("edition", edition)]
    liste += [Element_("kennzahl", k) for k in abfrage(edition.kennzahlen.all())]
    liste += [Element_("rechtsgrundlage", r) for r in abfrage(edition.rechtsgrundlagen.all())]
    liste += [Element_("beteiligungsformat", b) for b in abfrage(edition.beteiligungsformate.all())]
    # The tree as konzept/baum.py describes it: measures straight under a field, under its
    # goals and under its sub-goals.
    massnahmen = abfrage(Massnahme.objects.all())
    themenfelder = abfrage(edition.themenfelder.all()).prefetch_related(
        *(
            Prefetch(
                name,
                queryset=abfrage(
                    model.objects.prefetch_related(Prefetch("massnahmen", queryset=massnahmen))
                ),
            )
            for name, model in (("leitziele", Leitziel), ("teilziele", Teilziel))
        ),
        Prefetch(
            "massnahmen",
            queryset=massnahmen.filter(teilziel=None, leitziel=None),
            to_attr="direkte_massnahmen",
        ),
    )
    for themenfeld in themenfelder:
        liste.append(Element_("themenfeld", themenfeld))
        liste += [Element_("massnahme", m) for m in themenfeld.direkte_massnahmen]
        for ziel in [*themenfeld.leitziele.all(), *themenfeld.teilziele.all()]:
            liste.append(Element_(ziel._meta.model_name, ziel))
            liste += [Element_("massnahme", m) for m in ziel.massnahmen.all()]
    return liste


def zaehlen(liste: list[Element_], sprache: str) -> dict[str, int]:
    zahlen = {status.value: 0 for status in Uebersetzungsstatus}
    for element in liste:
        zahlen[element.objekt.uebersetzungsstatus(sprache)] += 1
    return zahlen


@dataclass(frozen=True)
class Stand:
    """One item of `staende()`: which it is and the state of its translation."""

    art: str
    pk: int
    status: str


def staende(edition: Edition, sprache: str) -> list[Stand]:
    """What elemente() lists, in its order, with the state of each translation into `sprache`,
    read as values: the German texts, those in `sprache` and the stored states, not the items.
    The workspace's list counts and filters a whole edition with it and loads only the items
    of the page it shows (issue 20.2); that both agree is tested."""

    # Of the stored states only this language's, as text: the whole JSON would cost more to
    # read than the texts.
    gespeichert = [KT(f"uebersetzungsstand__{sprache}__{name}") for name in ("quelle", "status")]

    def mit_status(queryset, *eltern) -> list[tuple]:
        """(pk, *eltern, state) of each row of `queryset`."""
        felder = queryset.model.uebersetzbare_felder()
        spalten = [
            build_localized_fieldname(feld, code)
            for code in (settings.LANGUAGE_CODE, sprache)
            for feld in felder
        ]
        zeilen = []
        for pk, *werte in queryset.values_list("pk", *eltern, *spalten, *gespeichert):
            *texte, quelle, stand = werte[len(eltern) :]
            texte = [text or "" for text in texte]
            status = uebersetzungsstatus_aus(
                sprache,
                texte[: len(felder)],
                texte[len(felder) :],
                {"quelle": quelle, "status": stand or Uebersetzungsstatus.MASCHINELL},
            )
            zeilen.append((pk, *werte[: len(eltern)], status))
        return zeilen

    liste = [Stand("edition", edition.pk, edition.uebersetzungsstatus(sprache))]
    for art, queryset in (
        ("kennzahl", edition.kennzahlen.all()),
        ("rechtsgrundlage", edition.rechtsgrundlagen.all()),
        ("beteiligungsformat", edition.beteiligungsformate.all()),
    ):
        liste += [Stand(art, pk, status) for pk, status in mit_status(queryset)]
    # The tree as elemente() walks it: a field, the measures straight under it, then each goal
    # and sub-goal with its measures.
    im_feld = {"themenfeld__edition": edition}
    direkt, unter = {}, {}
    for pk, feld, leitziel, teilziel, status in mit_status(
        Massnahme.objects.filter(**im_feld), "themenfeld_id", "leitziel_id", "teilziel_id"
    ):
        eintrag = Stand("massnahme", pk, status)
        if leitziel is None and teilziel is None:
            direkt.setdefault(feld, []).append(eintrag)
        if leitziel is not None:
            unter.setdefault(("leitziel", leitziel), []).append(eintrag)
        if teilziel is not None:
            unter.setdefault(("teilziel", teilziel), []).append(eintrag)
    ziele = {}
    for art, model in (("leitziel", Leitziel), ("teilziel", Teilziel)):
        for pk, feld, status in mit_status(model.objects.filter(**im_feld), "themenfeld_id"):
            ziele.setdefault((feld, art), []).append(Stand(art, pk, status))
    for pk, status in mit_status(edition.themenfelder.all()):
        liste.append(Stand("themenfeld", pk, status))
        liste += direkt.get(pk, [])
        for ziel in [*ziele.get((pk, "leitziel"), []), *ziele.get((pk, "teilziel"), [])]:
            liste.append(ziel)
            liste += unter.get((ziel.art, ziel.pk), [])
    return liste


def elemente_fuer(edition: Edition, auswahl: list[Stand]) -> list[Element_]:
    """The items of `auswahl` (a page of `staende()`), loaded, in its order: one query per
    kind of item on it."""
    geladen = {("edition", edition.pk): edition}
    arten = {}
    for eintrag in auswahl:
        arten.setdefault(eintrag.art, []).append(eintrag.pk)
    for art, pks in arten.items():
        if art != "edition":
            geladen |= {
                (art, objekt.pk): objekt for objekt in ARTEN[art].objects.filter(pk__in=pks)
            }
    return [
        Element_(eintrag.art, geladen[(eintrag.art, eintrag.pk)])
        for eintrag in auswahl
        if (eintrag.art, eintrag.pk) in geladen
    ]


# A text field without a length of its own still gets one (issue 14.8): without it a file could
# store any amount of text, which the forms would then refuse to save again.
TEXT_HOECHSTLAENGE = 10_000


def _hoechstlaenge(objekt, feld: str, sprache: str) -> int:
    spalte = objekt._meta.get_field(build_localized_fieldname(feld, sprache))
    return spalte.max_length or TEXT_HOECHSTLAENGE


# Export


def xliff_export(edition: Edition, sprache: str) -> bytes:
    wurzel = Element("xliff", {"version": "1.2", "xmlns": XLIFF_NS})
    datei = SubElement(
        wurzel,
        "file",
        {
            "original": f"integrationskonzept-{edition.jahr}",
            "source-language": settings.LANGUAGE_CODE,
            "target-language": sprache,
            "datatype": "plaintext",
        },
    )
    datei.text = "\n"
    body = SubElement(datei, "body")
    body.text = "\n"
    # Notes are for the translators, who translate from the source language.
    with translation.override(settings.LANGUAGE_CODE):
        hinweis_veraltet = _(
            "Der deutsche Ausgangstext wurde nach dieser Übersetzung geändert. Bitte die "
            "Übersetzung an den jetzigen Text anpassen oder bestätigen."
        )
    for element in elemente(edition):
        for feld in element.felder():
            body.append(_einheit(element, feld, sprache, hinweis_veraltet))
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + tostring(wurzel, encoding="unicode").encode()
        + b"\n"
    )


def _einheit(element: Element_, feld: str, sprache: str, hinweis_veraltet: str) -> Element:
    objekt = element.objekt
    kennung = f"{element.art}:{element.key}:{feld}"
    status = objekt.feldstatus(feld, sprache)
    zustand, qualifikation = ZIELZUSTAND[status]
    attribute = {"id": kennung, "resname": kennung, f"{{{XML_NS}}}space": "preserve"}
    attribute |= {"maxwidth": str(_hoechstlaenge(objekt, feld, sprache)), "size-unit": "char"}
    if status == Uebersetzungsstatus.GEPRUEFT:
        attribute["approved"] = "yes"
    einheit = Element("trans-unit", attribute)
    einheit.tail = "\n"
    quelle = SubElement(einheit, "source", {f"{{{XML_NS}}}lang": settings.LANGUAGE_CODE})
    quelle.text = objekt.quelltext(feld)
    ziel = SubElement(einheit, "target", {f"{{{XML_NS}}}lang": sprache, "state": zustand})
    if qualifikation:
        ziel.set("state-qualifier", qualifikation)
    ziel.text = objekt.uebersetzung(feld, sprache)
    # The id is the unit's name here; where a tool renumbers units (po2xliff), this location
    # (a "#:" reference in PO) still names it.
    ort = SubElement(einheit, "context-group", {"purpose": "location"})
    SubElement(ort, "context", {"context-type": "sourcefile"}).text = kennung
    if status == Uebersetzungsstatus.VERALTET:
        SubElement(
            einheit, "note", {"from": "developer", "annotates": "target"}
        ).text = hinweis_veraltet
    return einheit


# Import


class ImportFehler(Exception):
    """The file cannot be imported at all; the message says why."""


class _Abgelehnt(Exception):
    """One unit cannot be imported; the message says why, `kennung` names the unit."""

    kennung = ""


@dataclass
class Importbericht:
    uebernommen: int
    abgelehnt: list[tuple[str, str]]  # (trans-unit id, reason)

    @property
    def keine_aenderungen(self) -> bool:
        return not self.abgelehnt and not self.uebernommen


@dataclass
class _Eintrag:
    """What a file changes of one item: per field touched its text and whether it is checked."""

    element: Element_
    texte: dict[str, str] = field(default_factory=dict)
    geprueft: dict[str, bool] = field(default_factory=dict)


def xliff_import(edition: Edition, sprache: str, inhalt: bytes) -> Importbericht:
    """Imports a returned XLIFF file: everything or, if anything is refused, nothing.

    The rows of the edition stay locked from reading to writing, so that what was checked is
    what is written.
    """
    datei, ns = _datei_lesen(inhalt, sprache)
    with transaction.atomic():
        vorhanden = {(e.art, e.key): e for e in elemente(edition, sperren=True)}
        eintraege: dict[tuple[str, str], _Eintrag] = {}
        gesehen: set[tuple[str, str, str]] = set()
        abgelehnt = []
        for einheit in datei.iterfind("x:body//x:trans-unit", ns):
            if einheit.get("restype") in KEINE_UEBERSETZUNG:
                continue
            try:
                _einheit_lesen(einheit, ns, sprache, vorhanden, eintraege, gesehen)
            except _Abgelehnt as grund:
                abgelehnt.append((grund.kennung or einheit.get("id", ""), str(grund)))
        if abgelehnt:
            return Importbericht(uebernommen=0, abgelehnt=abgelehnt)
        for eintrag in eintraege.values():
            _uebernehmen(eintrag, sprache)
    return Importbericht(uebernommen=len(eintraege), abgelehnt=[])


def _datei_lesen(inhalt: bytes, sprache: str):
    """The one <file> of a well-formed XLIFF 1.2 (or 1.1) document into `sprache`, and the
    namespace of its elements.

    The source language is not checked: po2xliff names none of its own, and every unit's
    source is compared with the German text anyway.
    """
    try:
        wurzel = sicheres_xml.fromstring(inhalt)
    except DefusedXmlException as fehler:
        raise ImportFehler(
            _(
                "Die Datei enthält Entitäten oder Verweise auf andere Dateien (DTD). Solche "
                "Dateien werden aus Sicherheitsgründen nicht eingelesen; XLIFF braucht sie nicht."
            )
        ) from fehler
    except ParseError as fehler:
        zeile, spalte = getattr(fehler, "position", (0, 0))
        raise ImportFehler(
            _("Die Datei ist kein gültiges XML (Zeile %(zeile)s, Spalte %(spalte)s).")
            % {"zeile": zeile, "spalte": spalte + 1}
        ) from fehler
    namensraum = XLIFF_VERSIONEN.get(wurzel.get("version", ""))
    if namensraum is None or wurzel.tag != f"{{{namensraum}}}xliff":
        raise ImportFehler(_("Die Datei ist keine XLIFF-Datei der Version 1.2 (oder 1.1)."))
    dateien = wurzel.findall(f"{{{namensraum}}}file")
    if len(dateien) != 1:
        raise ImportFehler(_("Die Datei muss genau einen <file>-Abschnitt enthalten."))
    datei = dateien[0]
    if not datei.get("target-language"):
        raise ImportFehler(
            _("Die Datei nennt keine Zielsprache (target-language), erwartet wird „%(sprache)s“.")
            % {"sprache": sprache}
        )
    if datei.get("target-language") != sprache:
        raise ImportFehler(
            _("Die Datei enthält die Sprache „%(datei)s“, erwartet wird „%(sprache)s“.")
            % {"datei": datei.get("target-language"), "sprache": sprache}
        )
    return datei, {"x": namensraum}


def _einheit_lesen(einheit, ns, sprache, vorhanden, eintraege, gesehen) -> None:
    """Checks one trans-unit and notes what it changes; raises _Abgelehnt with the reason."""
    kandidaten = [einheit.get("id", "")] + [
        kontext.text or ""
        for kontext in einheit.iterfind(
            "x:context-group[@purpose='location']/x:context[@context-type='sourcefile']", ns
        )
    ]
    for kennung in kandidaten:
        art, _trenner, rest = kennung.partition(":")
        key, _trenner, feld = rest.rpartition(":")
        element = vorhanden.get((art, key))
        if element is not None and feld in element.felder():
            break
    else:
        raise _Abgelehnt(_("unbekannte ID"))
    try:
        _einheit_pruefen(einheit, ns, sprache, element, feld, eintraege, gesehen)
    except _Abgelehnt as grund:
        # Named as exported, also where a tool renumbered the unit.
        grund.kennung = kennung
        raise


def _einheit_pruefen(einheit, ns, sprache, element, feld, eintraege, gesehen) -> None:
    if (element.art, element.key, feld) in gesehen:
        raise _Abgelehnt(_("kommt in der Datei mehrfach vor"))
    gesehen.add((element.art, element.key, feld))
    objekt = element.objekt
    quelle = einheit.find("x:source", ns)
    if quelle is None or _text(quelle, ns) != vereinheitlichen(objekt.quelltext(feld)):
        raise _Abgelehnt(_("der deutsche Ausgangstext hat sich inzwischen geändert"))
    ziel = einheit.find("x:target", ns)
    text = _text(ziel, ns).strip() if ziel is not None else ""
    if not text:
        return
    grenze = _hoechstlaenge(objekt, feld, sprache)
    if len(text) > grenze:
        raise _Abgelehnt(
            _("die Übersetzung hat %(laenge)s Zeichen, höchstens %(grenze)s sind erlaubt")
            % {"laenge": len(text), "grenze": grenze}
        )
    if grund := richtungszeichen_fehler(text):
        raise _Abgelehnt(grund)
    zustand = ziel.get("state")
    geprueft = zustand in GEPRUEFTE_ZUSTAENDE if zustand else einheit.get("approved") == "yes"
    bisher_geprueft = objekt.feldstatus(feld, sprache) == Uebersetzungsstatus.GEPRUEFT
    if text == vereinheitlichen(objekt.uebersetzung(feld, sprache)) and geprueft == bisher_geprueft:
        return  # untouched: as exported
    eintrag = eintraege.setdefault((element.art, element.key), _Eintrag(element))
    eintrag.texte[feld] = text
    eintrag.geprueft[feld] = geprueft


def _text(knoten, ns) -> str:
    """All text of a <source> or <target>, also inside segments (`<mrk mtype="seg">`, as
    Trados, memoQ and Okapi write them) and other markers; inline codes (<g>, <x/>, <ph> …)
    have no place in plain text and are refused."""
    for kind in knoten.iter():
        if kind is not knoten and kind.tag != f"{{{ns['x']}}}mrk":
            raise _Abgelehnt(
                _("enthält das Element <%(name)s>, das es in reinem Text nicht gibt")
                % {"name": kind.tag.rpartition("}")[2]}
            )
    return vereinheitlichen("".join(knoten.itertext()))


def _uebernehmen(eintrag: _Eintrag, sprache: str) -> None:
    """Writes what the file changes of one item, with the item's new state.

    A field the file leaves untouched keeps its state: if it was outdated, the item stays
    outdated (its new texts are saved, still marked as made from the earlier German text).
    Otherwise the item is reviewed when every field is, else a machine translation.
    """
    objekt = eintrag.element.objekt
    geprueft = []
    veraltet_unberuehrt = False
    for feld in eintrag.element.felder():
        bisher = objekt.feldstatus(feld, sprache)
        if feld in eintrag.geprueft:
            geprueft.append(eintrag.geprueft[feld])
        else:
            geprueft.append(bisher == Uebersetzungsstatus.GEPRUEFT)
            veraltet_unberuehrt |= bisher == Uebersetzungsstatus.VERALTET
    if veraltet_unberuehrt:
        status = Uebersetzungsstatus.VERALTET
    elif all(geprueft):
        status = Uebersetzungsstatus.GEPRUEFT
    else:
        status = Uebersetzungsstatus.MASCHINELL
    objekt.uebersetzung_speichern(sprache, eintrag.texte, status)


# Marking many translations as reviewed


@dataclass
class Zeile:
    """One item as the workspace shows it in one language."""

    element: Element_
    status: str
    stand: str  # what a person confirms who marks it as reviewed (Uebersetzbar.pruefstand)
    paare: list[tuple[str, str]]  # German source and translation, per field

    @property
    def status_label(self) -> str:
        return Uebersetzungsstatus(self.status).label

    @property
    def pruefbar(self) -> bool:
        return self.status in PRUEFBAR


def zeilen(liste: list[Element_], sprache: str) -> list[Zeile]:
    ergebnis = []
    for element in liste:
        objekt = element.objekt
        paare = [
            (objekt.quelltext(feld), objekt.uebersetzung(feld, sprache))
            for feld in element.felder()
        ]
        ergebnis.append(
            Zeile(element, objekt.uebersetzungsstatus(sprache), objekt.pruefstand(sprache), paare)
        )
    return ergebnis


class PruefungVeraltet(Exception):
    """Some translations changed since the preview; nothing was marked."""

    def __init__(self, geaendert: list[Element_]):
        super().__init__()
        self.geaendert = geaendert


def pruefung_vorschau(
    liste: list[Element_], sprache: str, *, kennungen: set[str], status: str = ""
) -> list[Zeile]:
    """The items chosen (by `Element_.kennung`, or all in `status`), in reading order."""
    return [
        zeile
        for zeile in zeilen(liste, sprache)
        if zeile.element.kennung in kennungen or (status and zeile.status == status)
    ]


def uebersetzungen_pruefen(*, edition: Edition, sprache: str, auswahl: dict[str, str]) -> int:
    """Marks the chosen translations as reviewed, all or none.

    `auswahl` maps each item (`Element_.kennung`) to the state the person saw in the preview
    (`pruefstand`). On the locked rows each must still be in that state and reviewable;
    otherwise PruefungVeraltet names those that changed and nothing is marked.
    """
    with transaction.atomic():
        gewaehlt = [e for e in elemente(edition, sperren=True) if e.kennung in auswahl]
        geaendert = [
            element
            for element in gewaehlt
            if element.objekt.pruefstand(sprache) != auswahl[element.kennung]
            or element.objekt.uebersetzungsstatus(sprache) not in PRUEFBAR
        ]
        if geaendert or len(gewaehlt) != len(auswahl):
            raise PruefungVeraltet(geaendert)
        for element in gewaehlt:
            element.objekt.uebersetzung_speichern(sprache, {}, Uebersetzungsstatus.GEPRUEFT)
    return len(gewaehlt)


# Machine suggestions (issue 18.3)


def vorschlaege_moeglich(edition: Edition) -> bool:
    """Whether staff may ask for machine suggestions: the service is on and the edition can
    still change."""
    return not edition.ist_beschlossen and maschinell.eingeschaltet()


def maschinell_vorschlagen(edition_id: int, sprache: str) -> int:
    """Fills every missing or outdated field of an edition in `sprache` with the machine
    translation of its German text, as "maschinell, ungeprüft" (task `maschinell_vorschlagen`);
    returns how many items got suggestions.

    The service is asked outside any transaction, item by item; each item's answers are kept
    only if, on its locked row, the German text is still the one sent and the fields are still
    missing or outdated: a person's translation written meanwhile wins, a changed German text
    waits for the next run. An item already filled stays filled when the service fails on a
    later one (MaschinellFehler, the task tries again and asks only for what is still open).
    """
    edition = Edition.objects.filter(pk=edition_id).first()
    if (
        edition is None
        or sprache == settings.LANGUAGE_CODE
        or sprache not in dict(settings.LANGUAGES)
        or not vorschlaege_moeglich(edition)
    ):
        return 0
    anzahl = 0
    for element in elemente(edition):
        objekt = element.objekt
        felder = [f for f in element.felder() if objekt.feldstatus(f, sprache) in VORSCHLAGEN]
        if not felder:
            continue
        quelle = objekt.quell_fingerabdruck()
        texte = {}
        for feld in felder:
            text = maschinell.uebersetzen(
                objekt.quelltext(feld), von=settings.LANGUAGE_CODE, nach=sprache
            )
            texte[feld] = text.strip()[: _hoechstlaenge(objekt, feld, sprache)]
        if not all(texte.values()):
            # Half an item would mark its other, outdated fields as current: left for people.
            logger.warning("%s: leere maschinelle Übersetzung, nichts gespeichert", element.kennung)
            continue
        anzahl += _vorschlag_speichern(edition, element, sprache, quelle, texte)
    return anzahl


def _vorschlag_speichern(edition, element, sprache, quelle, texte) -> bool:
    with transaction.atomic():
        # The edition's row first, as the XLIFF import and adoption lock it: no suggestion
        # lands on an edition adopted meanwhile.
        if Edition.objects.select_for_update().get(pk=edition.pk).ist_beschlossen:
            return False
        gespeichert = (
            type(element.objekt)._base_manager.select_for_update().filter(pk=element.objekt.pk)
        ).first()
        if (
            gespeichert is None
            or gespeichert.quell_fingerabdruck() != quelle
            or any(gespeichert.feldstatus(feld, sprache) not in VORSCHLAGEN for feld in texte)
        ):
            return False
        # As the workspace's own saves: a translation is no change of the German text, so no
        # history entry.
        gespeichert.uebersetzung_speichern(sprache, texte, Uebersetzungsstatus.MASCHINELL)
    return True
