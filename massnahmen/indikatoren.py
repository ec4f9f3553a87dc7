"""Indicators on the page: a small line chart drawn on the server as inline SVG (no charting
script), described in words for screen readers, with the values as a table beside it.

As on the dashboard, the SVG is written with format_html rather than template loops: a page
may show many indicators (see bench/umsetzung.py)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .models import Indikator

BREITE, HOEHE, RAND = 320, 120, 12


def zahl(wert: Decimal | None) -> str:
    if wert is None:
        return "–"
    # 25.50 reads as 25,5 and 100.00 as 100 (normalize() alone would give 1E+2).
    wert = wert.quantize(Decimal(1)) if wert == wert.to_integral() else wert.normalize()
    return number_format(wert, use_l10n=True, force_grouping=True)


def _datum(datum) -> str:
    return date_format(datum, "SHORT_DATE_FORMAT") if datum else "–"


@dataclass
class Anzeige:
    indikator: Indikator
    werte: list  # Messwert, oldest first
    svg: SafeString | str = ""
    beschreibung: str = ""
    letzter: object = None
    erreicht: bool | None = None
    fortschritt: int | None = None  # percent of the way from baseline to target
    zeilen: list = field(default_factory=list)


def _fortschritt(indikator, wert) -> int | None:
    if wert is None or indikator.zielwert is None or indikator.ausgangswert is None:
        return None
    spanne = indikator.zielwert - indikator.ausgangswert
    if spanne == 0:
        return 100 if wert == indikator.zielwert else None
    return round(100 * (wert - indikator.ausgangswert) / spanne)


def anzeige(indikator: Indikator, *, rtl: bool = False, kennung: str = "") -> Anzeige:
    """Chart, words and table of one indicator; its values must be prefetched."""
    werte = sorted(indikator.messwerte.all(), key=lambda w: w.datum)
    letzter = werte[-1] if werte else None
    daten = Anzeige(
        indikator=indikator,
        werte=werte,
        letzter=letzter,
        erreicht=indikator.erreicht(letzter.wert) if letzter else None,
        fortschritt=_fortschritt(indikator, letzter.wert if letzter else None),
    )
    einheit = indikator.einheit
    teile = []
    if indikator.ausgangswert is not None:
        teile.append(
            _("Ausgangswert %(wert)s %(einheit)s (%(datum)s)")
            % {
                "wert": zahl(indikator.ausgangswert),
                "einheit": einheit,
                "datum": _datum(indikator.ausgangsdatum),
            }
        )
    if indikator.zielwert is not None:
        teile.append(
            _("Zielwert %(wert)s %(einheit)s bis %(datum)s (%(richtung)s)")
            % {
                "wert": zahl(indikator.zielwert),
                "einheit": einheit,
                "datum": _datum(indikator.zieldatum),
                "richtung": indikator.get_richtung_display(),
            }
        )
    if letzter:
        teile.append(
            _("letzter Messwert %(wert)s %(einheit)s (%(datum)s)")
            % {"wert": zahl(letzter.wert), "einheit": einheit, "datum": _datum(letzter.datum)}
        )
    else:
        teile.append(_("noch kein Messwert"))
    daten.beschreibung = "; ".join(" ".join(teil.split()) for teil in teile) + "."
    daten.svg = _svg(indikator, werte, daten.beschreibung, rtl, kennung or str(indikator.pk))
    return daten


def _svg(indikator, werte, beschreibung, rtl, kennung) -> SafeString:
    punkte = [(w.datum, w.wert) for w in werte]
    if indikator.ausgangswert is not None and indikator.ausgangsdatum:
        punkte.insert(0, (indikator.ausgangsdatum, indikator.ausgangswert))
    zahlen = [wert for _datum, wert in punkte]
    if indikator.zielwert is not None:
        zahlen.append(indikator.zielwert)
    tage = [datum for datum, _wert in punkte]
    if indikator.zieldatum:
        tage.append(indikator.zieldatum)
    inhalt = SafeString("")
    if zahlen and tage:
        unten, oben = float(min(zahlen)), float(max(zahlen))
        if oben == unten:
            unten, oben = unten - 1, oben + 1
        erster, letzter_tag = min(tage), max(tage)
        spanne_tage = max((letzter_tag - erster).days, 1)

        def x(datum: datetime.date) -> float:
            anteil = (datum - erster).days / spanne_tage
            if rtl:
                anteil = 1 - anteil
            return RAND + anteil * (BREITE - 2 * RAND)

        def y(wert) -> float:
            return HOEHE - RAND - (float(wert) - unten) / (oben - unten) * (HOEHE - 2 * RAND)

        ziel = (
            format_html(
                '<line class="indikator__ziel" x1="{}" x2="{}" y1="{}" y2="{}"></line>',
                RAND,
                BREITE - RAND,
                f"{y(indikator.zielwert):.1f}",
                f"{y(indikator.zielwert):.1f}",
            )
            if indikator.zielwert is not None
            else ""
        )
        linie = format_html(
            '<polyline class="indikator__linie" points="{}"></polyline>',
            " ".join(f"{x(d):.1f},{y(w):.1f}" for d, w in punkte),
        )
        kreise = format_html_join(
            "",
            '<circle class="indikator__punkt" cx="{}" cy="{}" r="3"></circle>',
            ((f"{x(d):.1f}", f"{y(w):.1f}") for d, w in punkte),
        )
        inhalt = format_html("{}{}{}", ziel, linie, kreise)
    return format_html(
        '<svg class="indikator__diagramm" viewBox="0 0 {b} {h}" width="100%" role="img" '
        'focusable="false" aria-labelledby="indikator-{k}-titel indikator-{k}-desc">'
        '<title id="indikator-{k}-titel">{titel}</title>'
        '<desc id="indikator-{k}-desc">{desc}</desc>{inhalt}</svg>',
        b=BREITE,
        h=HOEHE,
        k=kennung,
        titel=indikator.name,
        desc=beschreibung,
        inhalt=inhalt,
    )


def anzeigen(indikatoren, *, rtl: bool = False) -> list[Anzeige]:
    return [anzeige(indikator, rtl=rtl) for indikator in indikatoren]
