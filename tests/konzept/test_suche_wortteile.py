"""Issue 17.10: search finds word parts in German on SQLite too ("Sprache" finds Sprachcafés,
Sprachkurse, Sprachförderung), with the same results on PostgreSQL, where stemming and prefix
matching are combined."""

import pytest

from konzept import suche
from massnahmen.models import Massnahme

TITEL = ["Sprachcafés im Quartier", "Sprachkurse am Abend", "Sprachförderung in Kitas"]
WEITERE = ["Förderung der Mehrsprachigkeit"]


@pytest.fixture
def sprachmassnahmen(massnahme):
    for position, titel in enumerate([*TITEL, *WEITERE], start=100):
        Massnahme.objects.create(
            themenfeld=massnahme.themenfeld,
            teilziel=massnahme.teilziel,
            leitziel=massnahme.leitziel,
            key=f"{massnahme.key}.wortteile-{position}",
            position=position,
            titel=titel,
        )
    return massnahme.edition


def gefunden(edition, text, sprache="de"):
    gruppen = suche.suchen(edition=edition, text=text, sprache=sprache)
    massnahmen = next(gruppe for gruppe in gruppen if gruppe.art.name == "massnahme")
    return {treffer.objekt.titel for treffer in massnahmen.treffer}


@pytest.mark.parametrize("wort", ["Sprache", "sprache", "Sprachen", "SPRACH"])
def test_wortteile_finden_zusammengesetzte_woerter(sprachmassnahmen, wort):
    assert set(TITEL) <= gefunden(sprachmassnahmen, wort)


def test_gebeugte_formen(sprachmassnahmen):
    assert "Sprachkurse am Abend" in gefunden(sprachmassnahmen, "Sprachkursen")
    assert "Förderung der Mehrsprachigkeit" in gefunden(sprachmassnahmen, "Förderungen")


def test_kein_treffer_fuer_anderes(sprachmassnahmen):
    assert not gefunden(sprachmassnahmen, "Wohnungsbau") & set(TITEL)


def test_wortanfaenge_behalten_umlaute_und_eine_mindestlaenge():
    assert suche.wortanfaenge("Förderung Sprache", "de") == ["förder", "sprach"]
    assert suche.wortanfaenge("Kita", "de") == ["kita"]
    # No stemmer for Ukrainian: the words as they are.
    assert suche.wortanfaenge("Курси", "uk") == ["курси"]
