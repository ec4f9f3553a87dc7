"""An adopted edition as open data: one JSON document with all languages and stable keys.

The schema is docs/offene-daten.schema.json (JSON Schema), described in docs/offene-daten.md.
It names every field, so any change of fields needs a new SCHEMA_VERSION and schema file.
"""

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from modeltranslation.utils import build_localized_fieldname

from massnahmen.models import Massnahme, Umsetzungsnotiz

from .models import Edition, Landkreis

SCHEMA_VERSION = "1"
SCHEMA_NAME = f"integrationskonzept-offene-daten/{SCHEMA_VERSION}"


def _texte(objekt, feld: str) -> dict[str, str | None]:
    """A text in every language; null where there is no translation."""
    return {
        code: getattr(objekt, build_localized_fieldname(feld, code)) or None
        for code, _name in settings.LANGUAGES
    }


def _uebersetzungsstand(objekt) -> dict[str, str]:
    return {
        code: objekt.uebersetzungsstatus(code)
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    }


def _zahl(wert: Decimal | None):
    if wert is None:
        return None
    return int(wert) if wert == wert.to_integral_value() else float(wert)


def _datum(wert):
    return wert.isoformat() if wert else None


def _keys(formate) -> list[str]:
    return [format.key for format in formate.all()]


def _messwerte(werte) -> list[dict]:
    return [
        {"datum": wert.datum.isoformat(), "wert": _zahl(wert.wert), "quelle": wert.quelle}
        for wert in sorted(werte, key=lambda wert: wert.datum)
    ]


def _indikatoren(indikatoren) -> list[dict]:
    """Indicators with baseline, target and dated values (issue 15)."""
    return [
        {
            "key": indikator.key,
            "name": _texte(indikator, "name"),
            "einheit": _texte(indikator, "einheit"),
            "richtung": indikator.richtung,
            "ausgangswert": _zahl(indikator.ausgangswert),
            "ausgangsdatum": _datum(indikator.ausgangsdatum),
            "zielwert": _zahl(indikator.zielwert),
            "zieldatum": _datum(indikator.zieldatum),
            "messwerte": _messwerte(indikator.messwerte.all()),
        }
        for indikator in indikatoren.all()
    ]


def _massnahme(massnahme, adresse) -> dict:
    return {
        "key": massnahme.key,
        "url": adresse(massnahme.get_absolute_url()),
        "titel": _texte(massnahme, "titel"),
        "beschreibung": _texte(massnahme, "beschreibung"),
        "status": massnahme.status,
        "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung else None,
        "partner": sorted(partner.name for partner in massnahme.partner.all()),
        "zeitraum": _texte(massnahme, "zeitraum"),
        "budget_euro": _zahl(massnahme.budget),
        "indikatoren": _texte(massnahme, "indikatoren"),
        "herkunft": _keys(massnahme.herkunft),
        "umsetzungsstand": [
            {"datum": notiz.datum.isoformat(), "text": notiz.text, "sprache": notiz.sprache}
            for notiz in massnahme.umsetzungsnotizen.all()
        ],
        "uebersetzungsstand": _uebersetzungsstand(massnahme),
        "beginn_geplant": _datum(massnahme.beginn_geplant),
        "ende_geplant": _datum(massnahme.ende_geplant),
        "beginn_tatsaechlich": _datum(massnahme.beginn_tatsaechlich),
        "ende_tatsaechlich": _datum(massnahme.ende_tatsaechlich),
        "bestaetigt_am": _datum(massnahme.bestaetigt_am),
        "indikatoren_mit_werten": _indikatoren(massnahme.indikatoren_liste),
    }


def offene_daten(edition: Edition, *, adresse: Callable[[str], str]) -> dict:
    """The whole edition; `adresse` turns a site path into an absolute URL."""
    landkreis = Landkreis.aktuell()
    massnahmen = Massnahme.objects.select_related("federfuehrung").prefetch_related(
        "herkunft",
        "partner",
        Prefetch("umsetzungsnotizen", queryset=Umsetzungsnotiz.objects.order_by("datum", "pk")),
        "indikatoren_liste__messwerte",
    )
    themenfelder = edition.themenfelder.select_related("edition").prefetch_related(
        "leitziele__herkunft",
        "leitziele__indikatoren__messwerte",
        "teilziele__herkunft",
        Prefetch("teilziele__massnahmen", queryset=massnahmen),
    )
    return {
        "schema": SCHEMA_NAME,
        "lizenz": settings.OFFENE_DATEN_LIZENZ,
        "herausgeber": {
            "name": landkreis.name if landkreis else None,
            "stelle": landkreis.koordinierungsstelle if landkreis else None,
            "email": (landkreis.kontakt_email or None) if landkreis else None,
        },
        "quelle": adresse(edition.get_absolute_url()),
        "sprachen": [code for code, _name in settings.LANGUAGES],
        "ausgangssprache": settings.LANGUAGE_CODE,
        "ausgabe": {
            "jahr": edition.jahr,
            "titel": _texte(edition, "titel"),
            "status": edition.status,
            "beschlossen_am": _datum(edition.beschlossen_am),
            "stichtag": _datum(edition.stichtag),
            "vorgaenger": edition.vorgaenger.jahr if edition.vorgaenger else None,
            "ausgangssituation": _texte(edition, "ausgangssituation"),
            "hintergrund": _texte(edition, "hintergrund"),
            "leitgedanke": _texte(edition, "leitgedanke"),
            "methodik": _texte(edition, "methodik"),
        },
        "kennzahlen": [
            {
                "key": kennzahl.key,
                "bezeichnung": _texte(kennzahl, "bezeichnung"),
                "wert": _zahl(kennzahl.wert),
                "einheit": _texte(kennzahl, "einheit"),
                "stichtag": _datum(kennzahl.stichtag),
                "quelle": _texte(kennzahl, "quelle"),
                "zeitreihe": _messwerte(kennzahl.zeitreihe.all()),
            }
            for kennzahl in edition.kennzahlen.prefetch_related("zeitreihe")
        ],
        "rechtsgrundlagen": [
            {
                "key": grundlage.key,
                "kuerzel": grundlage.kuerzel,
                "titel": _texte(grundlage, "titel"),
            }
            for grundlage in edition.rechtsgrundlagen.all()
        ],
        "beteiligungsformate": [
            {
                "key": format.key,
                "art": format.art,
                "titel": _texte(format, "titel"),
                "methode": _texte(format, "methode"),
                "beteiligte": _texte(format, "beteiligte"),
                "beginn": _datum(format.beginn),
                "ende": _datum(format.ende),
                "teilnehmende": format.teilnehmende,
                "zusammenfassung": _texte(format, "zusammenfassung"),
            }
            for format in edition.beteiligungsformate.all()
        ],
        "themenfelder": [
            {
                "key": themenfeld.key,
                "url": adresse(themenfeld.get_absolute_url()),
                "titel": _texte(themenfeld, "titel"),
                "beschreibung": _texte(themenfeld, "beschreibung"),
                "themenunabhaengig": themenfeld.themenunabhaengig,
                "leitziele": [
                    {
                        "key": leitziel.key,
                        "text": _texte(leitziel, "text"),
                        "herkunft": _keys(leitziel.herkunft),
                        "uebersetzungsstand": _uebersetzungsstand(leitziel),
                        "indikatoren_mit_werten": _indikatoren(leitziel.indikatoren),
                    }
                    for leitziel in themenfeld.leitziele.all()
                ],
                "teilziele": [
                    {
                        "key": teilziel.key,
                        "titel": _texte(teilziel, "titel"),
                        "herkunft": _keys(teilziel.herkunft),
                        "uebersetzungsstand": _uebersetzungsstand(teilziel),
                        "massnahmen": [
                            _massnahme(massnahme, adresse)
                            for massnahme in teilziel.massnahmen.all()
                        ],
                    }
                    for teilziel in themenfeld.teilziele.all()
                ],
                "uebersetzungsstand": _uebersetzungsstand(themenfeld),
            }
            for themenfeld in themenfelder
        ],
    }
