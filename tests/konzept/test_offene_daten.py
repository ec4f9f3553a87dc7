"""Issue 7: the adopted edition as open data (JSON): documented schema, licence, stable keys."""

import json

import jsonschema
import pytest
from django.conf import settings

from konzept.models import Edition
from massnahmen.models import Massnahme
from themenfelder.models import Teilziel, Themenfeld

SCHEMA = json.loads((settings.BASE_DIR / "docs" / "offene-daten.schema.json").read_text())
URL = "/2024/offene-daten.json"


def abrufen(client, url=URL) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_entspricht_dem_dokumentierten_schema(client, inhalt):
    daten = abrufen(client)
    jsonschema.validate(daten, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert daten["schema"] == SCHEMA["properties"]["schema"]["const"]
    assert daten["lizenz"] == settings.OFFENE_DATEN_LIZENZ
    assert daten["herausgeber"]["name"] == "Landkreis Wesermarsch"


def test_alle_sprachen_und_alle_elemente_mit_ihren_schluesseln(client, inhalt):
    daten = abrufen(client)
    sprachen = [code for code, _name in settings.LANGUAGES]
    assert daten["sprachen"] == sprachen
    assert [t["key"] for t in daten["themenfelder"]] == list(
        Themenfeld.objects.filter(edition=inhalt).values_list("key", flat=True)
    )
    massnahmen = [m for t in daten["themenfelder"] for z in t["teilziele"] for m in z["massnahmen"]]
    assert [m["key"] for m in massnahmen] == list(
        Massnahme.objects.in_edition(inhalt).values_list("key", flat=True)
    )
    jobmessen = next(m for m in massnahmen if m["key"] == "partizipation.zugang-arbeit.jobmessen")
    original = Massnahme.objects.in_edition(inhalt).get(key=jobmessen["key"])
    assert set(jobmessen["titel"]) == set(sprachen)
    assert jobmessen["titel"]["de"] == "Jobmessen"
    assert jobmessen["titel"]["ar"] == original.titel_ar
    assert jobmessen["uebersetzungsstand"]["ar"] == "maschinell"
    assert jobmessen["url"].endswith(f"/2024/massnahmen/{jobmessen['key']}/")
    kmv = next(f for f in daten["beteiligungsformate"] if f["art"] == "kmv")
    sprachkurse = next(m for m in massnahmen if m["herkunft"])
    assert sprachkurse["herkunft"] == [kmv["key"]]
    budget = next(m for m in massnahmen if m["budget_euro"] is not None)
    assert budget["budget_euro"] == 10000


def test_schluessel_bleiben_ueber_die_fortschreibung_gleich(client, entwurf):
    """The same measure has the same key in 2024 and in its 2026 copy; output is repeatable."""
    erste = client.get(URL).content
    assert client.get(URL).content == erste
    assert client.get("/en/2024/offene-daten.json").json() == json.loads(erste)
    keys_2024 = set(
        Teilziel.objects.filter(themenfeld__edition__jahr=2024).values_list("key", flat=True)
    )
    keys_2026 = set(
        Teilziel.objects.filter(themenfeld__edition=entwurf).values_list("key", flat=True)
    )
    assert keys_2024 == keys_2026


def test_fehlende_uebersetzung_ist_null(client, inhalt):
    Massnahme.objects.in_edition(inhalt).filter(titel_de="Jobmessen").update(titel_fa="")
    daten = abrufen(client)
    massnahme = next(
        m
        for t in daten["themenfelder"]
        for z in t["teilziele"]
        for m in z["massnahmen"]
        if m["titel"]["de"] == "Jobmessen"
    )
    assert massnahme["titel"]["fa"] is None
    assert massnahme["uebersetzungsstand"]["fa"] == "fehlt"


def test_entwuerfe_sind_keine_offenen_daten(client, entwurf, staff_client):
    assert staff_client.get("/2026/offene-daten.json").status_code == 404


@pytest.mark.parametrize("beschlossen", [True, False])
def test_link_auf_der_ausgabenseite(staff_client, entwurf, beschlossen):
    jahr = 2024 if beschlossen else 2026
    html = staff_client.get(f"/{jahr}/").text
    assert (f'href="/{jahr}/offene-daten.json"' in html) is beschlossen
    if beschlossen:
        assert "Datenlizenz Deutschland" in html
    assert Edition.objects.get(jahr=jahr).ist_beschlossen is beschlossen
