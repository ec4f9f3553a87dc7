"""Issue 3: every edit URL × every role × GET/POST; a forged POST changes nothing."""

import pytest

from konzept import baum
from konzept.models import Landkreis
from massnahmen.forms import einordnung_von
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from tests.fabrik import datenbank_abzug

ROLLEN = [None, "KMV", "Ausschuss", "Koordinierungsstelle"]


def im_entwurf(edition):
    """The sample measure (`massnahme`) in `edition`, by its key."""
    return Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme"))


def edit_urls(edition):
    """(url, expected status for staff on GET, on POST with empty data)."""
    massnahme = im_entwurf(edition)
    themenfeld = massnahme.themenfeld
    # The levels the district has: a goal, a sub-goal only where it uses them.
    leitziel = themenfeld.leitziele.first()
    teilziel = themenfeld.teilziele.first()
    kennzahl = edition.kennzahlen.first()
    grundlage = edition.rechtsgrundlagen.first()
    eintrag = massnahme.history.first()
    urls = []
    for art, element in [
        ("edition", edition),
        ("kennzahl", kennzahl),
        ("rechtsgrundlage", grundlage),
        ("themenfeld", themenfeld),
        ("leitziel", leitziel),
        ("teilziel", teilziel),
        ("massnahme", massnahme),
    ]:
        if element is None:
            continue
        # An empty POST is invalid: the form comes back with its errors.
        urls.append((f"/bearbeiten/{art}/{element.pk}/", 200, 422))
        urls.append((f"/bearbeiten/{art}/{element.pk}/historie/", 200, 405))
    # A new measure beside the sample one, under its parent (a sub-goal, goal or field).
    massnahme_unter = baum.ebene_von(massnahme).eltern_feld_von(massnahme)
    for art, eltern_art, eltern in [
        ("kennzahl", "edition", edition),
        ("rechtsgrundlage", "edition", edition),
        ("themenfeld", "edition", edition),
        ("leitziel", "themenfeld", themenfeld),
        ("teilziel", "themenfeld", themenfeld),
        ("massnahme", massnahme_unter, getattr(massnahme, massnahme_unter)),
    ]:
        urls.append((f"/bearbeiten/{art}/neu/{eltern_art}/{eltern.pk}/", 200, 422))
    urls += [
        (f"/bearbeiten/massnahme/{massnahme.pk}/verschieben/hoch/", 405, 302),
        (f"/bearbeiten/massnahme/{massnahme.pk}/status/", 405, 302),
        (f"/bearbeiten/massnahme/{massnahme.pk}/umsetzungsstand/", 405, 422),
        (
            f"/bearbeiten/massnahme/{massnahme.pk}/historie/{eintrag.history_id}/wiederherstellen/",
            200,  # the question before restoring (issue 17.4)
            302,
        ),
        (f"/{edition.jahr}/geloescht/", 200, 405),
        (f"/{edition.jahr}/fortschreiben/", 405, 302),
        # Last: deleting the measure ends what the other URLs can do with it.
        (f"/bearbeiten/massnahme/{massnahme.pk}/loeschen/", 200, 302),
    ]
    return urls


def erwartet(rolle, methode, staff_get, staff_post):
    staff = staff_get if methode == "get" else staff_post
    if staff == 405:
        return 405
    if rolle is None:
        return 302  # to the sign-in page
    if rolle != "Koordinierungsstelle":
        return 403
    return staff


@pytest.mark.parametrize("rolle", ROLLEN)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_berechtigungsmatrix(client, entwurf, rolle, methode):
    if rolle:
        client.force_login(benutzer_mit_rolle(f"user-{rolle.lower()}", rolle))
    for url, staff_get, staff_post in edit_urls(entwurf):
        response = getattr(client, methode)(url)
        soll = erwartet(rolle, methode, staff_get, staff_post)
        assert response.status_code == soll, (rolle, methode, url, response.status_code)
        if soll == 302 and rolle is None:
            assert response["Location"].startswith("/anmelden/?next=")
        if soll == 403:
            assert "Koordinierungsstelle" in response.text  # says why, in the layout
            assert Landkreis.aktuell().name in response.text


@pytest.mark.parametrize("rolle", [None, "KMV", "Ausschuss"])
def test_gefaelschte_posts_aendern_nichts(client, entwurf, rolle):
    if rolle:
        client.force_login(benutzer_mit_rolle(f"user-{rolle.lower()}", rolle))
    vorher = datenbank_abzug()
    historie = Massnahme.history.count()
    massnahme = im_entwurf(entwurf)
    daten = {
        "titel": "Gefälscht",
        "status": "umgesetzt",
        "version": 1,
        "einordnung": einordnung_von(massnahme),
    }
    for url, _get, _post in edit_urls(entwurf):
        client.post(url, daten)
    assert datenbank_abzug() == vorher
    assert Massnahme.history.count() == historie


def test_entwuerfe_nur_fuer_rollen(client, entwurf):
    themenfeld = entwurf.themenfelder.get(key=fabrik.rolle("themenfeld"))
    for url in ("/2026/", themenfeld.get_absolute_url(), "/2026/massnahmen/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Entwurf" in response.text
    for rolle in ("KMV", "Ausschuss", "Koordinierungsstelle"):
        client.force_login(benutzer_mit_rolle(f"leser-{rolle.lower()}", rolle))
        assert client.get("/2026/").status_code == 200


def test_anmelden_fuehrt_zurueck(client, entwurf):
    benutzer_mit_rolle("kmv-mitglied", "KMV")
    seite = client.get("/anmelden/?next=/2026/massnahmen/")
    assert seite.status_code == 200 and 'name="username"' in seite.text
    response = client.post(
        "/anmelden/?next=/2026/massnahmen/",
        {
            "username": "kmv-mitglied",
            "password": "geheim-und-lang-2024",
            "next": "/2026/massnahmen/",
        },
    )
    assert response["Location"] == "/2026/massnahmen/"
    assert client.post("/abmelden/").status_code == 302
    assert client.get("/2026/").status_code == 403
