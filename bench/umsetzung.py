"""Issue 15: the report page of an organisation with 30 measures and 3 indicators each, and
the Umsetzungsstand dashboard, at 1× and 10× content with 20 values per indicator.

Goals as for the dashboard (bench/dashboard_suche.py): the same number of queries at 10× as at
1×, and the time per request at 10× at most 3× that at 1×. At 10× the plan has ten times the
fields and measures, each measure with 3 indicators of 20 values; the organisation still leads
its 30 measures (a contact person's page grows with their measures, not with the plan). All of
it is rolled back afterwards.
"""

import datetime
from decimal import Decimal

from bench.dashboard_suche import ZIEL_ZEITFAKTOR, _anfragen, _messen
from bench.umgebung import Messung, abfragen_gleich, django_mit_inhalt, verhaeltnis

MASSNAHMEN_DER_ORGANISATION = 30
INDIKATOREN_JE_MASSNAHME = 3
WERTE_JE_INDIKATOR = 20


def _seiten() -> dict[str, tuple[str, str]]:
    """Name → (URL, who asks)."""
    return {
        "Berichtsseite einer Organisation (30 Maßnahmen)": ("/umsetzung/melden/", "kontakt"),
        "Umsetzungsstand, öffentlich": ("/2024/umsetzungsstand/", "anonym"),
        "Umsetzungsstand, Koordinierungsstelle": ("/2024/umsetzungsstand/", "staff"),
    }


def _indikatoren_anlegen(massnahmen):
    """3 indicators with 20 monthly values each on every measure that has none yet."""
    from massnahmen.models import Indikator, Messwert

    neu = [
        Indikator(
            massnahme=massnahme,
            key=f"indikator-{nummer}",
            position=nummer,
            name=f"Indikator {nummer}",
            einheit="Personen",
            ausgangswert=Decimal(10),
            ausgangsdatum=datetime.date(2023, 12, 1),
            zielwert=Decimal(100),
            zieldatum=datetime.date(2025, 12, 31),
        )
        for massnahme in massnahmen
        if not massnahme.indikatoren_liste.exists()
        for nummer in range(1, INDIKATOREN_JE_MASSNAHME + 1)
    ]
    Indikator.objects.bulk_create(neu)
    Messwert.objects.bulk_create(
        Messwert(
            indikator=indikator,
            datum=datetime.date(2024 + monat // 12, monat % 12 + 1, 1),
            wert=Decimal(10 + 4 * monat),
            quelle="Bench",
        )
        for indikator in neu
        for monat in range(WERTE_JE_INDIKATOR)
    )


def messen() -> list[Messung]:
    django_mit_inhalt()
    from django.db import transaction
    from django.test import Client

    from konzept.models import Edition
    from massnahmen.models import Massnahme, Organisation
    from tests.conftest import benutzer_mit_rolle, verzehnfachen, zweiten_faktor_bestaetigen

    seiten = _seiten()
    with transaction.atomic():
        edition = Edition.objects.get(jahr=2024)
        organisation = Organisation.objects.create(name="Bench-Organisation")
        massnahmen = list(Massnahme.objects.in_edition(edition).order_by("pk"))
        # 30 measures: the shipped 52 hold enough.
        eigene = [m.pk for m in massnahmen[:MASSNAHMEN_DER_ORGANISATION]]
        Massnahme.objects.filter(pk__in=eigene).update(federfuehrung=organisation)
        kontakt = benutzer_mit_rolle("bench-kontakt", "Umsetzung")
        organisation.ansprechpersonen.add(kontakt)
        _indikatoren_anlegen(massnahmen)
        clients = {"kontakt": Client(), "staff": Client()}
        clients["kontakt"].force_login(kontakt)
        staff = benutzer_mit_rolle("bench-koordination-umsetzung", "Koordinierungsstelle")
        clients["staff"].force_login(staff)
        zweiten_faktor_bestaetigen(clients["staff"], staff)
        anfragen = {
            "anonym": _anfragen({}),
            **{
                wer: _anfragen({name: morsel.value for name, morsel in client.cookies.items()})
                for wer, client in clients.items()
            },
        }
        einfach = _messen(anfragen, seiten)
        verzehnfachen(edition)
        alle = Massnahme.objects.in_edition(edition)
        alle.exclude(pk__in=eigene).update(federfuehrung=None)
        _indikatoren_anlegen(list(alle.prefetch_related("indikatoren_liste")))
        zehnfach = _messen(anfragen, seiten)
        transaction.set_rollback(True)

    messungen = []
    for name in seiten:
        (abfragen_1, zeit_1, _), (abfragen_10, zeit_10, _) = einfach[name], zehnfach[name]
        messungen += [
            *abfragen_gleich(name, abfragen_1, abfragen_10),
            *verhaeltnis(name, "Zeit", zeit_1 * 1000, zeit_10 * 1000, "ms", ZIEL_ZEITFAKTOR),
        ]
    return messungen
