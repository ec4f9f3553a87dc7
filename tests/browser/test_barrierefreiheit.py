"""Issue 17.12 in Chromium: every control of the dark header shows a focus ring that stands out
against the header (WCAG 2.4.7 and 1.4.11: at least 3:1), the site's name and the search button
among them, on a wide screen and on a phone; the accessibility statement passes axe."""

import re

import pytest

from tests.browser.test_rundgang import pruefen

pytestmark = pytest.mark.browser

# The focused element's ring and what it is drawn on, as the browser computed them: the first
# painted background around the element (the header, or the opened panel below it). Colours
# come as sRGB: computed styles may be given in other spaces (KERN's are oklch), so a canvas
# converts them.
FOKUS = """() => {
    const leinwand = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
    const srgb = (farbe) => {
        leinwand.clearRect(0, 0, 1, 1);
        leinwand.fillStyle = farbe;
        leinwand.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = leinwand.getImageData(0, 0, 1, 1).data;
        return `rgba(${r}, ${g}, ${b}, ${a / 255})`;
    };
    const element = document.activeElement;
    const stil = getComputedStyle(element);
    let flaeche = element.parentElement;
    while (getComputedStyle(flaeche).backgroundColor === 'rgba(0, 0, 0, 0)') {
        flaeche = flaeche.parentElement;
    }
    return {
        imKopf: !!element.closest('.site-header'),
        beschreibung: element.outerHTML.slice(0, 120),
        farbe: srgb(stil.outlineColor),
        art: stil.outlineStyle,
        breite: parseFloat(stil.outlineWidth),
        hintergrund: srgb(getComputedStyle(flaeche).backgroundColor),
    };
}"""


def _rgb(farbe: str) -> tuple[float, float, float]:
    treffer = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", farbe)
    assert treffer, f"keine sRGB-Farbe: {farbe}"
    assert treffer[4] in (None, "1"), f"nicht deckend: {farbe}"
    return float(treffer[1]), float(treffer[2]), float(treffer[3])


def _leuchtdichte(farbe: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""

    def kanal(wert: float) -> float:
        wert /= 255
        return wert / 12.92 if wert <= 0.03928 else ((wert + 0.055) / 1.055) ** 2.4

    rot, gruen, blau = (kanal(wert) for wert in _rgb(farbe))
    return 0.2126 * rot + 0.7152 * gruen + 0.0722 * blau


def kontrast(erste: str, zweite: str) -> float:
    hell, dunkel = sorted((_leuchtdichte(erste), _leuchtdichte(zweite)), reverse=True)
    return (hell + 0.05) / (dunkel + 0.05)


def test_kontrast_nach_wcag():
    assert kontrast("rgb(255, 255, 255)", "rgba(0, 0, 0, 1)") == pytest.approx(21)
    assert kontrast("rgb(11, 31, 58)", "rgb(11, 31, 58)") == pytest.approx(1)
    # The ring KERN drew on the header before (its neutral-700 on #0b1f3a).
    assert kontrast("rgb(69, 75, 107)", "rgb(11, 31, 58)") < 3


def _fokus_pruefen(page, gesehen: list[str]) -> dict:
    fokus = page.evaluate(FOKUS)
    beschreibung = fokus["beschreibung"]
    assert fokus["art"] not in ("none", "hidden"), f"kein Fokusrahmen: {beschreibung}"
    assert fokus["breite"] >= 2, f"Fokusrahmen zu schmal: {beschreibung}"
    verhaeltnis = kontrast(fokus["farbe"], fokus["hintergrund"])
    assert verhaeltnis >= 3, f"{verhaeltnis:.2f}:1 gegen den Kopf: {beschreibung}"
    gesehen.append(beschreibung)
    return fokus


def _durch_den_kopf(page) -> list[str]:
    """Tabs from the top of the page through the header, opening each of its menus with the
    keyboard, and checks the focus of every control on the way."""
    gesehen = []
    page.keyboard.press("Tab")  # the skip link, over the page's white
    for _schritt in range(60):
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('.site-header')"):
            break
        _fokus_pruefen(page, gesehen)
        if page.evaluate(
            "document.activeElement.matches('details:not([open]) > summary')"
            " && document.activeElement.checkVisibility()"
        ):
            page.keyboard.press("Enter")
            _fokus_pruefen(page, gesehen)
    return gesehen


@pytest.mark.parametrize("breite", [1280, 375], ids=["breiter Bildschirm", "Telefon"])
def test_jedes_bedienelement_im_kopf_zeigt_seinen_fokus(live_server, kontext, inhalt, breite):
    page = kontext(viewport={"width": breite, "height": 800}).new_page()
    page.goto(live_server.url + inhalt.get_absolute_url())
    gesehen = _durch_den_kopf(page)
    # The site's name, the search button and the languages were among them.
    assert any(element.startswith('<a href="/">') for element in gesehen), gesehen
    assert any('type="submit" class="kern-btn' in element for element in gesehen), gesehen
    assert any('name="language"' in element for element in gesehen), gesehen


def test_name_und_suchknopf_mit_sichtbarem_fokus(live_server, kontext, inhalt):
    """The two the issue names, focused directly: an outline of at least 3:1 against the header
    background, computed from getComputedStyle."""
    page = kontext().new_page()
    page.goto(live_server.url + inhalt.get_absolute_url())
    for auswahl in (".site-header__name a", ".suchfeld button[type=submit]"):
        # Keyboard focus: Tab from the element before it, so that :focus-visible applies.
        page.evaluate(
            """(auswahl) => {
                const alle = [...document.querySelectorAll('a[href], button, input, summary')];
                const ziel = document.querySelector(auswahl);
                const vorher = alle[alle.indexOf(ziel) - 1];
                vorher.focus();
            }""",
            auswahl,
        )
        page.keyboard.press("Tab")
        assert page.evaluate("(a) => document.activeElement === document.querySelector(a)", auswahl)
        fokus = _fokus_pruefen(page, [])
        # Drawn on the header itself (konzept.css: #0b1f3a).
        assert fokus["hintergrund"] == "rgba(11, 31, 58, 1)"
        assert kontrast(fokus["farbe"], fokus["hintergrund"]) >= 3


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_erklaerung_zur_barrierefreiheit(live_server, kontext, inhalt, screenshots, sprache):
    """The statement with its parts, its barriers and the feedback button, audited by axe, on
    a phone; its feedback button is a link that writes an e-mail."""
    praefix = "" if sprache == "de" else f"/{sprache}"
    page = kontext(viewport={"width": 375, "height": 800}).new_page()
    page.goto(f"{live_server.url}{praefix}/barrierefreiheit/")
    melden = page.locator("[aria-labelledby=kontakt] a.kern-btn")
    assert melden.get_attribute("href").startswith("mailto:")
    assert page.locator(".barriere").count() >= 2
    pruefen(page, screenshots, f"erklaerung-barrierefreiheit-{sprache}")
