"""Issue 2: every public page runs a fixed number of queries, at 1× and at 10× content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import verzehnfachen

# page → exact number of SQL queries for an anonymous reader
SEITEN = {
    # Issue 15 adds one query per page part: key-figure series, goal indicators, the measure's
    # timeline and indicators, the dashboard's development and indicator summary, the
    # indicator values in the exports.
    "/2024/": 10,
    "/2024/beteiligung/": 5,
    "/2024/beteiligung/kmv/": 8,
    "/2024/themenfelder/partizipation/": 12,
    # no Leitziele here, so their provenance needs no query
    "/2024/themenfelder/themenunabhaengig/": 10,
    "/2024/massnahmen/": 7,
    "/2024/massnahmen/?themenfeld=partizipation&status=geplant&herkunft=kmv&q=sprach": 7,
    "/2024/massnahmen/partizipation.sprachfoerderung.weiterfuehrende-sprachkurse/": 9,
    "/impressum/": 3,
    # Issue 7: dashboard, search, exports and open data
    "/2024/umsetzungsstand/": 9,
    "/2024/suche/?q=Sprach": 6,
    "/ar/2024/suche/?q=%D8%A7%D9%84%D9%84%D8%BA%D8%A9": 6,
    "/suche/?q=Jobmessen": 6,
    # Issue 19.3: open data also read when the content last changed (Last-Modified).
    "/2024/massnahmen/export.xlsx": 6,
    "/2024/massnahmen/export.csv": 6,
    "/2024/offene-daten.json": 17,
    "/2024/offene-daten.ttl": 4,
    "/offene-daten/katalog.jsonld": 4,
}


def abfragen(client, url):
    with CaptureQueriesContext(connection) as erfasst:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(erfasst)


@pytest.mark.parametrize(("url", "anzahl"), SEITEN.items())
def test_feste_anzahl_abfragen(client, inhalt, url, anzahl):
    assert abfragen(client, url) == anzahl
    verzehnfachen(inhalt)
    assert abfragen(client, url) == anzahl
