"""Translating an edition: what there is to translate, its state, and XLIFF 1.2 round trips."""

from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as sicheres_xml
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from beteiligung.models import Beteiligungsformat
from massnahmen.models import Massnahme

from . import baum
from .models import Edition, Kennzahl, Rechtsgrundlage, Uebersetzungsstatus

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# The edition, its own items, and the levels of the plan's tree (konzept/baum.py).
ARTEN = {
    "edition": Edition,
    "kennzahl": Kennzahl,
    "rechtsgrundlage": Rechtsgrundlage,
    "beteiligungsformat": Beteiligungsformat,
    **{ebene.name: ebene.model for ebene in baum.EBENEN},
}
# XLIFF target states that mean a person has checked the translation.
GEPRUEFTE_ZUSTAENDE = {"translated", "final", "signed-off"}


@dataclass
class Element_:
    art: str
    objekt: object

    @property
    def key(self):
        return str(self.objekt.jahr) if self.art == "edition" else self.objekt.key

    def felder(self):
        """The translatable fields that have German text."""
        return [feld for feld in self.objekt.uebersetzbare_felder() if self.objekt.quelltext(feld)]


def elemente(edition: Edition) -> list[Element_]:
    """Everything of an edition there is to translate, in reading order."""
    liste = [Element_("edition", edition)]
    liste += [Element_("kennzahl", k) for k in edition.kennzahlen.all()]
    liste += [Element_("rechtsgrundlage", r) for r in edition.rechtsgrundlagen.all()]
    liste += [Element_("beteiligungsformat", b) for b in edition.beteiligungsformate.all()]
    for themenfeld in edition.themenfelder.mit_baum(Massnahme.objects.all()):
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
    body = SubElement(datei, "body")
    for element in elemente(edition):
        status = element.objekt.uebersetzungsstatus(sprache)
        for feld in element.felder():
            einheit = SubElement(body, "trans-unit", {"id": f"{element.art}:{element.key}:{feld}"})
            SubElement(einheit, "source").text = element.objekt.quelltext(feld)
            ziel = SubElement(
                einheit,
                "target",
                {"state": "translated" if status == "geprueft" else "needs-review-translation"},
            )
            ziel.text = element.objekt.uebersetzung(feld, sprache)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(wurzel, encoding="unicode").encode()
    )


class ImportFehler(Exception):
    """The file cannot be imported at all; the message says why."""


@dataclass
class Importbericht:
    uebernommen: int
    abgelehnt: list[tuple[str, str]]  # (trans-unit id, reason)


def xliff_import(edition: Edition, sprache: str, inhalt: bytes) -> Importbericht:
    """Imports a returned XLIFF file: everything or, if anything is refused, nothing."""
    try:
        wurzel = sicheres_xml.fromstring(inhalt)
    except (ParseError, DefusedXmlException, UnicodeDecodeError) as fehler:
        raise ImportFehler(
            _("Die Datei ist kein gültiges XML: %(fehler)s") % {"fehler": fehler}
        ) from fehler
    ns = {"x": XLIFF_NS}
    if wurzel.tag != f"{{{XLIFF_NS}}}xliff" or wurzel.get("version") != "1.2":
        raise ImportFehler(_("Die Datei ist keine XLIFF-1.2-Datei."))
    dateien = wurzel.findall("x:file", ns)
    if len(dateien) != 1:
        raise ImportFehler(_("Die Datei muss genau einen <file>-Abschnitt enthalten."))
    if dateien[0].get("target-language") != sprache:
        raise ImportFehler(
            _("Die Datei enthält die Sprache „%(datei)s“, erwartet wird „%(sprache)s“.")
            % {"datei": dateien[0].get("target-language"), "sprache": sprache}
        )
    vorhanden = {(e.art, e.key): e for e in elemente(edition)}
    aenderungen: dict[tuple[str, str], dict] = {}
    abgelehnt = []
    for einheit in dateien[0].iterfind("x:body/x:trans-unit", ns):
        kennung = einheit.get("id", "")
        art, _trenner, rest = kennung.partition(":")
        key, _trenner, feld = rest.rpartition(":")
        element = vorhanden.get((art, key))
        if element is None or feld not in element.felder():
            abgelehnt.append((kennung, _("unbekannte ID")))
            continue
        quelle = einheit.findtext("x:source", default="", namespaces=ns)
        if quelle != element.objekt.quelltext(feld):
            abgelehnt.append((kennung, _("der deutsche Ausgangstext hat sich inzwischen geändert")))
            continue
        ziel = einheit.find("x:target", ns)
        text = (ziel.text or "").strip() if ziel is not None else ""
        if not text:
            continue
        eintrag = aenderungen.setdefault((art, key), {"werte": {}, "geprueft": True})
        eintrag["werte"][feld] = text
        eintrag["geprueft"] &= ziel.get("state") in GEPRUEFTE_ZUSTAENDE
    if abgelehnt:
        return Importbericht(uebernommen=0, abgelehnt=abgelehnt)
    with transaction.atomic():
        for (art, key), eintrag in aenderungen.items():
            objekt = vorhanden[(art, key)].objekt
            status = (
                Uebersetzungsstatus.GEPRUEFT
                if eintrag["geprueft"]
                else Uebersetzungsstatus.MASCHINELL
            )
            objekt.uebersetzung_speichern(sprache, eintrag["werte"], status)
    return Importbericht(uebernommen=len(aenderungen), abgelehnt=[])
