"""Issue 14.16: the cache for anonymous readers keys a page by the query parameters it reads.

Any client could add `?r=<n>` to a public address: each variant was rendered in full and
stored as an entry of its own, pushing real pages out of the cache.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def leser_cache(settings):
    settings.LESER_CACHE_SEKUNDEN = 600
    cache.clear()
    yield
    cache.clear()


def eintraege() -> int:
    return sum(1 for schluessel in cache._cache if ":leser:" in schluessel)


def abfragen(client, url):
    with CaptureQueriesContext(connection) as erfasst:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(erfasst)


def test_unbekannte_parameter_ergeben_keinen_neuen_eintrag(client, inhalt, leser_cache):
    abfragen(client, "/2024/")
    assert eintraege() == 1
    for n in range(20):
        _response, anzahl = abfragen(client, f"/2024/?r={n}")
        # From the cache: the content version is the one query.
        assert anzahl == 1
    assert eintraege() == 1


def test_erster_abruf_mit_fremdem_parameter_fuellt_den_eintrag_der_seite(
    client, themenfeld, leser_cache
):
    """Rendered as if the parameter were not there: the page stored carries no trace of it
    (the sign-in link takes the address along) and serves the plain address next."""
    url = themenfeld.get_absolute_url()
    response, _anzahl = abfragen(client, f"{url}?spur=x9q7z")
    assert "x9q7z" not in response.text
    _response, anzahl = abfragen(client, url)
    assert anzahl == 1
    assert eintraege() == 1


def test_parameter_der_seite_bleiben_teil_des_schluessels(client, inhalt, leser_cache):
    geplant, _anzahl = abfragen(client, "/2024/massnahmen/?status=geplant")
    laufend, anzahl = abfragen(client, "/2024/massnahmen/?status=laufend")
    assert anzahl > 1
    assert eintraege() == 2
    # Another order, an empty value and a foreign parameter: the same entry.
    _response, anzahl = abfragen(client, "/2024/massnahmen/?r=7&q=&status=geplant")
    assert anzahl == 1
    _response, anzahl = abfragen(client, "/2024/massnahmen/?seite=1&status=geplant")
    _response, anzahl_wieder = abfragen(client, "/2024/massnahmen/?status=geplant&seite=1&x=1")
    assert anzahl_wieder == 1
    assert eintraege() == 3
    assert geplant.text != laufend.text


def test_die_seite_liest_nur_die_erlaubten_parameter(client, inhalt, leser_cache):
    """The paging links of the list carry the filter, never a foreign parameter."""
    response, _anzahl = abfragen(client, "/2024/massnahmen/?boese=1&status=geplant")
    assert "boese" not in response.text


def test_abwaegungstabelle_blaettert_auch_aus_dem_cache(client, inhalt, leser_cache):
    """Issue 20.2: the public Abwägungstabelle comes in pages; the page (and the comment a link
    names) are parameters of the page, so page 2 is not page 1 from the cache."""
    from beteiligung.views import KOMMENTARE_PRO_SEITE
    from tests import fabrik
    from tests.conftest import benutzer_mit_rolle, verzehnfachen

    verzehnfachen(inhalt)
    fabrik.kommentieren(inhalt, [benutzer_mit_rolle("mitglied", "KMV")])
    oeffentlich = list(
        inhalt.kommentare.oeffentlich().order_by("erstellt_am", "pk").values_list("pk", flat=True)
    )
    assert len(oeffentlich) > KOMMENTARE_PRO_SEITE
    zweiter = f'id="kommentar-{oeffentlich[KOMMENTARE_PRO_SEITE]}"'
    erste, _anzahl = abfragen(client, "/2024/abwaegung/")
    zweite, _anzahl = abfragen(client, "/2024/abwaegung/?seite=2")
    assert zweiter not in erste.text and zweiter in zweite.text
    gesucht, _anzahl = abfragen(client, f"/2024/abwaegung/?kommentar={oeffentlich[-1]}")
    assert f'id="kommentar-{oeffentlich[-1]}"' in gesucht.text
    _response, anzahl = abfragen(client, "/2024/abwaegung/?seite=2&r=1")
    assert anzahl == 1
