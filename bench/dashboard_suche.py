"""Issue 7: the Umsetzungsstand dashboard and the search at 1× and 10× content.

Goals: the same number of queries at 10× as at 1×, and the time per request at 10× at most 3×
that at 1×, measured in the same run (the median of a round of requests, the best of five
rounds). The 10× content is added in a transaction that is
rolled back, so that benchmarks after this one see the shipped content.
"""

import statistics
import time

from bench.umgebung import Messung, abfragen_gleich, django_mit_inhalt, verhaeltnis

RUNDEN = 5
WIEDERHOLUNGEN = 15
ZIEL_ZEITFAKTOR = 3.0


def _seiten() -> dict[str, tuple[str, bool]]:
    """Name → (URL, signed in as Koordinierungsstelle)."""
    return {
        "Umsetzungsstand, öffentlich": ("/2024/umsetzungsstand/", False),
        "Umsetzungsstand, Koordinierungsstelle": ("/2024/umsetzungsstand/", True),
        "Suche „Sprach“": ("/2024/suche/?q=Sprach", False),
        "Suche „دورات“ (arabische Seite)": ("/ar/2024/suche/?q=دورات", False),
    }


def _anfragen(cookies: dict[str, str]):
    """Requests through the middleware and the view, as a server would, without the test
    client, which copies every template context for its assertions (and would skew a page
    with many rows)."""
    from django.core.handlers.base import BaseHandler
    from django.test import RequestFactory

    handler = BaseHandler()
    handler.load_middleware()
    fabrik = RequestFactory()
    for name, wert in cookies.items():
        fabrik.cookies[name] = wert

    def anfrage(url):
        return handler.get_response(fabrik.get(url))

    return anfrage


def _messen(anfragen, seiten, uhr=time.perf_counter) -> dict[str, tuple[int, float, int]]:
    """Name → (queries, seconds by `uhr`, bytes) of one page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ergebnisse = {}
    for name, (url, wer) in seiten.items():
        anfrage = anfragen[wer]
        for _ in range(3):  # warm up caches (templates, translations)
            antwort = anfrage(url)
            assert antwort.status_code == 200, (url, antwort.status_code, antwort.get("Location"))
        with CaptureQueriesContext(connection) as abfragen:
            antwort = anfrage(url)
        runden = []
        for _ in range(RUNDEN):
            zeiten = []
            for _ in range(WIEDERHOLUNGEN):
                beginn = uhr()
                anfrage(url)
                zeiten.append(uhr() - beginn)
            runden.append(statistics.median(zeiten))
        # The best round's median: other work on the machine only ever adds time.
        ergebnisse[name] = (len(abfragen), min(runden), len(antwort.content))
    return ergebnisse


def messen() -> list[Messung]:
    django_mit_inhalt()
    from django.db import transaction
    from django.test import Client

    from konzept.models import Edition
    from tests.conftest import benutzer_mit_rolle, verzehnfachen, zweiten_faktor_bestaetigen

    seiten = _seiten()
    with transaction.atomic():
        staff = Client()
        koordination = benutzer_mit_rolle("bench-koordination", "Koordinierungsstelle")
        staff.force_login(koordination)
        zweiten_faktor_bestaetigen(staff, koordination)
        anfragen = {
            False: _anfragen({}),
            True: _anfragen({name: morsel.value for name, morsel in staff.cookies.items()}),
        }
        einfach = _messen(anfragen, seiten)
        verzehnfachen(Edition.objects.get(jahr=2024))
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
