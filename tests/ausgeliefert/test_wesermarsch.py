"""The content the application ships with: the Integrationskonzept 2024 of the Landkreis
Wesermarsch (daten/). The rest of the suite builds its own content (tests/fabrik.py); these
tests check the shipped files themselves, loaded into an emptied database."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from beteiligung.models import Beteiligungsart, Beteiligungsformat, Gremium
from konzept.begriffe import begriffe, migrationsvertretung
from konzept.laden import eingestellte_dateien, inhalte_laden
from konzept.models import Begriff, Edition, Kennzahl, Landkreis, Rechtsgrundlage, Seite
from massnahmen.models import Massnahme, Organisation
from themenfelder.models import Leitziel, Teilziel, Themenfeld

pytestmark = pytest.mark.ausgeliefert

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


@pytest.fixture
def wesermarsch(leer):
    """The shipped files, loaded as `make run` loads them (setting INHALTE)."""
    inhalte_laden(dateien=eingestellte_dateien())
    return Edition.objects.get(jahr=2024)


def test_alle_themenfelder_ziele_und_massnahmen_sind_da(wesermarsch):
    felder = {
        themenfeld.titel: (
            themenfeld.anzahl_leitziele,
            themenfeld.anzahl_teilziele,
            themenfeld.anzahl_massnahmen,
        )
        for themenfeld in wesermarsch.themenfelder.mit_zahlen()
    }
    assert felder == THEMENFELDER
    assert [f.themenunabhaengig for f in wesermarsch.themenfelder.all()] == [False] * 6 + [True]
    assert Massnahme.objects.in_edition(wesermarsch).count() == 52
    # In the source every measure sits under a sub-goal.
    assert not Massnahme.objects.in_edition(wesermarsch).filter(teilziel=None).exists()


def test_kommalisten_werden_einzelne_massnahmen(wesermarsch):
    teilziel = Teilziel.objects.get(titel="Den Zugang zu Arbeit erleichtern")
    assert list(teilziel.massnahmen.values_list("titel", flat=True)) == [
        "Schnellere Arbeitserlaubnisse",
        "Jobmessen",
        "Einfachere Anerkennung von Abschlüssen",
    ]


def test_kennzahlen_und_rechtsgrundlagen(wesermarsch):
    kennzahlen = {k.key: k for k in wesermarsch.kennzahlen.all()}
    menschen = kennzahlen["auslaendische-staatsangehoerigkeit"]
    assert menschen.wert == Decimal("10055")
    assert str(menschen.stichtag) == "2023-12-31"
    assert "AZR" in menschen.quelle
    assert kennzahlen["bevoelkerungsanteil"].wert == Decimal("11")
    assert kennzahlen["bevoelkerungsanteil"].einheit == "%"
    assert list(wesermarsch.rechtsgrundlagen.values_list("kuerzel", flat=True)) == [
        "AsylG",
        "AufenthG",
        "AufnG",
    ]


def test_hintergrund_und_leitgedanke(wesermarsch):
    hintergrund = f"{wesermarsch.hintergrund}\n{wesermarsch.leitgedanke}"
    for aussage in (
        "Beauftragung der Koordinierungsstelle",
        "Grundlage für das lokale Integrationsmanagement",
        "Fortschreibung und Aktualisierung: alle zwei Jahre",
        "Integration als kommunale Gesamtaufgabe",
    ):
        assert aussage in hintergrund


def test_der_landkreis_mit_seinen_begriffen_beteiligungsarten_und_gremien(wesermarsch):
    landkreis = Landkreis.aktuell()
    assert landkreis.name == "Landkreis Wesermarsch"
    assert landkreis.fortschreibung_jahre == 2
    assert begriffe()["themenfeld"].mehrzahl == "Themenfelder"
    with translation.override("ar"):
        assert begriffe()["massnahme"].einzahl == "الإجراء"
        assert "المجلس البلدي للمهاجرين" in migrationsvertretung().name
    assert list(Beteiligungsart.objects.values_list("key", flat=True)) == [
        "verwaltung",
        "extern",
        "kmv",
        "politik",
    ]
    assert migrationsvertretung().kurzname == "KMV"
    assert Gremium.objects.get(beschliesst=True).name == "Kreistag"
    assert Gremium.objects.count() == 3
    # Every word, kind and body is translated into every language.
    for objekt in [*Begriff.objects.all(), *Beteiligungsart.objects.all(), *Gremium.objects.all()]:
        for sprache in ("en", "ar", "fa", "uk", "ru", "tr"):
            assert objekt.uebersetzungsstatus(sprache) != "fehlt", (objekt, sprache)


def test_beteiligungsformate(wesermarsch):
    formate = {f.art.key: f for f in wesermarsch.beteiligungsformate.select_related("art")}
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


def test_kmv_herkunft_nur_bei_weiterfuehrenden_sprachkursen(wesermarsch):
    von_kmv = Massnahme.objects.in_edition(wesermarsch).mit_herkunft("kmv")
    assert [m.titel for m in von_kmv] == ["Weiterführende Sprachkurse"]


def test_budget_der_koordinierungsstelle(wesermarsch):
    massnahme = Massnahme.objects.get(titel__startswith="Finanzielle Ausstattung")
    assert massnahme.budget == Decimal("10000.00")
    assert Massnahme.objects.exclude(budget=None).count() == 1


def test_leere_felder_bleiben_leer(wesermarsch):
    massnahmen = Massnahme.objects.in_edition(wesermarsch)
    assert not massnahmen.exclude(federfuehrung=None).exists()
    assert not Organisation.objects.exists()
    assert not any(m.zeitraum or m.indikatoren or m.beschreibung for m in massnahmen)


def test_uebersetzungen_aller_sprachen(wesermarsch):
    """Every item of the 2024 edition comes with a (machine) translation in every language."""
    from konzept import uebersetzung

    for sprache in ("en", "ar", "fa", "uk", "ru", "tr"):
        zahlen = uebersetzung.zaehlen(uebersetzung.elemente(wesermarsch), sprache)
        assert zahlen["fehlt"] == 0, sprache
    assert Seite.objects.get(art="barrierefreiheit").uebersetzung("titel", "ar")


GELADEN = (
    Landkreis,
    Begriff,
    Beteiligungsart,
    Gremium,
    Edition,
    Kennzahl,
    Rechtsgrundlage,
    Beteiligungsformat,
    Themenfeld,
    Leitziel,
    Teilziel,
    Massnahme,
)


def abzug():
    return {model.__name__: sorted(map(repr, model.objects.values())) for model in GELADEN}


def test_zweimal_laden_aendert_nichts(wesermarsch):
    vorher = abzug()
    call_command("inhalte_laden", verbosity=0)
    assert abzug() == vorher


def test_seiten_der_ausgelieferten_inhalte(wesermarsch, client):
    """The shipped concept's pages answer, in German and Arabic."""
    themenfeld = wesermarsch.themenfelder.first()
    for adresse in (
        wesermarsch.get_absolute_url(),
        themenfeld.get_absolute_url(),
        f"/ar{themenfeld.get_absolute_url()}",
        Massnahme.objects.in_edition(wesermarsch).first().get_absolute_url(),
    ):
        assert client.get(adresse).status_code == 200, adresse


def test_pflichtseiten_der_ausgelieferten_inhalte(wesermarsch, client):
    """The shipped imprint, privacy statement and accessibility statement say what the law
    asks of them."""
    assert "Herausgeber" in client.get("/impressum/").text
    assert "DSGVO" in client.get("/datenschutz/").text
    erklaerung = client.get("/barrierefreiheit/").text
    # The sections § 9b NBGG asks an accessibility statement to have.
    for abschnitt in (
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontakt",
        "Schlichtungsverfahren",
    ):
        assert abschnitt in erklaerung


def test_kontakt_der_ausgelieferten_inhalte(wesermarsch, client):
    """The district's address and telephone are data and stand in every page's footer and in
    the accessibility statement's feedback section; nothing there says they are missing."""
    landkreis = Landkreis.aktuell()
    assert "Poggenburger Straße 15" in landkreis.anschrift and landkreis.kontakt_telefon
    for adresse in ("/2024/", "/impressum/", "/ar/2024/"):
        fusszeile = client.get(adresse).text.split("<footer", 1)[1]
        assert "Poggenburger Straße 15" in fusszeile, adresse
        assert 'href="tel:04401927-0"' in fusszeile, adresse
    erklaerung = client.get("/barrierefreiheit/").text
    feedback = erklaerung.split("Feedback und Kontakt", 1)[1].split("<footer", 1)[0]
    assert "Poggenburger Straße 15" in feedback
    assert "noch nicht eingetragen" not in feedback
