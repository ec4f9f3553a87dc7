"""Issue 17.12 in Chromium with forced colours (the contrast themes of Windows): what a
background or KERN's white icon paint told apart stays visible once the theme drops them.

The page is our own stylesheet, exactly as the pages carry it, around one element of each
kind: the test does not depend on which content happens to show a badge."""

import pytest
from django.utils.html import escape

from konzept import seitenstil

pytestmark = pytest.mark.browser

ABZEICHEN = ("hinweis", "hinweis hinweis--ok", "ueberfaellig", "vertretung-kennzeichen")
SYMBOLE = (
    "kern-icon kern-icon--warning",
    "kern-icon kern-icon--danger",
    "kern-icon kern-icon--add",
)

SEITE = """<!doctype html><html lang="de"><head><style>{stil}</style></head><body>
<p>{abzeichen}</p>
<p>{symbole}</p>
<div class="kern-form-input__select-wrapper"><select class="kern-form-input__select">
<option>eins</option></select></div>
</body></html>"""

# Computed colours may come in other spaces (KERN's are oklch): a canvas turns them into sRGB.
MESSEN = """() => {
    const zeichnen = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
    const srgb = (farbe) => {
        zeichnen.clearRect(0, 0, 1, 1);
        zeichnen.fillStyle = farbe;
        zeichnen.fillRect(0, 0, 1, 1);
        return zeichnen.getImageData(0, 0, 1, 1).data.join(',');
    };
    const probe = document.createElement('div');
    probe.style.backgroundColor = 'Canvas';
    document.body.append(probe);
    const leinwand = srgb(getComputedStyle(probe).backgroundColor);
    const abzeichen = [...document.querySelectorAll('[data-abzeichen]')].map((element) => {
        const stil = getComputedStyle(element);
        return {
            name: element.className,
            hintergrund: srgb(stil.backgroundColor),
            rand: stil.borderTopStyle,
            randbreite: parseFloat(stil.borderTopWidth),
            randfarbe: srgb(stil.borderTopColor),
        };
    });
    const symbole = [...document.querySelectorAll('.kern-icon')].map((element) => ({
        name: element.className,
        farbe: srgb(getComputedStyle(element).backgroundColor),
    }));
    const pfeil = srgb(getComputedStyle(
        document.querySelector('.kern-form-input__select-wrapper'), '::after'
    ).backgroundColor);
    return {leinwand, abzeichen, symbole, pfeil};
}"""


def _seite() -> str:
    return SEITE.format(
        stil=seitenstil.stil("de", False),
        abzeichen=" ".join(
            f'<span class="{klasse}" data-abzeichen>{escape(klasse)}</span>' for klasse in ABZEICHEN
        ),
        symbole=" ".join(f'<span class="{klasse}"></span> Text' for klasse in SYMBOLE),
    )


def _messen(kontext, erzwungen: str) -> dict:
    page = kontext(forced_colors=erzwungen, color_scheme="light").new_page()
    page.set_content(_seite())
    return page.evaluate(MESSEN)


def test_ohne_erzwungene_farben_unterscheidet_sie_der_hintergrund(kontext):
    gemessen = _messen(kontext, "none")
    for abzeichen in gemessen["abzeichen"]:
        assert abzeichen["hintergrund"] != gemessen["leinwand"], abzeichen


def test_abzeichen_behalten_einen_rand(kontext):
    gemessen = _messen(kontext, "active")
    for abzeichen in gemessen["abzeichen"]:
        assert abzeichen["rand"] == "solid" and abzeichen["randbreite"] >= 1, abzeichen
        assert abzeichen["randfarbe"] != gemessen["leinwand"], abzeichen


def test_symbole_bleiben_auf_hellem_kontrastthema_sichtbar(kontext):
    gemessen = _messen(kontext, "active")
    assert gemessen["symbole"]
    for symbol in gemessen["symbole"]:
        assert symbol["farbe"] != gemessen["leinwand"], symbol
    assert gemessen["pfeil"] != gemessen["leinwand"]
