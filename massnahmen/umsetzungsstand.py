"""The Umsetzungsstand of an edition at a glance: measures by status, per field and overall.

The numbers come from two grouped queries; the stacked bars are drawn on the server as inline
SVG (no charting script), in percent of the chart's width so that a bar scales with the page.
The SVG and the table cells are written here rather than in the template: the page has a row
per field, and building it with format_html costs a fraction of rendering it through template
tags, which keeps the page as fast with ten times the fields (see bench/dashboard_suche.py).
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from konzept.begriffe import Wort, begriffe, migrationsvertretung
from konzept.templatetags.uebersetzung import uebersetzt
from themenfelder.models import Themenfeld

from .models import Massnahme


def aufzaehlung(teile) -> str:
    """Parts joined by the language's comma: Arabic and Persian write "،"."""
    return pgettext("Trennzeichen einer Aufzählung", ", ").join(teile)


# A segment this wide (percent of the chart) has room for its number.
ZAHL_AB_PROZENT = 7


@dataclass
class Segment:
    status: str
    bezeichnung: str
    anzahl: int
    # Percentages as SVG attribute values ("12.500%"), never localised ("12,5").
    x: str
    breite: str
    mitte: str
    zahl_zeigen: bool


@dataclass
class Zeile:
    """One bar: a field, or all fields together (`themenfeld` None)."""

    themenfeld: Themenfeld | None
    anzahlen: list[tuple[str, str, int]]  # (status, label, count) in the order of Status
    gesamt: int
    # From the migrant council; None where the district has none among its channels.
    kmv: int | None
    indikatoren: int = 0
    erreicht: int = 0
    segmente: list[Segment] = field(default_factory=list)
    # The field's title in the reader's language (with its fallback note), and the bar.
    titel: object = ""
    svg: SafeString | str = ""
    # The district's word for a measure, read once per page.
    wort: Wort = field(default_factory=lambda: Wort("", ""))

    @cached_property
    def zellen(self) -> SafeString:
        """The row's numbers as table cells: per status, in total, from the migrant council."""
        return format_html_join(
            "",
            '<td class="kern-table__cell kern-table__cell--numeric" data-status="{}">{}</td>',
            [
                *((status, anzahl) for status, _bezeichnung, anzahl in self.anzahlen),
                ("gesamt", self.gesamt),
                *([("vertretung", self.kmv)] if self.kmv is not None else []),
                ("indikatoren", self.indikatoren),
                ("erreicht", self.erreicht),
            ],
        )

    @cached_property
    def beschreibung(self) -> str:
        """The bar in words, for its SVG <desc>."""
        teile = [f"{bezeichnung}: {anzahl}" for _status, bezeichnung, anzahl in self.anzahlen]
        return _("%(anzahl)s %(massnahmen)s; %(teile)s.") % {
            "massnahmen": self.wort.einzahl if self.gesamt == 1 else self.wort.mehrzahl,
            "anzahl": self.gesamt,
            "teile": aufzaehlung(teile),
        }


def _svg(zeile: Zeile, kennung: str, titel: str) -> SafeString:
    """The bar as an image named by its <title> and described by its <desc>."""
    rechtecke = format_html_join(
        "",
        '<rect class="balken__segment balken__segment--{}" x="{}" y="0" width="{}" '
        'height="100%"></rect>{}',
        (
            (
                segment.status,
                segment.x,
                segment.breite,
                format_html(
                    '<text class="balken__zahl" x="{}" y="50%" text-anchor="middle" '
                    'dominant-baseline="central">{}</text>',
                    segment.mitte,
                    segment.anzahl,
                )
                if segment.zahl_zeigen
                else "",
            )
            for segment in zeile.segmente
        ),
    )
    return format_html(
        '<svg class="balken" width="100%" height="32" role="img" focusable="false" '
        'aria-labelledby="balken-{kennung}-titel balken-{kennung}-desc">'
        '<title id="balken-{kennung}-titel">{titel}</title>'
        '<desc id="balken-{kennung}-desc">{beschreibung}</desc>{rechtecke}</svg>',
        kennung=kennung,
        titel=titel,
        beschreibung=zeile.beschreibung,
        rechtecke=rechtecke,
    )


def _prozent(wert: float) -> str:
    return f"{wert:.3f}%"


def _segmente(anzahlen, massstab: int, rtl: bool) -> list[Segment]:
    """Stacked from the line start: left in left-to-right pages, right in right-to-left ones."""
    segmente, beginn = [], 0.0
    for status, bezeichnung, anzahl in anzahlen:
        if not anzahl:
            continue
        breite = 100 * anzahl / massstab
        x = 100 - beginn - breite if rtl else beginn
        segmente.append(
            Segment(
                status=status,
                bezeichnung=bezeichnung,
                anzahl=anzahl,
                x=_prozent(x),
                breite=_prozent(breite),
                mitte=_prozent(x + breite / 2),
                zahl_zeigen=breite >= ZAHL_AB_PROZENT,
            )
        )
        beginn += breite
    return segmente


def zahlen(edition, *, rtl: bool = False) -> dict:
    """Per field and overall: measures by status and how many came from the KMV."""
    massnahmen = Massnahme.objects.in_edition(edition)
    je_status: dict[int, dict[str, int]] = defaultdict(dict)
    for themenfeld_id, status, anzahl in massnahmen.anzahl_je_themenfeld_und_status():
        je_status[themenfeld_id][status] = anzahl
    mit_vertretung = migrationsvertretung() is not None
    kmv = dict(massnahmen.filter(herkunft__art__migrationsvertretung=True).anzahl_je_themenfeld())
    indikatoren = indikatoren_je_themenfeld(edition)
    # The labels once per page, in the reader's language.
    status = [(wert, str(bezeichnung)) for wert, bezeichnung in Massnahme.Status.choices]
    wort = begriffe()["massnahme"]

    def anzahlen(werte: dict[str, int]):
        return [(wert, bezeichnung, werte.get(wert, 0)) for wert, bezeichnung in status]

    zeilen = [
        Zeile(
            themenfeld=themenfeld,
            anzahlen=anzahlen(je_status[themenfeld.pk]),
            gesamt=sum(je_status[themenfeld.pk].values()),
            kmv=kmv.get(themenfeld.pk, 0) if mit_vertretung else None,
            indikatoren=indikatoren.get(themenfeld.pk, (0, 0))[0],
            erreicht=indikatoren.get(themenfeld.pk, (0, 0))[1],
            wort=wort,
        )
        for themenfeld in edition.themenfelder.select_related("edition").order_by("position")
    ]
    # Every measure belongs to exactly one field, so the fields add up to the whole.
    summe = Zeile(
        themenfeld=None,
        anzahlen=[
            (wert, bezeichnung, sum(zeile.anzahlen[i][2] for zeile in zeilen))
            for i, (wert, bezeichnung) in enumerate(status)
        ],
        gesamt=sum(zeile.gesamt for zeile in zeilen),
        kmv=sum(zeile.kmv for zeile in zeilen) if mit_vertretung else None,
        indikatoren=sum(zeile.indikatoren for zeile in zeilen),
        erreicht=sum(zeile.erreicht for zeile in zeilen),
        wort=wort,
    )
    # Field bars share one scale, so that their lengths compare; the total fills the width.
    groesste = max((zeile.gesamt for zeile in zeilen), default=0) or 1
    for nummer, zeile in enumerate(zeilen, start=1):
        zeile.segmente = _segmente(zeile.anzahlen, groesste, rtl)
        zeile.titel = uebersetzt(zeile.themenfeld, "titel")
        zeile.svg = _svg(zeile, str(nummer), zeile.titel.wert)
    summe.segmente = _segmente(summe.anzahlen, summe.gesamt or 1, rtl)
    summe.titel = _("Alle %(massnahmen)s") % {"massnahmen": wort.mehrzahl}
    summe.svg = _svg(summe, "gesamt", summe.titel)
    return {
        "zeilen": zeilen,
        "summe": summe,
        "kmv_prozent": round(100 * summe.kmv / summe.gesamt)
        if summe.gesamt and mit_vertretung
        else 0,
        "status_auswahl": status,
    }


def monate_vorher(datum: datetime.date, monate: int) -> datetime.date:
    """The same day `monate` months earlier (the month's last day where it has fewer days)."""
    jahr, monat = divmod(datum.year * 12 + datum.month - 1 - monate, 12)
    monat += 1
    return datum.replace(
        year=jahr, month=monat, day=min(datum.day, calendar.monthrange(jahr, monat)[1])
    )


# How the plan moved: the status distribution at the end of each month, from the history.

MONATE_IM_VERLAUF = 24


@dataclass
class Monat:
    ende: datetime.date
    anzahlen: list[tuple[str, str, int]]
    gesamt: int

    @cached_property
    def zellen(self) -> SafeString:
        return format_html_join(
            "",
            '<td class="kern-table__cell kern-table__cell--numeric">{}</td>',
            [(anzahl,) for _status, _bezeichnung, anzahl in self.anzahlen],
        )


def _monatsenden(von: datetime.date, bis: datetime.date) -> list[datetime.date]:
    enden, jahr, monat = [], von.year, von.month
    while (jahr, monat) <= (bis.year, bis.month):
        enden.append(datetime.date(jahr, monat, calendar.monthrange(jahr, monat)[1]))
        jahr, monat = (jahr + 1, 1) if monat == 12 else (jahr, monat + 1)
    return enden[-MONATE_IM_VERLAUF:]


def statusverlauf(edition, *, heute=None, rtl: bool = False) -> dict:
    """Per month end (at most the last 24): how many measures had which status. One query over
    the measures' history; the last column is today, the live state."""
    from django.utils import timezone

    heute = heute or timezone.localdate()
    eintraege = (
        Massnahme.history.filter(id__in=Massnahme.objects.in_edition(edition).values("pk"))
        .order_by("history_date", "history_id")
        .values_list("id", "status", "history_date", "history_type")
    )
    eintraege = [(pk, status, timezone.localdate(zeit), typ) for pk, status, zeit, typ in eintraege]
    status_liste = [(wert, str(bezeichnung)) for wert, bezeichnung in Massnahme.Status.choices]
    if not eintraege:
        return {"verlauf_monate": [], "verlauf_svg": "", "stand": None}
    enden = _monatsenden(eintraege[0][2], heute)
    aktuell: dict[int, str] = {}
    monate, position = [], 0
    for ende in enden:
        while position < len(eintraege) and eintraege[position][2] <= ende:
            pk, status, _datum, typ = eintraege[position]
            if typ == "-":
                aktuell.pop(pk, None)
            else:
                aktuell[pk] = status
            position += 1
        zaehler: dict[str, int] = defaultdict(int)
        for status in aktuell.values():
            zaehler[status] += 1
        monate.append(
            Monat(
                ende=min(ende, heute),
                anzahlen=[(wert, bez, zaehler.get(wert, 0)) for wert, bez in status_liste],
                gesamt=len(aktuell),
            )
        )
    return {
        "verlauf_monate": monate,
        "verlauf_svg": _verlauf_svg(monate, rtl),
        "stand": max(datum for _pk, _status, datum, _typ in eintraege),
    }


def _verlauf_svg(monate: list[Monat], rtl: bool) -> SafeString:
    """A stacked column per month, in percent of the measures of that month."""
    # At least a year's width per column: a young plan's first months do not fill the chart.
    breite = 100 / max(len(monate), 12)
    saeulen = []
    for nummer, monat in enumerate(monate):
        spalte = len(monate) - 1 - nummer if rtl else nummer
        unten = 100.0
        for status, _bezeichnung, anzahl in monat.anzahlen:
            if not anzahl:
                continue
            hoehe = 100 * anzahl / (monat.gesamt or 1)
            unten -= hoehe
            saeulen.append(
                format_html(
                    '<rect class="balken__segment balken__segment--{}" x="{}" y="{}" '
                    'width="{}" height="{}"></rect>',
                    status,
                    _prozent(spalte * breite + breite * 0.1),
                    _prozent(unten),
                    _prozent(breite * 0.8),
                    _prozent(hoehe),
                )
            )
    erster, letzter = monate[0], monate[-1]
    beschreibung = _(
        "%(anzahl)s Monate von %(von)s bis %(bis)s. Zuletzt: %(teile)s. Die Zahlen je Monat "
        "stehen in der Tabelle."
    ) % {
        "anzahl": len(monate),
        "von": erster.ende.strftime("%m/%Y"),
        "bis": letzter.ende.strftime("%m/%Y"),
        "teile": aufzaehlung(f"{bez}: {anzahl}" for _s, bez, anzahl in letzter.anzahlen),
    }
    return format_html(
        '<svg class="verlauf-diagramm" width="100%" height="160" role="img" focusable="false" '
        'aria-labelledby="verlauf-titel verlauf-desc"><title id="verlauf-titel">{}</title>'
        '<desc id="verlauf-desc">{}</desc>{}</svg>',
        _("Status der %(massnahmen)s je Monat") % {"massnahmen": begriffe()["massnahme"].mehrzahl},
        beschreibung,
        SafeString("".join(saeulen)),
    )


def indikatoren_je_themenfeld(edition) -> dict[int, tuple[int, int]]:
    """Field id → (indicators of its measures and goals, of those whose latest value meets the
    target). Two queries, whatever the number of values."""
    from django.db.models import OuterRef, Subquery

    from .models import Indikator, Messwert

    letzter = Subquery(
        Messwert.objects.filter(indikator=OuterRef("pk")).order_by("-datum").values("wert")[:1]
    )
    zahlen: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    massnahmen = Massnahme.objects.in_edition(edition)
    feld_von = massnahmen.themenfeld_zuordnung()
    zeilen = [
        (feld_von.get(massnahme_id), richtung, ziel, wert)
        for massnahme_id, richtung, ziel, wert in Indikator.objects.filter(
            massnahme__in=massnahmen.values("pk")
        )
        .annotate(letzter=letzter)
        .values_list("massnahme_id", "richtung", "zielwert", "letzter")
    ]
    zeilen += list(
        Indikator.objects.filter(leitziel__themenfeld__edition=edition)
        .annotate(letzter=letzter)
        .values_list("leitziel__themenfeld_id", "richtung", "zielwert", "letzter")
    )
    for themenfeld_id, richtung, ziel, wert in zeilen:
        zahlen[themenfeld_id][0] += 1
        if ziel is not None and wert is not None:
            erreicht = wert >= ziel if richtung == "mehr" else wert <= ziel
            zahlen[themenfeld_id][1] += int(erreicht)
    return {pk: tuple(werte) for pk, werte in zahlen.items()}
