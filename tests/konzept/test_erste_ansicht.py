"""Issue 20.1: a light first view. The styles travel in the page, the fonts are subsets of
the page's script with font-display, and answers without a secret are compressed."""

import gzip
import re
from pathlib import Path

import pytest
import tinycss2
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from fontTools.ttLib import TTFont

from konzept import seitenstil
from konzept.betrieb import gzip_komprimieren
from massnahmen.models import Massnahme

BASIS = Path(settings.BASE_DIR)
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


def seiten(edition, sprache: str) -> list[str]:
    """Overview, a field page and a measure page of the edition in that language."""
    with translation.override(sprache):
        return [
            edition.get_absolute_url(),
            edition.themenfelder.first().get_absolute_url(),
            Massnahme.objects.in_edition(edition).first().get_absolute_url(),
        ]


def schriftdateien(html: str) -> set[str]:
    return set(re.findall(r"/static/fonts/[\w/.-]+\.woff2", html))


def stylesheet(html: str) -> str:
    (stil,) = re.findall(r"<style nonce=\"[\w-]+\">(.*?)</style>", html, re.DOTALL)
    return stil


def schriftschnitte(css: str) -> list[dict[str, str]]:
    """The @font-face rules of a stylesheet, each as {descriptor: value}."""
    schnitte = []
    for regel in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if regel.type == "at-rule" and regel.lower_at_keyword == "font-face":
            schnitte.append(
                {
                    d.lower_name: tinycss2.serialize(d.value).strip()
                    for d in tinycss2.parse_blocks_contents(regel.content, skip_whitespace=True)
                    if d.type == "declaration"
                }
            )
    return schnitte


@pytest.mark.parametrize("sprache", ["ar", "fa"])
def test_arabische_seiten_laden_keine_lateinische_schrift(client, inhalt, sprache):
    """Issue 20.1: Arabic and Persian pages name no Fira file (Fira has no Arabic letters),
    only the Noto Sans Arabic subsets."""
    for url in seiten(inhalt, sprache):
        dateien = schriftdateien(client.get(url).text)
        assert dateien, url
        assert all("NotoSansArabic" in datei for datei in dateien), (url, dateien)


@pytest.mark.parametrize("sprache", ["de", "uk"])
def test_lateinische_und_kyrillische_seiten_laden_fira(client, inhalt, sprache):
    """Issue 20.1: Latin and Cyrillic pages name only Fira subsets, never the Arabic font;
    no font is preloaded (Chromium would hold back the first paint for it)."""
    for url in seiten(inhalt, sprache):
        html = client.get(url).text
        dateien = schriftdateien(html)
        assert dateien and all("FiraSans" in datei for datei in dateien), (url, dateien)
        assert 'rel="preload"' not in html


@pytest.mark.parametrize("sprache", ["de", "ar", "uk"])
def test_jede_webschrift_hat_font_display(client, inhalt, sprache):
    """Issue 20.1: every web font of a page has font-display, so that text shows at once:
    swap for Fira, whose fallbacks have Fira's metrics (faces without a file, local fonts with
    size-adjust); optional for Noto Sans Arabic, which would move the page when swapped in.
    Each has a unicode-range (a file is fetched only for its script) and its file exists."""
    css = stylesheet(client.get(seiten(inhalt, sprache)[0]).text)
    schnitte = schriftschnitte(css)
    webschriften = [schnitt for schnitt in schnitte if "url(" in schnitt["src"]]
    assert webschriften
    for schnitt in webschriften:
        anzeige = "optional" if "NotoSansArabic" in schnitt["src"] else "swap"
        assert schnitt.get("font-display") == anzeige, schnitt
        assert schnitt.get("unicode-range"), schnitt
        (adresse,) = re.findall(r'url\("/static/([^"]+)"\)', schnitt["src"])
        assert finders.find(adresse), adresse
    for schnitt in schnitte:
        if "url(" not in schnitt["src"]:
            assert schnitt["src"].startswith("local(") and "size-adjust" in schnitt, schnitt


def test_kein_stylesheet_braucht_eine_weitere_anfrage(client, inhalt):
    """Issue 20.1: nothing stands between the HTML and the first paint: no <link
    rel="stylesheet">, the whole stylesheet in one <style> with the response's nonce, which
    the CSP allows; right-to-left rules only on right-to-left pages, print rules only for print."""
    for sprache, rtl in (("de", False), ("ar", True)):
        response = client.get(seiten(inhalt, sprache)[0])
        html = response.text
        assert 'rel="stylesheet"' not in html
        nonce = re.search(r"'nonce-([\w-]+)'", response["Content-Security-Policy"]).group(1)
        assert f'<style nonce="{nonce}">' in html
        assert re.search(r"style-src [^;]*'nonce-", response["Content-Security-Policy"])
        css = stylesheet(html)
        assert ('[dir="rtl"] .kern-fieldset legend' in css) is rtl
        assert "@media print{" in css


def test_kern_auszug_ist_aktuell():
    """Issue 20.1: static/css/kern-auszug.css holds every rule of KERN UX whose classes the
    templates and code use. After using a new KERN class: `manage.py kern_auszug`."""
    datei = BASIS / "static" / seitenstil.KERN_AUSZUG
    assert datei.read_text() == seitenstil.kern_auszug(), (
        "static/css/kern-auszug.css ist veraltet: `.venv/bin/python manage.py kern_auszug`"
    )


def test_kern_auszug_behaelt_was_benutzt_wird():
    """Issue 20.1: the extract keeps rules for used classes (also through a prefix written
    before a template variable, `kern-alert--{{ art }}`) and the custom properties they need,
    and drops classes no page uses."""
    auszug = (BASIS / "static" / seitenstil.KERN_AUSZUG).read_text()
    assert ".kern-alert--danger{" in auszug  # only ever written as kern-alert--{% … %}
    assert ".kern-btn--primary" in auszug
    assert "--kern-color-layout-background-default:" in auszug
    # Classes of KERN UX that no template, code or script names.
    quelle = (BASIS / "static" / seitenstil.KERN_QUELLE).read_text()
    assert ".kern-icon--arrow-forward" in quelle and ".kern-icon--arrow-forward" not in auszug
    assert len(auszug) < len(quelle) / 3


@pytest.mark.parametrize(
    ("dateien", "sprachen"),
    [
        (["FiraSans-Regular-latein"], ["de", "en", "tr"]),
        (["FiraSans-Bold-latein"], ["de", "en", "tr"]),
        (["FiraSans-Regular-latein", "FiraSans-Regular-kyrillisch"], ["uk", "ru"]),
        (["FiraSans-SemiBold-latein", "FiraSans-SemiBold-kyrillisch"], ["uk", "ru"]),
        (["NotoSansArabic-Regular-arabisch"], ["ar", "fa"]),
        (["NotoSansArabic-Bold-arabisch"], ["ar", "fa"]),
    ],
)
def test_teilschriften_decken_ihre_sprachen(dateien, sprachen):
    """Issue 20.1: the subsets of a page's script draw every letter of the interface in its
    languages (the catalogues in locale/; German: their source texts), read with fontTools
    from the committed WOFF2 files."""
    zeichen = set()
    for datei in dateien:
        schrift = TTFont(BASIS / "static" / "fonts" / "web" / f"{datei}.woff2")
        assert schrift.flavor == "woff2"
        zeichen |= set(schrift.getBestCmap())
    for sprache in sprachen:
        katalog = (BASIS / "locale" / ("en" if sprache == "de" else sprache)).joinpath(
            "LC_MESSAGES", "django.po"
        )
        feld = "msgid" if sprache == "de" else "msgstr"
        texte = "".join(re.findall(rf'^{feld} "(.*)"$', katalog.read_text(), re.MULTILINE))
        fehlend = {c for c in texte if c.isalpha() and ord(c) not in zeichen}
        if dateien[0].startswith("NotoSansArabic"):
            # Latin words on these pages are set in the system's font.
            fehlend = {c for c in fehlend if not c.isascii()}
        assert fehlend == set(), (dateien, sprache, sorted(fehlend))


# Compression.


def test_html_fuer_lesende_ohne_sitzung_komprimiert(client, inhalt):
    """Issue 20.1: pages for readers without a session go out gzip-compressed, to a third or
    less, and say so in Vary; unpacked they are the page."""
    for sprache in ("de", "ar"):
        for url in seiten(inhalt, sprache):
            response = client.get(url, **GZIP)
            assert response.status_code == 200
            assert response["Content-Encoding"] == "gzip", url
            assert "Accept-Encoding" in response["Vary"]
            html = gzip.decompress(response.content).decode()
            assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
            assert len(response.content) * 3 < len(html)
            assert int(response["Content-Length"]) == len(response.content)
            ohne = client.get(url)
            assert "Content-Encoding" not in ohne
            assert "Accept-Encoding" in ohne["Vary"]


def test_treffer_des_lesercaches_komprimiert(client, inhalt, settings):
    """Issue 20.1: a page from the reader cache is compressed as well, each time with its own
    nonce (the cache holds the page uncompressed)."""
    settings.LESER_CACHE_SEKUNDEN = 600
    cache.clear()
    try:
        erste = client.get("/2024/", **GZIP)
        zweite = client.get("/2024/", **GZIP)
    finally:
        cache.clear()
    texte = [gzip.decompress(r.content).decode() for r in (erste, zweite)]
    nonces = [re.search(r'<style nonce="([\w-]+)">', text).group(1) for text in texte]
    assert nonces[0] != nonces[1]
    assert texte[0].replace(nonces[0], "") == texte[1].replace(nonces[1], "")


def test_nichts_komprimiert_wo_ein_geheimnis_steht(staff_client, inhalt):
    """Issue 20.1 (BREACH): signed in, the pages hold a CSRF token and what is personal, and
    reflect input; the sign-in page holds a CSRF token. Those answers go out uncompressed."""
    url = seiten(inhalt, "de")[0]
    angemeldet = staff_client.get(url, **GZIP)
    assert angemeldet.status_code == 200
    assert "Content-Encoding" not in angemeldet
    anonym = Client()
    assert "csrfmiddlewaretoken" in anonym.get("/anmelden/").text
    anmeldung = anonym.get("/anmelden/", **GZIP)
    assert "Content-Encoding" not in anmeldung
    assert "Accept-Encoding" in anmeldung["Vary"]


def test_nur_text_wird_komprimiert(client, inhalt):
    """Issue 20.1: a PDF or a spreadsheet is compressed already; compressing it again costs
    time for nothing."""
    response = client.get(f"/{inhalt.jahr}/massnahmen/export.xlsx", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_vorkomprimiertes_stylesheet_ergibt_gueltiges_gzip(client, inhalt):
    """Issue 20.1: the stylesheet compressed once and spliced into each answer yields a gzip
    stream that unpacks to exactly the page, as does a body without one; the header carries
    random bytes (Heal the Breach), so equal pages differ in length."""
    html = client.get(seiten(inhalt, "ar")[1]).content
    anfang = html.index(b">", html.index(b"<style nonce=")) + 1
    assert seitenstil.vorkomprimiert(html, anfang) is not None
    laengen = set()
    for _ in range(20):
        gepackt = gzip_komprimieren(html)
        assert gzip.decompress(gepackt) == html
        laengen.add(len(gepackt))
    assert len(laengen) > 1
    ohne_stil = b"<!doctype html><p>" + b"Integrationskonzept " * 50 + b"</p>"
    assert gzip.decompress(gzip_komprimieren(ohne_stil)) == ohne_stil
