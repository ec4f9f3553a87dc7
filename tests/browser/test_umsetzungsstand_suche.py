"""Issue 7 in the browser: the Umsetzungsstand dashboard and the search, German and Arabic, axe.

axe runs as in test_rundgang.py, in contexts that bypass the CSP for its script tag.
"""

import datetime
import io
import re
from urllib.parse import urlencode

import openpyxl
import pytest
from django.utils import translation
from playwright.sync_api import expect

from konzept import suche
from konzept.begriffe import begriffe
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme, Umsetzungsnotiz
from tests import fabrik
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.conftest import benutzer_mit_rolle

from .test_rundgang import axe_pruefen, pruefen

pytestmark = pytest.mark.browser


def uebersetzt(sprache: str, text: str) -> str:
    with translation.override(sprache):
        return translation.gettext(text)


@pytest.fixture
def gemischt(inhalt):
    """Measures in several states, so that the bars have several segments."""
    massnahmen = list(Massnahme.objects.in_edition(inhalt).order_by("pk"))
    for nummer, massnahme in enumerate(massnahmen):
        massnahme.status = Massnahme.Status.values[nummer % 3]
    Massnahme.objects.bulk_update(massnahmen, ["status"])
    Umsetzungsnotiz.objects.create(
        massnahme=massnahmen[0], datum=datetime.date(2024, 1, 15), text="Erste Schulung."
    )
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    return inhalt


def rechteck(page, selektor):
    box = page.locator(selektor).first.bounding_box()
    assert box, selektor
    return box


def test_umsetzungsstand_mit_diagramm_tabelle_und_druckansicht(
    live_server, gemischt, kontext, screenshots
):
    page = kontext(bypass_csp=True).new_page()
    page.goto(f"{live_server.url}/2024/")
    page.get_by_role("link", name="Umsetzungsstand: wie weit die Maßnahmen sind").click()
    expect(page).to_have_url(f"{live_server.url}/2024/umsetzungsstand/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Umsetzungsstand")
    # Each bar is an image with a name and a description; the table says the same in numbers.
    bild = page.get_by_role("img", name="Alle Maßnahmen")
    expect(bild).to_be_visible()
    assert page.locator("svg.balken").count() == 1 + gemischt.themenfelder.count()
    gesamt = rechteck(page, "svg.balken")
    segmente = page.locator("svg.balken").first.locator("rect")
    assert segmente.count() == 3
    # The segments fill the total bar from the left edge to the right edge.
    erstes, letztes = segmente.first.bounding_box(), segmente.last.bounding_box()
    assert abs(erstes["x"] - gesamt["x"]) < 2
    assert abs(letztes["x"] + letztes["width"] - (gesamt["x"] + gesamt["width"])) < 2
    woerter = begriffe()
    tabelle = page.get_by_role(
        "table",
        name=f"{woerter['massnahme'].mehrzahl} je {woerter['themenfeld'].einzahl} und Status",
    )
    expect(tabelle.get_by_role("row")).to_have_count(2 + gemischt.themenfelder.count())
    pruefen(page, screenshots, "umsetzungsstand")

    # Printed: the bars keep their colours, the table is there, the search box is not.
    page.emulate_media(media="print")
    expect(tabelle).to_be_visible()
    expect(page.locator("form.suchfeld")).to_be_hidden()
    farbe = page.evaluate(
        "() => getComputedStyle(document.querySelector('.balken')).printColorAdjust"
    )
    assert farbe == "exact"
    page.screenshot(path=screenshots / "umsetzungsstand-druck.png", full_page=True)


def test_umsetzungsstand_fuer_die_koordinierungsstelle(live_server, gemischt, kontext, screenshots):
    page = angemeldete_seite(kontext, live_server, "/2024/umsetzungsstand/")
    liste = page.get_by_role("table", name=re.compile("ohne aktuellen Umsetzungsstand"))
    expect(liste).to_be_visible()
    expect(liste.get_by_role("cell", name="15.01.2024")).to_have_count(1)
    page.get_by_label(re.compile("Kein neuer Umsetzungsstand seit mehr als")).fill("48")
    with page.expect_navigation():
        page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"monate=48"))
    expect(liste.get_by_role("cell", name="15.01.2024")).to_have_count(0)
    pruefen(page, screenshots, "umsetzungsstand-koordinierungsstelle")


def test_umsetzungsstand_auf_arabisch(live_server, gemischt, kontext, screenshots):
    page = kontext(bypass_csp=True, locale="ar").new_page()
    page.goto(f"{live_server.url}/ar/2024/umsetzungsstand/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(uebersetzt("ar", "Umsetzungsstand"))
    # Right to left, the stack starts at the right edge.
    gesamt = rechteck(page, "svg.balken")
    erstes = page.locator("svg.balken").first.locator("rect").first.bounding_box()
    assert abs(erstes["x"] + erstes["width"] - (gesamt["x"] + gesamt["width"])) < 2
    pruefen(page, screenshots, "umsetzungsstand-ar")


def test_suche_im_kopf_ohne_javascript(live_server, inhalt, kmv_massnahme, kontext, screenshots):
    """A plain GET form: type, press Enter, read the grouped results, follow one."""
    # A word of a measure's title, looked for as the reader types it.
    wort = max(kmv_massnahme.titel.split(), key=len)
    ergebnisse = f"/2024/suche/?{urlencode({'q': wort})}"
    page = kontext(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/2024/")
    feld = page.get_by_role("search").get_by_label("Im Konzept suchen")
    feld.fill(wort)
    with page.expect_navigation():
        feld.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{ergebnisse}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    expect(page.get_by_role("search").get_by_label("Im Konzept suchen")).to_have_value(wort)
    # The group of measures is named with the district's word for them.
    gruppe = page.get_by_role(
        "region", name=re.compile(rf"^{re.escape(begriffe()['massnahme'].mehrzahl)} \(\d+\)$")
    )
    treffer = gruppe.get_by_role("link", name=kmv_massnahme.titel)
    # Marked: the word (PostgreSQL's headline) or the part of it that was looked for (the
    # stem, on SQLite; issue 17.10).
    markiert = treffer.locator("mark")
    expect(markiert).to_have_count(1)
    assert markiert.inner_text().casefold() in {wort.casefold(), *suche.wortanfaenge(wort, "de")}
    page.screenshot(path=screenshots / "suche-ohne-js.png", full_page=True)
    with page.expect_navigation():
        treffer.click()
    expect(page).to_have_url(f"{live_server.url}/2024/massnahmen/{kmv_massnahme.key}/")

    # axe needs JavaScript; it audits the same result page in a context that runs scripts.
    pruef_seite = kontext(bypass_csp=True).new_page()
    pruef_seite.goto(f"{live_server.url}{ergebnisse}")
    axe_pruefen(pruef_seite, "suche")


def test_suche_auf_arabisch(live_server, inhalt, massnahme, kontext, screenshots):
    # The featured measure has an Arabic title.
    wort = max(massnahme.titel_ar.split(), key=len)
    page = kontext(bypass_csp=True, locale="ar").new_page()
    page.goto(f"{live_server.url}/ar/2024/")
    feld = page.get_by_role("search").get_by_label(uebersetzt("ar", "Im Konzept suchen"))
    feld.fill(wort)
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/ar/2024/suche/\?q="))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    link = page.locator(f'a[href="/ar/2024/massnahmen/{massnahme.key}/"]')
    expect(link).to_have_count(1)
    expect(link.locator("mark").first).to_be_visible()
    pruefen(page, screenshots, "suche-ar")


def test_tabellenimport_mit_vorschau(live_server, inhalt, kontext, screenshots, tmp_path):
    """Staff upload an edited export, see the preview, apply it."""
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    key = fabrik.rolle("kmv_massnahme")
    # A status the measure does not have yet.
    status = Massnahme.Status
    bisher = Massnahme.objects.in_edition(entwurf).get(key=key).status
    neu = status.IN_UMSETZUNG if bisher != status.IN_UMSETZUNG else status.UMGESETZT
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    page = angemeldete_seite(kontext, live_server, "/2026/massnahmen/import/")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX-Tabelle").click()
    mappe = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    blatt = mappe.worksheets[0]
    for zeile in blatt.iter_rows(min_row=2):
        if zeile[2].value == key:
            zeile[5].value = str(neu.label)
    datei = tmp_path / "massnahmen.xlsx"
    puffer = io.BytesIO()
    mappe.save(puffer)
    datei.write_bytes(puffer.getvalue())
    page.get_by_label("Bearbeitete Tabelle (XLSX)").set_input_files(datei)
    with page.expect_navigation():
        page.get_by_role("button", name="Tabelle prüfen").click()
    expect(page.get_by_role("heading", name="Vorschau: Das wird geändert")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(1)
    pruefen(page, screenshots, "import-vorschau")
    with page.expect_navigation():
        page.get_by_role("button", name="Diese Änderungen übernehmen").click()
    expect(page).to_have_url(f"{live_server.url}/2026/massnahmen/")
    expect(page.get_by_text("Tabelle übernommen: 1 Maßnahme geändert.")).to_be_visible()
    assert Massnahme.objects.in_edition(entwurf).get(key=key).status == neu.value


UEBERLAUF = """() => {
    const breite = document.documentElement.clientWidth;
    const raus = [];
    for (const el of document.querySelectorAll('body *')) {
        // Data tables may scroll in their own box (WCAG 1.4.10 exempts two-dimensional content).
        if (el.closest('.kern-sr-only, .skip-link, .kern-table-responsive')) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.left < -1 || r.right > breite + 1)) {
            raus.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}`);
        }
    }
    return {breite: document.documentElement.scrollWidth, sichtbar: breite, raus: raus.slice(0, 5)};
}"""


def test_nichts_laeuft_auf_schmalen_bildschirmen_ueber(live_server, gemischt, kontext):
    """At 320 CSS pixels (WCAG 1.4.10) the bars, the search box and the results fit."""
    page = kontext(viewport={"width": 320, "height": 640}).new_page()
    fehler = []
    for praefix in ("", "/ru", "/ar"):
        for pfad in ("/2024/umsetzungsstand/", "/2024/suche/?q=a"):
            page.goto(f"{live_server.url}{praefix}{pfad}")
            ergebnis = page.evaluate(UEBERLAUF)
            if ergebnis["breite"] > ergebnis["sichtbar"] or ergebnis["raus"]:
                fehler.append(f"{praefix}{pfad}: {ergebnis}")
    assert not fehler, "Seiten laufen seitlich über:\n" + "\n".join(fehler)
