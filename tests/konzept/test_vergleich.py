"""Issue 6 (part): what changed between an edition and its predecessor; all editions."""

from konzept.vergleich import vergleichen, wortdiff
from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle
from themenfelder.models import Teilziel


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
