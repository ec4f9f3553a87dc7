"""Issue 17.2 in Chromium: a KMV member and a member of staff sign in, on a phone (375 px) and
on a desktop (1280 px), in German and in Arabic, and each lands on their task: the member on
the open consultation with its notice (what is open, until when, how many comments they wrote),
staff on their workspace. axe-core audits every landing page; screenshots are kept."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from beteiligung.models import Beteiligungsphase
from konzept.services import edition_fortschreiben
from tests.conftest import benutzer_mit_rolle, kommentar_in_offener_phase

from .test_rundgang import pruefen

PASSWORT = "geheim-und-lang-2024"
GROESSEN = {"375": {"width": 375, "height": 780}, "1280": {"width": 1280, "height": 900}}

pytestmark = pytest.mark.browser


@pytest.fixture
def arbeit(inhalt):
    """The 2026 draft in an open consultation with one comment by the member `amira`."""
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    kommentar = kommentar_in_offener_phase(entwurf, "amira")
    benutzer_mit_rolle("koordination", "Koordinierungsstelle")
    return SimpleNamespace(
        entwurf=entwurf, phase=Beteiligungsphase.objects.get(edition=entwurf), kommentar=kommentar
    )


def anmelden(page: Page, live_server, sprache: str, benutzer: str) -> None:
    """Signs in on the sign-in page of the language, with no `next`: where the app leads."""
    praefix = "" if sprache == "de" else f"/{sprache}"
    page.goto(f"{live_server.url}{praefix}/anmelden/")
    formular = page.locator("form:has(input[name=username])")
    formular.locator("input[name=username]").fill(benutzer)
    formular.locator("input[name=password]").fill(PASSWORT)
    with page.expect_navigation():
        formular.locator("button[type=submit]").click()
    if "/zweiter-faktor/" in page.url:
        from django.contrib.auth.models import User
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

        geraet, _neu = StaticDevice.objects.get_or_create(
            user=User.objects.get(username=benutzer), name="Wiederherstellungscodes"
        )
        code = geraet.token_set.create(token=StaticToken.random_token()).token
        formular = page.locator("form.anmelden")
        formular.locator("input[name=code]").fill(code)
        with page.expect_navigation():
            formular.locator("button[type=submit]").click()


@pytest.mark.parametrize("groesse", GROESSEN)
@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_kmv_mitglied_landet_auf_der_beteiligung(
    live_server, kontext, arbeit, screenshots, sprache, groesse
):
    page = kontext(viewport=GROESSEN[groesse]).new_page()
    anmelden(page, live_server, sprache, "amira")
    praefix = "" if sprache == "de" else f"/{sprache}"
    expect(page).to_have_url(f"{live_server.url}{praefix}/{arbeit.entwurf.jahr}/")
    hinweis = page.locator(".phasenhinweis")
    expect(hinweis).to_be_visible()
    with translation.override(sprache):
        meine = gettext("Meine Kommentare")
    expect(hinweis.get_by_role("link", name=meine)).to_have_attribute(
        "href", f"{praefix}/kommentare/meine/"
    )
    with translation.override(sprache):
        ende = date_format(timezone.localtime(arbeit.phase.ende), "SHORT_DATE_FORMAT")
    expect(hinweis).to_contain_text(ende)
    if sprache == "de":
        expect(hinweis).to_contain_text("Sie haben hier 1 Kommentar geschrieben.")
    # The notice is on the first screen.
    box = hinweis.bounding_box()
    assert box["y"] + box["height"] <= GROESSEN[groesse]["height"] * 1.2
    pruefen(page, screenshots, f"landen-kmv-{sprache}-{groesse}")


@pytest.mark.parametrize("groesse", GROESSEN)
@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_koordinierungsstelle_landet_am_arbeitsplatz(
    live_server, kontext, arbeit, screenshots, sprache, groesse
):
    page = kontext(viewport=GROESSEN[groesse]).new_page()
    anmelden(page, live_server, sprache, "koordination")
    praefix = "" if sprache == "de" else f"/{sprache}"
    expect(page).to_have_url(f"{live_server.url}{praefix}/arbeitsplatz/")
    inhalt = page.locator("main")
    expect(inhalt.locator(f'a[href="{praefix}/{arbeit.entwurf.jahr}/"]')).to_be_visible()
    expect(inhalt.locator(f'a[href="{praefix}/{arbeit.entwurf.jahr}/kommentare/"]')).to_be_visible()
    expect(
        inhalt.locator(f'a[href="{praefix}/uebersetzung/{arbeit.entwurf.jahr}/"]')
    ).to_have_count(1)
    if sprache == "de":
        expect(inhalt).to_contain_text("1 neuer Kommentar zu")
    # Also from the menu, on every page.
    page.goto(f"{live_server.url}{praefix}/{arbeit.entwurf.jahr}/")
    expect(page.locator(f'header a[href="{praefix}/arbeitsplatz/"]')).to_have_count(1)
    page.goto(f"{live_server.url}{praefix}/arbeitsplatz/")
    pruefen(page, screenshots, f"landen-koordination-{sprache}-{groesse}")


@pytest.mark.parametrize("groesse", GROESSEN)
@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_ausschussmitglied_landet_auf_dem_entwurf_in_beratung(
    live_server, kontext, inhalt, screenshots, sprache, groesse
):
    """A committee member's task is the draft the committees deliberate on: they land there,
    with the notice of the consultation open to them, on the first screen."""
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    jetzt = timezone.now()
    phase = Beteiligungsphase.objects.create(
        edition=entwurf,
        zielgruppe="kmv_ausschuss",
        beginn=jetzt - timedelta(days=1),
        ende=jetzt + timedelta(days=10),
    )
    benutzer_mit_rolle("ratsmitglied", "Ausschuss")
    page = kontext(viewport=GROESSEN[groesse]).new_page()
    anmelden(page, live_server, sprache, "ratsmitglied")
    praefix = "" if sprache == "de" else f"/{sprache}"
    expect(page).to_have_url(f"{live_server.url}{praefix}/{entwurf.jahr}/")
    hinweis = page.locator(".phasenhinweis")
    expect(hinweis).to_be_visible()
    with translation.override(sprache):
        ende = date_format(timezone.localtime(phase.ende), "SHORT_DATE_FORMAT")
    expect(hinweis).to_contain_text(ende)
    box = hinweis.bounding_box()
    assert box["y"] < GROESSEN[groesse]["height"]
    pruefen(page, screenshots, f"landen-ausschuss-{sprache}-{groesse}")
