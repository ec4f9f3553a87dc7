"""Issue 6 (part): what changed between an edition and its predecessor; all editions."""

from decimal import Decimal

from konzept import baum
from konzept.vergleich import ERLEDIGT, vergleichen, wortdiff
from massnahmen.models import Massnahme, Organisation
from tests.conftest import benutzer_mit_rolle
from themenfelder.models import Themenfeld


def test_vergleich_einer_handvoll_aenderungen(entwurf, massnahme):
    massnahmen = Massnahme.objects.in_edition(entwurf)
    jobmessen = massnahmen.get(key=massnahme.key)
    # Where the sample measure hangs (a sub-goal or a goal), and another item of that level.
    ebene = baum.ebene_von(jobmessen)
    feld = ebene.eltern_feld_von(jobmessen)
    eltern = ebene.eltern_von(jobmessen)
    anderes_ziel = (
        type(eltern).objects.filter(themenfeld__edition=entwurf).exclude(pk=eltern.pk).first()
    )
    andere = list(massnahmen.exclude(pk=jobmessen.pk).order_by("pk"))
    verschoben = next(m for m in andere if getattr(m, f"{feld}_id") not in (None, anderes_ziel.pk))
    umgesetzt, entfallen = [m for m in andere if m != verschoben][:2]
    assert umgesetzt.status != "umgesetzt"

    Massnahme.objects.filter(pk=jobmessen.pk).update(
        titel_de=f"{jobmessen.titel_de} im ganzen Landkreis"
    )
    Massnahme.objects.filter(pk=umgesetzt.pk).update(status="umgesetzt")
    entfallen.delete()
    Massnahme.objects.filter(pk=verschoben.pk).update(
        **{feld: anderes_ziel}, themenfeld=anderes_ziel.themenfeld, position=99
    )
    Massnahme.objects.create(
        themenfeld=jobmessen.themenfeld,
        **{feld: eltern},
        key="neu.ausbildungsmesse",
        position=98,
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
        "fortgefuehrt": len(andere) + 1 - 4,
    }
    for art in ("themenfeld", "leitziel", "teilziel"):
        assert ergebnis["zaehler"][art] == dict.fromkeys(ergebnis["zaehler"][art], 0), art
    geaendert = next(
        a for feld in ergebnis["felder"] for a in feld.aenderungen if a.zustand == "geaendert"
    )
    eingefuegt = '<span class="kern-sr-only" lang="de" dir="ltr">eingefügt: </span>'
    assert str(geaendert.text_diff) == (
        f"{jobmessen.titel_de} <ins>{eingefuegt}im ganzen Landkreis</ins>"
    )
    # Listed under the field it is in now.
    im_feld = {a.key: feld.key for feld in ergebnis["felder"] for a in feld.aenderungen}
    assert im_feld[verschoben.key] == anderes_ziel.themenfeld.key


def test_weitere_felder_einer_massnahme_und_themenfelder(entwurf):
    """A change anywhere in a measure makes it "changed", with each field's change shown; a
    renamed field is listed too."""
    massnahmen = Massnahme.objects.in_edition(entwurf)
    # A measure without partners, whose budget is not already the new one.
    jobmessen = massnahmen.filter(partner=None).exclude(budget=Decimal("1500")).first()
    assert not Organisation.objects.filter(name="IHK").exists()
    Massnahme.objects.filter(pk=jobmessen.pk).update(
        beschreibung_de="Zweimal jährlich", budget=Decimal("1500")
    )
    jobmessen.partner.add(Organisation.objects.create(name="IHK"))
    feld = jobmessen.themenfeld
    Themenfeld.objects.filter(pk=feld.pk).update(titel_de=f"{feld.titel_de} und Arbeit")
    ergebnis = vergleichen(entwurf)
    assert ergebnis["zaehler"]["themenfeld"]["geaendert"] == 1
    assert ergebnis["zaehler"]["massnahme"]["geaendert"] == 1
    aenderungen = {a.key: a for f in ergebnis["felder"] for a in f.aenderungen}
    felder = {str(f.bezeichnung): f for f in aenderungen[jobmessen.key].felder}
    assert set(felder) == {"Beschreibung", "Partner", "Budget (Euro)"}
    assert "eingefügt: </span>Zweimal jährlich</ins>" in str(felder["Beschreibung"].diff)
    assert (str(felder["Partner"].alt), str(felder["Partner"].neu)) == (
        "<bdi>–</bdi>",
        '<bdi lang="de" dir="ltr">IHK</bdi>',
    )
    assert str(felder["Budget (Euro)"].neu) == "<bdi>1.500,00</bdi>"
    assert str(aenderungen[feld.key].text_diff).endswith("eingefügt: </span>und Arbeit</ins>")


def test_vergleichsseite_zeigt_quelltexte_als_deutsch_ausgezeichnet(client, entwurf, massnahme):
    """The comparison is made on the German source; an Arabic page marks those texts as
    German, left to right, and never shows a translation inside them."""
    client.force_login(benutzer_mit_rolle("leserin", "Ausschuss"))
    # The measure had no budget in the adopted edition; the draft gives it one.
    Massnahme.objects.filter(pk=massnahme.pk).update(budget=None)
    kopie = Massnahme.objects.in_edition(entwurf).get(key=massnahme.key)
    Massnahme.objects.filter(pk=kopie.pk).update(zeitraum_de="ab 2027", budget=500)
    text = client.get("/ar/2026/vergleich/").text
    assert f'<span lang="de" dir="ltr">{kopie.titel_de}</span>' in text
    assert '<dd class="vergleich__diff" lang="de" dir="ltr">' in text
    assert kopie.titel_ar and kopie.titel_ar not in text
    # Before and after in reading order: right to left, the arrow points left.
    assert "<dd><bdi>–</bdi> ← <bdi>" in text


def test_wortdiff_escaped():
    gestrichen = '<span class="kern-sr-only" lang="de" dir="ltr">gestrichen: </span>'
    eingefuegt = '<span class="kern-sr-only" lang="de" dir="ltr">eingefügt: </span>'
    assert str(wortdiff("a <b>", "a <i>")) == (
        f"a <del>{gestrichen}&lt;b&gt;</del> <ins>{eingefuegt}&lt;i&gt;</ins>"
    )


def test_vergleichsseite(staff_client, entwurf, inhalt, massnahme):
    kopie = Massnahme.objects.in_edition(entwurf).get(key=massnahme.key)
    neu = next(s for s in Massnahme.Status if s not in (massnahme.status, *ERLEDIGT))
    Massnahme.objects.filter(pk=kopie.pk).update(status=neu)
    text = staff_client.get("/2026/vergleich/").text
    assert f"{entwurf.titel} gegenüber {inhalt.titel}" in text
    assert f"Status: {massnahme.get_status_display()} → {neu.label}" in text
    assert staff_client.get("/2024/vergleich/").status_code == 404  # no predecessor


def test_ausgabenliste_je_rolle(client, entwurf, inhalt):
    oeffentlich = client.get("/ausgaben/").text
    assert inhalt.titel in oeffentlich and entwurf.titel not in oeffentlich
    client.force_login(benutzer_mit_rolle("leserin", "Ausschuss"))
    intern = client.get("/ausgaben/").text
    assert entwurf.titel in intern and "Entwurf" in intern
    assert client.get("/2026/vergleich/").status_code == 200
