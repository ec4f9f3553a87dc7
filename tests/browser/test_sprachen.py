"""The concept in other languages: the Arabic journey right to left, the switcher, Persian, reflow.

Names are taken from the database (`titel_ar`) and from the message catalogues (`gettext` under
`translation.override`), so the tests follow the shipped translations instead of repeating them.
axe runs as in test_rundgang.py, under the app's CSP.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from konzept.begriffe import begriffe, migrationsvertretung
from konzept.models import Uebersetzungsstatus
from massnahmen.models import Massnahme
from tests import fabrik

from .test_rundgang import htmx_bereit, htmx_ruhig, pruefen

# The sample district's featured field: it has an Arabic title, a measure with one and a
# measure the migrant council proposed.
THEMENFELD_PFAD = f"/2024/themenfelder/{fabrik.rolle('themenfeld')}/"
SPRACHEN = ["de", "en", "ar", "fa", "uk", "ru", "tr"]

pytestmark = pytest.mark.browser


def uebersetzt(sprache: str, text: str) -> str:
    """An interface string as the catalogue of `sprache` has it."""
    with translation.override(sprache):
        return translation.gettext(text)


def anzahl_text(sprache: str, anzahl: int) -> str:
    with translation.override(sprache):
        vorlage = translation.gettext("%(massnahmen)s: %(anzahl)s")
        return vorlage % {"massnahmen": begriffe()["massnahme"].mehrzahl, "anzahl": anzahl}


def alle_massnahmen(sprache: str) -> str:
    """The main navigation's link to the measure list, in the district's word for a measure."""
    with translation.override(sprache):
        vorlage = translation.gettext("Alle %(massnahmen)s")
        return vorlage % {"massnahmen": begriffe()["massnahme"].mehrzahl}


def sprache_pruefen(page: Page, sprache: str, richtung: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", sprache)
    expect(html).to_have_attribute("dir", richtung)
    assert page.evaluate("() => document.documentElement.dir") == richtung
    assert page.evaluate("() => document.documentElement.lang") == sprache


def box(page: Page, selektor: str) -> dict:
    ergebnis = page.locator(selektor).first.bounding_box()
    assert ergebnis is not None, f"{selektor} ist nicht sichtbar."
    return ergebnis


def stil(page: Page, selektor: str, pseudo: str | None = None) -> dict:
    return page.evaluate(
        """([selektor, pseudo]) => {
            const s = getComputedStyle(document.querySelector(selektor), pseudo);
            return {
                paddingLeft: parseFloat(s.paddingLeft), paddingRight: parseFloat(s.paddingRight),
                borderLeft: parseFloat(s.borderLeftWidth),
                borderRight: parseFloat(s.borderRightWidth),
                left: parseFloat(s.left), right: parseFloat(s.right),
                fontSize: parseFloat(s.fontSize),
            };
        }""",
        [selektor, pseudo],
    )


def kopf_pruefen(page: Page, rtl: bool) -> None:
    """The site name sits at the inline start of the dark header: right in RTL, left in LTR.

    On a wide screen the menu is unfolded in the header: beside the name towards the inline end,
    or, where the row is too short, on the next row starting under the name. The language list
    opens on the name's side.
    """
    kopf = box(page, ".site-header__inner")
    name = box(page, ".site-header__name")
    expect(page.locator(".site-nav")).to_be_visible()
    navigation = box(page, ".site-nav")
    rand_rechts = kopf["x"] + kopf["width"] - (name["x"] + name["width"])
    rand_links = name["x"] - kopf["x"]
    darunter = navigation["y"] >= name["y"] + name["height"]
    if rtl:
        assert rand_rechts < rand_links, f"Name nicht rechts im Kopf: {name} in {kopf}"
        if darunter:
            rechts = navigation["x"] + navigation["width"]
            assert abs(rechts - (name["x"] + name["width"])) < 2, "Navigation nicht rechts"
        else:
            assert navigation["x"] + navigation["width"] <= name["x"], "Navigation nicht links"
    else:
        assert rand_links < rand_rechts, f"Name nicht links im Kopf: {name} in {kopf}"
        if darunter:
            assert abs(navigation["x"] - name["x"]) < 2, "Navigation nicht links"
        else:
            assert name["x"] + name["width"] <= navigation["x"], "Navigation nicht rechts"
    # The language switcher, opened, starts on the same side as the name.
    knopf = page.locator(".kopfmenue--sprache > summary")
    knopf.click()
    expect(page.locator(".sprachwahl li").first).to_be_visible()
    sprachwahl = box(page, ".sprachwahl li")
    if rtl:
        assert abs((sprachwahl["x"] + sprachwahl["width"]) - (name["x"] + name["width"])) < 2
    else:
        assert abs(sprachwahl["x"] - name["x"]) < 2
    knopf.click()
    expect(page.locator(".sprachwahl")).to_be_hidden()


def aufzaehlung_pruefen(page: Page, rtl: bool) -> None:
    """Bullets and their indent are on the inline-start side of the list."""
    liste = stil(page, "main .kern-list--bullet")
    start, ende = (
        (liste["paddingRight"], liste["paddingLeft"])
        if rtl
        else (liste["paddingLeft"], liste["paddingRight"])
    )
    assert start >= 16 and ende == 0, f"Einzug der Aufzählung auf der falschen Seite: {liste}"
    ul = box(page, "main .kern-list--bullet")
    li = box(page, "main .kern-list--bullet > li")
    if rtl:
        assert ul["x"] + ul["width"] - (li["x"] + li["width"]) >= 16
    else:
        assert li["x"] - ul["x"] >= 16


def auswahl_pruefen(page: Page, rtl: bool) -> None:
    """The select's arrow is at its inline end and the text keeps clear of it."""
    pfeil = stil(page, ".filter .kern-form-input__select-wrapper", "::after")
    auswahl = stil(page, ".filter .kern-form-input__select")
    if rtl:
        assert pfeil["left"] < pfeil["right"], f"Pfeil der Auswahl nicht links: {pfeil}"
        assert auswahl["paddingLeft"] > auswahl["paddingRight"], auswahl
    else:
        assert pfeil["right"] < pfeil["left"], f"Pfeil der Auswahl nicht rechts: {pfeil}"
        assert auswahl["paddingRight"] > auswahl["paddingLeft"], auswahl


def test_rundgang_auf_arabisch_von_rechts_nach_links(
    live_server, inhalt, themenfeld, massnahme, kmv_massnahme, kontext, screenshots
):
    page = kontext(locale="ar").new_page()
    alle = Massnahme.objects.in_edition(inhalt).count()
    im_feld = Massnahme.objects.in_edition(inhalt).filter(themenfeld=themenfeld).count()
    assert themenfeld.titel_ar and massnahme.titel_ar and inhalt.titel_ar
    assert massnahme.themenfeld == kmv_massnahme.themenfeld == themenfeld
    assert 0 < im_feld < alle
    with translation.override("ar"):
        # The district's words in Arabic (German where it has no Arabic of its own).
        feldname = begriffe()["themenfeld"].einzahl
        kennzeichen = migrationsvertretung().kennzeichen

    # 1. The overview, right to left.
    page.goto(f"{live_server.url}/ar/2024/")
    sprache_pruefen(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text(inhalt.titel_ar)
    # A machine-translated title carries a quiet mark with its words for screen readers; the page
    # says once what the mark means, readable in Arabic script (axe checks contrast; issue 17.3).
    maschinell = uebersetzt("ar", "maschinell übersetzt, ungeprüft")
    marke = page.locator("main .karten .uebersetzung-marke").first
    expect(marke).to_be_visible()
    expect(marke).to_have_attribute("title", maschinell)
    expect(marke.locator(".kern-sr-only")).to_contain_text(maschinell)
    expect(page.locator("main .uebersetzung-notiz")).to_be_visible()
    assert stil(page, "main .uebersetzung-notiz")["fontSize"] >= 14
    assert stil(page, "main .uebersetzung-hinweis")["fontSize"] >= 14
    kopf_pruefen(page, rtl=True)
    aufzaehlung_pruefen(page, rtl=True)
    pruefen(page, screenshots, "sprache-ar-uebersicht")

    # 2. The card of the Themenfeld, found by its Arabic name.
    page.locator(".karten").get_by_role("link", name=themenfeld.titel_ar).click()
    expect(page).to_have_url(f"{live_server.url}/ar{THEMENFELD_PFAD}")
    sprache_pruefen(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text(themenfeld.titel_ar)
    # The goals' rule is on the right, where an Arabic line starts.
    ziel = stil(page, ".ziel")
    assert ziel["borderRight"] > 0 and ziel["borderLeft"] == 0, ziel
    assert ziel["paddingRight"] > 0 and ziel["paddingLeft"] == 0, ziel
    kmv_karte = page.locator(f"article#massnahme-{kmv_massnahme.pk}")
    expect(kmv_karte).to_have_class(re.compile(r"\bmassnahme--vertretung\b"))
    expect(kmv_karte.locator(".vertretung-kennzeichen")).to_have_text(kennzeichen)
    karte = page.locator("article.massnahme").filter(
        has=page.get_by_role("link", name=massnahme.titel_ar)
    )
    expect(karte).to_have_id(f"massnahme-{massnahme.pk}")
    pruefen(page, screenshots, "sprache-ar-themenfeld")

    # 3. The measure.
    karte.get_by_role("link", name=massnahme.titel_ar).click()
    expect(page).to_have_url(f"{live_server.url}/ar/2024/massnahmen/{massnahme.key}/")
    sprache_pruefen(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text(massnahme.titel_ar)
    pruefen(page, screenshots, "sprache-ar-massnahme")

    # 4. All measures, from the main navigation named in Arabic.
    page.get_by_role("navigation", name=uebersetzt("ar", "Hauptnavigation")).get_by_role(
        "link", name=alle_massnahmen("ar"), exact=True
    ).click()
    expect(page).to_have_url(f"{live_server.url}/ar/2024/massnahmen/")
    sprache_pruefen(page, "ar", "rtl")
    ueberschrift = page.locator("#liste-titel")
    expect(ueberschrift).to_have_text(anzahl_text("ar", alle))
    auswahl_pruefen(page, rtl=True)
    htmx_bereit(page)
    pruefen(page, screenshots, "sprache-ar-massnahmen")

    # 5. The filter swaps the list in place, in Arabic.
    dokumente = []
    page.on("request", lambda r: dokumente.append(r.url) if r.resource_type == "document" else None)
    page.evaluate("() => { window.__kein_neuladen = true; }")
    auswahl = page.get_by_label(feldname, exact=True)
    auswahl.select_option(themenfeld.key)
    expect(page).to_have_url(
        re.compile(rf"/ar/2024/massnahmen/\?(.*&)?themenfeld={themenfeld.key}")
    )
    expect(ueberschrift).to_have_text(anzahl_text("ar", im_feld))
    htmx_ruhig(page)
    assert page.evaluate("() => window.__kein_neuladen") is True, "Die Seite wurde neu geladen."
    assert dokumente == [], f"Unerwartete Seitenaufrufe: {dokumente}"
    liste = page.locator("#liste")
    expect(liste.locator("article.massnahme")).to_have_count(im_feld)
    expect(liste.locator(".massnahme__pfad").first).to_contain_text(themenfeld.titel_ar)
    expect(auswahl).to_have_value(themenfeld.key)
    sprache_pruefen(page, "ar", "rtl")
    pruefen(page, screenshots, "sprache-ar-massnahmen-gefiltert")


def test_deutsch_ist_das_spiegelbild(live_server, inhalt, kontext, screenshots):
    """The same pages in German, left to right, for comparison with the Arabic screenshots."""
    page = kontext().new_page()
    for schritt, pfad in (
        ("uebersicht", "/2024/"),
        ("themenfeld", THEMENFELD_PFAD),
        ("massnahmen", "/2024/massnahmen/"),
    ):
        page.goto(f"{live_server.url}{pfad}")
        sprache_pruefen(page, "de", "ltr")
        kopf_pruefen(page, rtl=False)
        if schritt == "uebersicht":
            aufzaehlung_pruefen(page, rtl=False)
        if schritt == "massnahmen":
            auswahl_pruefen(page, rtl=False)
        page.screenshot(path=screenshots / f"sprache-de-{schritt}.png", full_page=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["ohne-js", "mit-js"])
def test_sprachwahl_bleibt_auf_der_seite_und_wird_gemerkt(live_server, inhalt, kontext, javascript):
    page = kontext(java_script_enabled=javascript).new_page()
    sprachwahl = page.locator("form.sprachwahl")

    def waehlen(name: str) -> None:
        """Opens the language control in the header (a <details>) and picks a language."""
        page.locator(".kopfmenue--sprache > summary").click()
        with page.expect_navigation():
            sprachwahl.get_by_role("button", name=name, exact=True).click()

    page.goto(f"{live_server.url}{THEMENFELD_PFAD}")
    waehlen("العربية")
    expect(page).to_have_url(f"{live_server.url}/ar{THEMENFELD_PFAD}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The closed control names the current language; the list, opened, marks it.
    expect(page.locator(".kopfmenue--sprache > summary")).to_contain_text("العربية")
    aktuell = sprachwahl.get_by_role("button", name="العربية", exact=True, include_hidden=True)
    expect(aktuell).to_have_attribute("aria-current", "true")

    waehlen("Deutsch")
    expect(page).to_have_url(f"{live_server.url}{THEMENFELD_PFAD}")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    # Persian, chosen once, is where "/" leads from then on (the cookie remembers it).
    waehlen("فارسی")
    expect(page).to_have_url(f"{live_server.url}/fa{THEMENFELD_PFAD}")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/fa/2024/")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_persische_seite_ist_barrierefrei(live_server, themenfeld, kontext, screenshots):
    # The field in Persian (a machine translation, as the translation workspace would save it).
    themenfeld.uebersetzung_speichern(
        "fa", {"titel": "زبان، آموزش و کار (نمونه)"}, Uebersetzungsstatus.MASCHINELL
    )
    page = kontext(locale="fa").new_page()
    page.goto(f"{live_server.url}/fa{THEMENFELD_PFAD}")
    sprache_pruefen(page, "fa", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text(themenfeld.titel_fa)
    kopf_pruefen(page, rtl=True)
    pruefen(page, screenshots, "sprache-fa-themenfeld")


UEBERLAUF = """() => {
    const breite = document.documentElement.clientWidth;
    const raus = [];
    for (const el of document.querySelectorAll('body *')) {
        if (el.closest('.kern-sr-only, .skip-link')) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.left < -1 || r.right > breite + 1)) {
            const text = el.textContent.trim().slice(0, 40);
            raus.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
        }
    }
    return {breite: document.documentElement.scrollWidth, sichtbar: breite, raus: raus.slice(0, 5)};
}"""


def test_kein_text_laeuft_auf_schmalen_bildschirmen_ueber(live_server, inhalt, kontext):
    """At 320 CSS pixels (WCAG 1.4.10) long German, Russian and Ukrainian words wrap."""
    page = kontext(viewport={"width": 320, "height": 640}).new_page()
    fehler = []
    for sprache in SPRACHEN:
        praefix = "" if sprache == "de" else f"/{sprache}"
        for pfad in ("/2024/", THEMENFELD_PFAD, "/2024/massnahmen/", "/barrierefreiheit/"):
            page.goto(f"{live_server.url}{praefix}{pfad}")
            ergebnis = page.evaluate(UEBERLAUF)
            if ergebnis["breite"] > ergebnis["sichtbar"] or ergebnis["raus"]:
                fehler.append(f"{praefix}{pfad}: {ergebnis}")
    assert not fehler, "Seiten laufen seitlich über:\n" + "\n".join(fehler)
