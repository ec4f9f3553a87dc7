"""Issue 20.2: lists that grow with the content come in pages. At 10× content (ten times the
fields and measures, a comment on every item) each list page asks the database as often as at
1×, and costs at most 1.5× the time and the bytes, measured in the same run. Time is the
process's CPU time (the database, SQLite, runs in it), the median of a round of requests, the
best of five rounds: on a shared machine the clock measures mostly the other processes.

The lists: the measure list, the search, the moderation queue, the public Abwägungstabelle, a
member's "Meine Kommentare" and the translation workspace. A list shorter than a page at 1×
is longer at 10×: its page then holds up to a page size of entries, which the goal allows
for. All of it is rolled back afterwards.
"""

import time

from bench.dashboard_suche import _anfragen, _messen
from bench.umgebung import Messung, abfragen_gleich, django_mit_inhalt, verhaeltnis

ZIEL_FAKTOR = 1.5


def _seiten() -> dict[str, tuple[str, str]]:
    """Name → (URL, who asks)."""
    return {
        "Maßnahmenliste": ("/2024/massnahmen/", "anonym"),
        "Suche „Sprach“": ("/2024/suche/?q=Sprach", "anonym"),
        "Kommentare beantworten (neu)": ("/2024/kommentare/?status=neu", "staff"),
        "Abwägungstabelle": ("/2024/abwaegung/", "anonym"),
        "Meine Kommentare": ("/kommentare/meine/", "mitglied"),
        "Übersetzung Englisch": ("/uebersetzung/2024/en/", "staff"),
    }


def messen() -> list[Messung]:
    django_mit_inhalt()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from konzept.models import Edition
    from tests import fabrik
    from tests.conftest import benutzer_mit_rolle, verzehnfachen, zweiten_faktor_bestaetigen

    # As in operation: the content version read at most once a second, not at every use.
    settings.INHALTSSTAND_SEKUNDEN = 1
    seiten = _seiten()
    with transaction.atomic():
        edition = Edition.objects.get(jahr=2024)
        autoren = [benutzer_mit_rolle(f"bench-mitglied-{nummer}", "KMV") for nummer in range(3)]
        fabrik.kommentieren(edition, autoren)
        staff = Client()
        koordination = benutzer_mit_rolle("bench-koordination-listen", "Koordinierungsstelle")
        staff.force_login(koordination)
        zweiten_faktor_bestaetigen(staff, koordination)
        mitglied = Client()
        mitglied.force_login(autoren[0])
        anfragen = {
            "anonym": _anfragen({}),
            **{
                wer: _anfragen({name: morsel.value for name, morsel in client.cookies.items()})
                for wer, client in (("staff", staff), ("mitglied", mitglied))
            },
        }
        einfach = _messen(anfragen, seiten, uhr=time.process_time)
        verzehnfachen(edition)
        fabrik.kommentieren(edition, autoren)
        zehnfach = _messen(anfragen, seiten, uhr=time.process_time)
        transaction.set_rollback(True)

    messungen = []
    for name in seiten:
        (abfragen_1, zeit_1, bytes_1), (abfragen_10, zeit_10, bytes_10) = (
            einfach[name],
            zehnfach[name],
        )
        messungen += [
            *abfragen_gleich(name, abfragen_1, abfragen_10),
            *verhaeltnis(name, "Zeit", zeit_1 * 1000, zeit_10 * 1000, "ms", ZIEL_FAKTOR),
            *verhaeltnis(name, "Bytes", bytes_1, bytes_10, "", ZIEL_FAKTOR),
        ]
    return messungen
