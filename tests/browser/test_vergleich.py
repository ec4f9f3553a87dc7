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
        titel_de="Jobmessen im ganzen Landkreis", status="in_umsetzung"
    )
    return entwurf


def test_vergleich_und_ausgabenliste_sind_barrierefrei(
    live_server, entwurf_mit_aenderung, kontext, screenshots
):
    page = angemeldete_seite(kontext, live_server, "/2026/vergleich/")
    assert page.locator("ins").first.inner_text() == "im ganzen Landkreis"
    pruefen(page, screenshots, "vergleich-2026")
    page.goto(f"{live_server.url}/ausgaben/")
    assert page.get_by_role("link", name="Integrationskonzept 2026").count() == 1
    pruefen(page, screenshots, "ausgaben")
