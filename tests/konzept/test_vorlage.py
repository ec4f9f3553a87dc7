"""Issue 16.9: a whole edition from an XLSX template, with a preview and all or nothing;
the whole edition exports into the same template (round trip); bad rows are reported by sheet,
row and column and nothing is applied."""

import io

import pytest
from openpyxl import load_workbook

from konzept import vorlage
from konzept.models import Edition
from massnahmen.models import Massnahme
from massnahmen.tabellen import ImportFehler

URL = "/ausgaben/import/"


def baum_von(edition) -> list:
    """The edition's tree as comparable values: level, key, parent, number, title, details."""
    zeilen = []
    for massnahme in Massnahme.objects.in_edition(edition).select_related("federfuehrung"):
        zeilen.append(
            (
                "massnahme",
                massnahme.key,
                massnahme.eltern.key,
                massnahme.nummer,
                massnahme.titel,
                massnahme.status,
                massnahme.federfuehrung.name if massnahme.federfuehrung else "",
                sorted(p.name for p in massnahme.partner.all()),
                sorted(f.key for f in massnahme.herkunft.all()),
                massnahme.budget,
                massnahme.position,
            )
        )
    for themenfeld in edition.themenfelder.all():
        zeilen.append(("themenfeld", themenfeld.key, themenfeld.nummer, themenfeld.titel))
        zeilen += [
            ("leitziel", z.key, z.themenfeld.key, z.text, z.position)
            for z in themenfeld.leitziele.all()
        ]
        zeilen += [
            ("teilziel", z.key, z.themenfeld.key, z.titel, z.position)
            for z in themenfeld.teilziele.all()
        ]
    return sorted(zeilen, key=repr)


def mit_jahr(inhalt: bytes, jahr: int) -> bytes:
    """The template with another year (as a district would for its next edition)."""
    mappe = load_workbook(io.BytesIO(inhalt))
    blatt = mappe[vorlage.BLATT_AUSGABE]
    for zeile in blatt.iter_rows(min_row=2):
        if zeile[0].value == "Jahr":
            zeile[1].value = jahr
        if zeile[0].value == "Vorgänger (Jahr)":
            zeile[1].value = None
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def test_rundreise_einer_ganzen_ausgabe(inhalt):
    """Export an edition into the template, import it as another year: the same tree."""
    tabelle = mit_jahr(vorlage.vorlage_xlsx(inhalt), 2030)
    pruefung = vorlage.pruefen(tabelle)
    assert pruefung.fehler == []
    assert pruefung.jahr == 2030
    assert pruefung.anzahlen["massnahme"] == Massnahme.objects.in_edition(inhalt).count()
    neu = vorlage.uebernehmen(pruefung.daten)
    assert neu.jahr == 2030
    assert baum_von(neu) == baum_von(inhalt)
    assert [f.key for f in neu.beteiligungsformate.all()] == [
        f.key for f in inhalt.beteiligungsformate.all()
    ]


def test_leere_vorlage_mit_beispielzeilen_ist_gueltig(db):
    """The empty template carries one example per level and loads as it is."""
    pruefung = vorlage.pruefen(vorlage.vorlage_xlsx())
    assert pruefung.fehler == []
    assert pruefung.anzahlen == {"themenfeld": 1, "leitziel": 1, "teilziel": 0, "massnahme": 1}


def konzept_tabelle(*zeilen, kopf=None, ausgabe=(("Jahr", 2031), ("Titel", "Konzept 2031"))):
    """A template with these rows in the sheet "Konzept"."""
    from openpyxl import Workbook

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = vorlage.BLATT_KONZEPT
    blatt.append(
        kopf or ["Ebene", "Schlüssel", "Gehört zu (Schlüssel)", "Nummer", "Titel", "Budget (Euro)"]
    )
    for zeile in zeilen:
        blatt.append(list(zeile))
    angaben = mappe.create_sheet(vorlage.BLATT_AUSGABE)
    angaben.append(["Angabe", "Wert"])
    for zeile in ausgabe:
        angaben.append(list(zeile))
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


GUTE_ZEILEN = [
    ("Themenfeld", "a", "", "1", "Bildung", None),
    ("leitziel", "a.z", "a", "1.1", "Ein Ziel", None),
    ("Maßnahme", "a.z.m", "a.z", "1.1.1", "Kurse", "2.500,50"),
    ("massnahme", "", "a", "1.2", "Direkt unter dem Feld", 300),
]


def test_eine_neue_ausgabe_in_beliebiger_gestalt(inhalt):
    pruefung = vorlage.pruefen(konzept_tabelle(*GUTE_ZEILEN))
    assert pruefung.fehler == []
    edition = vorlage.uebernehmen(pruefung.daten)
    kurse = Massnahme.objects.get(key="a.z.m", themenfeld__edition=edition)
    assert (kurse.leitziel.key, str(kurse.budget), kurse.nummer) == ("a.z", "2500.50", "1.1.1")
    direkt = Massnahme.objects.get(themenfeld__edition=edition, titel="Direkt unter dem Feld")
    assert direkt.key == "a.direkt-unter-dem-feld" and direkt.teilziel is None


@pytest.mark.parametrize(
    ("zeilen", "zeile", "spalte", "meldung"),
    [
        ([("Kapitel", "x", "", "", "X", None)], 2, "A", "Unbekannte Ebene „Kapitel“"),
        ([("themenfeld", "a", "", "", "", None)], 2, "E", "Der Titel fehlt"),
        (
            [*GUTE_ZEILEN, ("leitziel", "a.z", "a", "", "Doppelt", None)],
            6,
            "B",
            "steht schon in Zeile 3",
        ),
        (
            [*GUTE_ZEILEN, ("massnahme", "m", "fehlt", "", "M", None)],
            6,
            "C",
            "„fehlt“ ist kein Schlüssel",
        ),
        ([*GUTE_ZEILEN, ("teilziel", "t", "a.z", "", "T", None)], 6, "C", "kann nicht zu „a.z“"),
        (
            [*GUTE_ZEILEN, ("themenfeld", "b", "a", "", "B", None)],
            6,
            "C",
            "Ein Feld gehört zu nichts",
        ),
        ([*GUTE_ZEILEN, ("massnahme", "m", "a", "", "M", "viel")], 6, "F", "Betrag"),
        (
            [*GUTE_ZEILEN, ("massnahme", "m", "a", "1.1.1", "M", None)],
            6,
            "",
            "„1.1.1“ kommt mehrfach vor",
        ),
        # A cycle: two goals hanging under each other.
        (
            [("leitziel", "x", "y", "", "X", None), ("leitziel", "y", "x", "", "Y", None)],
            2,
            "C",
            "Zirkelbezug",
        ),
    ],
)
def test_fehler_mit_blatt_zeile_und_spalte_und_nichts_wird_angelegt(
    inhalt, zeilen, zeile, spalte, meldung
):
    pruefung = vorlage.pruefen(konzept_tabelle(*zeilen))
    assert pruefung.daten is None
    treffer = [f for f in pruefung.fehler if meldung in f.meldung]
    assert treffer, pruefung.fehler
    assert (treffer[0].blatt, treffer[0].zeile) == ("Konzept", zeile)
    if spalte:
        assert treffer[0].spalte == spalte
    assert not Edition.objects.filter(jahr=2031).exists()


def test_falsche_spalten_und_fehlende_angaben(inhalt):
    pruefung = vorlage.pruefen(
        konzept_tabelle(("themenfeld", "a", "B"), kopf=["Ebene", "Schlüssel", "Farbe"], ausgabe=())
    )
    meldungen = [(f.blatt, f.zeile, f.spalte, f.meldung) for f in pruefung.fehler]
    assert ("Konzept", 1, "C", "Unbekannte Spalte „Farbe“.") in meldungen
    assert any("Titel" in m and z == 1 for _b, z, _s, m in meldungen)
    assert any(b == "Ausgabe" and "Jahr" in m for b, _z, _s, m in meldungen)


def test_vorhandenes_jahr_wird_abgelehnt(inhalt):
    pruefung = vorlage.pruefen(
        konzept_tabelle(*GUTE_ZEILEN, ausgabe=(("Jahr", inhalt.jahr), ("Titel", "T")))
    )
    assert any("bereits eine Ausgabe" in f.meldung for f in pruefung.fehler)


def test_keine_xlsx_datei(db):
    with pytest.raises(ImportFehler):
        vorlage.pruefen(b"kein zip")


def test_im_browser_vorschau_dann_anlegen(staff_client, inhalt):
    """Upload, see the preview, confirm: the edition exists; a second confirm is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    datei = SimpleUploadedFile("konzept.xlsx", konzept_tabelle(*GUTE_ZEILEN))
    vorschau = staff_client.post(URL, {"datei": datei})
    assert vorschau.status_code == 200
    assert "Ausgabe 2031 anlegen" in vorschau.text
    assert not Edition.objects.filter(jahr=2031).exists()
    daten = vorschau.context["bestaetigung"]
    antwort = staff_client.post(f"{URL}uebernehmen/", {"daten": daten})
    assert antwort.status_code == 302
    assert Edition.objects.filter(jahr=2031).exists()
    zweimal = staff_client.post(f"{URL}uebernehmen/", {"daten": daten})
    assert zweimal.status_code == 409
    assert "bereits eine Ausgabe" in zweimal.text


def test_im_browser_fehlerliste(staff_client, inhalt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    datei = SimpleUploadedFile("k.xlsx", konzept_tabelle(("Kapitel", "x", "", "", "X", None)))
    antwort = staff_client.post(URL, {"datei": datei})
    assert antwort.status_code == 422
    assert "Nichts wurde angelegt." in antwort.text
    assert "Unbekannte Ebene" in antwort.text


def test_gefaelschte_bestaetigung(staff_client, inhalt):
    antwort = staff_client.post(f"{URL}uebernehmen/", {"daten": "erfunden"})
    assert antwort.status_code == 400
    assert not Edition.objects.filter(jahr=2031).exists()


def test_vorlage_herunterladen_nur_fuer_die_koordinierungsstelle(staff_client, inhalt):
    from django.test import Client

    assert Client().get("/ausgaben/vorlage.xlsx").status_code == 302
    antwort = staff_client.get(f"/{inhalt.jahr}/vorlage.xlsx")
    assert antwort.status_code == 200
    assert load_workbook(io.BytesIO(antwort.content)).sheetnames[:3] == [
        "Konzept",
        "Ausgabe",
        "Beteiligungsformate",
    ]
