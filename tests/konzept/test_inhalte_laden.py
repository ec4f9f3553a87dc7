"""Issue 16: any district's content loads from its own files (docs/inhalte.md), all or
nothing, with its words, kinds of participation, bodies, decisions, predecessor, leads and
partners, numbers and any shape of tree; files in the format of 2024 keep loading; a second
district is refused."""

import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from beteiligung.models import Beschluss, Beteiligungsart, Gremium
from konzept.begriffe import begriffe, migrationsvertretung
from konzept.laden import InhaltFehler, dateien_aus, inhalte_laden
from konzept.models import Edition, Landkreis
from konzept.vergleich import vergleichen
from massnahmen.models import Massnahme, Organisation

HEUTIGES_FORMAT = Path(__file__).parent.parent / "daten" / "format-2024"

LANDKREIS = """
[landkreis]
name = "Landkreis Testhausen"
koordinierungsstelle = "Integrationsbüro"
fortschreibung_jahre = 3
nummern_zeigen = true

[begriff.themenfeld]
einzahl = "Handlungsfeld"
mehrzahl = "Handlungsfelder"

[begriff.leitziel]
einzahl = "Leitlinie"
mehrzahl = "Leitlinien"

[begriff.teilziel]
einzahl = "Ziel"
mehrzahl = "Ziele"

[begriff.massnahme]
einzahl = "Maßnahme"
mehrzahl = "Maßnahmen"

[[beteiligungsart]]
key = "aemter"
name = "Ämter"

[[beteiligungsart]]
key = "rat"
name = "Integrationsrat"
kurzname = "IR"
migrationsvertretung = true
kennzeichen = "Vorschlag des Integrationsrats"

[[gremium]]
key = "lenkung"
name = "Lenkungsgruppe"

[[gremium]]
key = "kreistag"
name = "Kreistag Testhausen"
beschliesst = true
"""

EDITION_2022 = """
[edition]
jahr = 2022
titel = "Konzept 2022"
status = "beschlossen"
beschlossen_am = 2022-05-01

[[edition.beteiligungsformat]]
key = "aemter"
art = "aemter"
titel = "Umfrage in den Ämtern"

[[edition.beteiligungsformat]]
key = "rat"
art = "rat"
titel = "Sitzung des Integrationsrats"

[[edition.beschluss]]
gremium = "lenkung"
datum = 2022-04-01
ergebnis = "empfohlen"

[[edition.beschluss]]
gremium = "kreistag"
datum = 2022-05-01
ergebnis = "beschlossen"
vorlage = "V/2022/1"

[[edition.stellungnahme]]
datum = 2022-03-01
text = "Der Integrationsrat empfiehlt das Konzept."

[[edition.themenfeld]]
key = "bildung"
nummer = "1"
titel = "Bildung"

[[edition.themenfeld.leitziel]]
key = "bildung.kurse"
nummer = "1.1"
text = "Genug Sprachkurse für alle."
herkunft = ["rat"]

[[edition.themenfeld.leitziel.massnahme]]
key = "bildung.kurse.abendkurse"
nummer = "1.1.1"
titel = "Abendkurse"
federfuehrung = "Volkshochschule Testhausen"
partner = ["Jobcenter Testhausen", "Bildungswerk"]
herkunft = ["rat"]
budget = "1200.50"

[[edition.themenfeld.massnahme]]
key = "bildung.beratung"
nummer = "1.2"
titel = "Bildungsberatung"
status = "in_umsetzung"

[[edition.themenfeld.teilziel]]
key = "bildung.schule"
titel = "Schulabschlüsse"

[[edition.themenfeld.teilziel.massnahme]]
key = "bildung.schule.kurse"
titel = "Schulabschlusskurse"
herkunft = ["aemter"]
"""

EDITION_2025 = """
[edition]
jahr = 2025
titel = "Konzept 2025"
vorgaenger = 2022

[[edition.beteiligungsformat]]
key = "aemter"
art = "aemter"
titel = "Umfrage in den Ämtern"

[[edition.themenfeld]]
key = "bildung"
nummer = "1"
titel = "Bildung"

[[edition.themenfeld.leitziel]]
key = "bildung.kurse"
nummer = "1.1"
text = "Genug Sprachkurse für alle."

[[edition.themenfeld.leitziel.massnahme]]
key = "bildung.kurse.abendkurse"
nummer = "1.1.1"
titel = "Abendkurse am Wochenende"
federfuehrung = "Volkshochschule Testhausen"

[[edition.themenfeld.massnahme]]
key = "bildung.lernorte"
nummer = "1.2"
titel = "Offene Lernorte"
"""


def schreibe(ordner: Path, name: str, text: str) -> Path:
    ordner.mkdir(parents=True, exist_ok=True)
    datei = ordner / name
    datei.write_text(textwrap.dedent(text), encoding="utf-8")
    return datei


@pytest.fixture
def leer_ohne_landkreisdaten(leer):
    """No district at all: no words, kinds or bodies either."""
    from konzept.models import Begriff

    for model in (Begriff, Beteiligungsart, Gremium):
        model.objects.all().delete()


@pytest.fixture
def testhausen(tmp_path):
    """Testhausen's content folder: its district, two editions, an Arabic translation."""
    ordner = tmp_path / "testhausen"
    schreibe(ordner, "landkreis.toml", LANDKREIS)
    schreibe(ordner, "konzept-2022.toml", EDITION_2022)
    schreibe(ordner, "konzept-2025.toml", EDITION_2025)
    schreibe(
        ordner / "uebersetzungen",
        "ar.toml",
        """
        sprache = "ar"

        [begriff.themenfeld]
        einzahl = "مجال العمل"
        mehrzahl = "مجالات العمل"

        [beteiligungsart.rat]
        name = "مجلس الاندماج"

        [edition.2022]
        titel = "المفهوم 2022"
        """,
    )
    return ordner


def test_ein_anderer_landkreis_laedt_alles_was_das_modell_haelt(
    leer_ohne_landkreisdaten, testhausen
):
    """Issue 16.6: words, kinds, bodies, decisions, statements, leads and partners, numbers,
    measures under a goal, straight under a field and under a sub-goal."""
    inhalte_laden(dateien=dateien_aus(testhausen))
    landkreis = Landkreis.aktuell()
    assert (landkreis.name, landkreis.fortschreibung_jahre, landkreis.nummern_zeigen) == (
        "Landkreis Testhausen",
        3,
        True,
    )
    assert begriffe()["themenfeld"].mehrzahl == "Handlungsfelder"
    assert begriffe()["leitziel"].einzahl == "Leitlinie"
    # No word for the cross-cutting field: the built-in one stands.
    assert begriffe()["querschnittsfeld"].einzahl == "Querschnittsfeld"
    with translation.override("ar"):
        assert begriffe()["themenfeld"].einzahl == "مجال العمل"
        assert migrationsvertretung().name == "مجلس الاندماج"
    assert migrationsvertretung().kurzname == "IR"

    edition = Edition.objects.get(jahr=2022)
    beschluesse = list(Beschluss.objects.filter(edition=edition).select_related("gremium"))
    assert [(b.gremium.key, b.ergebnis) for b in beschluesse] == [
        ("lenkung", "empfohlen"),
        ("kreistag", "beschlossen"),
    ]
    assert beschluesse[1].nimmt_an and beschluesse[1].vorlage == "V/2022/1"
    assert edition.stellungnahmen.get().text.startswith("Der Integrationsrat")

    abendkurse = Massnahme.objects.get(key="bildung.kurse.abendkurse", themenfeld__edition=edition)
    assert abendkurse.leitziel.key == "bildung.kurse" and abendkurse.teilziel is None
    assert abendkurse.nummer == "1.1.1"
    assert abendkurse.federfuehrung.name == "Volkshochschule Testhausen"
    assert sorted(p.name for p in abendkurse.partner.all()) == [
        "Bildungswerk",
        "Jobcenter Testhausen",
    ]
    assert abendkurse.ist_kmv
    direkt = Massnahme.objects.get(key="bildung.beratung")
    assert (direkt.leitziel, direkt.teilziel, direkt.themenfeld.key) == (None, None, "bildung")
    assert direkt.status == "in_umsetzung"
    assert Massnahme.objects.get(key="bildung.schule.kurse").teilziel.key == "bildung.schule"
    # One organisation per name, however often it is named.
    assert Organisation.objects.filter(name="Volkshochschule Testhausen").count() == 1


def test_vorgaenger_aus_der_datei_macht_den_vergleich_moeglich(
    leer_ohne_landkreisdaten, testhausen
):
    """Issue 16.6: the predecessor edition is part of the load format."""
    inhalte_laden(dateien=dateien_aus(testhausen))
    neu = Edition.objects.get(jahr=2025)
    assert neu.vorgaenger.jahr == 2022
    vergleich = vergleichen(neu)
    zustaende = {
        (aenderung.art, aenderung.key): aenderung.zustand
        for feld in vergleich["felder"]
        for aenderung in feld.aenderungen
    }
    assert zustaende[("massnahme", "bildung.lernorte")] == "neu"
    assert zustaende[("massnahme", "bildung.beratung")] == "entfallen"
    assert zustaende[("massnahme", "bildung.kurse.abendkurse")] == "geaendert"
    assert zustaende[("teilziel", "bildung.schule")] == "entfallen"


@pytest.mark.parametrize("mit_uebersetzungen", [True, False])
def test_uebersetzungsdateien_sind_freiwillig(
    leer_ohne_landkreisdaten, testhausen, mit_uebersetzungen, settings
):
    """Issue 16.1: the content comes from the setting INHALTE (a folder); translations are
    optional."""
    if not mit_uebersetzungen:
        for datei in (testhausen / "uebersetzungen").iterdir():
            datei.unlink()
    settings.INHALTE = [str(testhausen)]
    call_command("inhalte_laden", verbosity=0)
    edition = Edition.objects.get(jahr=2022)
    assert bool(edition.uebersetzung("titel", "ar")) is mit_uebersetzungen


def test_dateien_als_argumente(leer_ohne_landkreisdaten, testhausen):
    call_command(
        "inhalte_laden",
        testhausen / "landkreis.toml",
        testhausen / "konzept-2022.toml",
        verbosity=0,
    )
    assert list(Edition.objects.values_list("jahr", flat=True)) == [2022]


def test_heutiges_format_laedt_unveraendert(leer_ohne_landkreisdaten):
    """Issue 16.6: the files of 2024, as they were, load as before: the kinds of
    participation they name become rows, named in every language as they were."""
    inhalte_laden(dateien=dateien_aus(HEUTIGES_FORMAT))
    edition = Edition.objects.get(jahr=2024)
    assert Massnahme.objects.in_edition(edition).count() == 52
    assert list(Beteiligungsart.objects.values_list("key", flat=True)) == [
        "verwaltung",
        "extern",
        "kmv",
        "politik",
    ]
    kmv = Beteiligungsart.objects.get(key="kmv")
    assert kmv.migrationsvertretung and kmv.kurzname == "KMV"
    assert kmv.uebersetzung("name", "ar")
    assert [m.titel for m in Massnahme.objects.in_edition(edition) if m.ist_kmv] == [
        "Weiterführende Sprachkurse"
    ]


def test_ein_zweiter_landkreis_wird_abgelehnt(inhalt, testhausen):
    """Issue 16.10: one district per installation; another's files change nothing."""
    vorher = (Landkreis.aktuell().name, Edition.objects.count(), Massnahme.objects.count())
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=dateien_aus(testhausen))
    assert "Landkreis Testhausen" in str(fehler.value)
    assert "landkreis.toml" in str(fehler.value)
    assert (Landkreis.aktuell().name, Edition.objects.count(), Massnahme.objects.count()) == vorher
    with pytest.raises(CommandError, match="Je Installation gibt es einen Landkreis"):
        call_command("inhalte_laden", testhausen, ersetzen=True, verbosity=0)
    assert Landkreis.aktuell().name == vorher[0]


def test_zweimal_laden_aendert_nichts_und_bearbeitungen_bleiben(
    leer_ohne_landkreisdaten, testhausen
):
    inhalte_laden(dateien=dateien_aus(testhausen))
    Massnahme.objects.filter(key="bildung.beratung").update(status="umgesetzt")
    vorher = sorted(map(repr, Massnahme.objects.values()))
    bericht = inhalte_laden(dateien=dateien_aus(testhausen))
    assert sorted(map(repr, Massnahme.objects.values())) == vorher
    assert any("unverändert" in zeile for zeile in bericht)


def test_ersetzen_laedt_die_datei_neu(leer_ohne_landkreisdaten, testhausen):
    inhalte_laden(dateien=dateien_aus(testhausen))
    Massnahme.objects.filter(key="bildung.schule.kurse").update(status="umgesetzt")
    call_command("inhalte_laden", testhausen / "konzept-2025.toml", ersetzen=True, verbosity=0)
    # 2022 has a successor and stays; 2025 was loaded anew.
    assert Massnahme.objects.get(key="bildung.schule.kurse").status == "umgesetzt"
    assert Edition.objects.get(jahr=2025).vorgaenger.jahr == 2022


def kaputt(testhausen: Path, datei: str, von: str, durch: str) -> Path:
    pfad = testhausen / datei
    text = pfad.read_text(encoding="utf-8")
    assert von in text, von
    pfad.write_text(text.replace(von, durch, 1), encoding="utf-8")
    return pfad


@pytest.mark.parametrize(
    ("datei", "von", "durch", "meldung"),
    [
        # The report names the file and the line of a syntax error.
        ("konzept-2022.toml", 'titel = "Abendkurse"', 'titel = "Abendkurse', "line"),
        ("konzept-2022.toml", 'titel = "Abendkurse"', 'titl = "Abendkurse"', "titl"),
        ("konzept-2022.toml", 'titel = "Abendkurse"', "", "titel"),
        ("konzept-2022.toml", 'budget = "1200.50"', 'budget = "-5"', "budget"),
        ("konzept-2022.toml", 'status = "beschlossen"', 'status = "vielleicht"', "status"),
        ("konzept-2022.toml", "jahr = 2022", 'jahr = "2022"', "jahr"),
        # A level where the tree has none (a sub-goal under a goal).
        (
            "konzept-2022.toml",
            "[[edition.themenfeld.leitziel.massnahme]]",
            "[[edition.themenfeld.leitziel.teilziel]]",
            "unbekannte Felder: teilziel",
        ),
        # Duplicate keys and numbers.
        (
            "konzept-2022.toml",
            'key = "bildung.beratung"',
            'key = "bildung.kurse.abendkurse"',
            "mehrfach",
        ),
        ("konzept-2022.toml", 'nummer = "1.2"', 'nummer = "1.1.1"', "„1.1.1“ kommt mehrfach vor"),
        ("konzept-2022.toml", 'herkunft = ["aemter"]', 'herkunft = ["aemtr"]', "Herkunft „aemtr“"),
        ("konzept-2022.toml", 'art = "rat"', 'art = "beirat"', "„art“ nennt keine Beteiligungsart"),
        (
            "konzept-2022.toml",
            'gremium = "lenkung"',
            'gremium = "rat"',
            "„gremium“ nennt kein Gremium",
        ),
        (
            "konzept-2022.toml",
            'federfuehrung = "Volkshochschule Testhausen"',
            "federfuehrung = 3",
            "federfuehrung",
        ),
        ("konzept-2025.toml", "vorgaenger = 2022", "vorgaenger = 2019", "vorgaenger"),
        # The district's words: a level missing, an unknown one, a form missing.
        (
            "landkreis.toml",
            '[begriff.teilziel]\neinzahl = "Ziel"\nmehrzahl = "Ziele"\n',
            "",
            "teilziel",
        ),
        (
            "landkreis.toml",
            "[begriff.teilziel]",
            "[begriff.unterziel]",
            "unbekannte Ebenen: unterziel",
        ),
        ("landkreis.toml", 'mehrzahl = "Leitlinien"\n', "", "„einzahl“ und „mehrzahl“"),
        (
            "landkreis.toml",
            'key = "aemter"\nname = "Ämter"\n',
            'key = "aemter"\nname = "Ämter"\nmigrationsvertretung = true\n',
            "migrationsvertretung",
        ),
        ("landkreis.toml", 'key = "lenkung"', 'key = "kreistag"', "„kreistag“ kommt mehrfach vor"),
        (
            "landkreis.toml",
            "fortschreibung_jahre = 3",
            "fortschreibung_jahre = 0",
            "fortschreibung_jahre",
        ),
    ],
)
def test_fehlerhafte_dateien_werden_mit_ort_abgelehnt_und_aendern_nichts(
    leer_ohne_landkreisdaten, testhausen, datei, von, durch, meldung
):
    """Issue 16, bad input: a report naming the file and position, nothing loaded."""
    kaputt(testhausen, datei, von, durch)
    with pytest.raises(CommandError) as fehler:
        call_command("inhalte_laden", testhausen, verbosity=0)
    assert datei in str(fehler.value)
    assert meldung in str(fehler.value)
    assert not Landkreis.objects.exists()
    assert not Edition.objects.exists()
    assert not Massnahme.objects.exists()
    assert not Beteiligungsart.objects.exists()


def test_fehlermeldung_nennt_das_element(leer_ohne_landkreisdaten, testhausen):
    kaputt(testhausen, "konzept-2022.toml", 'titel = "Abendkurse"', 'titel = ""')
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=dateien_aus(testhausen))
    assert "themenfeld[1] (bildung)" in str(fehler.value)
    assert "massnahme[1] (bildung.kurse.abendkurse)" in str(fehler.value)


def test_fehlerhafte_datei_laesst_vorhandene_inhalte_unberuehrt(inhalt, tmp_path):
    vorher = sorted(map(repr, Massnahme.objects.values()))
    datei = schreibe(tmp_path, "kaputt.toml", "[edition]\njahr = 2030\n")
    with pytest.raises(CommandError, match="titel"):
        call_command("inhalte_laden", datei, ersetzen=True, verbosity=0)
    assert sorted(map(repr, Massnahme.objects.values())) == vorher


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        ("", "leer"),
        ("[gemeinde]\nname = 'x'\n", "unbekannte Abschnitte: gemeinde"),
        ("edition = 5\n", "muss eine Tabelle sein"),
        ("[edition]\njahr = 2026\ntitel = 'T'\nthemenfeld = 'x'\n", "Liste von Tabellen"),
        ("begriff = 1\n", "begriff"),
    ],
)
def test_falsch_aufgebaute_dateien(db, tmp_path, text, meldung):
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=[schreibe(tmp_path, "kaputt.toml", text)])
    assert meldung in str(fehler.value)


def test_nicht_vorhandene_datei(db, tmp_path):
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("inhalte_laden", tmp_path / "fehlt.toml", verbosity=0)


def test_demo_beteiligung_fuer_jeden_landkreis(leer_ohne_landkreisdaten, testhausen, settings):
    """Issue 16.1: `make run` works with any content: the demo participation is built on the
    newest adopted edition, in the district's own cycle."""
    settings.DEMO_BENUTZER_ERLAUBT = True
    inhalte_laden(dateien=[testhausen / "landkreis.toml", testhausen / "konzept-2022.toml"])
    call_command("demo_benutzer", verbosity=0)
    call_command("demo_beteiligung", verbosity=0)
    entwurf = Edition.objects.get(jahr=2025)
    assert entwurf.vorgaenger.jahr == 2022
    assert entwurf.kommentare.count() == 3  # as many demo comments as the content has measures
    assert entwurf.phasen.offen().exists()


def test_demo_beteiligung_ohne_beschlossene_ausgabe_wird_uebersprungen(
    leer_ohne_landkreisdaten, testhausen, settings, capsys
):
    settings.DEMO_BENUTZER_ERLAUBT = True
    kaputt(testhausen, "konzept-2022.toml", 'status = "beschlossen"\n', "")
    inhalte_laden(dateien=[testhausen / "landkreis.toml", testhausen / "konzept-2022.toml"])
    call_command("demo_benutzer", verbosity=0)
    call_command("demo_beteiligung")
    assert "übersprungen" in capsys.readouterr().out
    assert Edition.objects.count() == 1
