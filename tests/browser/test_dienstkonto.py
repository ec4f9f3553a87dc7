"""Issue 19.1: signing in with the service account, in headless Chromium against a real OpenID
provider (panva's oidc-provider, tests/anbieter.py): the app's sign-in page, the provider's own
sign-in and consent pages, back to the app with the mapped role. axe-core on every page of the
walk (the provider's too), screenshots at 375 and 1280 px in German and Arabic.
"""

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from konzept.models import Dienstkonto, Edition
from tests import fabrik
from tests.anbieter import KONTEN, RUECKKEHR, Anbieter, freier_port

from .test_rundgang import axe_pruefen, pruefen

pytestmark = pytest.mark.browser

BREITEN = {375: {"width": 375, "height": 812}, 1280: {"width": 1280, "height": 900}}


@pytest.fixture
def inhalt(transactional_db):
    """The sample district's adopted 2024 edition, committed for the live server: left by the
    suite's set-up for the first browser test, built anew after an earlier one emptied it."""
    return Edition.objects.filter(jahr=2024).first() or fabrik.laden()


@pytest.fixture
def anbieter(live_server, settings):
    """The provider with the live server's callback registered, and the app pointed at it."""
    laufend = Anbieter([f"{live_server.url}{RUECKKEHR}"])
    settings.DIENSTKONTO = laufend.einstellungen()
    yield laufend
    laufend.beenden()


def uebersetzt(sprache: str, text: str) -> str:
    with translation.override(sprache):
        return translation.gettext(text)


def seite(kontext, sprache: str, breite: int) -> Page:
    locale = "ar" if sprache == "ar" else "de-DE"
    return kontext(viewport=BREITEN[breite], locale=locale).new_page()


def beim_anbieter(page: Page, login: str, schritt: str, screenshots) -> None:
    """The provider's sign-in and consent pages, filled in as a person would."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden beim Testanbieter")
    axe_pruefen(page, f"{schritt}: Anmeldung beim Anbieter")
    page.get_by_label("Anmeldename").fill(login)
    page.get_by_label("Passwort").fill(KONTEN[login]["passwort"])
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zugriff erlauben")
    page.screenshot(path=screenshots / f"{schritt}-anbieter-zustimmung.png", full_page=True)
    axe_pruefen(page, f"{schritt}: Zustimmung beim Anbieter")
    page.get_by_role("button", name="Erlauben").click()


def test_koordination_meldet_sich_mit_dem_dienstkonto_an(
    live_server, inhalt, anbieter, kontext, screenshots
):
    """19.1: the sign-in page's button, the provider's pages, back on the page asked for,
    signed in as Koordinierungsstelle; the provider asserted MFA, so no local second factor."""
    page = seite(kontext, "de", 1280)
    page.goto(f"{live_server.url}/anmelden/?next=/2024/")
    pruefen(page, screenshots, "dienstkonto-01-anmelden-de-1280")
    page.get_by_role("link", name="Mit Dienstkonto anmelden").click()
    beim_anbieter(page, "koordination", "dienstkonto-02", screenshots)

    expect(page).to_have_url(f"{live_server.url}/2024/")
    expect(page.get_by_role("heading", level=1)).to_have_text(inhalt.titel)
    # Staff only: the deleted items of the edition, in the menu.
    expect(page.get_by_role("link", name="Gelöschte Elemente")).to_have_count(1)
    pruefen(page, screenshots, "dienstkonto-03-angemeldet-de-1280")
    user = Dienstkonto.objects.get(subjekt=KONTEN["koordination"]["sub"]).user
    assert list(user.groups.values_list("name", flat=True)) == ["Koordinierungsstelle"]


def test_ohne_mfa_beim_anbieter_fragt_die_seite_den_zweiten_faktor_auf_arabisch(
    live_server, inhalt, anbieter, kontext, screenshots
):
    """19.1: no MFA asserted: on a phone, in Arabic, the app asks for the local second factor
    (first time: set up the authenticator app), then the page asked for."""
    page = seite(kontext, "ar", 375)
    page.goto(f"{live_server.url}/ar/anmelden/?next=/ar/2024/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    pruefen(page, screenshots, "dienstkonto-04-anmelden-ar-375")
    page.get_by_role("link", name=uebersetzt("ar", "Mit Dienstkonto anmelden")).click()
    beim_anbieter(page, "ohne-mfa", "dienstkonto-05", screenshots)

    expect(page).to_have_url(
        f"{live_server.url}/ar/anmelden/zweiter-faktor/einrichten/?next=%2Far%2F2024%2F"
    )
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    pruefen(page, screenshots, "dienstkonto-06-zweiter-faktor-ar-375")
    user = Dienstkonto.objects.get(subjekt=KONTEN["ohne-mfa"]["sub"]).user
    geraet = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label(uebersetzt("ar", "Code")).fill(
        f"{totp(geraet.bin_key, step=geraet.step):06d}"
    )
    page.get_by_role("button", name=uebersetzt("ar", "Einrichten")).click()
    page.get_by_role("link", name=uebersetzt("ar", "Weiter")).click()
    expect(page).to_have_url(f"{live_server.url}/ar/2024/")
    # Staff only, in the folded menu of a phone's header.
    expect(page.locator('a[href="/ar/2024/geloescht/"]')).to_have_count(1)
    pruefen(page, screenshots, "dienstkonto-07-angemeldet-ar-375")


@pytest.mark.parametrize(
    ("sprache", "breite"), [("de", 375), ("de", 1280), ("ar", 375), ("ar", 1280)]
)
def test_ohne_rolle_eine_klare_absage(
    live_server, inhalt, anbieter, kontext, screenshots, sprache, breite
):
    """19.1, bad input: claims that map to no role: a clear page in the reader's language and
    the site's layout (403), not signed in, nothing stored."""
    praefix = "" if sprache == "de" else f"/{sprache}"
    page = seite(kontext, sprache, breite)
    page.goto(f"{live_server.url}{praefix}/anmelden/?next={praefix}/2024/")
    pruefen(page, screenshots, f"dienstkonto-08-anmelden-{sprache}-{breite}")
    page.get_by_role("link", name=uebersetzt(sprache, "Mit Dienstkonto anmelden")).click()
    beim_anbieter(page, "ohne-rolle", f"dienstkonto-09-{sprache}-{breite}", screenshots)

    titel = uebersetzt(sprache, "Keine Rolle im Integrationskonzept")
    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    expect(page.locator("html")).to_have_attribute("lang", sprache)
    zur_anmeldung = page.get_by_role("main").get_by_role(
        "link", name=uebersetzt(sprache, "Zur Anmeldung")
    )
    expect(zur_anmeldung).to_have_attribute("href", f"{praefix}/anmelden/")
    pruefen(page, screenshots, f"dienstkonto-10-keine-rolle-{sprache}-{breite}")
    assert (
        not Dienstkonto.objects.exists()
        and not User.objects.filter(username__startswith="dienstkonto-").exists()
    )


@pytest.mark.parametrize(("sprache", "breite"), [("de", 1280), ("ar", 375)])
def test_anbieter_nicht_erreichbar(
    live_server, inhalt, settings, kontext, screenshots, sprache, breite
):
    """19.1, bad input: the provider is down: a page that says so (503), in the site's layout
    and the reader's language, with the way to the password sign-in."""
    settings.DIENSTKONTO = {
        **settings.DIENSTKONTO,
        "aussteller": f"http://127.0.0.1:{freier_port()}",
        "client_id": "integrationskonzept",
        "zeitlimit": 2.0,
    }
    praefix = "" if sprache == "de" else f"/{sprache}"
    page = seite(kontext, sprache, breite)
    page.goto(f"{live_server.url}{praefix}/anmelden/?next={praefix}/2024/")
    with page.expect_response(lambda antwort: "/anmelden/dienstkonto/" in antwort.url) as info:
        page.get_by_role("link", name=uebersetzt(sprache, "Mit Dienstkonto anmelden")).click()
    assert info.value.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text(
        uebersetzt(sprache, "Anmeldedienst nicht erreichbar")
    )
    pruefen(page, screenshots, f"dienstkonto-11-nicht-erreichbar-{sprache}-{breite}")
