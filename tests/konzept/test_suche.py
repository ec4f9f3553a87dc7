"""Issue 7: the search box in the header: full text on PostgreSQL, substrings on SQLite."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from konzept import suche as volltext
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle, verzehnfachen

POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def wort_aus(titel: str) -> str:
    """The longest plain (ASCII) word of a title: one that stemming leaves recognisable."""
    return max((wort.strip(".,:") for wort in titel.split() if wort.isascii()), key=len)


def markiert(titel: str, wort: str) -> str:
    """The title as the results show it, `wort` highlighted."""
    return escape(titel).replace(wort, f"<mark>{wort}</mark>", 1)


def treffer_links(html: str, art: str) -> list[str]:
    """The links of one group of results, in order."""
    gruppe = re.search(rf'<section[^>]*aria-labelledby="treffer-{art}">(.*?)</section>', html, re.S)
    return re.findall(r'<h3[^>]*><a href="([^"]+)">', gruppe.group(1)) if gruppe else []


@pytest.mark.skipif(not POSTGRESQL, reason="Wortstämme findet nur die Volltextsuche von PostgreSQL")
def test_postgresql_findet_eine_massnahme_ueber_den_wortstamm(client, kmv_massnahme):
    """German stemming: the dative plural ("Sprachkursen") finds the measure named with the
    nominative ("Weiterführende Sprachkurse")."""
    wort = wort_aus(kmv_massnahme.titel)
    assert wort.endswith("e")
    html = client.get("/2024/suche/", {"q": f"{wort}n"}).text
    assert kmv_massnahme.get_absolute_url() in treffer_links(html, "massnahme")
    # The matched word is highlighted in the title.
    assert markiert(kmv_massnahme.titel, wort) in html


@pytest.mark.skipif(POSTGRESQL, reason="Die Teilwortsuche ist der Rückfall ohne PostgreSQL")
def test_sqlite_findet_eine_massnahme_ueber_einen_teil_des_wortes(client, kmv_massnahme):
    """The fallback: any part of a word, whatever its case, in the reader's language."""
    adresse = kmv_massnahme.get_absolute_url()
    teil = wort_aus(kmv_massnahme.titel)[1:-2]
    html = client.get("/2024/suche/", {"q": teil.upper()}).text
    assert kmv_massnahme.get_absolute_url() in treffer_links(html, "massnahme")
    assert markiert(kmv_massnahme.titel, teil) in html
    # Case folding beyond ASCII: Cyrillic capitals find lower case text.
    kmv_massnahme.titel_ru = "Продвинутые языковые курсы"
    kmv_massnahme.save()
    html = client.get("/ru/2024/suche/", {"q": "ЯЗЫКОВЫЕ"}).text
    assert f"/ru{adresse}" in treffer_links(html, "massnahme")


def test_wortanfang_findet_auf_jeder_datenbank(client, kmv_massnahme):
    """The same interface on both databases: the beginning of a word finds the item."""
    html = client.get("/2024/suche/", {"q": wort_aus(kmv_massnahme.titel)[:7]}).text
    assert kmv_massnahme.get_absolute_url() in treffer_links(html, "massnahme")


@pytest.mark.musterland
def test_ergebnisse_nach_art_gruppiert_und_verlinkt(client, inhalt):
    """Fields, goals, sub-goals and measures, each group with its count, each hit a link."""
    html = client.get("/2024/suche/?q=Sprach").text
    for art, ueberschrift in (
        ("themenfeld", "Themenfelder"),
        ("leitziel", "Übergeordnete Ziele"),
        ("teilziel", "Teilziele"),
        ("massnahme", "Maßnahmen"),
    ):
        links = treffer_links(html, art)
        assert links, art
        assert re.search(rf'id="treffer-{art}"[^>]*>{ueberschrift} \({len(links)}\)</h2>', html)
        for link in links:
            assert client.get(link.split("#")[0]).status_code == 200
    assert all("#leitziel-" in link for link in treffer_links(html, "leitziel"))
    assert all("#teilziel-" in link for link in treffer_links(html, "teilziel"))
    # The groups come in the order of the concept.
    assert html.index('id="treffer-themenfeld"') < html.index('id="treffer-massnahme"')


def test_treffer_im_titel_vor_treffern_in_der_beschreibung(client, entwurf):
    """Ranking: a measure named after the word comes before one that only mentions it."""
    erste, zweite = Massnahme.objects.in_edition(entwurf).order_by("pk")[:2]
    erste.beschreibung_de = "Mit Dolmetscherpool für alle Beratungen."
    erste.save()
    zweite.titel_de = "Dolmetscherpool aufbauen"
    zweite.save()
    client.force_login(benutzer_mit_rolle("leserin", "Ausschuss"))
    html = client.get("/2026/suche/?q=Dolmetscherpool").text
    links = treffer_links(html, "massnahme")
    assert links == [zweite.get_absolute_url(), erste.get_absolute_url()]
    # The description's hit is shown as a snippet.
    assert "<mark>Dolmetscherpool</mark> für alle Beratungen" in html


def test_sucht_in_der_sprache_der_lesenden(client, massnahme):
    adresse = massnahme.get_absolute_url()
    wort = max(massnahme.titel_ar.split(), key=len)
    response = client.get("/ar/2024/suche/", {"q": wort})
    assert response.status_code == 200
    assert f"/ar{adresse}" in treffer_links(response.text, "massnahme")
    assert '<html lang="ar" dir="rtl">' in response.text
    # The box in the header keeps the query.
    assert f'name="q" maxlength="200" value="{wort}"' in response.text


def test_fehlende_uebersetzung_wird_deutsch_gesucht_und_so_ausgezeichnet(client, massnahme):
    massnahme.titel_ar = ""
    massnahme.save()
    wort = wort_aus(massnahme.titel)
    html = client.get("/ar/2024/suche/", {"q": wort}).text
    assert f"/ar/2024/massnahmen/{massnahme.key}/" in treffer_links(html, "massnahme")
    assert f'<span lang="de" dir="ltr">{markiert(massnahme.titel, wort)}</span>' in html


def test_nur_die_ausgabe_der_seite(client, entwurf, massnahme):
    """On a page of the 2026 draft the box searches 2026, elsewhere the current edition."""
    client.force_login(benutzer_mit_rolle("leser", "KMV"))
    entwurf_seite = client.get("/2026/").text
    assert 'action="/2026/suche/"' in entwurf_seite
    wort = wort_aus(massnahme.titel)
    links = treffer_links(client.get("/2026/suche/", {"q": wort}).text, "massnahme")
    assert links and all(link.startswith("/2026/") for link in links)
    # Without an edition in view: the current (adopted) one.
    assert 'action="/suche/"' in client.get("/impressum/").text
    links = treffer_links(client.get("/suche/", {"q": wort}).text, "massnahme")
    assert links and all(link.startswith("/2024/") for link in links)


def test_entwurf_nur_fuer_die_rollen(client, entwurf):
    response = client.get("/2026/suche/?q=Jobmessen")
    assert response.status_code == 403
    assert "Entwurf" in response.text


def test_suchfeld_im_kopf_jeder_seite_mit_beschriftung(client, inhalt):
    """A plain GET form with a label: it works without JavaScript."""
    for url in ("/2024/", "/2024/massnahmen/", "/impressum/", "/ar/2024/"):
        html = client.get(url).text
        kopf = html.split("</header>", 1)[0]
        formular = re.search(
            r'<form class="suchfeld[^"]*" role="search" method="get" action="[^"]+"[^>]*>'
            r".*?</form>",
            kopf,
            re.S,
        )
        assert formular, url
        assert '<label class="suchfeld__label" for="suchfeld-q">' in formular.group(0)
        assert 'id="suchfeld-q" name="q"' in formular.group(0)
        assert "hx-" not in formular.group(0)


@pytest.mark.parametrize(
    ("q", "status", "meldung"),
    [
        ("", 200, "Geben Sie oben im Suchfeld ein Wort ein"),
        ("x" * 201, 422, "höchstens 200 Zeichen"),
        ("Job\x00messen", 422, "Nicht gesucht"),
        # tsquery and LIKE syntax is text, never an error.
        ("'a' & !b | (c:* <-> %_\\", 200, "Treffer für"),
        ('Sprach -kurse OR "Jobmessen"', 200, "Treffer für"),
        ("\ue000Sprach\ue001", 200, "Treffer für"),
    ],
)
def test_ungewoehnliche_eingaben(client, inhalt, q, status, meldung):
    response = client.get("/2024/suche/", {"q": q})
    assert response.status_code == status
    assert meldung in response.text


def test_eingaben_und_inhalte_werden_escaped(client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    massnahme.titel_de = "Gefährlich <script>alert(1)</script> \ue001</mark><b>"
    massnahme.save()
    client.force_login(benutzer_mit_rolle("leser", "KMV"))
    echo = client.get("/2026/suche/", {"q": '"><img src=x>'}).text
    assert "<img src=x>" not in echo and "&quot;&gt;&lt;img src=x&gt;" in echo
    html = client.get("/2026/suche/", {"q": "Gefährlich"}).text
    hauptteil = html.split("<main", 1)[1]
    assert "<script>alert" not in hauptteil
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hauptteil
    # Only the highlights are markup, and they are balanced.
    assert hauptteil.count("<mark>") == hauptteil.count("</mark>") > 0
    assert "<b>" not in hauptteil


def test_beste_treffer_und_die_gesamtzahl(client, inhalt, massnahme, monkeypatch):
    """At most PRO_ART hits per kind are shown; the heading counts them all."""
    verzehnfachen(inhalt)
    monkeypatch.setattr(volltext, "PRO_ART", 3)
    html = client.get("/2024/suche/", {"q": wort_aus(massnahme.titel)}).text
    assert len(treffer_links(html, "massnahme")) == 3
    assert 'id="treffer-massnahme" class="kern-heading-medium">Maßnahmen (10)</h2>' in html
    assert "Die 3 passendsten von 10 Treffern." in html


def test_alle_treffer_einer_art_in_seiten(client, inhalt, massnahme, monkeypatch):
    """Beyond the best of each kind, one kind's hits go on in pages with a plain, shareable
    address (issue 20.2): following "next page" shows every hit once, in rank order, and an
    address behind the last page shows the last one."""
    verzehnfachen(inhalt)
    monkeypatch.setattr(volltext, "PRO_ART", 3)
    suchwort = wort_aus(massnahme.titel)
    html = client.get("/2024/suche/", {"q": suchwort}).text
    alle = re.search(r'href="(\?[^"]*art=massnahme[^"]*)">Alle 10 Treffer zeigen: Maßnahmen', html)
    assert alle, "kein Link auf alle Treffer der Art"
    adresse = "/2024/suche/" + unescape(alle.group(1))
    gesehen = []
    while True:
        seite = client.get(adresse).text
        assert 'id="treffer-themenfeld"' not in seite  # only the one kind
        gesehen += treffer_links(seite, "massnahme")
        weiter = re.search(r'rel="next" href="([^"]+)"', seite)
        if weiter is None:
            break
        adresse = "/2024/suche/" + unescape(weiter.group(1))
    assert len(gesehen) == len(set(gesehen)) == 10
    erste_seite = client.get("/2024/suche/", {"q": suchwort, "art": "massnahme"}).text
    assert treffer_links(erste_seite, "massnahme") == gesehen[:3]
    hinten = client.get("/2024/suche/", {"q": suchwort, "art": "massnahme", "seite": 99}).text
    assert treffer_links(hinten, "massnahme") == gesehen[9:]
    assert 'start="10"' in hinten and "Seite 4 von 4" in hinten
    # An unknown kind or page is no error: the hits of all kinds, the first page.
    assert client.get("/2024/suche/", {"q": suchwort, "art": "x", "seite": "y"}).status_code == 200


def test_suche_ohne_ausgaben(client, leer):
    assert Client().get("/suche/?q=x").status_code == 404
