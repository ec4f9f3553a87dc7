"""Issue 17.3: one notice per translated page says which text is binding and links the German
page; each machine-translated item carries at most a small mark after its title, never on a
number and never inside its text. German pages carry neither."""

import pytest
from bs4 import BeautifulSoup

from tests import fabrik

SEITEN = [
    "/{jahr}/",
    "/{jahr}/themenfelder/{themenfeld}/",
    "/{jahr}/massnahmen/",
    "/{jahr}/umsetzungsstand/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
]


def _adresse(vorlage: str, inhalt, sprache: str) -> str:
    pfad = vorlage.format(jahr=inhalt.jahr, themenfeld=fabrik.rolle("themenfeld"))
    return pfad if sprache == "de" else f"/{sprache}{pfad}"


@pytest.mark.parametrize("vorlage", SEITEN)
def test_ein_hinweis_je_uebersetzter_seite(client, inhalt, vorlage):
    html = BeautifulSoup(client.get(_adresse(vorlage, inhalt, "ar")).text, "lxml")
    hinweise = html.select(".uebersetzung-notiz")
    assert len(hinweise) == 1, vorlage
    deutsch = hinweise[0].find("a", hreflang="de")
    assert deutsch is not None and deutsch["href"] == _adresse(vorlage, inhalt, "de")


@pytest.mark.parametrize("vorlage", SEITEN)
def test_deutsche_seiten_ohne_hinweis_und_marke(client, inhalt, vorlage):
    html = BeautifulSoup(client.get(_adresse(vorlage, inhalt, "de")).text, "lxml")
    assert not html.select(".uebersetzung-notiz, .uebersetzung-marke"), vorlage


def test_marken_nie_an_zahlen(client, inhalt):
    """A key figure's value and unit carry no mark ("11 %✱"), nor do the bars of the
    implementation status; the figure's label, a title of its own, may."""
    uebersicht = BeautifulSoup(client.get(f"/ar/{inhalt.jahr}/").text, "lxml")
    werte = uebersicht.select(".kennzahl__wert")
    assert werte, "Der Beispielkreis hat Kennzahlen."
    for wert in werte:
        # (An untranslated unit stays marked as German fallback, as everywhere.)
        assert not wert.select(".uebersetzung-marke"), str(wert)
    stand = BeautifulSoup(client.get(f"/ar/{inhalt.jahr}/umsetzungsstand/").text, "lxml")
    for balken in stand.select("svg"):
        assert "✱" not in balken.get_text(), str(balken)[:200]
