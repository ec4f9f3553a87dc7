"""Issue 17.8: a KMV member sees their comment at the item right after sending it (marked as
theirs, with its state), on every item page, read once per page; "Meine Kommentare" links each
comment to its item and sets entries apart."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben
from konzept import baum
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle, verzehnfachen
from themenfelder.models import Leitziel, Themenfeld


@pytest.fixture
def phase(entwurf):
    jetzt = timezone.now()
    return Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )


@pytest.fixture
def mitglied(db):
    return benutzer_mit_rolle("amira", "KMV")


@pytest.fixture
def kmv_client(mitglied):
    client = Client()
    client.force_login(mitglied)
    return client


def massnahme_in(edition):
    return Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme"))


def abgeben(user, element, text):
    return kommentar_abgeben(
        user=user,
        element=element,
        text=text,
        sprache="ar",
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )


def test_ohne_javascript_zeigt_die_seite_des_elements_den_eigenen_kommentar(
    kmv_client, phase, entwurf
):
    massnahme = massnahme_in(entwurf)
    antwort = kmv_client.post(
        f"/ar/kommentare/neu/massnahme/{massnahme.pk}/",
        {"text": "نرجو معارض عمل باللغة العربية", "einreichung": str(uuid.uuid4())},
        follow=True,
    )
    assert antwort.redirect_chain[0][1] == 302
    seite = antwort.text
    kommentar = Kommentar.objects.get()
    assert f'id="eigener-kommentar-{kommentar.pk}-titel"' in seite
    assert '<blockquote class="kommentar__text" lang="ar" dir="auto">نرجو معارض' in seite
    assert f"/kommentare/{kommentar.pk}/bearbeiten/" in seite  # still new: may be changed


def test_mit_htmx_zeigt_der_dank_den_eigenen_kommentar(kmv_client, phase, entwurf):
    massnahme = massnahme_in(entwurf)
    antwort = kmv_client.post(
        f"/kommentare/neu/massnahme/{massnahme.pk}/",
        {"text": "Bitte auch abends.", "einreichung": str(uuid.uuid4())},
        HTTP_HX_REQUEST="true",
    )
    assert antwort.status_code == 200 and "<html" not in antwort.text
    kommentar = Kommentar.objects.get()
    assert "kern-alert--success" in antwort.text
    assert f'id="eigener-kommentar-{kommentar.pk}-titel"' in antwort.text
    assert "Ihr Kommentar" in antwort.text and "Bitte auch abends." in antwort.text
    assert "neu" in antwort.text  # its state


def test_fremde_kommentare_erscheinen_nicht_am_element(phase, entwurf, mitglied, kmv_client):
    massnahme = massnahme_in(entwurf)
    abgeben(benutzer_mit_rolle("boris", "KMV"), massnahme, "Kommentar von Boris")
    abgeben(mitglied, massnahme, "Kommentar von Amira")
    seite = kmv_client.get(massnahme.get_absolute_url()).text
    assert "Kommentar von Amira" in seite and "Kommentar von Boris" not in seite
    assert "Kommentar von" not in Client().get(massnahme.get_absolute_url()).text


def test_beantworteter_kommentar_am_element_mit_antwort_ohne_aenderungslink(
    phase, entwurf, mitglied, kmv_client, koordination
):
    from beteiligung.services import kommentar_beantworten

    kommentar = abgeben(mitglied, massnahme_in(entwurf), "Bitte prüfen.")
    kommentar_beantworten(
        kommentar=kommentar,
        user=koordination,
        antwort="Wird geprüft.",
        einstufung="kenntnis",
        bezug="",
        version=kommentar.version,
    )
    seite = kmv_client.get(massnahme_in(entwurf).get_absolute_url()).text
    assert "Wird geprüft." in seite
    assert f"/kommentare/{kommentar.pk}/bearbeiten/" not in seite


def _abfragen(client, url):
    with CaptureQueriesContext(connection) as erfasst:
        assert client.get(url).status_code == 200
    return len(erfasst)


def test_eigene_kommentare_mit_fester_anzahl_abfragen(
    phase, entwurf, mitglied, kmv_client, settings
):
    """One query for the member's comments on the whole page, at 1× and at 10× content."""
    settings.KOMMENTARE_PRO_STUNDE = 100
    themenfeld = Themenfeld.objects.get(edition=entwurf, key=fabrik.rolle("themenfeld"))
    abgeben(mitglied, themenfeld, "Zum Themenfeld")
    for massnahme in themenfeld.massnahmen.all()[:3]:
        abgeben(mitglied, massnahme, f"Zu {massnahme.key}")
    url, liste = themenfeld.get_absolute_url(), f"/{entwurf.jahr}/massnahmen/"
    _abfragen(kmv_client, url)  # what is cached across requests, cached
    vorher = _abfragen(kmv_client, url), _abfragen(kmv_client, liste)
    verzehnfachen(entwurf)
    for kopie in Themenfeld.objects.filter(edition=entwurf, key__startswith=f"{themenfeld.key}-"):
        for massnahme in kopie.massnahmen.all()[:2]:
            abgeben(mitglied, massnahme, "Zur Kopie")
    assert (_abfragen(kmv_client, url), _abfragen(kmv_client, liste)) == vorher
    seite = kmv_client.get(url).text
    assert seite.count('class="eigener-kommentar"') == 1 + min(3, themenfeld.massnahmen.count())
    # The measure list shows comments on the copies too: many more items, still one query.
    assert kmv_client.get(liste).text.count("Zur Kopie") >= 10


def test_meine_kommentare_verlinken_ihr_element(phase, entwurf, mitglied, kmv_client):
    massnahme = massnahme_in(entwurf)
    leitziel = Leitziel.objects.get(themenfeld__edition=entwurf, key=fabrik.rolle("leitziel"))
    zur_massnahme = abgeben(mitglied, massnahme, "Zur Maßnahme")
    zum_ziel = abgeben(mitglied, leitziel, "Zum Ziel")
    seite = kmv_client.get("/kommentare/meine/").text
    assert seite.count('class="kommentar kommentar--eintrag"') == 2
    for kommentar, element, art in (
        (zur_massnahme, massnahme, "massnahme"),
        (zum_ziel, leitziel, "leitziel"),
    ):
        adresse = baum.ebene(art).adresse(element)
        assert f'<article id="kommentar-{kommentar.pk}"' in seite
        assert f'<a class="kern-link" href="{adresse}">' in seite
    assert f"#leitziel-{leitziel.pk}" in seite


def test_seitentitel_nennen_das_element(phase, entwurf, mitglied, kmv_client, staff_client):
    """WCAG 2.4.2: a form's page title says which item it is about, not only what it does."""
    massnahme = massnahme_in(entwurf)
    kommentieren = kmv_client.get(f"/kommentare/neu/massnahme/{massnahme.pk}/")
    assert kommentieren.status_code == 200
    titel = re.search(r"<title>(.*?)</title>", kommentieren.text, re.S).group(1)
    assert f"Kommentieren: {escape(massnahme.titel)}" in titel
    bearbeiten = staff_client.get(f"/bearbeiten/massnahme/{massnahme.pk}/")
    titel = re.search(r"<title>(.*?)</title>", bearbeiten.text, re.S).group(1)
    assert escape(f"„{massnahme.titel}“ bearbeiten") in titel
