"""Issue 17.1 in Chromium: on a phone (375 × 780) the header stays small and every page's own
content starts on the first screen, in German and in Arabic: the edition page leads with its
fields (for staff too, whose tools wait behind one line), the measure list with its results
(the filters behind one button); on a wide screen the filters stand open."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests import fabrik
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.browser.test_rundgang import pruefen
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.browser

TELEFON = {"width": 375, "height": 780}
KOPF_HOECHSTENS = 120


def _oben(page, selektor: str) -> float:
    return page.locator(selektor).first.bounding_box()["y"]


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_auf_dem_telefon_beginnt_jede_seite_auf_dem_ersten_bildschirm(
    live_server, inhalt, kontext, screenshots, sprache
):
    page = kontext(viewport=TELEFON).new_page()
    praefix = "" if sprache == "de" else f"/{sprache}"
    seiten = {
        f"/{inhalt.jahr}/": "#themenfelder",
        f"/{inhalt.jahr}/themenfelder/{fabrik.rolle('themenfeld')}/": "main h1",
        f"/{inhalt.jahr}/massnahmen/": "#liste article.massnahme",
        f"/{inhalt.jahr}/umsetzungsstand/": "main h1",
        "/impressum/": "main h1",
    }
    for pfad, inhalt_beginnt in seiten.items():
        page.goto(f"{live_server.url}{praefix}{pfad}")
        kopf = page.locator(".site-header").bounding_box()
        assert kopf["height"] <= KOPF_HOECHSTENS, (pfad, kopf)
        assert _oben(page, inhalt_beginnt) < TELEFON["height"], (pfad, inhalt_beginnt)
    # The filters wait behind one button, which opens them.
    page.goto(f"{live_server.url}{praefix}/{inhalt.jahr}/massnahmen/")
    status = page.locator("select[name=status]")
    expect(status).to_be_hidden()
    page.locator(".filter__knopf").click()
    expect(status).to_be_visible()
    pruefen(page, screenshots, f"erster-bildschirm-massnahmen-{sprache}")


def test_auf_breitem_bildschirm_stehen_die_filter_offen(live_server, inhalt, kontext):
    page = kontext().new_page()
    page.goto(f"{live_server.url}/{inhalt.jahr}/massnahmen/")
    expect(page.locator("select[name=status]")).to_be_visible()
    expect(page.locator(".filter__knopf")).to_be_hidden()


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_die_koordinierungsstelle_sieht_zuerst_die_felder(
    live_server, inhalt, kontext, screenshots, sprache
):
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    page = angemeldete_seite(kontext, live_server, f"/{inhalt.jahr}/", viewport=TELEFON)
    if sprache != "de":
        page.goto(f"{live_server.url}/{sprache}/{inhalt.jahr}/")
    assert _oben(page, "#themenfelder") < TELEFON["height"]
    with translation.override(sprache):
        titel = gettext("Für die Koordinierungsstelle")
        knopf = gettext("Fortschreibung als Entwurf beginnen")
    fortschreiben = page.get_by_role("button", name=knopf)
    expect(fortschreiben).to_be_hidden()
    page.get_by_role("heading", name=titel).click()
    expect(fortschreiben).to_be_visible()
    pruefen(page, screenshots, f"erster-bildschirm-koordination-{sprache}")
