"""Issue 14.12: a create form sent twice (a second click without JavaScript, the browser's
"send again") creates one item, not two. Each create form carries its own id; the second
submission finds what the first made."""

import re
import threading

import pytest
from django.db import connection

from beteiligung.models import Beschluss, Stellungnahme
from massnahmen.models import Indikator, Massnahme, Umsetzungsnotiz
from tests.konzept.test_bearbeiten import formulardaten


@pytest.fixture
def entwurf_transaktional(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit zeigt sich nur mit PostgreSQL (DATABASE_URL).")
    from django.core.management import call_command

    from konzept.models import Edition, Landkreis
    from konzept.services import edition_fortschreiben
    from tests import fabrik

    # The first test with a real transaction still finds the session's district.
    if Landkreis.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    fabrik.laden()
    return edition_fortschreiben(vorgaenger=Edition.objects.get(jahr=2024), jahr=2026, user=None)


def einreichung_aus(antwort) -> str:
    treffer = re.search(r'name="einreichung" value="([0-9a-f-]{36})"', antwort.text)
    assert treffer, "the form carries no submission id"
    return treffer.group(1)


def zweimal(client, url, daten, seite=None):
    """GETs the form (or the page carrying it), then POSTs it twice with the same id."""
    daten = {**daten, "einreichung": einreichung_aus(client.get(seite or url))}
    return client.post(url, daten), client.post(url, daten)


def _neue_massnahme(entwurf):
    from konzept.baum import ebene_von

    vorlage = Massnahme.objects.in_edition(entwurf).order_by("pk").first()
    # Beside the first measure, under whatever it hangs in this district's structure.
    eltern_art = ebene_von(vorlage).eltern_feld_von(vorlage)
    url = f"/bearbeiten/massnahme/neu/{eltern_art}/{getattr(vorlage, f'{eltern_art}_id')}/"
    daten = formulardaten(vorlage, titel="Ganz neue Maßnahme gegen Doppelungen")
    del daten["version"]
    return url, daten


def test_massnahme_zweimal_gesendet_einmal_angelegt(staff_client, entwurf):
    url, daten = _neue_massnahme(entwurf)
    erste, zweite = zweimal(staff_client, url, daten)
    assert erste.status_code == 302, erste.content.decode()[:2000]
    assert zweite.status_code == 302
    assert zweite.url == erste.url  # back to the item the first one made
    assert Massnahme.objects.filter(titel="Ganz neue Maßnahme gegen Doppelungen").count() == 1
    folgeseite = staff_client.get(zweite.url).text
    assert "schon einmal gesendet" in folgeseite


def test_massnahme_zweimal_mit_htmx_zeigt_das_eine_element(staff_client, entwurf):
    url, daten = _neue_massnahme(entwurf)
    daten["einreichung"] = einreichung_aus(staff_client.get(url))
    erste = staff_client.post(url, daten, headers={"HX-Request": "true"})
    zweite = staff_client.post(url, daten, headers={"HX-Request": "true"})
    assert erste.status_code == zweite.status_code == 200
    assert "Ganz neue Maßnahme gegen Doppelungen" in zweite.text
    assert Massnahme.objects.filter(titel="Ganz neue Maßnahme gegen Doppelungen").count() == 1


def test_abgelehnte_eingabe_laesst_das_formular_wieder_senden(staff_client, entwurf):
    """A refused input creates nothing and records nothing: the corrected form, with the same
    id, is saved."""
    url, daten = _neue_massnahme(entwurf)
    daten["einreichung"] = einreichung_aus(staff_client.get(url))
    abgelehnt = staff_client.post(url, {**daten, "titel": ""})
    assert abgelehnt.status_code == 422
    assert einreichung_aus(abgelehnt) == daten["einreichung"]
    assert staff_client.post(url, daten).status_code == 302
    assert Massnahme.objects.filter(titel="Ganz neue Maßnahme gegen Doppelungen").count() == 1


def test_stellungnahme_zweimal_gesendet_einmal_angelegt(staff_client, entwurf):
    url = f"/{entwurf.jahr}/stellungnahmen/neu/"
    vorher = Stellungnahme.objects.count()
    erste, zweite = zweimal(
        staff_client, url, {"datum": "2026-02-01", "text": "Die KMV begrüßt das Konzept."}
    )
    assert erste.status_code == zweite.status_code == 302
    assert Stellungnahme.objects.count() == vorher + 1


def test_beschluss_zweimal_gesendet_einmal_angelegt(staff_client, entwurf):
    from beteiligung.models import Gremium

    url = f"/{entwurf.jahr}/beschluesse/neu/"
    vorher = Beschluss.objects.count()
    daten = {
        "gremium": Gremium.objects.first().pk,
        "datum": "2026-03-01",
        "ergebnis": Beschluss._meta.get_field("ergebnis").choices[0][0],
        "vorlage": "V/2026/0815",
    }
    erste, zweite = zweimal(staff_client, url, daten)
    assert erste.status_code == 302, erste.content.decode()[:3000]
    assert zweite.status_code == 302
    assert Beschluss.objects.count() == vorher + 1


def test_umsetzungsnotiz_zweimal_gesendet_einmal_angelegt(staff_client, inhalt, massnahme):
    url = f"/bearbeiten/massnahme/{massnahme.pk}/umsetzungsstand/"
    vorher = Umsetzungsnotiz.objects.filter(massnahme=massnahme).count()
    erste, zweite = zweimal(
        staff_client,
        url,
        {"datum": "2025-05-01", "text": "Zweiter Kurs läuft."},
        seite=massnahme.get_absolute_url(),
    )
    assert erste.status_code == zweite.status_code == 302
    assert Umsetzungsnotiz.objects.filter(massnahme=massnahme).count() == vorher + 1


def test_indikator_zweimal_gesendet_einmal_angelegt(staff_client, entwurf):
    ziel = Massnahme.objects.in_edition(entwurf).first()
    url = f"/umsetzung/indikatoren/neu/massnahme/{ziel.pk}/"
    vorher = Indikator.objects.filter(massnahme=ziel).count()
    daten = {"name": "Teilnehmende", "einheit": "Personen", "richtung": "mehr"}
    erste, zweite = zweimal(staff_client, url, daten)
    assert erste.status_code == 302, erste.content.decode()[:3000]
    assert zweite.status_code == 302
    assert Indikator.objects.filter(massnahme=ziel).count() == vorher + 1


def test_id_einer_anderen_person_legt_eigenes_an(client, entwurf, koordination):
    """The id is per person: someone else's id neither blocks a form nor reveals its item."""
    from tests.conftest import benutzer_mit_rolle

    url, daten = _neue_massnahme(entwurf)
    client.force_login(koordination)
    daten["einreichung"] = einreichung_aus(client.get(url))
    assert client.post(url, daten).status_code == 302
    client.force_login(benutzer_mit_rolle("zweite", "Koordinierungsstelle"))
    assert client.post(url, daten).status_code == 302
    assert Massnahme.objects.filter(titel="Ganz neue Maßnahme gegen Doppelungen").count() == 2


@pytest.mark.django_db(transaction=True)
def test_gleichzeitig_zweimal_gesendet_einmal_angelegt(entwurf_transaktional):
    """Issue 14.12: two submissions of one form at the same moment (threads, a barrier, own
    connections) make one measure; the second waits for the first and finds it."""
    from django.db import connections
    from django.test import Client

    from konzept.models import Einreichung
    from tests.conftest import benutzer_mit_rolle

    user = benutzer_mit_rolle("koordination2", "Koordinierungsstelle")
    url, daten = _neue_massnahme(entwurf_transaktional)
    daten["einreichung"] = "6f1c1f8e-5a52-4a47-9a43-0c1b7e1e9d10"
    schranke = threading.Barrier(2)
    antworten = []

    def senden():
        try:
            client = Client()
            client.force_login(user)
            schranke.wait()
            antworten.append(client.post(url, daten).status_code)
        finally:
            connections.close_all()

    faeden = [threading.Thread(target=senden) for _ in range(2)]
    for faden in faeden:
        faden.start()
    for faden in faeden:
        faden.join()
    assert antworten == [302, 302]
    assert Massnahme.objects.filter(titel="Ganz neue Maßnahme gegen Doppelungen").count() == 1
    assert Einreichung.objects.filter(user=user).count() == 1
