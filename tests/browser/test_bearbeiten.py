"""The Koordinierungsstelle edits a measure of the 2026 draft, with and without JavaScript.

With JavaScript the card is swapped in place for its form and back (htmx, no page load); without
JavaScript the same controls are links and forms that lead to the full edit page and back to the
field page. axe-core audits every state; the database is checked after every save.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from konzept.begriffe import begriffe
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme
from tests import fabrik
from tests.browser.conftest import zweiter_faktor
from tests.conftest import benutzer_mit_rolle

from .test_rundgang import axe_pruefen, htmx_bereit, htmx_ruhig, pruefen

NEUER_TITEL = "Mit Dolmetschenden im ganzen Landkreis"
BENUTZER = "koordination"
PASSWORT = "geheim-und-lang-2024"

# The controls of a card are named "Bearbeiten: <title>"; Chromium's accessible name has a space
# before the colon (the visually hidden part is a block), so the names are matched loosely.
BEARBEITEN = re.compile(r"^Bearbeiten\b")
STATUS = re.compile(r"^Status\b")

pytestmark = pytest.mark.browser


@pytest.fixture
def bearbeitet(inhalt):
    """The measure edited (the sample district's featured one): in the 2026 draft copied from
    2024, with a Koordinierungsstelle user.

    `inhalt` (tests/browser/conftest.py) runs on `transactional_db`, so the draft and the user
    are committed and the `live_server` thread sees them.
    """
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    return Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))


def anmelden(page: Page, live_server, ziel: str) -> None:
    """Signs in through the real sign-in page and lands on `ziel`."""
    page.goto(f"{live_server.url}/anmelden/?next={ziel}")
    page.get_by_label("Benutzername").fill(BENUTZER)
    page.get_by_label("Passwort").fill(PASSWORT)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden", exact=True).click()
    zweiter_faktor(page, BENUTZER)
    expect(page).to_have_url(f"{live_server.url}{ziel}")


def angemeldete_seite(kontext, live_server, ziel: str, **optionen) -> Page:
    page = kontext(**optionen).new_page()
    anmelden(page, live_server, ziel)
    return page


def kein_neuladen_merken(page: Page) -> list[str]:
    """Marks the document and records every page load from now on."""
    dokumente: list[str] = []
    page.on("request", lambda r: dokumente.append(r.url) if r.resource_type == "document" else None)
    page.evaluate("() => { window.__kein_neuladen = true; }")
    return dokumente


def nicht_neu_geladen(page: Page, dokumente: list[str]) -> None:
    assert page.evaluate("() => window.__kein_neuladen") is True, "Die Seite wurde neu geladen."
    assert dokumente == [], f"Unerwartete Seitenaufrufe: {dokumente}"


def fokus_in(page: Page, selektor: str) -> bool:
    return page.evaluate(
        "(selektor) => { const bereich = document.querySelector(selektor);"
        " return !!bereich && bereich.contains(document.activeElement)"
        " && document.activeElement !== document.body; }",
        selektor,
    )


@contextmanager
def post_anhalten(page: Page, muster: re.Pattern) -> Iterator[None]:
    """Holds matching POST requests in flight until the block ends, to see the loading state."""
    gehalten = []

    def halten(route):
        if route.request.method == "POST":
            gehalten.append(route)
        else:
            route.fallback()

    page.route(muster, halten)
    try:
        yield
        assert gehalten, "Keine Anfrage angehalten."
    finally:
        for route in gehalten:
            route.continue_()
        page.unroute(muster, halten)


def ohne_htmx(kontext, live_server, url: str) -> Page:
    """A signed-in page that runs scripts (for axe) but never loads htmx: the no-JS DOM."""
    pruef_kontext: BrowserContext = kontext()
    pruef_kontext.route(re.compile(r"/htmx\.min\.js$"), lambda route: route.abort())
    pruef_seite = pruef_kontext.new_page()
    anmelden(pruef_seite, live_server, url.removeprefix(live_server.url))
    assert pruef_seite.evaluate("() => window.htmx === undefined")
    return pruef_seite


def themenfeld_url(massnahme: Massnahme) -> str:
    """The page of the measure's field, where its card is edited."""
    return massnahme.themenfeld.get_absolute_url()


def karte(page: Page, massnahme: Massnahme):
    return page.locator(f"article#massnahme-{massnahme.pk}")


def status_oeffnen(page: Page, massnahme: Massnahme):
    """Opens the status form at the card's badge, by keyboard; returns the badge's button."""
    knopf = karte(page, massnahme).locator("details.status-wahl > summary")
    knopf.focus()
    page.keyboard.press("Enter")
    expect(karte(page, massnahme).get_by_label(STATUS)).to_be_visible()
    return knopf


def test_massnahme_im_formular_an_ort_und_stelle_bearbeiten(
    live_server, bearbeitet, kontext, screenshots
):
    version, titel = bearbeitet.version, bearbeitet.titel
    page = angemeldete_seite(kontext, live_server, themenfeld_url(bearbeitet))
    htmx_bereit(page)
    dokumente = kein_neuladen_merken(page)

    # 1. "Bearbeiten" swaps the card for its form; focus moves into the form.
    karte(page, bearbeitet).get_by_role("link", name=BEARBEITEN).click()
    formular = page.get_by_role("form", name=f"„{titel}“ bearbeiten")
    expect(formular).to_be_visible()
    htmx_ruhig(page)
    expect(karte(page, bearbeitet)).to_have_count(0)
    assert fokus_in(page, "form.element-form"), "Der Fokus ist nicht im Formular."
    expect(formular.get_by_label("Titel", exact=True)).to_be_focused()
    nicht_neu_geladen(page, dokumente)
    pruefen(page, screenshots, "07-bearbeiten-formular")

    # 2. Save: the card comes back in place with the new title and status.
    formular.get_by_label("Titel", exact=True).fill(NEUER_TITEL)
    formular.get_by_label("Status", exact=True).select_option("umgesetzt")
    with post_anhalten(page, re.compile(rf"/bearbeiten/massnahme/{bearbeitet.pk}/$")):
        # While the save is in flight, the form shows it and cannot be sent twice.
        formular.get_by_role("button", name="Speichern").click()
        expect(formular).to_have_class(re.compile(r"\bhtmx-request\b"))
        expect(formular.locator(".lade-hinweis")).to_be_visible()
        expect(formular.locator(".lade-hinweis")).to_have_text("Speichert …")
        expect(formular.get_by_role("button", name="Speichern")).to_be_disabled()
        page.screenshot(path=screenshots / "07b-bearbeiten-speichert.png")
    neu = karte(page, bearbeitet)
    expect(neu.get_by_role("heading", name=NEUER_TITEL)).to_be_visible()
    expect(neu.locator(".massnahme__meta .status")).to_have_text(re.compile(r"umgesetzt$"))
    expect(neu.locator(".massnahme__meta .status")).to_have_class(re.compile(r"status--umgesetzt"))
    expect(page.locator("#live-meldung")).to_have_text("Gespeichert")
    expect(formular).to_have_count(0)
    htmx_ruhig(page)
    assert fokus_in(page, f"#massnahme-{bearbeitet.pk}"), "Der Fokus ist nicht bei der Karte."
    nicht_neu_geladen(page, dokumente)
    pruefen(page, screenshots, "08-bearbeiten-gespeichert")

    bearbeitet.refresh_from_db()
    assert (bearbeitet.titel, bearbeitet.status, bearbeitet.version) == (
        NEUER_TITEL,
        "umgesetzt",
        version + 1,
    )

    # 3. The saved card is editable again, and cancelling brings it back unchanged.
    neu.get_by_role("link", name=BEARBEITEN).click()
    formular = page.get_by_role("form", name=f"„{NEUER_TITEL}“ bearbeiten")
    expect(formular.get_by_label("Titel", exact=True)).to_have_value(NEUER_TITEL)
    formular.get_by_role("link", name="Abbrechen").click()
    expect(karte(page, bearbeitet).get_by_role("heading", name=NEUER_TITEL)).to_be_visible()
    expect(page.locator("#live-meldung")).to_have_text("Bearbeitung abgebrochen")
    htmx_ruhig(page)
    nicht_neu_geladen(page, dokumente)
    bearbeitet.refresh_from_db()
    assert bearbeitet.version == version + 1


def test_status_mit_einem_klick_setzen(live_server, bearbeitet, kontext, screenshots):
    """Choosing in the select saves nothing (WCAG 3.2.2, issue 17.4); its button does. The form
    waits behind the card's status badge (issue 17.4: no row of its own)."""
    version = bearbeitet.version
    # A status the measure does not have yet.
    status = Massnahme.Status
    neu = status.IN_UMSETZUNG if bearbeitet.status != status.IN_UMSETZUNG else status.UMGESETZT
    page = angemeldete_seite(kontext, live_server, themenfeld_url(bearbeitet))
    htmx_bereit(page)
    dokumente = kein_neuladen_merken(page)

    # Closed, the badge names the status and what it opens; Escape closes it again.
    knopf = karte(page, bearbeitet).locator("details.status-wahl > summary")
    expect(karte(page, bearbeitet).get_by_label(STATUS)).to_be_hidden()
    expect(knopf).to_have_accessible_name(
        re.compile(rf"{re.escape(str(bearbeitet.get_status_display()))}.*ändern")
    )
    status_oeffnen(page, bearbeitet)
    hoehe = page.evaluate("() => document.documentElement.scrollHeight")
    page.screenshot(path=screenshots / "09a-status-offen.png")
    page.keyboard.press("Escape")
    expect(karte(page, bearbeitet).get_by_label(STATUS)).to_be_hidden()
    expect(knopf).to_be_focused()

    status_oeffnen(page, bearbeitet)
    assert page.evaluate("() => document.documentElement.scrollHeight") == hoehe
    status_form = karte(page, bearbeitet).locator("form.status-form")
    with post_anhalten(page, re.compile(rf"/bearbeiten/massnahme/{bearbeitet.pk}/status/$")):
        # A keyboard user: on the select, choosing a status.
        karte(page, bearbeitet).get_by_label(STATUS).focus()
        karte(page, bearbeitet).get_by_label(STATUS).select_option(neu.value)
        page.wait_for_timeout(300)
        bearbeitet.refresh_from_db()
        assert bearbeitet.version == version, "Die Auswahl allein hat schon gespeichert."
        status_form.get_by_role("button", name=re.compile("^Status setzen")).press("Enter")
        expect(status_form.locator(".lade-hinweis")).to_be_visible()
        expect(status_form.get_by_role("button")).to_be_disabled()
    badge = karte(page, bearbeitet).locator(".massnahme__meta .status")
    expect(badge).to_have_text(re.compile(rf"{neu.label}$"))
    expect(badge).to_have_class(re.compile(rf"status--{neu.value}"))
    expect(page.locator("#live-meldung")).to_have_text(f"Status gespeichert: {neu.label}")
    htmx_ruhig(page)
    expect(karte(page, bearbeitet).get_by_label(STATUS)).to_have_value(neu.value)
    # Keyboard users stay where they were: on the badge of the new card, which shows the new
    # status; its form has closed.
    expect(karte(page, bearbeitet).locator("details.status-wahl > summary")).to_be_focused()
    expect(karte(page, bearbeitet).get_by_label(STATUS)).to_be_hidden()
    nicht_neu_geladen(page, dokumente)
    pruefen(page, screenshots, "09-status-gesetzt")

    bearbeitet.refresh_from_db()
    assert (bearbeitet.status, bearbeitet.version) == (neu.value, version + 1)

    # A second change works on the swapped-in card (it carries the new version).
    status_oeffnen(page, bearbeitet)
    karte(page, bearbeitet).get_by_label(STATUS).select_option("verstetigt")
    karte(page, bearbeitet).get_by_role("button", name=re.compile("^Status setzen")).click()
    expect(badge).to_have_text(re.compile(r"verstetigt$"))
    htmx_ruhig(page)
    bearbeitet.refresh_from_db()
    assert (bearbeitet.status, bearbeitet.version) == ("verstetigt", version + 2)


def test_status_ohne_javascript(live_server, bearbeitet, kontext):
    """Without JavaScript the badge still opens the form, and its button saves and leads back
    to the card."""
    version = bearbeitet.version
    status = Massnahme.Status
    neu = status.IN_UMSETZUNG if bearbeitet.status != status.IN_UMSETZUNG else status.UMGESETZT
    page = angemeldete_seite(
        kontext, live_server, themenfeld_url(bearbeitet), java_script_enabled=False
    )
    status_oeffnen(page, bearbeitet)
    karte(page, bearbeitet).get_by_label(STATUS).select_option(neu.value)
    bearbeitet.refresh_from_db()
    assert bearbeitet.version == version
    with page.expect_navigation():
        karte(page, bearbeitet).get_by_role("button", name=re.compile("^Status setzen")).click()
    expect(page).to_have_url(
        f"{live_server.url}{themenfeld_url(bearbeitet)}#massnahme-{bearbeitet.pk}"
    )
    expect(page.locator(".meldungen")).to_contain_text(f"Status gespeichert: {neu.label}")
    expect(karte(page, bearbeitet).locator(".massnahme__meta .status")).to_have_text(
        re.compile(rf"{re.escape(str(neu.label))}$")
    )
    bearbeitet.refresh_from_db()
    assert (bearbeitet.status, bearbeitet.version) == (neu.value, version + 1)


def test_fehler_im_formular_bleiben_an_ort_und_stelle(
    live_server, bearbeitet, kontext, screenshots
):
    alt = (bearbeitet.titel, bearbeitet.status, bearbeitet.zeitraum, bearbeitet.version)
    assert bearbeitet.zeitraum != "2026–2027" and bearbeitet.status != "zurueckgestellt"
    page = angemeldete_seite(kontext, live_server, themenfeld_url(bearbeitet))
    htmx_bereit(page)
    dokumente = kein_neuladen_merken(page)

    karte(page, bearbeitet).get_by_role("link", name=BEARBEITEN).click()
    formular = page.get_by_role("form", name=f"„{alt[0]}“ bearbeiten")
    expect(formular.get_by_label("Titel", exact=True)).to_be_focused()
    formular.get_by_label("Titel", exact=True).fill("")
    formular.get_by_label("Zeitraum").fill("2026–2027")
    formular.get_by_label("Status", exact=True).select_option("zurueckgestellt")
    formular.get_by_role("button", name="Speichern").click()

    # The form stays, with the error next to the field and the other input kept.
    zusammenfassung = formular.get_by_role("alert")
    expect(zusammenfassung).to_contain_text("Nicht gespeichert")
    htmx_ruhig(page)
    expect(zusammenfassung).to_be_focused()
    titel = formular.get_by_label("Titel", exact=True)
    expect(titel).to_have_attribute("aria-invalid", "true")
    expect(titel).to_have_attribute(
        "aria-describedby", re.compile(rf"\bid_massnahme{bearbeitet.pk}_titel_error\b")
    )
    expect(formular.locator(f"#id_massnahme{bearbeitet.pk}_titel_error")).to_be_visible()
    expect(formular.locator(f"#id_massnahme{bearbeitet.pk}_titel_error")).to_contain_text(
        "Dieses Feld ist zwingend"
    )
    expect(titel).to_have_value("")
    expect(formular.get_by_label("Zeitraum")).to_have_value("2026–2027")
    expect(formular.get_by_label("Status", exact=True)).to_have_value("zurueckgestellt")
    expect(karte(page, bearbeitet)).to_have_count(0)
    nicht_neu_geladen(page, dokumente)
    pruefen(page, screenshots, "10-bearbeiten-fehler")

    bearbeitet.refresh_from_db()
    assert (bearbeitet.titel, bearbeitet.status, bearbeitet.zeitraum, bearbeitet.version) == alt

    # Corrected, it saves.
    titel.fill(NEUER_TITEL)
    formular.get_by_role("button", name="Speichern").click()
    expect(karte(page, bearbeitet).get_by_role("heading", name=NEUER_TITEL)).to_be_visible()
    expect(page.locator("#live-meldung")).to_have_text("Gespeichert")
    htmx_ruhig(page)
    nicht_neu_geladen(page, dokumente)
    bearbeitet.refresh_from_db()
    assert (bearbeitet.titel, bearbeitet.status, bearbeitet.zeitraum, bearbeitet.version) == (
        NEUER_TITEL,
        "zurueckgestellt",
        "2026–2027",
        alt[3] + 1,
    )


def test_bearbeiten_ohne_javascript(live_server, bearbeitet, kontext, screenshots):
    version, titel = bearbeitet.version, bearbeitet.titel
    # The page is named with the district's word for a measure.
    ueberschrift = f"{begriffe()['massnahme'].einzahl} bearbeiten"
    page = angemeldete_seite(
        kontext, live_server, themenfeld_url(bearbeitet), java_script_enabled=False
    )

    # The "Bearbeiten" link leads to the full edit page.
    with page.expect_navigation():
        karte(page, bearbeitet).get_by_role("link", name=BEARBEITEN).click()
    bearbeiten_url = f"{live_server.url}/bearbeiten/massnahme/{bearbeitet.pk}/"
    expect(page).to_have_url(bearbeiten_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(ueberschrift)
    formular = page.get_by_role("form", name=f"„{titel}“ bearbeiten")
    expect(formular.get_by_label("Titel", exact=True)).to_have_value(titel)
    schritt = "11-bearbeiten-ohne-js"
    page.screenshot(path=screenshots / f"{schritt}.png", full_page=True)
    pruef_seite = ohne_htmx(kontext, live_server, bearbeiten_url)
    expect(pruef_seite.get_by_role("heading", level=1)).to_have_text(ueberschrift)
    axe_pruefen(pruef_seite, schritt)

    # Saving leads back to the field page, at the measure, with the message.
    formular.get_by_label("Titel", exact=True).fill(NEUER_TITEL)
    formular.get_by_label("Status", exact=True).select_option("umgesetzt")
    with page.expect_navigation():
        formular.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(
        f"{live_server.url}{themenfeld_url(bearbeitet)}#massnahme-{bearbeitet.pk}"
    )
    expect(page.locator(".meldungen")).to_contain_text("Gespeichert")
    neu = karte(page, bearbeitet)
    expect(neu.get_by_role("heading", name=NEUER_TITEL)).to_be_visible()
    expect(neu.locator(".massnahme__meta .status")).to_have_text(re.compile(r"umgesetzt$"))
    schritt = "12-gespeichert-ohne-js"
    page.screenshot(path=screenshots / f"{schritt}.png", full_page=True)

    bearbeitet.refresh_from_db()
    assert (bearbeitet.titel, bearbeitet.status, bearbeitet.version) == (
        NEUER_TITEL,
        "umgesetzt",
        version + 1,
    )

    # An empty title: the full page again, with the error next to the field.
    page.goto(bearbeiten_url)
    formular = page.get_by_role("form", name=f"„{NEUER_TITEL}“ bearbeiten")
    formular.get_by_label("Titel", exact=True).fill("")
    with page.expect_navigation():
        formular.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(bearbeiten_url)
    expect(formular.get_by_role("alert")).to_contain_text("Nicht gespeichert")
    expect(formular.locator(f"#id_massnahme{bearbeitet.pk}_titel_error")).to_be_visible()
    bearbeitet.refresh_from_db()
    assert (bearbeitet.titel, bearbeitet.version) == (NEUER_TITEL, version + 1)


def test_bearbeiten_an_ort_und_stelle_unter_der_csp(live_server, bearbeitet, kontext):
    """In a normal context (CSP enforced): editing in place raises no CSP report, no error."""
    page = kontext().new_page()
    csp_meldungen = []
    skriptfehler = []
    page.on(
        "console",
        lambda m: csp_meldungen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda fehler: skriptfehler.append(str(fehler)))
    anmelden(page, live_server, themenfeld_url(bearbeitet))
    htmx_bereit(page)
    dokumente = kein_neuladen_merken(page)

    titel = bearbeitet.titel
    karte(page, bearbeitet).get_by_role("link", name=BEARBEITEN).click()
    formular = page.get_by_role("form", name=f"„{titel}“ bearbeiten")
    formular.get_by_label("Titel", exact=True).fill(NEUER_TITEL)
    formular.get_by_role("button", name="Speichern").click()
    expect(karte(page, bearbeitet).get_by_role("heading", name=NEUER_TITEL)).to_be_visible()
    htmx_ruhig(page)
    status_oeffnen(page, bearbeitet)
    karte(page, bearbeitet).get_by_label(STATUS).select_option("umgesetzt")
    # Saved by its button only (WCAG 3.2.2, issue 17.4).
    karte(page, bearbeitet).get_by_role("button", name=re.compile("^Status setzen")).click()
    expect(page.locator("#live-meldung")).to_have_text("Status gespeichert: umgesetzt")
    htmx_ruhig(page)
    nicht_neu_geladen(page, dokumente)

    bearbeitet.refresh_from_db()
    assert (bearbeitet.titel, bearbeitet.status) == (NEUER_TITEL, "umgesetzt")
    assert csp_meldungen == [], "CSP-Verstöße:\n" + "\n".join(csp_meldungen)
    assert skriptfehler == [], "Skriptfehler:\n" + "\n".join(skriptfehler)
