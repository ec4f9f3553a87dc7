"""Issue 8: SQL queries of every public page for an anonymous reader, at 1× and at 10× content
(nine more copies of every field with its goals and measures). Goal: equal counts.

Measured without the reader cache, i.e. what a page costs when it is rendered, and counted as
in operation: the content version read once per request.
"""

from bench.umgebung import Messung, django_mit_inhalt


def seiten(edition) -> list[str]:
    """The pages, found in the generated content: a field, a cross-cutting field where the
    content has one, a measure and the migrant council's format."""
    from massnahmen.models import Massnahme

    massnahme = Massnahme.objects.in_edition(edition).order_by("pk").first()
    feld = massnahme.themenfeld
    uebergreifend = edition.themenfelder.filter(themenunabhaengig=True).first()
    vertretung = edition.beteiligungsformate.filter(art__migrationsvertretung=True).first()
    jahr = edition.jahr
    return [
        "/",
        "/ausgaben/",
        f"/{jahr}/",
        f"/en/{jahr}/",
        f"/ar/{jahr}/",
        feld.get_absolute_url(),
        *([uebergreifend.get_absolute_url()] if uebergreifend else []),
        f"/{jahr}/massnahmen/",
        f"/{jahr}/massnahmen/?themenfeld={feld.key}&status=geplant"
        f"&herkunft={vertretung.key}&q=sprach",
        massnahme.get_absolute_url(),
        f"/{jahr}/beteiligung/",
        f"/{jahr}/beteiligung/{vertretung.key}/",
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

    from konzept import betrieb
    from konzept.models import Edition
    from konzept.services import edition_fortschreiben
    from tests.conftest import verzehnfachen

    settings.LESER_CACHE_SEKUNDEN = 0
    # As in operation (tests/test_abfragen.py): the content version is read once per request,
    # not at every look at the district's words, as the test settings' 0 seconds would.
    settings.INHALTSSTAND_SEKUNDEN = 3600
    edition = Edition.objects.get(jahr=2024)
    # An adopted successor, so that the comparison is a public page too.
    if not Edition.objects.filter(jahr=2026).exists():
        nachfolger = edition_fortschreiben(vorgaenger=edition, jahr=2026, user=None)
        Edition.objects.filter(pk=nachfolger.pk).update(status=Edition.Status.BESCHLOSSEN)
    client = Client()

    def abfragen(url: str) -> int:
        client.get(url)  # the first request compiles templates; count the second
        betrieb._gelesen = None  # the version read again, as by each request at most
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
