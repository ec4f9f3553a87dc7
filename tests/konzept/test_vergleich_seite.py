"""The comparison page shows the changes (issue 17.5): counts at the top in a table that scrolls
on its own, each change with a badge and a link to the item, the changed words announced to
screen readers, the unchanged measures folded away."""

import re

from bs4 import BeautifulSoup

from konzept import baum
from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle


def _seite(client, entwurf, sprache="de"):
    client.force_login(benutzer_mit_rolle("ausschuss-mitglied", "Ausschuss"))
    praefix = "" if sprache == "de" else f"/{sprache}"
    response = client.get(f"{praefix}/{entwurf.jahr}/vergleich/")
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_jede_aenderung_mit_kennzeichen_link_und_angesagtem_wortunterschied(
    client, entwurf, massnahme
):
    massnahmen = Massnahme.objects.in_edition(entwurf)
    geaendert = massnahmen.get(key=massnahme.key)
    Massnahme.objects.filter(pk=geaendert.pk).update(titel_de=f"{geaendert.titel_de} kreisweit")
    entfallen = massnahmen.exclude(pk=geaendert.pk).order_by("pk").first()
    entfallen_key = entfallen.key
    entfallen.delete()

    seite = _seite(client, entwurf)

    eintraege = seite.select("li.vergleich__eintrag")
    kennzeichen = {e.select_one(".vergleich__zustand")["class"][-1] for e in eintraege}
    assert {"vergleich__zustand--geaendert", "vergleich__zustand--entfallen"} <= kennzeichen
    eintrag = next(e for e in eintraege if e.select_one(".vergleich__zustand--geaendert"))
    link = eintrag.select_one("a.vergleich__element")
    assert link["href"] == baum.ebene("massnahme").adresse(geaendert)
    eingefuegt = link.select_one("ins")
    assert eingefuegt.get_text(" ", strip=True) == "eingefügt: kreisweit"
    ansage = eingefuegt.select_one(".kern-sr-only")
    assert ansage["lang"] == "de"
    # A dropped item links to where it stood, in the predecessor.
    weg = next(e for e in eintraege if e.select_one(".vergleich__zustand--entfallen"))
    vorher = Massnahme.objects.in_edition(entwurf.vorgaenger).get(key=entfallen_key)
    assert weg.select_one("a.vergleich__element")["href"] == baum.ebene("massnahme").adresse(vorher)


def test_unveraenderte_sind_eingeklappt_und_die_zahlen_scrollen_fuer_sich(client, entwurf):
    unveraendert = Massnahme.objects.in_edition(entwurf).count()

    seite = _seite(client, entwurf)

    eingeklappt = seite.select_one("details.vergleich__unveraendert")
    assert not eingeklappt.has_attr("open")
    assert str(unveraendert) in eingeklappt.summary.get_text()
    assert len(eingeklappt.select("li a")) == unveraendert
    zahlen = seite.select_one("table.vergleich-zahlen")
    assert zahlen.find_parent("div", class_="kern-table-responsive")["role"] == "region"


def test_ansage_in_der_sprache_der_leserin(client, entwurf, massnahme):
    Massnahme.objects.filter(
        pk=Massnahme.objects.in_edition(entwurf).get(key=massnahme.key).pk
    ).update(titel_de="Ganz neuer Titel")

    seite = _seite(client, entwurf, sprache="ar")

    ansage = seite.select_one(".vergleich__diff .kern-sr-only")
    assert ansage["lang"] == "ar" and ansage["dir"] == "rtl"
    # The German words around it stay German.
    assert ansage.find_parent(class_="vergleich__diff")["lang"] == "de"
    assert re.search(r"\S", ansage.get_text())
