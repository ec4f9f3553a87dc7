"""Issue 7: the adopted edition as open data (JSON): documented schema, licence, stable keys."""

import json

import jsonschema
import pytest
from django.conf import settings

from konzept import baum
from konzept.models import Edition, Landkreis
from massnahmen.models import Massnahme
from tests import fabrik
from themenfelder.models import Themenfeld

SCHEMA = json.loads((settings.BASE_DIR / "docs" / "offene-daten.schema.json").read_text())
URL = "/2024/offene-daten.json"


def abrufen(client, url=URL) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def alle_massnahmen(daten) -> list[dict]:
    """Every measure of the JSON, wherever it hangs: under a sub-goal, a goal or its field."""
    return [
        massnahme
        for themenfeld in daten["themenfelder"]
        for massnahme in [
            *themenfeld["massnahmen"],
            *(m for ziel in themenfeld["leitziele"] for m in ziel["massnahmen"]),
            *(m for ziel in themenfeld["teilziele"] for m in ziel["massnahmen"]),
        ]
    ]


def test_entspricht_dem_dokumentierten_schema(client, inhalt):
    daten = abrufen(client)
    jsonschema.validate(daten, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert daten["schema"] == SCHEMA["properties"]["schema"]["const"]
    assert daten["lizenz"] == settings.OFFENE_DATEN_LIZENZ
    assert daten["herausgeber"]["name"] == Landkreis.aktuell().name


def test_alle_sprachen_und_alle_elemente_mit_ihren_schluesseln(
    client, inhalt, massnahme, kmv_massnahme
):
    fabrik.vollstaendig_uebersetzen(massnahme, ["ar"])
    massnahme.refresh_from_db()
    daten = abrufen(client)
    sprachen = [code for code, _name in settings.LANGUAGES]
    assert daten["sprachen"] == sprachen
    assert [t["key"] for t in daten["themenfelder"]] == list(
        Themenfeld.objects.filter(edition=inhalt).values_list("key", flat=True)
    )
    massnahmen = alle_massnahmen(daten)
    # Every measure once.
    assert sorted(m["key"] for m in massnahmen) == sorted(
        Massnahme.objects.in_edition(inhalt).values_list("key", flat=True)
    )
    eine = next(m for m in massnahmen if m["key"] == massnahme.key)
    assert set(eine["titel"]) == set(sprachen)
    assert eine["titel"]["de"] == massnahme.titel_de
    assert eine["titel"]["ar"] == massnahme.titel_ar
    assert eine["uebersetzungsstand"]["ar"] == "maschinell"
    assert eine["url"].endswith(f"/2024/massnahmen/{massnahme.key}/")
    assert eine["budget_euro"] == float(massnahme.budget)
    assert eine["federfuehrung"] == massnahme.federfuehrung.name
    # The migrant council's kind, named as such, and the format it took part through.
    art = next(a["key"] for a in daten["beteiligungsarten"] if a["migrationsvertretung"])
    vertretung = next(f for f in daten["beteiligungsformate"] if f["art"] == art)
    von_der_vertretung = next(m for m in massnahmen if m["key"] == kmv_massnahme.key)
    assert von_der_vertretung["herkunft"] == [vertretung["key"]]


def test_schluessel_bleiben_ueber_die_fortschreibung_gleich(client, entwurf):
    """The same measure has the same key in 2024 and in its 2026 copy; output is repeatable."""
    erste = client.get(URL).content
    assert client.get(URL).content == erste
    assert client.get("/en/2024/offene-daten.json").json() == json.loads(erste)
    for ebene in baum.EBENEN:
        keys_2024 = set(
            ebene.model.objects.filter(**{ebene.edition_pfad: entwurf.vorgaenger}).values_list(
                "key", flat=True
            )
        )
        keys_2026 = set(
            ebene.model.objects.filter(**{ebene.edition_pfad: entwurf}).values_list(
                "key", flat=True
            )
        )
        assert keys_2024 == keys_2026, ebene.name


def test_fehlende_uebersetzung_ist_null(client, massnahme):
    fabrik.vollstaendig_uebersetzen(massnahme, ["fa", "en"])
    Massnahme.objects.filter(pk=massnahme.pk).update(titel_fa="")
    daten = abrufen(client)
    eine = next(m for m in alle_massnahmen(daten) if m["key"] == massnahme.key)
    assert eine["titel"]["fa"] is None
    assert eine["uebersetzungsstand"]["fa"] == "fehlt"
    assert eine["titel"]["en"] and eine["uebersetzungsstand"]["en"] == "maschinell"


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
