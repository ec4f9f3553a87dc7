"""Issue 2: the 2024 content ships as a data file and the loader is complete and safe."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from beteiligung.models import Beteiligungsformat
from konzept.laden import InhaltFehler, eingestellte_dateien, inhalte_laden
from konzept.models import Edition, Kennzahl, Landkreis, Rechtsgrundlage, Seite
from massnahmen.models import Massnahme, Organisation, Umsetzungsnotiz
from themenfelder.models import Leitziel, Teilziel, Themenfeld

EDITION_DATEI = settings.BASE_DIR / "daten" / "integrationskonzept-2024.toml"

# Every item of the source document, counted by hand from the presentation.
THEMENFELDER = {
    "Interkulturelle Öffnung": (2, 4, 7),
    "Partizipation durch Sprache, Bildung und Beruf": (4, 4, 10),
    "Zugewanderte Kinder und Jugendliche": (4, 4, 8),
    "Gesundheit": (2, 4, 7),
    "Gleichstellung der Geschlechter": (2, 4, 9),
    "Ehrenamt und bürgerschaftliches Engagement": (3, 4, 8),
    "Themenunabhängige Maßnahmen": (0, 3, 3),
}


def datenbank_abzug():
    """Everything the loader writes, as comparable values."""
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (
            Landkreis,
            Seite,
            Edition,
            Kennzahl,
            Rechtsgrundlage,
            Beteiligungsformat,
            Themenfeld,
            Leitziel,
            Teilziel,
            Massnahme,
            Organisation,
            Umsetzungsnotiz,
        )
    } | {
        "herkunft": sorted(
            Massnahme.herkunft.through.objects.values_list(
                "massnahme__key", "beteiligungsformat__key"
            )
        )
    }


def test_alle_themenfelder_ziele_und_massnahmen_sind_da(inhalt):
    felder = {
        themenfeld.titel: (
            themenfeld.anzahl_leitziele,
            themenfeld.anzahl_teilziele,
            themenfeld.anzahl_massnahmen,
        )
        for themenfeld in inhalt.themenfelder.mit_zahlen()
    }
    assert felder == THEMENFELDER
    assert list(inhalt.themenfelder.values_list("themenunabhaengig", flat=True)) == [
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert Massnahme.objects.in_edition(inhalt).count() == 52


def test_kommalisten_werden_einzelne_massnahmen(inhalt):
    teilziel = Teilziel.objects.get(titel="Den Zugang zu Arbeit erleichtern")
    assert list(teilziel.massnahmen.values_list("titel", flat=True)) == [
        "Schnellere Arbeitserlaubnisse",
        "Jobmessen",
        "Einfachere Anerkennung von Abschlüssen",
    ]


def test_kennzahlen_und_rechtsgrundlagen(inhalt):
    kennzahlen = {k.key: k for k in inhalt.kennzahlen.all()}
    menschen = kennzahlen["auslaendische-staatsangehoerigkeit"]
    assert menschen.wert == Decimal("10055")
    assert str(menschen.stichtag) == "2023-12-31"
    assert "AZR" in menschen.quelle
    assert kennzahlen["bevoelkerungsanteil"].wert == Decimal("11")
    assert kennzahlen["bevoelkerungsanteil"].einheit == "%"
    assert list(inhalt.rechtsgrundlagen.values_list("kuerzel", flat=True)) == [
        "AsylG",
        "AufenthG",
        "AufnG",
    ]


def test_hintergrund_und_leitgedanke(inhalt):
    hintergrund = f"{inhalt.hintergrund}\n{inhalt.leitgedanke}"
    for aussage in (
        "Beauftragung der Koordinierungsstelle",
        "Grundlage für das lokale Integrationsmanagement",
        "Fortschreibung und Aktualisierung: alle zwei Jahre",
        "Integration als kommunale Gesamtaufgabe",
    ):
        assert aussage in hintergrund


def test_beteiligungsformate_mit_gremien(inhalt):
    formate = {f.art: f for f in inhalt.beteiligungsformate.all()}
    assert list(formate) == ["verwaltung", "extern", "kmv", "politik"]
    assert formate["verwaltung"].methode == "Fragebogen"
    assert formate["extern"].methode == "Workshops"
    assert "KMV" in formate["kmv"].beteiligte
    for gremium in (
        "Ausschuss für Soziales, Gesundheit, Integration",
        "Kreisausschuss",
        "Kreistag",
    ):
        assert gremium in formate["politik"].beteiligte
    # The source gives no dates or numbers of participants; they stay empty.
    assert all(f.beginn is None and f.teilnehmende is None for f in formate.values())


def test_kmv_herkunft_nur_bei_weiterfuehrenden_sprachkursen(inhalt):
    von_kmv = Massnahme.objects.in_edition(inhalt).mit_herkunft("kmv")
    assert [m.titel for m in von_kmv] == ["Weiterführende Sprachkurse"]


def test_budget_der_koordinierungsstelle(inhalt):
    massnahme = Massnahme.objects.get(titel__startswith="Finanzielle Ausstattung")
    assert massnahme.budget == Decimal("10000.00")
    assert Massnahme.objects.exclude(budget=None).count() == 1


def test_leere_felder_bleiben_leer(inhalt):
    massnahmen = Massnahme.objects.in_edition(inhalt)
    assert not massnahmen.exclude(federfuehrung=None).exists()
    assert not any(m.zeitraum or m.indikatoren or m.beschreibung for m in massnahmen)


def test_zweimal_laden_aendert_nichts(inhalt):
    vorher = datenbank_abzug()
    call_command("inhalte_laden", verbosity=0)
    assert datenbank_abzug() == vorher


def test_bearbeitungen_ueberleben_ein_zweites_laden(inhalt):
    Massnahme.objects.filter(titel="Jobmessen").update(status="umgesetzt")
    call_command("inhalte_laden", verbosity=0)
    assert Massnahme.objects.get(titel="Jobmessen").status == "umgesetzt"


def test_ersetzen_laedt_die_datei_neu(inhalt):
    Massnahme.objects.filter(titel="Jobmessen").update(status="umgesetzt")
    call_command("inhalte_laden", EDITION_DATEI, ersetzen=True, verbosity=0)
    assert Massnahme.objects.get(titel="Jobmessen").status == "geplant"
    assert Massnahme.objects.count() == 52


def schreibe(tmp_path: Path, text: str, name="kaputt.toml") -> Path:
    datei = tmp_path / name
    datei.write_text(text, encoding="utf-8")
    return datei


def edition_mit(ersetzen_von: str, ersetzen_durch: str) -> str:
    text = EDITION_DATEI.read_text(encoding="utf-8")
    assert ersetzen_von in text
    return text.replace(ersetzen_von, ersetzen_durch, 1)


@pytest.mark.parametrize(
    ("von", "durch", "meldung"),
    [
        ('titel = "Jobmessen"', 'titel = "Jobmessen', "line"),
        ('titel = "Jobmessen"', 'titl = "Jobmessen"', "unbekannte Felder: titl"),
        ('titel = "Jobmessen"', "", "titel: "),
        ('wert = "10055"', 'wert = "zehntausend"', "wert"),
        ('status = "beschlossen"', 'status = "vielleicht"', "status"),
        ('key = "kmv"\n', 'key = "verwaltung"\n', "kommt mehrfach vor"),
        ('herkunft = ["kmv"]', 'herkunft = ["kmw"]', "Herkunft „kmw“"),
        ('budget = "10000.00"', 'budget = "-5"', "budget"),
        ("jahr = 2024", 'jahr = "2024"', "jahr"),
    ],
)
def test_fehlerhafte_datei_wird_abgelehnt_und_aendert_nichts(leer, tmp_path, von, durch, meldung):
    datei = schreibe(tmp_path, edition_mit(von, durch))
    with pytest.raises(CommandError) as fehler:
        call_command("inhalte_laden", datei, verbosity=0)
    assert "kaputt.toml" in str(fehler.value)
    assert meldung in str(fehler.value)
    assert not Edition.objects.exists()
    assert not Massnahme.objects.exists()


def test_fehlermeldung_nennt_das_element(leer, tmp_path):
    datei = schreibe(tmp_path, edition_mit('titel = "Jobmessen"', ""))
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=[datei])
    assert "themenfeld[2] (partizipation)" in str(fehler.value)
    assert "massnahme[2] (partizipation.zugang-arbeit.jobmessen)" in str(fehler.value)


def test_fehler_in_zweiter_datei_laesst_auch_die_erste_ungeladen(leer, tmp_path):
    kaputt = schreibe(tmp_path, "[edition]\njahr = 2026\n")
    with pytest.raises(InhaltFehler):
        inhalte_laden(dateien=[*eingestellte_dateien(), kaputt])
    assert not Landkreis.objects.exists()
    assert not Edition.objects.exists()


def test_fehlerhafte_datei_laesst_vorhandene_inhalte_unberuehrt(inhalt, tmp_path):
    vorher = datenbank_abzug()
    datei = schreibe(tmp_path, edition_mit('titel = "Jobmessen"', 'titel = ""'))
    with pytest.raises(CommandError):
        call_command("inhalte_laden", datei, ersetzen=True, verbosity=0)
    assert datenbank_abzug() == vorher


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        ("", "leer"),
        ("[gemeinde]\nname = 'x'\n", "unbekannte Abschnitte: gemeinde"),
        ("edition = 5\n", "muss eine Tabelle sein"),
        ("[edition]\njahr = 2026\ntitel = 'T'\nthemenfeld = 'x'\n", "Liste von Tabellen"),
    ],
)
def test_falsch_aufgebaute_dateien(db, tmp_path, text, meldung):
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=[schreibe(tmp_path, text)])
    assert meldung in str(fehler.value)


def test_nicht_vorhandene_datei(db, tmp_path):
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("inhalte_laden", tmp_path / "fehlt.toml", verbosity=0)
