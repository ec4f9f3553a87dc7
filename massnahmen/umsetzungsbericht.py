"""The Umsetzungsbericht: the dated snapshot a reporting round leaves when it closes.

It is stored as plain data on the round (Sachstandsabfrage.bericht), with every text in every
language, so that the page and the PDF for the committee show the state as it was at closing,
however the plan moves on: per field and measure the status (and what it was at the previous
round), whether the contact person answered, the latest note, the dates, and each indicator's
latest value against its target."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from konzept.begriffe import begriffe
from konzept.models import Landkreis

from .models import Indikator, Massnahme, Sachstandsabfrage

VERSION = 1


def _texte(objekt, feld: str) -> dict[str, str]:
    return {
        code: getattr(objekt, build_localized_fieldname(feld, code)) or ""
        for code, _name in settings.LANGUAGES
    }


def _zahl(wert):
    return None if wert is None else str(wert)


def _datum(wert):
    return wert.isoformat() if wert else None


def _indikator(indikator: Indikator) -> dict:
    werte = sorted(indikator.messwerte.all(), key=lambda wert: wert.datum)
    letzter = werte[-1] if werte else None
    return {
        "key": indikator.key,
        "name": _texte(indikator, "name"),
        "einheit": indikator.einheit,
        "ausgangswert": _zahl(indikator.ausgangswert),
        "zielwert": _zahl(indikator.zielwert),
        "zieldatum": _datum(indikator.zieldatum),
        "richtung": indikator.richtung,
        "wert": _zahl(letzter.wert) if letzter else None,
        "datum": _datum(letzter.datum) if letzter else None,
        "erreicht": indikator.erreicht(letzter.wert) if letzter else None,
    }


def erstellen(abfrage: Sachstandsabfrage) -> dict:
    """The state of the round's edition now, against the previous closed round's snapshot."""
    edition = abfrage.edition
    vorherige = (
        Sachstandsabfrage.objects.filter(edition=edition, geschlossen_am__isnull=False)
        .exclude(pk=abfrage.pk)
        .order_by("-geschlossen_am")
        .first()
    )
    vorher = {}
    if vorherige and vorherige.bericht:
        for feld in vorherige.bericht["themenfelder"]:
            for massnahme in feld["massnahmen"]:
                vorher[massnahme["key"]] = massnahme
    beantwortet = set(abfrage.berichte.values_list("massnahme_id", flat=True))
    massnahmen = (
        Massnahme.objects.in_edition(edition)
        .mit_edition()
        .select_related("federfuehrung")
        .prefetch_related(
            "umsetzungsnotizen",
            Prefetch("indikatoren_liste", queryset=Indikator.objects.prefetch_related("messwerte")),
        )
    )
    je_feld: dict[int, list] = {}
    for massnahme in massnahmen:
        alt = vorher.get(massnahme.key, {})
        notiz = next(iter(massnahme.umsetzungsnotizen.all()), None)
        indikatoren = [_indikator(indikator) for indikator in massnahme.indikatoren_liste.all()]
        alte_werte = {i["key"]: i.get("wert") for i in alt.get("indikatoren", [])}
        for indikator in indikatoren:
            indikator["wert_vorher"] = alte_werte.get(indikator["key"])
        je_feld.setdefault(massnahme.themenfeld.pk, []).append(
            {
                "key": massnahme.key,
                "url": massnahme.get_absolute_url(),
                "titel": _texte(massnahme, "titel"),
                "status": massnahme.status,
                "status_vorher": alt.get("status"),
                "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung else "",
                "beantwortet": massnahme.pk in beantwortet,
                "ueberfaellig": massnahme.ist_ueberfaellig(),
                "beginn_tatsaechlich": _datum(massnahme.beginn_tatsaechlich),
                "ende_tatsaechlich": _datum(massnahme.ende_tatsaechlich),
                "bestaetigt_am": _datum(massnahme.bestaetigt_am),
                "notiz": {
                    "datum": notiz.datum.isoformat(),
                    "text": notiz.text,
                    "sprache": notiz.sprache,
                }
                if notiz
                else None,
                "indikatoren": indikatoren,
            }
        )
    themenfelder = [
        {"key": feld.key, "titel": _texte(feld, "titel"), "massnahmen": je_feld.get(feld.pk, [])}
        for feld in edition.themenfelder.order_by("position")
    ]
    alle = [m for feld in themenfelder for m in feld["massnahmen"]]
    return {
        "version": VERSION,
        "stand": timezone.now().isoformat(),
        "vorherige": vorherige.pk if vorherige else None,
        "vorherige_stand": vorherige.geschlossen_am.isoformat() if vorherige else None,
        "zahlen": {
            status: sum(1 for m in alle if m["status"] == status)
            for status in Massnahme.Status.values
        },
        "beantwortet": sum(1 for m in alle if m["beantwortet"]),
        "geaendert": sum(
            1 for m in alle if m["status_vorher"] and m["status_vorher"] != m["status"]
        ),
        "themenfelder": themenfelder,
    }


def kontext(abfrage: Sachstandsabfrage, sprache: str) -> dict:
    """The snapshot for reading in a language: texts picked with German as fallback."""
    bericht = abfrage.bericht
    status = dict(Massnahme.Status.choices)

    def text(texte):
        return texte.get(sprache) or texte.get(settings.LANGUAGE_CODE, "")

    themenfelder = []
    for feld in bericht["themenfelder"]:
        massnahmen = []
        for massnahme in feld["massnahmen"]:
            indikatoren = [
                {
                    **indikator,
                    "name": text(indikator["name"]),
                    "wert": Decimal(indikator["wert"]) if indikator["wert"] else None,
                    "zielwert": Decimal(indikator["zielwert"]) if indikator["zielwert"] else None,
                    "wert_vorher": Decimal(indikator["wert_vorher"])
                    if indikator.get("wert_vorher")
                    else None,
                }
                for indikator in massnahme["indikatoren"]
            ]
            massnahmen.append(
                {
                    **massnahme,
                    "titel": text(massnahme["titel"]),
                    "status_bezeichnung": status.get(massnahme["status"], massnahme["status"]),
                    "status_vorher_bezeichnung": status.get(massnahme["status_vorher"], ""),
                    "geaendert": bool(massnahme["status_vorher"])
                    and massnahme["status_vorher"] != massnahme["status"],
                    "indikatoren": indikatoren,
                }
            )
        themenfelder.append({"titel": text(feld["titel"]), "massnahmen": massnahmen})
    return {
        "abfrage": abfrage,
        "edition": abfrage.edition,
        "stand": timezone.datetime.fromisoformat(bericht["stand"]),
        "vorherige_stand": timezone.datetime.fromisoformat(bericht["vorherige_stand"])
        if bericht.get("vorherige_stand")
        else None,
        "zahlen": [(status[wert], anzahl) for wert, anzahl in bericht["zahlen"].items()],
        "gesamt": sum(bericht["zahlen"].values()),
        "beantwortet": bericht["beantwortet"],
        "geaendert": bericht["geaendert"],
        "themenfelder": themenfelder,
    }


def pdf_holen(abfrage: Sachstandsabfrage, sprache: str):
    """The report as a PDF (cached under its fingerprint), rendered as the edition's PDF is."""
    from konzept import pdf

    with translation.override(sprache):
        html = render_to_string(
            "massnahmen/pdf/umsetzungsbericht.html",
            {
                **kontext(abfrage, sprache),
                "sprache": sprache,
                "rtl": sprache in settings.LANGUAGES_BIDI,
                "landkreis": Landkreis.aktuell(),
                "begriffe": begriffe(sprache),
                "stylesheet": static(pdf.STYLESHEET),
            },
        )
    name = f"umsetzungsbericht-{abfrage.edition.jahr}-{abfrage.pk}-{sprache}.pdf"
    pfad = pdf._cache_ordner() / f"{name.removesuffix('.pdf')}-{pdf._fingerabdruck(html)}.pdf"
    if not pfad.exists():
        with translation.override(sprache):
            pdf._rendern(html, pfad)
    return pfad, name
