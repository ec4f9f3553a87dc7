"""Issue 17.4: a staff field page reads like the public one. Its item actions wait behind one
disclosure each, so the page is at most 1.3 times as high as the same field's public page."""

import re

import pytest
from playwright.sync_api import expect

from konzept.services import edition_fortschreiben
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from themenfelder.models import Themenfeld

from .test_bearbeiten import BENUTZER, anmelden
from .test_rundgang import htmx_bereit, htmx_ruhig, pruefen

pytestmark = pytest.mark.browser

BREITEN = {"breit": {"width": 1280, "height": 900}, "telefon": {"width": 375, "height": 780}}


@pytest.fixture
def felder(inhalt):
    """The sample field in the adopted edition (public) and in its draft copy (staff)."""
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    key = fabrik.rolle("themenfeld")
    return (
        Themenfeld.objects.get(edition=inhalt, key=key).get_absolute_url(),
        Themenfeld.objects.get(edition=entwurf, key=key).get_absolute_url(),
    )


def hoehe(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


@pytest.mark.parametrize("sprache", ["de", "ar"])
@pytest.mark.parametrize("breite", ["breit", "telefon"])
def test_seite_der_koordinierungsstelle_ist_kaum_hoeher(
    live_server, felder, kontext, screenshots, sprache, breite
):
    oeffentlich, entwurf = felder
    praefix = "" if sprache == "de" else f"/{sprache}"
    locale = "ar" if sprache == "ar" else "de-DE"

    leser = kontext(viewport=BREITEN[breite], locale=locale).new_page()
    leser.goto(f"{live_server.url}{praefix}{oeffentlich}")
    pruefen(leser, screenshots, f"17-4-feld-oeffentlich-{sprache}-{breite}")
    oeffentliche_hoehe = hoehe(leser)

    page = kontext(viewport=BREITEN[breite], locale=locale).new_page()
    anmelden(page, live_server, entwurf)
    if praefix:
        page.goto(f"{live_server.url}{praefix}{entwurf}")
    expect(page.locator("details.aktionen").first).to_be_visible()
    pruefen(page, screenshots, f"17-4-feld-werkstatt-{sprache}-{breite}")
    werkstatt_hoehe = hoehe(page)

    # The disclosure opens by keyboard, shows its actions over the page and closes again.
    menue = page.locator("article.massnahme details.aktionen").first
    knopf = menue.locator("summary")
    knopf.focus()
    page.keyboard.press("Enter")
    expect(menue).to_have_attribute("open", "")
    loeschen = menue.get_by_role("link", name=re.compile(r"^(Löschen|حذف)"))
    expect(menue.locator(".aktionen__eintrag--gefahr")).to_be_visible()
    assert hoehe(page) == werkstatt_hoehe, "Die offene Liste schiebt die Seite auseinander."
    page.screenshot(path=screenshots / f"17-4-aktionen-offen-{sprache}-{breite}.png")
    if sprache == "de":
        expect(loeschen).to_be_visible()
    knopf.focus()
    page.keyboard.press("Enter")
    expect(menue).not_to_have_attribute("open", "")

    assert werkstatt_hoehe <= 1.3 * oeffentliche_hoehe, (
        f"{werkstatt_hoehe} px für die Koordinierungsstelle, {oeffentliche_hoehe} px öffentlich"
    )


def test_ziel_aus_seiner_aufklappliste_bearbeiten(live_server, felder, kontext):
    """Issue 17.4: a goal's editing waits in its one disclosure and still opens in place, by
    keyboard; cancelling brings the goal back."""
    _oeffentlich, entwurf = felder
    page = kontext().new_page()
    anmelden(page, live_server, entwurf)
    htmx_bereit(page)
    menue = page.locator(".ziel details.aktionen").first
    menue.locator("summary").focus()
    page.keyboard.press("Enter")
    menue.get_by_role("link", name=re.compile(r"^Bearbeiten\b")).press("Enter")
    formular = page.locator("form.element-form")
    expect(formular).to_be_visible()
    htmx_ruhig(page)
    expect(formular.locator("input:not([type=hidden]), textarea, select").first).to_be_focused()
    formular.get_by_role("link", name="Abbrechen").click()
    expect(formular).to_have_count(0)
    expect(page.locator(".ziel details.aktionen").first).not_to_have_attribute("open", "")
