"""Issue 20.2: lists that grow with the content come in pages with a stable, shareable address
that works without JavaScript: at ten times the content a list page holds as many entries and
asks the database as often as at today's content."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from massnahmen.models import Massnahme
from massnahmen.views import MASSNAHMEN_PRO_SEITE
from tests.fabrik import verzehnfachen


def karten(html: str) -> int:
    return len(re.findall(r'<article id="massnahme-\d+"', html))


def test_massnahmenliste_in_seiten_bei_zehnfachem_inhalt(client, inhalt):
    adresse = f"/{inhalt.jahr}/massnahmen/"
    # Once before counting: per-process constants (the district's words) are read then.
    client.get(adresse)
    with CaptureQueriesContext(connection) as vorher:
        einfach = client.get(adresse)
    verzehnfachen(inhalt)
    alle = Massnahme.objects.in_edition(inhalt).count()
    assert alle > MASSNAHMEN_PRO_SEITE
    with CaptureQueriesContext(connection) as nachher:
        zehnfach = client.get(adresse)
    assert karten(zehnfach.text) == MASSNAHMEN_PRO_SEITE
    assert len(nachher) == len(vorher)
    # The last page holds the rest; every measure is on exactly one page.
    gesehen = set()
    seite = 1
    while True:
        antwort = client.get(adresse, {"seite": seite})
        gesehen |= set(re.findall(r'<article id="massnahme-(\d+)"', antwort.text))
        if 'rel="next"' not in antwort.text:
            break
        seite += 1
    assert len(gesehen) == alle
    assert karten(einfach.text) <= MASSNAHMEN_PRO_SEITE


def test_blaettern_behaelt_die_filter_und_geht_ohne_javascript(client, inhalt):
    verzehnfachen(inhalt)
    antwort = client.get(f"/{inhalt.jahr}/massnahmen/", {"status": "geplant", "seite": 1})
    geplant = Massnahme.objects.in_edition(inhalt).filter(status="geplant").count()
    if geplant <= MASSNAHMEN_PRO_SEITE:
        return
    weiter = re.search(r'rel="next" href="([^"]+)"', antwort.text).group(1)
    assert "status=geplant" in weiter and "seite=2" in weiter
    zweite = client.get(f"/{inhalt.jahr}/massnahmen/{weiter.replace('&amp;', '&')}")
    assert zweite.status_code == 200
    assert "Seite 2 von" in zweite.text


def test_ungueltige_seite_zeigt_die_letzte_oder_erste(client, inhalt):
    for wert in ("999", "null", "-1"):
        assert client.get(f"/{inhalt.jahr}/massnahmen/", {"seite": wert}).status_code == 200
