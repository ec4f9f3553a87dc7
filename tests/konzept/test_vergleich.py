"""Issue 6 (part): what changed between an edition and its predecessor; all editions."""

from decimal import Decimal

from konzept.vergleich import vergleichen, wortdiff
from massnahmen.models import Massnahme, Organisation
from tests.conftest import benutzer_mit_rolle
from themenfelder.models import Teilziel, Themenfeld


def test_vergleich_einer_handvoll_aenderungen(entwurf):
    massnahmen = Massnahme.objects.in_edition(entwurf)
    jobmessen = massnahmen.get(titel_de="Jobmessen")
    Massnahme.objects.filter(pk=jobmessen.pk).update(titel_de="Jobmessen im ganzen Landkreis")
    massnahmen.filter(titel_de="Sprachcafés").update(status="umgesetzt")
    massnahmen.get(titel_de="Leseprojekt").delete()
    anderes_teilziel = Teilziel.objects.filter(themenfeld__edition=entwurf).exclude(
        pk=jobmessen.teilziel_id
    )[0]
    verschoben = massnahmen.exclude(teilziel=anderes_teilziel).exclude(
        titel_de__in=["Jobmessen", "Sprachcafés"]
    )[0]
    Massnahme.objects.filter(pk=verschoben.pk).update(teilziel=anderes_teilziel, position=99)
    Massnahme.objects.create(
        teilziel=jobmessen.teilziel,
        key="neu.ausbildungsmesse",
        position=9,
        titel="Ausbildungsmesse",
    )
    ergebnis = vergleichen(entwurf)
    zahlen = ergebnis["zaehler"]["massnahme"]
    assert zahlen == {
        "neu": 1,
        "entfallen": 1,
        "geaendert": 1,
        "verschoben": 1,
        "umgesetzt": 1,
        "fortgefuehrt": 52 - 4,
    }
    assert ergebnis["zaehler"]["teilziel"] == dict.fromkeys(ergebnis["zaehler"]["teilziel"], 0)
    geaendert = next(
        a for feld in ergebnis["felder"] for a in feld.aenderungen if a.zustand == "geaendert"
    )
    assert str(geaendert.text_diff) == "Jobmessen <ins>im ganzen Landkreis</ins>"
    # Listed under the field it is in now.
    im_feld = {a.key: feld.key for feld in ergebnis["felder"] for a in feld.aenderungen}
    assert im_feld[verschoben.key] == anderes_teilziel.themenfeld.key


def test_weitere_felder_einer_massnahme_und_themenfelder(entwurf):
    """A change anywhere in a measure makes it "changed", with each field's change shown; a
    renamed field is listed too."""
    massnahmen = Massnahme.objects.in_edition(entwurf)
    jobmessen = massnahmen.get(titel_de="Jobmessen")
    Massnahme.objects.filter(pk=jobmessen.pk).update(
        beschreibung_de="Zweimal im Jahr", budget=Decimal("1500")
    )
    jobmessen.partner.add(Organisation.objects.create(name="IHK"))
    feld = jobmessen.teilziel.themenfeld
    Themenfeld.objects.filter(pk=feld.pk).update(titel_de=f"{feld.titel_de} und Arbeit")
    ergebnis = vergleichen(entwurf)
    assert ergebnis["zaehler"]["themenfeld"]["geaendert"] == 1
    assert ergebnis["zaehler"]["massnahme"]["geaendert"] == 1
    aenderungen = {a.key: a for f in ergebnis["felder"] for a in f.aenderungen}
    felder = {str(f.bezeichnung): f for f in aenderungen[jobmessen.key].felder}
    assert set(felder) == {"Beschreibung", "Partner", "Budget (Euro)"}
    assert "<ins>Zweimal im Jahr</ins>" in str(felder["Beschreibung"].diff)
    assert (str(felder["Partner"].alt), str(felder["Partner"].neu)) == (
        "<bdi>–</bdi>",
        '<bdi lang="de" dir="ltr">IHK</bdi>',
    )
    assert str(felder["Budget (Euro)"].neu) == "<bdi>1.500,00</bdi>"
    assert str(aenderungen[feld.key].text_diff).endswith("<ins>und Arbeit</ins>")


def test_vergleichsseite_zeigt_quelltexte_als_deutsch_ausgezeichnet(client, entwurf):
    """The comparison is made on the German source; an Arabic page marks those texts as
    German, left to right, and never shows a translation inside them."""
    client.force_login(benutzer_mit_rolle("leserin", "Ausschuss"))
    massnahme = Massnahme.objects.in_edition(entwurf).get(titel_de="Jobmessen")
    Massnahme.objects.filter(pk=massnahme.pk).update(zeitraum_de="ab 2027", budget=500)
    text = client.get("/ar/2026/vergleich/").text
    assert '<span lang="de" dir="ltr">Jobmessen</span>' in text
    assert '<dd class="vergleich__diff" lang="de" dir="ltr">' in text
    assert massnahme.titel_ar and massnahme.titel_ar not in text
    # Before and after in reading order: right to left, the arrow points left.
    assert "<dd><bdi>–</bdi> ← <bdi>" in text


def test_wortdiff_escaped():
    assert str(wortdiff("a <b>", "a <i>")) == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins>"


def test_vergleichsseite(staff_client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).get(titel_de="Jobmessen")
    Massnahme.objects.filter(pk=massnahme.pk).update(status="in_umsetzung")
    text = staff_client.get("/2026/vergleich/").text
    assert "Integrationskonzept 2026 gegenüber Integrationskonzept 2024" in text
    assert "Status: geplant → in Umsetzung" in text
    assert staff_client.get("/2024/vergleich/").status_code == 404  # no predecessor


def test_ausgabenliste_je_rolle(client, entwurf):
    oeffentlich = client.get("/ausgaben/").text
    assert (
        "Integrationskonzept 2024" in oeffentlich and "Integrationskonzept 2026" not in oeffentlich
    )
    client.force_login(benutzer_mit_rolle("leserin", "Ausschuss"))
    intern = client.get("/ausgaben/").text
    assert "Integrationskonzept 2026" in intern and "Entwurf" in intern
    assert client.get("/2026/vergleich/").status_code == 200
