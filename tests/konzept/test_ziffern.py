"""Issue 17.12: Persian pages write numbers with Persian digits and signs, and only where the
text is Persian (konzept/sprachstellen.py). The pages are read back with BeautifulSoup and lxml,
not with the exchanging code's own reading of the HTML."""

import re

import pytest
from bs4 import BeautifulSoup, Comment
from django.utils import formats, translation

from konzept.sprachstellen import ziffern_tauschen
from tests import fabrik

LATEINISCHE_ZIFFER = re.compile(r"[0-9]")
PERSISCHE_ZIFFER = re.compile(r"[۰-۹]")
UNBERUEHRT = {"script", "style", "textarea", "pre", "code"}


def _sprache(element) -> str:
    while element is not None:
        if element.get("lang"):
            return element["lang"]
        element = element.parent
    return ""


def texte_nach_sprache(html: str) -> dict[str, str]:
    """Each language's visible text, from an independent HTML parser."""
    seite = BeautifulSoup(html, "lxml")
    texte: dict[str, list[str]] = {}
    for stueck in seite.find_all(string=True):
        if isinstance(stueck, Comment) or stueck.find_parent(UNBERUEHRT):
            continue
        texte.setdefault(_sprache(stueck.parent), []).append(str(stueck))
    return {sprache: " ".join(teile) for sprache, teile in texte.items()}


def test_nur_text_in_der_eigenen_sprache():
    html = (
        '<html lang="fa"><head><title>برنامه 2024</title>'
        "<style>.a > .b { width: 10px }</style></head><body>"
        '<a href="/fa/2024/" data-zahl="3">سال 2024 – 11% و 7 %</a>'
        '<p lang="de" dir="ltr">Stand 07.12.2026</p>'
        "<p>پس از 12 <br> و 13</p>"
        '<textarea name="t">ورودی 42</textarea><code>x = 5</code>'
        '<svg><text class="zahl">52</text><rect width="16"/></svg>'
        "<script>if (a<2) { b = 3 }</script></body></html>"
    )
    getauscht = ziffern_tauschen(html, "fa")
    assert "<title>برنامه ۲۰۲۴</title>" in getauscht
    assert '<a href="/fa/2024/" data-zahl="3">سال ۲۰۲۴ – ۱۱٪ و ۷٪</a>' in getauscht
    assert '<p lang="de" dir="ltr">Stand 07.12.2026</p>' in getauscht
    assert "<p>پس از ۱۲ <br> و ۱۳</p>" in getauscht
    assert '<textarea name="t">ورودی 42</textarea><code>x = 5</code>' in getauscht
    assert '<text class="zahl">۵۲</text><rect width="16"/>' in getauscht
    assert "<style>.a > .b { width: 10px }</style>" in getauscht
    assert "<script>if (a<2) { b = 3 }</script>" in getauscht


def test_ein_nicht_geschlossenes_element_endet_mit_seinem_elternteil():
    html = '<ul><li lang="de">Seite 3<li lang="de">Seite 4</ul><p>بخش 5</p>'
    assert ziffern_tauschen(html, "fa").endswith("<p>بخش ۵</p>")


def test_andere_sprachen_behalten_ihre_ziffern():
    html = '<html lang="ar"><body><p>سنة 2024</p></body></html>'
    assert ziffern_tauschen(html, "ar") == html
    assert ziffern_tauschen(html.replace("ar", "de"), "de") == html.replace("ar", "de")


def test_persische_trennzeichen():
    with translation.override("fa"):
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == "1٬234٫5"
    with translation.override("de"):
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == "1.234,5"


@pytest.mark.parametrize(
    "seite", ["", "massnahmen/", "umsetzungsstand/", "themenfelder/{themenfeld}/"]
)
def test_persische_seiten_schreiben_persische_ziffern(client, inhalt, seite):
    adresse = f"/fa/{inhalt.jahr}/" + seite.format(themenfeld=fabrik.rolle("themenfeld"))
    antwort = client.get(adresse)
    assert antwort.status_code == 200
    assert antwort["Content-Language"] == "fa"
    texte = texte_nach_sprache(antwort.text)
    persisch = texte["fa"]
    assert "۲۰۲۴" in persisch
    assert not LATEINISCHE_ZIFFER.search(persisch), LATEINISCHE_ZIFFER.findall(persisch)[:10]
    # The German fallback keeps its digits, links keep theirs.
    assert not PERSISCHE_ZIFFER.search(texte.get("de", ""))
    assert f'href="/fa/{inhalt.jahr}/' in antwort.text


def test_arabische_und_deutsche_seiten_bleiben(client, inhalt):
    edition = inhalt
    for adresse in (f"/{edition.jahr}/", f"/ar/{edition.jahr}/"):
        html = client.get(adresse).text
        assert not PERSISCHE_ZIFFER.search(html), adresse


def test_das_persische_pdf_zaehlt_seiten_mit_persischen_ziffern(inhalt):
    from konzept.pdf import pdf_html

    persisch = pdf_html(edition=inhalt, sprache="fa")
    assert "counter(page, eigene-ziffern)" in persisch
    assert 'symbols: "۰" "۱" "۲" "۳" "۴" "۵" "۶" "۷" "۸" "۹";' in persisch
    kopf = re.findall(r'data-kopf="([^"]*)"', persisch)
    assert any("۲۰۲۴" in text for text in kopf)
    assert not any(LATEINISCHE_ZIFFER.search(text) for text in kopf), kopf
    assert "۲۰۲۴" in texte_nach_sprache(persisch)["fa"]
    deutsch = pdf_html(edition=inhalt, sprache="de")
    assert "eigene-ziffern" not in deutsch and not PERSISCHE_ZIFFER.search(deutsch)
