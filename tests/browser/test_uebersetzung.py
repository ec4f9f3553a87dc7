"""Issue 18.5 in the browser: staff open the Arabic translation workspace, see the counts per
state, filter, edit one translation right to left, and mark several as reviewed after a
preview; with axe on every page, screenshots at 375 and 1280 px in German and Arabic, and the
bulk review once more without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from konzept import uebersetzung
from konzept.models import Edition, Uebersetzungsstatus
from massnahmen.models import Massnahme
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.browser.test_rundgang import axe_pruefen, pruefen
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.browser

SPRACHE = "ar"
SCHMAL = {"width": 375, "height": 800}
BREIT = {"width": 1280, "height": 900}


@pytest.fixture
def arbeitsplatz(inhalt):
    """The Arabic translations of the edition's measures in every state: one reviewed, one
    outdated, one missing, the rest machine translations; and a staff member.

    The sample district translates only a few items: every measure gets a complete machine
    translation here first, as the translation workspace would save one."""
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    massnahmen = list(Massnahme.objects.in_edition(inhalt))
    assert len(massnahmen) >= 6, "Zu wenige Maßnahmen für alle Zustände und die Sammelprüfung."
    for nummer, massnahme in enumerate(massnahmen, start=1):
        werte = {
            feld: f"نص {feld} {nummer}"
            for feld in massnahme.uebersetzbare_felder()
            if massnahme.quelltext(feld)
        }
        massnahme.uebersetzung_speichern(SPRACHE, werte, Uebersetzungsstatus.MASCHINELL)
    geprueft, veraltet, fehlt = massnahmen[:3]
    geprueft.uebersetzung_speichern(SPRACHE, {}, Uebersetzungsstatus.GEPRUEFT)
    Massnahme.objects.filter(pk=veraltet.pk).update(titel_de=f"{veraltet.titel_de} (neu)")
    Massnahme.objects.filter(pk=fehlt.pk).update(titel_ar="")
    return inhalt


def zahlen(edition) -> dict[str, int]:
    edition = Edition.objects.get(pk=edition.pk)
    return uebersetzung.zaehlen(uebersetzung.elemente(edition), SPRACHE)


def filter_link(page: Page, bezeichnung: str, anzahl: int):
    return page.get_by_role("link", name=f"{bezeichnung}: {anzahl}", exact=True)


def aufnehmen(page: Page, screenshots, schritt: str) -> None:
    """Screenshots at 1280 and 375 px, axe at both widths."""
    for name, groesse in (("1280", BREIT), ("375", SCHMAL)):
        page.set_viewport_size(groesse)
        pruefen(page, screenshots, f"{schritt}-{name}")
    page.set_viewport_size(BREIT)


def test_arabischer_arbeitsplatz(live_server, arbeitsplatz, kontext, screenshots):
    edition = arbeitsplatz
    vorher = zahlen(edition)
    liste = f"/uebersetzung/{edition.jahr}/{SPRACHE}/"
    page = angemeldete_seite(kontext, live_server, f"/uebersetzung/{edition.jahr}/")

    # From the overview of all languages into the Arabic workspace.
    pruefen(page, screenshots, "uebersetzungen-uebersicht")
    with page.expect_navigation():
        page.get_by_role("link", name="العربية", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}{liste}")

    # The counts per state, each a filter.
    for wert, bezeichnung in Uebersetzungsstatus.choices:
        expect(filter_link(page, str(bezeichnung), vorher[wert])).to_be_visible()
    aufnehmen(page, screenshots, "uebersetzung-ar-de")
    page.goto(f"{live_server.url}/ar{liste}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    aufnehmen(page, screenshots, "uebersetzung-ar-ar")
    page.goto(f"{live_server.url}{liste}")

    filter_link(page, "veraltet", 1).click()
    expect(page).to_have_url(re.compile(r"\?status=veraltet$"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(filter_link(page, "veraltet", 1)).to_have_attribute("aria-current", "true")

    # One translation edited: the field is Arabic, right to left.
    page.locator("tbody").get_by_role("link", name=re.compile("^Bearbeiten")).click()
    feld = page.get_by_role("textbox").first
    expect(feld).to_have_attribute("dir", "rtl")
    expect(feld).to_have_attribute("lang", SPRACHE)
    expect(page.locator('.uebersetzung-paar__quelle [lang="de"][dir="ltr"]').first).to_be_visible()
    aufnehmen(page, screenshots, "uebersetzung-bearbeiten-de")
    feld.fill("عنوان مراجَع")
    page.get_by_label("Stand der Übersetzung").select_option(Uebersetzungsstatus.GEPRUEFT)
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Übersetzung gespeichert.")).to_be_visible()
    assert zahlen(edition)["veraltet"] == 0

    # Several machine translations marked as reviewed, after a preview.
    filter_link(page, "maschinell, ungeprüft", vorher["maschinell"]).click()
    kaestchen = page.locator('input[name="auswahl"]')
    for nummer in range(3):
        kaestchen.nth(nummer).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Auswahl als geprüft markieren …").last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Als geprüft markieren")
    expect(page.get_by_text("Diese 3 Übersetzungen werden als geprüft markiert")).to_be_visible()
    expect(page.locator('td[lang="ar"][dir="rtl"]')).to_have_count(3)
    aufnehmen(page, screenshots, "uebersetzung-pruefen-de")
    assert zahlen(edition)["maschinell"] == vorher["maschinell"]  # nothing marked yet
    with page.expect_navigation():
        page.get_by_role("button", name="3 Übersetzungen als geprüft markieren").click()
    expect(page.get_by_text("3 Übersetzungen als geprüft markiert.")).to_be_visible()
    axe_pruefen(page, "nach dem Markieren")
    nachher = zahlen(edition)
    assert nachher["maschinell"] == vorher["maschinell"] - 3
    assert nachher["geprueft"] == vorher["geprueft"] + 4

    # The same pages with an Arabic interface.
    page.goto(f"{live_server.url}/ar{liste}?status=maschinell")
    page.locator('input[name="auswahl"]').first.check()
    with page.expect_navigation():
        page.locator('button[type="submit"]:not(form.sammelpruefung button)').last.click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator('td[lang="ar"][dir="rtl"]')).to_have_count(1)
    aufnehmen(page, screenshots, "uebersetzung-pruefen-ar")
    massnahme = Massnahme.objects.in_edition(edition).first()
    page.goto(f"{live_server.url}/ar{liste}massnahme/{massnahme.pk}/")
    expect(page.get_by_role("textbox").first).to_have_attribute("dir", "rtl")
    aufnehmen(page, screenshots, "uebersetzung-bearbeiten-ar")


def test_als_geprueft_markieren_ohne_javascript(live_server, arbeitsplatz, kontext):
    """The bulk review is plain forms: it works with JavaScript switched off."""
    edition = arbeitsplatz
    vorher = zahlen(edition)
    liste = f"/ar/uebersetzung/{edition.jahr}/{SPRACHE}/?status=maschinell"
    page = angemeldete_seite(kontext, live_server, liste, java_script_enabled=False)
    anzahl = vorher["maschinell"]
    with page.expect_navigation():
        page.locator("form.sammelpruefung button").click()
    expect(page.locator('td[lang="ar"][dir="rtl"]')).to_have_count(anzahl)
    with page.expect_navigation():
        page.locator('form[action$="/pruefen/bestaetigen/"] button[type="submit"]').click()
    assert page.url.endswith(f"/ar/uebersetzung/{edition.jahr}/{SPRACHE}/")
    assert zahlen(edition)["maschinell"] == 0
    assert zahlen(edition)["geprueft"] == vorher["geprueft"] + anzahl
