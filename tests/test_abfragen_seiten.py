"""Issue 20.3: the edition overview and a field page, the pages people open most, run exactly
these many queries for each kind of reader, in German and Arabic, at 1× and 10× content; and
they read only the columns of the page's language and German.

Counted as in operation (tests/test_abfragen.py): the content version read once, the district
and its words kept per version. A signed-in reader adds their session (read, and saved with
its new expiry), their account, groups and second factor, the consultation notice and their own
comments.
"""

import re

import pytest
from django.test import Client

from tests.conftest import benutzer_mit_rolle, verzehnfachen
from tests.test_abfragen import erfassen

# (page, reader) → queries; a field page adds those of its tree (`baumabfragen`).
ABFRAGEN = {
    ("ausgabe", "anonym"): 10,
    ("ausgabe", "kmv"): 18,
    ("ausgabe", "koordination"): 22,
    ("themenfeld", "anonym"): 2,
    ("themenfeld", "kmv"): 11,
    ("themenfeld", "koordination"): 12,
}


def baumabfragen(themenfeld) -> int:
    """The queries of a field's tree: the field, its goals, sub-goals and measures (for goals
    also their indicators and, where there are any, the indicators' values), and where the
    field has items their provenance: the edition's formats and the links of all items, in
    one query whichever levels a district uses."""
    from massnahmen.models import Indikator

    leitziele = themenfeld.leitziele.all()
    anzahl = 4
    if leitziele:
        anzahl += 1 + Indikator.objects.filter(leitziel__in=leitziele).exists()
    if leitziele or themenfeld.teilziele.exists() or themenfeld.massnahmen.exists():
        anzahl += 2
    return anzahl


@pytest.fixture
def leser(request, db):
    client = Client()
    client.rolle = request.param
    gruppe = {"anonym": None, "kmv": "KMV", "koordination": "Koordinierungsstelle"}[request.param]
    if gruppe:
        client.force_login(benutzer_mit_rolle(request.param, gruppe))
    return client


def _adresse(seite, massnahme, sprache):
    pfad = {"ausgabe": "/2024/", "themenfeld": massnahme.themenfeld.get_absolute_url()}[seite]
    return pfad if sprache == "de" else f"/{sprache}{pfad}"


@pytest.mark.parametrize("sprache", ["de", "ar"])
@pytest.mark.parametrize(("seite", "leser"), list(ABFRAGEN), indirect=["leser"], ids=str)
def test_genau_so_viele_abfragen(inhalt, massnahme, wie_im_betrieb, seite, leser, sprache):
    url = _adresse(seite, massnahme, sprache)
    erwartet = ABFRAGEN[seite, leser.rolle]
    if seite == "themenfeld":
        erwartet += baumabfragen(massnahme.themenfeld)
    assert len(erfassen(leser, url, wie_im_betrieb)) == erwartet, url
    verzehnfachen(inhalt)
    assert len(erfassen(leser, url, wie_im_betrieb)) == erwartet, url


# A translated field's columns: its own and one per language ("titel", "titel_de" …).
SPALTE = re.compile(r'"(\w+)_(de|en|ar|fa|uk|ru|tr)"')


@pytest.mark.parametrize("sprache", ["de", "ar"])
@pytest.mark.parametrize("seite", ["ausgabe", "themenfeld"])
def test_nur_die_spalten_der_sprache_und_des_deutschen(
    client, inhalt, massnahme, wie_im_betrieb, seite, sprache
):
    """Every translated text comes in seven languages; a page reads two of them."""
    abfragen = erfassen(client, _adresse(seite, massnahme, sprache), wie_im_betrieb)
    gelesen = {treffer[1] for abfrage in abfragen for treffer in SPALTE.findall(abfrage["sql"])}
    assert gelesen == {"de", sprache}


def test_landkreis_einmal_je_inhaltsstand(client, inhalt, massnahme, wie_im_betrieb):
    """The district is on every page: read once per content version, and at once again after
    a change (the saving process forgets it; others follow with the version)."""
    from konzept.models import Landkreis

    url = massnahme.themenfeld.get_absolute_url()
    abfragen = erfassen(client, url, wie_im_betrieb)
    assert not any("konzept_landkreis" in abfrage["sql"] for abfrage in abfragen)
    landkreis = Landkreis.aktuell()
    landkreis.name_de = "Landkreis Neuer Name"
    landkreis.save()
    assert "Landkreis Neuer Name" in client.get(url).content.decode()
