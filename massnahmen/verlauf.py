"""The dated course of the implementation: per measure (its timeline) and per edition or field
(the Atom feed). Status changes come from the measures' history, notes and measured values from
their own tables; nothing is stored twice."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, Window
from django.db.models.functions import Lag
from django.utils import timezone

from .models import Massnahme, Messwert, Umsetzungsnotiz


@dataclass
class Ereignis:
    art: str  # "status", "notiz", "messwert"
    datum: datetime.date
    zeitpunkt: datetime.datetime
    massnahme: Massnahme | None = None
    status: str = ""
    status_vorher: str = ""
    text: str = ""
    sprache: str = ""
    messwert: Messwert | None = None
    kennung: str = ""

    @property
    def status_bezeichnung(self):
        return Massnahme.Status(self.status).label if self.status else ""

    @property
    def status_vorher_bezeichnung(self):
        return Massnahme.Status(self.status_vorher).label if self.status_vorher else ""


def _statuswechsel(massnahmen, grenze=None):
    """History records in which a measure's status differs from the record before."""
    verlauf = (
        Massnahme.history.filter(id__in=massnahmen.values("pk"))
        .annotate(
            vorher=Window(Lag("status"), partition_by=[F("id")], order_by=F("history_id").asc())
        )
        .filter(Q(vorher__isnull=False) & ~Q(vorher=F("status")))
        .order_by("-history_date")
    )
    return verlauf[:grenze] if grenze else verlauf


def massnahme_verlauf(massnahme: Massnahme) -> list[Ereignis]:
    """A measure's timeline, newest first: status changes, notes, measured values."""
    ereignisse = []
    for eintrag in _statuswechsel(Massnahme.objects.filter(pk=massnahme.pk)):
        ereignisse.append(
            Ereignis(
                art="status",
                datum=timezone.localdate(eintrag.history_date),
                zeitpunkt=eintrag.history_date,
                status=eintrag.status,
                status_vorher=eintrag.vorher,
                kennung=f"status-{eintrag.history_id}",
            )
        )
    for notiz in massnahme.umsetzungsnotizen.all():
        ereignisse.append(
            Ereignis(
                art="notiz",
                datum=notiz.datum,
                zeitpunkt=notiz.created_at,
                text=notiz.text,
                sprache=notiz.sprache,
                kennung=f"notiz-{notiz.pk}",
            )
        )
    for wert in Messwert.objects.filter(indikator__massnahme=massnahme).select_related("indikator"):
        ereignisse.append(
            Ereignis(
                art="messwert",
                datum=wert.datum,
                zeitpunkt=wert.erstellt_am,
                messwert=wert,
                kennung=f"messwert-{wert.pk}",
            )
        )
    return sorted(ereignisse, key=lambda e: (e.datum, e.zeitpunkt), reverse=True)


def edition_verlauf(massnahmen, grenze: int = 50) -> list[Ereignis]:
    """The newest implementation updates among these measures (status changes and notes), for
    the Atom feed; at most `grenze`."""
    massnahmen = massnahmen.order_by()
    ereignisse = [
        Ereignis(
            art="status",
            datum=timezone.localdate(eintrag.history_date),
            zeitpunkt=eintrag.history_date,
            status=eintrag.status,
            status_vorher=eintrag.vorher,
            kennung=f"status-{eintrag.history_id}",
            massnahme=eintrag.id,
        )
        for eintrag in _statuswechsel(massnahmen, grenze)
    ]
    notizen = Umsetzungsnotiz.objects.filter(massnahme__in=massnahmen.values("pk")).order_by(
        "-created_at"
    )[:grenze]
    ereignisse += [
        Ereignis(
            art="notiz",
            datum=notiz.datum,
            zeitpunkt=notiz.created_at,
            text=notiz.text,
            sprache=notiz.sprache,
            kennung=f"notiz-{notiz.pk}",
            massnahme=notiz.massnahme_id,
        )
        for notiz in notizen
    ]
    ereignisse = sorted(ereignisse, key=lambda e: e.zeitpunkt, reverse=True)[:grenze]
    # The measures, with what their addresses need, in one query.
    gefunden = Massnahme.objects.mit_edition().in_bulk({e.massnahme for e in ereignisse})
    for ereignis in ereignisse:
        ereignis.massnahme = gefunden.get(ereignis.massnahme)
    return [ereignis for ereignis in ereignisse if ereignis.massnahme is not None]
