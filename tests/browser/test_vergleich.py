"""Issue 6 (part): the comparison page and the list of editions, in the browser, with axe."""

import pytest

from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.browser.test_rundgang import pruefen
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.browser


@pytest.fixture
def entwurf_mit_aenderung(inhalt):
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    Massnahme.objects.in_edition(entwurf).filter(titel_de="Jobmessen").update(
        titel_de="Jobmessen im ganzen Landkreis", status="in_umsetzung", budget=1500
    )
    return entwurf


def test_vergleich_und_ausgabenliste_sind_barrierefrei(
    live_server, entwurf_mit_aenderung, kontext, screenshots
):
    page = angemeldete_seite(kontext, live_server, "/2026/vergleich/")
    assert page.locator("ins").first.inner_text() == "im ganzen Landkreis"
    assert page.locator(".vergleich__felder dd").first.inner_text() == "– → 1.500,00"
    pruefen(page, screenshots, "vergleich-2026")
    page.goto(f"{live_server.url}/ar/2026/vergleich/")
    pruefen(page, screenshots, "vergleich-2026-ar")
    page.goto(f"{live_server.url}/ausgaben/")
    assert page.get_by_role("link", name="Integrationskonzept 2026").count() == 1
    pruefen(page, screenshots, "ausgaben")


def test_fortschreibung_mit_gewaehltem_jahr(live_server, inhalt, kontext, screenshots):
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    page = angemeldete_seite(kontext, live_server, "/2024/")
    jahr = page.get_by_label("Jahr der neuen Ausgabe")
    assert jahr.input_value() == "2026"
    assert "Üblich sind zwei Jahre" in jahr.evaluate(
        "feld => document.getElementById(feld.getAttribute('aria-describedby')).textContent"
    )
    pruefen(page, screenshots, "fortschreibung")
    jahr.fill("2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Fortschreibung als Entwurf beginnen").click()
    assert page.url == f"{live_server.url}/2027/"
    assert "Der Entwurf 2027 ist angelegt" in page.content()
