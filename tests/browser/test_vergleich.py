"""Issue 6 (part): the comparison page and the list of editions, in the browser, with axe."""

import pytest

from konzept.models import Landkreis
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme
from tests import fabrik
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.browser.test_rundgang import pruefen
from tests.browser.test_sprachen import UEBERLAUF
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.browser


@pytest.fixture
def entwurf_mit_aenderung(inhalt):
    """The 2026 draft with one measure changed: a longer title, another status, a budget where
    it had none."""
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("kmv_massnahme"))
    assert massnahme.budget is None
    status = Massnahme.Status
    neu = status.IN_UMSETZUNG if massnahme.status != status.IN_UMSETZUNG else status.UMGESETZT
    Massnahme.objects.filter(pk=massnahme.pk).update(
        titel_de=f"{massnahme.titel_de} im ganzen Landkreis", status=neu, budget=1500
    )
    return entwurf


def test_vergleich_und_ausgabenliste_sind_barrierefrei(
    live_server, entwurf_mit_aenderung, kontext, screenshots
):
    page = angemeldete_seite(kontext, live_server, "/2026/vergleich/")
    # Announced to screen readers first (issue 17.12), then the words.
    eingefuegt = page.locator("ins").first.inner_text().split()
    assert eingefuegt[0] == "eingefügt:" and eingefuegt[1:] == ["im", "ganzen", "Landkreis"]
    assert page.locator(".vergleich__felder dd").first.inner_text() == "– → 1.500,00"
    pruefen(page, screenshots, "vergleich-2026")
    page.goto(f"{live_server.url}/ar/2026/vergleich/")
    pruefen(page, screenshots, "vergleich-2026-ar")
    # At 320 CSS pixels (WCAG 1.4.10) the page never scrolls sideways: only the tables do, each
    # in its own region that the keyboard reaches (tables are the criterion's exception).
    page.set_viewport_size({"width": 320, "height": 640})
    ausser_tabellen = UEBERLAUF.replace(
        "'.kern-sr-only, .skip-link'", "'.kern-sr-only, .skip-link, .kern-table-responsive'"
    )
    assert ausser_tabellen != UEBERLAUF
    for adresse in ("/2026/vergleich/", "/ar/2026/vergleich/"):
        page.goto(f"{live_server.url}{adresse}")
        ergebnis = page.evaluate(ausser_tabellen)
        assert ergebnis["breite"] <= ergebnis["sichtbar"] and not ergebnis["raus"], ergebnis
        for region in page.locator(".kern-table-responsive").all():
            assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ausgaben/")
    assert page.get_by_role("link", name=entwurf_mit_aenderung.titel).count() == 1
    pruefen(page, screenshots, "ausgaben")


def test_fortschreibung_mit_gewaehltem_jahr(live_server, inhalt, kontext, screenshots):
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    page = angemeldete_seite(kontext, live_server, "/2024/")
    # The staff's tools wait behind one line above the fields.
    page.get_by_role("heading", name="Für die Koordinierungsstelle").click()
    jahr = page.get_by_label("Jahr der neuen Ausgabe")
    # Proposed: the next edition after the district's update cycle.
    vorschlag = 2024 + Landkreis.aktuell().fortschreibung_jahre
    assert jahr.input_value() == str(vorschlag)
    assert f"Üblich ist {vorschlag}, im Takt" in jahr.evaluate(
        "feld => document.getElementById(feld.getAttribute('aria-describedby')).textContent"
    )
    pruefen(page, screenshots, "fortschreibung")
    gewaehlt = vorschlag + 1
    jahr.fill(str(gewaehlt))
    with page.expect_navigation():
        page.get_by_role("button", name="Fortschreibung als Entwurf beginnen").click()
    assert page.url == f"{live_server.url}/{gewaehlt}/"
    assert f"Der Entwurf {gewaehlt} ist angelegt" in page.content()
