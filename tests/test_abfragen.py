"""Issue 2: every public page runs a fixed number of queries, at 1× and at 10× content.

The pages are those of the sample district's items (tests/fabrik.py): the field of the sample
measure, a cross-cutting field, the migrant council's measure and format, searches for words of
the sample measure. Each is counted once as built and once with every field copied nine times
(`verzehnfachen`): the number must not change, and stays small.

Counted as in operation: a process reads the content version at most every
INHALTSSTAND_SEKUNDEN and the district's words once per version (konzept/betrieb.py,
konzept/begriffe.py); the test settings read the version at every use. So each count starts
with a page already served once (the words read) and reads the version once.
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import fabrik
from tests.conftest import verzehnfachen

# A page needs a handful of queries, whatever the content: the most any page needs today
# (the open data, with every kind of item, 26) with a little room.
HOECHSTENS = 30


def wort(text: str) -> str:
    """The first word of a text (at least four letters long), to search for."""
    return next(teil for teil in text.split() if len(teil) >= 4)


def _themenunabhaengig(d):
    feld = d.inhalt.themenfelder.filter(themenunabhaengig=True).first()
    return feld and feld.get_absolute_url()


def _gefiltert(d):
    m = d.kmv_massnahme
    art = m.herkunft.filter(art__migrationsvertretung=True).first().art
    return (
        f"/2024/massnahmen/?themenfeld={m.themenfeld.key}&status={m.status}"
        f"&herkunft={art.key}&q={wort(m.titel_de)[:5].lower()}"
    )


# page → its address in the sample district (None: the district has no such page)
SEITEN = {
    # Issue 15 adds one query per page part: key-figure series, goal indicators, the measure's
    # timeline and indicators, the dashboard's development and indicator summary, the
    # indicator values in the exports.
    "ausgabe": lambda d: "/2024/",
    "beteiligung": lambda d: "/2024/beteiligung/",
    "beteiligungsformat": lambda d: f"/2024/beteiligung/{fabrik.rolle('format_kmv')}/",
    "themenfeld": lambda d: d.massnahme.themenfeld.get_absolute_url(),
    # a field without goals: their provenance needs no query
    "themenfeld-themenunabhaengig": _themenunabhaengig,
    "massnahmen": lambda d: "/2024/massnahmen/",
    "massnahmen-gefiltert": _gefiltert,
    "massnahme": lambda d: d.kmv_massnahme.get_absolute_url(),
    "impressum": lambda d: "/impressum/",
    # Issue 7: dashboard, search, exports and open data
    "umsetzungsstand": lambda d: "/2024/umsetzungsstand/",
    "suche": lambda d: f"/2024/suche/?q={wort(d.massnahme.titel_de)[:5]}",
    "suche-ar": lambda d: f"/ar/2024/suche/?q={wort(d.massnahme.titel_ar)}",
    "suche-alle-ausgaben": lambda d: f"/suche/?q={wort(d.massnahme.titel_de)}",
    # Issue 19.3: open data also read when the content last changed (Last-Modified).
    "export-xlsx": lambda d: "/2024/massnahmen/export.xlsx",
    "export-csv": lambda d: "/2024/massnahmen/export.csv",
    "offene-daten-json": lambda d: "/2024/offene-daten.json",
    "offene-daten-ttl": lambda d: "/2024/offene-daten.ttl",
    "katalog": lambda d: "/offene-daten/katalog.jsonld",
}


def erfassen(client, url, vergessen) -> list[dict]:
    """The queries of a page served once before (the words read), the version read again."""
    client.get(url)
    vergessen()
    with CaptureQueriesContext(connection) as erfasst:
        response = client.get(url)
    assert response.status_code == 200, url
    return erfasst.captured_queries


def abfragen(client, url, vergessen):
    return len(erfassen(client, url, vergessen))


@pytest.mark.parametrize("seite", SEITEN)
def test_feste_anzahl_abfragen(client, inhalt, massnahme, kmv_massnahme, wie_im_betrieb, seite):
    daten = SimpleNamespace(inhalt=inhalt, massnahme=massnahme, kmv_massnahme=kmv_massnahme)
    url = SEITEN[seite](daten)
    if url is None:
        pytest.skip(f"{seite}: Der Landkreis der Tests hat keine solche Seite.")
    anzahl = abfragen(client, url, wie_im_betrieb)
    assert 0 < anzahl <= HOECHSTENS, (url, anzahl)
    verzehnfachen(inhalt)
    assert abfragen(client, url, wie_im_betrieb) == anzahl, url


def test_vergleich_liest_die_ausgabe_nicht_je_element(client, inhalt, wie_im_betrieb):
    """The comparison with the predecessor lists every continued measure and every removed item
    with its address, which names its edition's year: the edition is not read per item."""
    from konzept.models import Edition
    from konzept.services import edition_fortschreiben

    nachfolger = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    Edition.objects.filter(pk=nachfolger.pk).update(status=Edition.Status.BESCHLOSSEN)
    url = f"/{nachfolger.jahr}/vergleich/"
    anzahl = abfragen(client, url, wie_im_betrieb)
    assert 0 < anzahl <= HOECHSTENS, anzahl
    # Nine copies of every field in the predecessor: removed items, each listed.
    verzehnfachen(inhalt)
    assert abfragen(client, url, wie_im_betrieb) == anzahl
