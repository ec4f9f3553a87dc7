"""What was achieved in an edition's term, for the comparison with its successor: each
measure's status at the start of the term and at its end (now, or when the next edition was
adopted), and each indicator's latest value against its target."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from .indikatoren import Anzeige, anzeige
from .models import Indikator, Massnahme


@dataclass
class Bilanz:
    zeilen: list = field(default_factory=list)  # (measure, status at start, status at end)
    anfang: Counter = field(default_factory=Counter)
    ende: Counter = field(default_factory=Counter)
    indikatoren: list[Anzeige] = field(default_factory=list)
    erreicht: int = 0

    @property
    def status_tabelle(self):
        return [
            (bezeichnung, self.anfang.get(wert, 0), self.ende.get(wert, 0))
            for wert, bezeichnung in Massnahme.Status.choices
        ]


def laufzeit_bilanz(edition, *, rtl: bool = False) -> Bilanz:
    massnahmen = list(
        Massnahme.objects.in_edition(edition)
        .mit_edition()
        .prefetch_related(
            Prefetch("indikatoren_liste", queryset=Indikator.objects.prefetch_related("messwerte"))
        )
    )
    beginn = edition.beschlossen_am
    anfang: dict[int, str] = {}
    eintraege = (
        Massnahme.history.filter(id__in=[m.pk for m in massnahmen])
        .order_by("history_date", "history_id")
        .values_list("id", "status", "history_date")
    )
    for pk, status, zeitpunkt in eintraege:
        # The last state on the day of adoption, else the first one recorded.
        if pk not in anfang or (beginn and timezone.localdate(zeitpunkt) <= beginn):
            anfang[pk] = status
    bilanz = Bilanz()
    for massnahme in massnahmen:
        start = anfang.get(massnahme.pk, massnahme.status)
        bilanz.zeilen.append(
            (
                massnahme,
                Massnahme.Status(start).label,
                massnahme.get_status_display(),
                start != massnahme.status,
            )
        )
        bilanz.anfang[start] += 1
        bilanz.ende[massnahme.status] += 1
        for indikator in massnahme.indikatoren_liste.all():
            daten = anzeige(indikator, rtl=rtl, kennung=f"bilanz-{indikator.pk}")
            bilanz.indikatoren.append(daten)
            bilanz.erreicht += int(bool(daten.erreicht))
    return bilanz
