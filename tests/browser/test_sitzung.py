"""Issue 14.18: a session that ends while someone types does not cost their text.

With a session shortened to seconds (a settings override; the live server reads it per
request), a staff member edits a measure in place: the warning comes before the end with
"Sitzung verlängern"; after the end, "Speichern" keeps the form with the typed text and opens
a dialog; signing in again in a new tab and pressing "Angemeldet – jetzt speichern" saves the
same text. At 375 and 1280 px, with screenshots; one main and one h1 throughout.
"""

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Page, expect

from massnahmen.models import Massnahme

from . import test_bearbeiten
from .conftest import zweiter_faktor
from .test_bearbeiten import (
    BEARBEITEN,
    BENUTZER,
    PASSWORT,
    angemeldete_seite,
    karte,
    themenfeld_url,
)
from .test_rundgang import axe_pruefen, htmx_bereit, htmx_ruhig

pytestmark = pytest.mark.browser

# The draft and the staff member of the in-place editing tests.
bearbeitet = test_bearbeiten.bearbeitet

TEXT = "Eine Stunde lang geschrieben: der neue Stand der Sprachkurse im Landkreis."
SEKUNDEN = 12


def ein_main_ein_h1(page: Page) -> None:
    assert page.locator("main").count() == 1
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("breite", [375, 1280])
def test_abgelaufene_sitzung_kostet_keinen_text(
    live_server, bearbeitet, kontext, screenshots, settings, breite
):
    settings.SESSION_COOKIE_AGE = SEKUNDEN
    context_optionen = {"viewport": {"width": breite, "height": 900}}
    page = angemeldete_seite(kontext, live_server, themenfeld_url(bearbeitet), **context_optionen)
    htmx_bereit(page)
    karte(page, bearbeitet).get_by_role("link", name=BEARBEITEN).click()
    formular = page.locator("form.element-form")
    expect(formular).to_be_visible()
    # The form has settled in place before anything is typed into it.
    htmx_ruhig(page)
    beschreibung = formular.locator("textarea[name=beschreibung]")
    beschreibung.fill(TEXT)
    expect(beschreibung).to_have_value(TEXT)

    # The warning comes a quarter of the session before its end (five minutes in production).
    warnung = page.get_by_role("dialog", name="Ihre Sitzung endet bald")
    expect(warnung).to_be_visible(timeout=SEKUNDEN * 1000)
    expect(warnung.get_by_role("button", name="Sitzung verlängern")).to_be_visible()
    page.screenshot(path=screenshots / f"sitzung-warnung-{breite}.png")
    axe_pruefen(page, f"sitzung-warnung-{breite}")
    warnung.get_by_role("button", name="Schließen").click()

    # The hour passes without a request.
    Session.objects.update(expire_date=timezone.now())
    formular.get_by_role("button", name="Speichern").click()
    abgelaufen = page.get_by_role("dialog", name="Sitzung abgelaufen")
    expect(abgelaufen).to_be_visible()
    expect(beschreibung).to_have_value(TEXT)
    ein_main_ein_h1(page)
    page.screenshot(path=screenshots / f"sitzung-abgelaufen-{breite}.png")
    axe_pruefen(page, f"sitzung-abgelaufen-{breite}")

    # Not signed in yet: the dialog says so and stays.
    abgelaufen.get_by_role("button", name="Angemeldet – jetzt speichern").click()
    expect(abgelaufen.get_by_text("Sie sind noch nicht wieder angemeldet.")).to_be_visible()

    # Signing in again in a new tab.
    settings.SESSION_COOKIE_AGE = 60 * 60
    with page.context.expect_page() as neuer_tab:
        abgelaufen.get_by_role("link", name="In neuem Tab anmelden").click()
    tab = neuer_tab.value
    tab.get_by_label("Benutzername").fill(BENUTZER)
    tab.get_by_label("Passwort").fill(PASSWORT)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Anmelden", exact=True).click()
    zweiter_faktor(tab, BENUTZER)
    tab.close()

    # Back in the first tab: the same submission goes through.
    abgelaufen.get_by_role("button", name="Angemeldet – jetzt speichern").click()
    expect(abgelaufen).to_be_hidden()
    expect(karte(page, bearbeitet)).to_be_visible()
    htmx_ruhig(page)
    ein_main_ein_h1(page)
    page.screenshot(path=screenshots / f"sitzung-gespeichert-{breite}.png", full_page=True)
    assert Massnahme.objects.get(pk=bearbeitet.pk).beschreibung == TEXT


def test_verlaengern_haelt_die_sitzung(live_server, bearbeitet, kontext, settings):
    settings.SESSION_COOKIE_AGE = SEKUNDEN
    page = angemeldete_seite(kontext, live_server, themenfeld_url(bearbeitet))
    htmx_bereit(page)
    warnung = page.get_by_role("dialog", name="Ihre Sitzung endet bald")
    expect(warnung).to_be_visible(timeout=SEKUNDEN * 1000)
    vorher = Session.objects.get().expire_date
    with page.expect_response(lambda antwort: "/sitzung/verlaengern/" in antwort.url) as antwort:
        warnung.get_by_role("button", name="Sitzung verlängern").click()
    assert antwort.value.status == 204
    expect(warnung).to_be_hidden()
    assert Session.objects.get().expire_date > vorher
