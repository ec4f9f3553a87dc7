"""Issue 7: all comments of an edition as XLSX for the Koordinierungsstelle."""

import io
import uuid
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from beteiligung.models import Beteiligungsphase, Kommentar
from konzept.begriffe import begriffe
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

URL = "/2026/kommentare/export.xlsx"


@pytest.fixture
def kommentare(entwurf):
    jetzt = timezone.now()
    phase = Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )
    amira = benutzer_mit_rolle("amira", "KMV")
    amira.first_name, amira.last_name = "Amira", "Haddad"
    amira.save()
    jonas = benutzer_mit_rolle("jonas", "KMV")
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    themenfeld = massnahme.themenfeld

    def kommentar(**felder):
        return Kommentar.objects.create(
            edition=entwurf, phase=phase, einreichung=uuid.uuid4(), **felder
        )

    return [
        kommentar(
            massnahme=massnahme,
            autor=amira,
            name_zeigen=True,
            text="نرجو معارض عمل باللغة العربية",
            sprache="ar",
            status="beantwortet",
            einstufung="beruecksichtigt",
            antwort="Wird umgesetzt.",
            beantwortet_am=jetzt,
        ),
        kommentar(
            themenfeld=themenfeld,
            autor=jonas,
            text='=HYPERLINK("http://example.org")',
            sprache="de",
        ),
        kommentar(
            massnahme=massnahme,
            autor=jonas,
            text="Werbung",
            sprache="de",
            status="verborgen",
            verborgen_grund="Werbung ohne Bezug",
        ),
    ]


def test_alle_kommentare_mit_pfad_schluessel_status_und_antwort(staff_client, kommentare):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert 'filename="integrationskonzept-2026-kommentare.xlsx"' in response["Content-Disposition"]
    blatt = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    kopf = [zelle.value for zelle in blatt[1]]
    zeilen = [
        dict(zip(kopf, [z.value for z in zeile], strict=True)) for zeile in blatt.iter_rows(2)
    ]
    assert len(zeilen) == 3  # hidden comments too: staff see everything
    beantwortet, formel, verborgen = zeilen
    massnahme = kommentare[0].massnahme
    # From the field through the goal the measure hangs under (whatever its level) to it.
    assert massnahme.eltern != massnahme.themenfeld
    assert beantwortet["Pfad"] == " › ".join(
        [massnahme.themenfeld.titel_de, massnahme.eltern.titeltext, massnahme.titel_de]
    )
    assert beantwortet["Schlüssel"] == massnahme.key
    assert beantwortet["Element"] == begriffe()["massnahme"].einzahl
    assert beantwortet["Kommentar"] == "نرجو معارض عمل باللغة العربية"
    assert beantwortet["Status"] == "beantwortet"
    assert beantwortet["Einstufung"] == "berücksichtigt"
    assert beantwortet["Antwort"] == "Wird umgesetzt."
    assert beantwortet["Verfasst von"] == "Amira Haddad"
    assert formel["Schlüssel"] == massnahme.themenfeld.key
    assert formel["Element"] == begriffe()["themenfeld"].einzahl  # the district's word
    # A comment is the most likely place for a formula: it is text here.
    assert formel["Kommentar"] == '\'=HYPERLINK("http://example.org")'
    assert formel["Verfasst von"] == "ohne Zustimmung zur Namensnennung"
    assert verborgen["Status"] == "verborgen"
    assert verborgen["Grund für das Verbergen"] == "Werbung ohne Bezug"


@pytest.mark.parametrize("rolle", [None, "KMV", "Ausschuss"])
def test_nur_fuer_die_koordinierungsstelle(client, kommentare, rolle):
    if rolle:
        client.force_login(benutzer_mit_rolle(f"user-{rolle.lower()}", rolle))
    response = client.get(URL)
    assert response.status_code == (302 if rolle is None else 403)
