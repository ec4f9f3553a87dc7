"""A reader's walk through the published concept, in headless Chromium, with axe-core on every page.

axe is an init script of every context (tests/browser/conftest.py), which the browser runs
outside the app's strict CSP; every context enforces the CSP and fails on any violation.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from konzept.begriffe import begriffe, migrationsvertretung
from konzept.models import Landkreis
from massnahmen.models import Massnahme

AXE_AUFRUF = """async () => await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
})"""

pytestmark = pytest.mark.browser


def axe_pruefen(page: Page, schritt: str) -> None:
    """Runs axe-core (an init script of every context) on the current document and fails
    with every violation spelled out."""
    verstoesse = page.evaluate(AXE_AUFRUF)["violations"]
    meldung = "\n".join(
        f"- {verstoss['id']} ({verstoss['impact']}): {verstoss['help']}\n"
        + "\n".join(f"    {' '.join(knoten['target'])}" for knoten in verstoss["nodes"])
        for verstoss in verstoesse
    )
    assert not verstoesse, f"axe-core meldet Verstöße auf {schritt} ({page.url}):\n{meldung}"


def pruefen(page: Page, screenshots: Path, schritt: str) -> None:
    """Saves a full-page screenshot of the step, then audits it."""
    page.screenshot(path=screenshots / f"{schritt}.png", full_page=True)
    axe_pruefen(page, schritt)


def htmx_bereit(page: Page) -> None:
    page.wait_for_function("() => window.htmx !== undefined")


def htmx_ruhig(page: Page) -> None:
    """Waits until htmx has finished requesting, swapping and settling."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
        ".htmx-added')"
    )


def anzahl_text(anzahl: int) -> str:
    return f"{begriffe()['massnahme'].mehrzahl}: {anzahl}"


def angezeigt(objekt, text: str | None = None) -> str:
    """An item's title (or `text`) as headings and links show it: after its number, where the
    district shows numbers (issue 16.3)."""
    text = objekt.titel if text is None else text
    if Landkreis.aktuell().nummern_zeigen and objekt.nummer:
        return f"{objekt.nummer} {text}"
    return text


def feldname() -> str:
    """The label of the field filter: the district's word for a field."""
    return begriffe()["themenfeld"].einzahl


def test_rundgang_von_der_uebersicht_bis_zum_gefilterten_massnahmenverzeichnis(
    live_server, inhalt, kmv_massnahme, kontext, screenshots
):
    page = kontext().new_page()
    # The field with a measure the migrant council proposed.
    themenfeld = kmv_massnahme.themenfeld
    alle = Massnahme.objects.in_edition(inhalt).count()
    im_feld = Massnahme.objects.in_edition(inhalt).filter(themenfeld=themenfeld).count()
    assert 0 < im_feld < alle
    kennzeichen = migrationsvertretung().kennzeichen
    assert kennzeichen

    # 1. The overview of the 2024 edition.
    page.goto(f"{live_server.url}/2024/")
    expect(page.get_by_role("heading", level=1)).to_have_text(inhalt.titel)
    pruefen(page, screenshots, "01-uebersicht")

    # 2. The card of a Themenfeld leads to its page.
    page.locator(".karten").get_by_role("link", name=themenfeld.titel, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/2024/themenfelder/{themenfeld.key}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(angezeigt(themenfeld))
    karte = page.locator("article.massnahme").filter(
        has=page.get_by_role("link", name=angezeigt(kmv_massnahme), exact=True)
    )
    expect(karte).to_have_class(re.compile(r"\bmassnahme--vertretung\b"))
    # Marked with the district's own label for its migrant council's proposals.
    expect(karte.locator(".vertretung-kennzeichen")).to_have_text(kennzeichen)
    pruefen(page, screenshots, "02-themenfeld")

    # 3. A measure, proposed by the KMV.
    karte.get_by_role("link", name=angezeigt(kmv_massnahme), exact=True).click()
    expect(page).to_have_url(re.compile(r"/2024/massnahmen/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(angezeigt(kmv_massnahme))
    expect(page.get_by_role("main").locator(".vertretung-kennzeichen")).to_have_text(kennzeichen)
    pruefen(page, screenshots, "03-massnahme")

    # 4. The measure list, from the main navigation.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Alle Maßnahmen", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/2024/massnahmen/$"))
    ueberschrift = page.locator("#liste-titel")
    expect(ueberschrift).to_have_text(anzahl_text(alle))
    htmx_bereit(page)
    pruefen(page, screenshots, "04-massnahmen")

    # 5. Filtering swaps the list in place and pushes the URL; the page is not reloaded.
    dokumente = []
    page.on("request", lambda r: dokumente.append(r.url) if r.resource_type == "document" else None)
    page.evaluate("() => { window.__kein_neuladen = true; }")
    page.get_by_label(feldname(), exact=True).select_option(themenfeld.key)
    expect(page).to_have_url(re.compile(rf"[?&]themenfeld={themenfeld.key}(&|$)"))
    expect(ueberschrift).to_have_text(anzahl_text(im_feld))
    htmx_ruhig(page)
    assert page.evaluate("() => window.__kein_neuladen") is True, "Die Seite wurde neu geladen."
    assert dokumente == [], f"Unerwartete Seitenaufrufe: {dokumente}"
    liste = page.locator("#liste")
    expect(liste.locator("article.massnahme")).to_have_count(im_feld)
    expect(liste.locator(".massnahme__pfad").first).to_contain_text(themenfeld.titel)
    expect(page.get_by_label(feldname(), exact=True)).to_have_value(themenfeld.key)
    pruefen(page, screenshots, "05-massnahmen-gefiltert")


def test_filter_ohne_javascript_sendet_das_formular(
    live_server, inhalt, themenfeld, kontext, screenshots
):
    page = kontext(java_script_enabled=False).new_page()
    alle = Massnahme.objects.in_edition(inhalt).count()
    im_feld = Massnahme.objects.in_edition(inhalt).filter(themenfeld=themenfeld).count()
    assert 0 < im_feld < alle

    page.goto(f"{live_server.url}/2024/massnahmen/")
    ueberschrift = page.locator("#liste-titel")
    expect(ueberschrift).to_have_text(anzahl_text(alle))
    page.get_by_label(feldname(), exact=True).select_option(themenfeld.key)
    # Without JavaScript nothing happens on change: the list only changes on submit.
    expect(ueberschrift).to_have_text(anzahl_text(alle))

    with page.expect_navigation():
        page.get_by_role("button", name="Filter anwenden").click()
    expect(page).to_have_url(re.compile(rf"[?&]themenfeld={themenfeld.key}(&|$)"))
    expect(ueberschrift).to_have_text(anzahl_text(im_feld))
    expect(page.locator("#liste article.massnahme")).to_have_count(im_feld)
    expect(page.get_by_label(feldname(), exact=True)).to_have_value(themenfeld.key)
    schritt = "06-massnahmen-gefiltert-ohne-js"
    page.screenshot(path=screenshots / f"{schritt}.png", full_page=True)

    # axe needs JavaScript (its promises never settle while scripts are disabled), so it audits
    # the same URL in a context that runs scripts but never loads htmx: the DOM a reader
    # without JavaScript gets.
    pruef_kontext = kontext()
    pruef_kontext.route(re.compile(r"/htmx\.min\.js$"), lambda route: route.abort())
    pruef_seite = pruef_kontext.new_page()
    pruef_seite.goto(page.url)
    expect(pruef_seite.locator("#liste-titel")).to_have_text(anzahl_text(im_feld))
    assert pruef_seite.evaluate("() => window.htmx === undefined")
    axe_pruefen(pruef_seite, schritt)


def test_seiten_verletzen_die_csp_nicht_und_bleiben_beim_eigenen_server(
    live_server, inhalt, kmv_massnahme, kontext
):
    """In a normal context (CSP enforced): no CSP report, no request to another host."""
    page = kontext().new_page()
    eigener_host = urlsplit(live_server.url).netloc
    csp_meldungen = []
    eigene_anfragen = []
    fremde_anfragen = []
    skriptfehler = []
    page.on(
        "console",
        lambda m: csp_meldungen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda fehler: skriptfehler.append(str(fehler)))

    def anfrage(request):
        teile = urlsplit(request.url)
        if teile.netloc == eigener_host:
            eigene_anfragen.append((request.resource_type, request.url))
        elif teile.scheme not in {"data", "blob"}:
            fremde_anfragen.append(request.url)

    page.on("request", anfrage)
    themenfeld = kmv_massnahme.themenfeld

    for pfad in (
        "/2024/",
        themenfeld.get_absolute_url(),
        "/impressum/",
        "/barrierefreiheit/",
    ):
        page.goto(f"{live_server.url}{pfad}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{live_server.url}/2024/")
    page.locator(".karten").get_by_role("link", name=themenfeld.titel, exact=True).click()
    page.get_by_role("link", name=angezeigt(kmv_massnahme), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(angezeigt(kmv_massnahme))

    # htmx itself must work under the CSP: the filter swaps without a reload.
    page.goto(f"{live_server.url}/2024/massnahmen/")
    htmx_bereit(page)
    page.evaluate("() => { window.__kein_neuladen = true; }")
    page.get_by_label(feldname(), exact=True).select_option(themenfeld.key)
    expect(page).to_have_url(re.compile(rf"[?&]themenfeld={themenfeld.key}(&|$)"))
    htmx_ruhig(page)
    assert page.evaluate("() => window.__kein_neuladen") is True
    # The listener saw the page's own traffic, including htmx's request for the fragment.
    assert any(
        art in {"xhr", "fetch"} and f"themenfeld={themenfeld.key}" in url
        for art, url in eigene_anfragen
    ), eigene_anfragen

    assert csp_meldungen == [], "CSP-Verstöße:\n" + "\n".join(csp_meldungen)
    assert fremde_anfragen == [], "Anfragen an fremde Hosts:\n" + "\n".join(fremde_anfragen)
    assert skriptfehler == [], "Skriptfehler:\n" + "\n".join(skriptfehler)


def test_csp_verstoesse_werden_erfasst(live_server, inhalt, kontext):
    """The recorder behind every browser test (tests/browser/conftest.py) does see a
    violation: an image from another host, added to the page, is blocked and reported."""
    page = kontext().new_page()
    page.goto(f"{live_server.url}/impressum/")
    page.evaluate(
        "() => { const bild = document.createElement('img');"
        " bild.src = 'https://boese.example/x.png'; document.body.append(bild); }"
    )
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_timeout(300)
    assert any("img-src" in v and "boese.example" in v for v in kontext.verstoesse)
    kontext.verstoesse.clear()
