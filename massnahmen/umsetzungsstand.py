"""The Umsetzungsstand of an edition at a glance: measures by status, per field and overall.

The numbers come from one query; the stacked bars are drawn on the server as inline SVG
(no charting script), their geometry computed here in percent of the chart's width so that
a bar scales with the page and the template only places rectangles.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from themenfelder.models import Themenfeld

from .models import Massnahme

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
    kmv: int
    segmente: list[Segment] = field(default_factory=list)

    @property
    def beschreibung(self) -> str:
        """The bar in words, for its SVG <desc>."""
        teile = [f"{bezeichnung}: {anzahl}" for _status, bezeichnung, anzahl in self.anzahlen]
        return _("%(anzahl)s Maßnahmen; %(teile)s.") % {
            "anzahl": self.gesamt,
            "teile": ", ".join(teile),
        }


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
    massnahme = "teilziele__massnahmen"
    zaehler = {
        f"status_{status}": Count(
            massnahme, filter=Q(teilziele__massnahmen__status=status), distinct=True
        )
        for status in Massnahme.Status.values
    }
    felder = list(
        edition.themenfelder.annotate(
            gesamt=Count(massnahme, distinct=True),
            kmv=Count(
                massnahme,
                filter=Q(teilziele__massnahmen__herkunft__art="kmv"),
                distinct=True,
            ),
            **zaehler,
        ).order_by("position")
    )

    def anzahlen(werte: dict[str, int]):
        return [
            (status, bezeichnung, werte[status]) for status, bezeichnung in Massnahme.Status.choices
        ]

    zeilen = [
        Zeile(
            themenfeld=themenfeld,
            anzahlen=anzahlen(
                {s: getattr(themenfeld, f"status_{s}") for s in Massnahme.Status.values}
            ),
            gesamt=themenfeld.gesamt,
            kmv=themenfeld.kmv,
        )
        for themenfeld in felder
    ]
    # Every measure belongs to exactly one field, so the fields add up to the whole.
    summe = Zeile(
        themenfeld=None,
        anzahlen=anzahlen(
            {s: sum(getattr(t, f"status_{s}") for t in felder) for s in Massnahme.Status.values}
        ),
        gesamt=sum(t.gesamt for t in felder),
        kmv=sum(t.kmv for t in felder),
    )
    # Field bars share one scale, so that their lengths compare; the total fills the width.
    groesste = max((zeile.gesamt for zeile in zeilen), default=0) or 1
    for zeile in zeilen:
        zeile.segmente = _segmente(zeile.anzahlen, groesste, rtl)
    summe.segmente = _segmente(summe.anzahlen, summe.gesamt or 1, rtl)
    return {
        "zeilen": zeilen,
        "summe": summe,
        "kmv_prozent": round(100 * summe.kmv / summe.gesamt) if summe.gesamt else 0,
        "status_auswahl": Massnahme.Status.choices,
    }


def monate_vorher(datum: datetime.date, monate: int) -> datetime.date:
    """The same day `monate` months earlier (the month's last day where it has fewer days)."""
    jahr, monat = divmod(datum.year * 12 + datum.month - 1 - monate, 12)
    monat += 1
    return datum.replace(
        year=jahr, month=monat, day=min(datum.day, calendar.monthrange(jahr, monat)[1])
    )
