"""Issue 8: SQL queries of every public page for an anonymous reader, at 1× and at 10× content
(nine more copies of every field with its goals and measures). Goal: equal counts.

Measured without the reader cache, i.e. what a page costs when it is rendered.
"""

from bench.umgebung import Messung, django_mit_inhalt


def seiten(edition) -> list[str]:
    from massnahmen.models import Massnahme

    massnahme = Massnahme.objects.in_edition(edition).order_by("pk").first()
    jahr = edition.jahr
    return [
        "/",
        "/ausgaben/",
        f"/{jahr}/",
        f"/en/{jahr}/",
        f"/ar/{jahr}/",
        f"/{jahr}/themenfelder/feld-2/",
        f"/{jahr}/themenfelder/themenunabhaengig/",
        f"/{jahr}/massnahmen/",
        f"/{jahr}/massnahmen/?themenfeld=feld-2&status=geplant&herkunft=beirat&q=sprach",
        massnahme.get_absolute_url(),
        f"/{jahr}/beteiligung/",
        f"/{jahr}/beteiligung/kmv/",
        f"/{jahr}/abwaegung/",
        f"/{jahr}/umsetzungsstand/",
        "/suche/?q=Sprachkurse",
        "/2026/",
        "/2026/vergleich/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
    ]


def messen() -> list[Messung]:
    django_mit_inhalt()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from konzept.models import Edition
    from konzept.services import edition_fortschreiben
    from tests.conftest import verzehnfachen

    settings.LESER_CACHE_SEKUNDEN = 0
    edition = Edition.objects.get(jahr=2024)
    # An adopted successor, so that the comparison is a public page too.
    if not Edition.objects.filter(jahr=2026).exists():
        nachfolger = edition_fortschreiben(vorgaenger=edition, jahr=2026, user=None)
        Edition.objects.filter(pk=nachfolger.pk).update(status=Edition.Status.BESCHLOSSEN)
    client = Client()

    def abfragen(url: str) -> int:
        client.get(url)  # the first request compiles templates; count the second
        with CaptureQueriesContext(connection) as erfasst:
            response = client.get(url)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{url}: {response.status_code}")
        return len(erfasst)

    einfach = {url: abfragen(url) for url in seiten(edition)}
    verzehnfachen(edition)
    zehnfach = {url: abfragen(url) for url in seiten(edition)}
    return [
        Messung(
            f"Abfragen {url} (1×: {einfach[url]}, 10×)",
            zehnfach[url],
            ziel=f"= {einfach[url]}",
            erreicht=zehnfach[url] == einfach[url],
        )
        for url in einfach
    ]
