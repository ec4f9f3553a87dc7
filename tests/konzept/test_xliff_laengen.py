"""Issue 14.8: an XLIFF import checks the length of every target before anything is written:
a target longer than its field is refused with a message naming the unit, on SQLite (which
would store it) and on PostgreSQL (which would fail with a server error)."""

from xml.etree import ElementTree

import pytest

from konzept import uebersetzung
from massnahmen.models import Massnahme
from tests.konzept.test_xliff import NS, SPRACHE, einlesen, export, gespeichert, kennung

LANG = 20_000


def _ziele_setzen(xml: str, text_je_einheit) -> str:
    ElementTree.register_namespace("", NS["x"])
    wurzel = ElementTree.fromstring(xml.encode())
    for unit in wurzel.iterfind(".//x:trans-unit", NS):
        text = text_je_einheit(unit.get("id"))
        if text is not None:
            unit.find("x:target", NS).text = text
    return ElementTree.tostring(wurzel, encoding="unicode")


def test_jede_zu_lange_einheit_wird_mit_grund_genannt(staff_client, inhalt):
    """Every unit of the edition with a target of 20,000 characters: a report (no server
    error), one line per unit with its id, its length and its limit; nothing is stored."""
    vorher = gespeichert()
    xml = export(staff_client, inhalt.jahr)
    kennungen = [
        u.get("id") for u in ElementTree.fromstring(xml.encode()).iterfind(".//x:trans-unit", NS)
    ]
    antwort = einlesen(staff_client, inhalt.jahr, _ziele_setzen(xml, lambda _k: "ب" * LANG))
    assert antwort.status_code == 422
    for kennung_ in kennungen:
        assert kennung_ in antwort.text
    assert antwort.text.count(f"die Übersetzung hat {LANG} Zeichen") == len(kennungen)
    assert gespeichert() == vorher


def test_genau_die_hoechstlaenge_wird_gespeichert(staff_client, inhalt):
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    grenze = Massnahme._meta.get_field("titel").max_length
    xml = export(staff_client, inhalt.jahr)
    gesucht = kennung(massnahme)
    antwort = einlesen(
        staff_client,
        inhalt.jahr,
        _ziele_setzen(xml, lambda k: "ب" * grenze if k == gesucht else None),
    )
    assert antwort.status_code == 200
    massnahme.refresh_from_db()
    assert massnahme.titel_ar == "ب" * grenze


def test_textfeld_ohne_eigene_laenge_hat_eine_grenze(staff_client, inhalt, monkeypatch):
    """A text field without max_length (as a text column takes any length on both databases)
    is limited too, and the export names that limit as maxwidth."""
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    spalte = Massnahme._meta.get_field(f"beschreibung_{SPRACHE}")
    monkeypatch.setattr(spalte, "max_length", None)
    vorher = gespeichert()
    xml = export(staff_client, inhalt.jahr)
    gesucht = kennung(massnahme, "beschreibung")
    unit = ElementTree.fromstring(xml.encode()).find(f".//x:trans-unit[@id='{gesucht}']", NS)
    assert unit.get("maxwidth") == str(uebersetzung.TEXT_HOECHSTLAENGE)
    antwort = einlesen(
        staff_client,
        inhalt.jahr,
        _ziele_setzen(xml, lambda k: "ب" * LANG if k == gesucht else None),
    )
    assert antwort.status_code == 422
    assert gesucht in antwort.text
    assert f"höchstens {uebersetzung.TEXT_HOECHSTLAENGE}" in antwort.text
    assert gespeichert() == vorher


@pytest.mark.parametrize("sprache", ["ar", "uk"])
def test_zeilenumbrueche_zaehlen_wie_im_formular(staff_client, inhalt, sprache):
    """CRLF in a target counts as one character, as in the forms."""
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    grenze = Massnahme._meta.get_field("titel").max_length
    text = ("x" * 9 + "\r\n") * (grenze // 10)
    xml = export(staff_client, inhalt.jahr, sprache)
    gesucht = kennung(massnahme)
    antwort = einlesen(
        staff_client,
        inhalt.jahr,
        _ziele_setzen(xml, lambda k: text if k == gesucht else None),
        sprache,
    )
    assert antwort.status_code == 200, antwort.text
