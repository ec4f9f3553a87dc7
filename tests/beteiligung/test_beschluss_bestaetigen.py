"""Issue 17.4: a decision that adopts the edition asks first and says afterwards what it did.

The POST of the decision form answers with a confirmation page (the input in hidden fields);
only the confirmed POST adopts. "Zurück zum Formular" brings the form back as it was filled.
A confirmation read before the edition changed or was adopted saves nothing and says so.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.utils import timezone

from beteiligung.models import Beschluss, Beteiligungsphase, Gremium
from beteiligung.services import AnnahmeVeraendert, annahme_vorschau, beschluss_erfassen
from konzept.models import Edition
from konzept.services import edition_status_aendern
from tests.beteiligung.test_beteiligung import beschluss_daten, versteckte_felder


def url(edition):
    return f"/{edition.jahr}/beschluesse/neu/"


def seite(antwort):
    return BeautifulSoup(antwort.text, "html.parser")


def meldungen(antwort):
    return [str(meldung) for meldung in get_messages(antwort.wsgi_request)]


def annahme_daten(**mehr):
    return beschluss_daten(
        {
            "gremium": "beschliessend",
            "datum": timezone.localdate().isoformat(),
            "ergebnis": "beschlossen",
            "vorlage": "V/2026/17",
            "link": "https://ratsinfo.example.org/vorlage/17",
            "einreichung": "6f1c1f9e-7d0a-4d43-9a51-1b4e3f2c9a17",
            **mehr,
        }
    )


def unveraendert(entwurf, status):
    entwurf.refresh_from_db()
    return entwurf.status == status and not Beschluss.objects.filter(edition=entwurf).exists()


@pytest.fixture
def phasen(entwurf):
    """A consultation running now and one planned for later."""
    jetzt = timezone.now()
    laufend = Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=3), ende=jetzt + timedelta(days=5)
    )
    geplant = Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt + timedelta(days=10), ende=jetzt + timedelta(days=20)
    )
    return laufend, geplant


def test_annehmender_beschluss_fragt_erst_und_speichert_nichts(staff_client, entwurf, phasen):
    status = entwurf.status
    antwort = staff_client.post(url(entwurf), annahme_daten())
    assert antwort.status_code == 200
    assert unveraendert(entwurf, status)
    html = seite(antwort)
    assert html.h1.get_text(strip=True) == (
        f"Die Ausgabe {entwurf.jahr} wirklich als beschlossen erfassen?"
    )
    folgen = [li.get_text(" ", strip=True) for li in html.select(".kern-alert--warning li")]
    assert folgen[0].startswith(f"Die Ausgabe {entwurf.jahr} („{entwurf.titel}“) wird die")
    assert Gremium.objects.get(beschliesst=True).name in folgen[0]
    assert any("eingefroren" in folge for folge in folgen)
    laufend, geplant = phasen
    ende = timezone.localtime(laufend.ende).strftime("%d.%m.%Y %H:%M")
    beginn = timezone.localtime(geplant.beginn).strftime("%d.%m.%Y %H:%M")
    assert any(f"bis {ende} Uhr endet jetzt" in folge for folge in folgen)
    assert any(
        f"ab {beginn} Uhr hat noch nicht begonnen und wird gelöscht" in folge for folge in folgen
    )
    bisher = Edition.objects.in_kraft()
    assert any(
        f"Die bisher geltende Ausgabe {bisher.jahr} gilt dann nicht mehr" in folge
        for folge in folgen
    )
    # The decision as entered travels in hidden fields, with the form's id and the state shown.
    felder = versteckte_felder(antwort)
    daten = annahme_daten()
    for name in ("gremium", "datum", "ergebnis", "vorlage", "link", "einreichung"):
        assert felder[name] == str(daten[name]), name
    assert felder["stand"] == annahme_vorschau(entwurf).stand
    assert "bestaetigt" not in felder
    formular = html.select_one("main form")
    assert formular["method"] == "post" and formular["action"] == url(entwurf)
    knoepfe = {knopf["name"]: knopf.get_text(strip=True) for knopf in formular.select("button")}
    assert knoepfe == {
        "bestaetigt": "Ja, Beschluss erfassen und Ausgabe einfrieren",
        "bearbeiten": "Zurück zum Formular",
    }


def test_bestaetigt_nimmt_an_und_sagt_was_geschah(staff_client, entwurf, phasen):
    bisher = Edition.objects.in_kraft()
    laufend, geplant = phasen
    felder = versteckte_felder(staff_client.post(url(entwurf), annahme_daten()))
    antwort = staff_client.post(url(entwurf), {**felder, "bestaetigt": "1"})
    assert antwort.status_code == 302
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.BESCHLOSSEN
    assert Beschluss.objects.get(edition=entwurf).vorlage == "V/2026/17"
    laufend.refresh_from_db()
    assert laufend.ende <= timezone.now()
    assert not Beteiligungsphase.objects.filter(pk=geplant.pk).exists()
    erwartet = (
        f"Die Ausgabe {entwurf.jahr} ist beschlossen und jetzt eingefroren. Laufende "
        "Beteiligungsphasen sind beendet. Beteiligungsphasen, die noch nicht begonnen hatten, "
        f"sind gelöscht. Der Umsetzungsstand der Ausgabe {bisher.jahr} ist jetzt Historie."
    )
    # Said on the page the confirmation leads to.
    folgeseite = staff_client.get(antwort["Location"])
    assert erwartet in folgeseite.text
    # Sent twice, the confirmation adopts once and says so.
    zweite = staff_client.post(url(entwurf), {**felder, "bestaetigt": "1"})
    assert zweite.status_code == 302
    assert "schon einmal gesendet" in meldungen(zweite)[0]
    assert Beschluss.objects.filter(edition=entwurf).count() == 1


def test_meldung_ohne_phasen_nennt_nur_was_geschah(staff_client, entwurf):
    felder = versteckte_felder(staff_client.post(url(entwurf), annahme_daten()))
    antwort = staff_client.post(url(entwurf), {**felder, "bestaetigt": "1"})
    meldung = meldungen(antwort)[0]
    assert meldung.startswith(f"Die Ausgabe {entwurf.jahr} ist beschlossen und jetzt eingefroren.")
    assert "Beteiligungsphasen" not in meldung


def test_zurueck_zum_formular_behaelt_die_eingaben(staff_client, entwurf):
    status = entwurf.status
    felder = versteckte_felder(staff_client.post(url(entwurf), annahme_daten()))
    antwort = staff_client.post(url(entwurf), {**felder, "bearbeiten": "1"})
    assert antwort.status_code == 200
    assert unveraendert(entwurf, status)
    html = seite(antwort)
    daten = annahme_daten()
    assert html.select_one("#id_gremium option[selected]")["value"] == str(daten["gremium"])
    assert html.select_one("#id_ergebnis option[selected]")["value"] == "beschlossen"
    for name in ("datum", "vorlage", "link"):
        assert html.select_one(f"#id_{name}")["value"] == daten[name], name
    # The same form: sent from here, it asks again and saves once.
    assert html.select_one("input[name=einreichung]")["value"] == daten["einreichung"]
    assert not html.select(".kern-alert--danger")
    wieder = staff_client.post(url(entwurf), versteckte_felder(antwort) | daten)
    assert wieder.status_code == 200 and 'name="bestaetigt"' in wieder.text


@pytest.mark.parametrize(
    ("gremium", "ergebnis"),
    [("beratend", "empfohlen"), ("beschliessend", "abgelehnt"), ("beschliessend", "vertagt")],
)
def test_beschluss_ohne_annahme_wird_gleich_gespeichert(staff_client, entwurf, gremium, ergebnis):
    status = entwurf.status
    antwort = staff_client.post(url(entwurf), annahme_daten(gremium=gremium, ergebnis=ergebnis))
    assert antwort.status_code == 302
    assert meldungen(antwort) == ["Gespeichert."]
    entwurf.refresh_from_db()
    assert entwurf.status == status
    assert Beschluss.objects.get(edition=entwurf).ergebnis == ergebnis


def test_inzwischen_veraenderte_ausgabe_fragt_noch_einmal(staff_client, entwurf, koordination):
    """Another step taken after the confirmation was read: nothing is saved, the page asks
    again with what adoption does now, the input still in it."""
    felder = versteckte_felder(staff_client.post(url(entwurf), annahme_daten()))
    status = edition_status_aendern(
        edition=entwurf, status=entwurf.naechster_status, grund="", user=koordination
    ).status
    antwort = staff_client.post(url(entwurf), {**felder, "bestaetigt": "1"})
    assert antwort.status_code == 409
    assert unveraendert(entwurf, status)
    assert "Nichts wurde gespeichert" in antwort.text
    neu = versteckte_felder(antwort)
    assert neu["stand"] != felder["stand"]
    eingaben = ("gremium", "datum", "ergebnis", "vorlage", "link", "einreichung")
    assert [neu[name] for name in eingaben] == [felder[name] for name in eingaben]
    assert staff_client.post(url(entwurf), {**neu, "bestaetigt": "1"}).status_code == 302
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.BESCHLOSSEN


def test_inzwischen_beschlossene_ausgabe_behaelt_die_eingaben(staff_client, entwurf):
    """Adopted by someone else after the confirmation was read: a clear refusal with the
    input, no error page."""
    felder = versteckte_felder(staff_client.post(url(entwurf), annahme_daten()))
    beschluss_erfassen(
        beschluss=Beschluss(
            edition=entwurf,
            gremium=Gremium.objects.get(beschliesst=True),
            datum=timezone.localdate(),
            ergebnis="geaendert_beschlossen",
        ),
        user=None,
    )
    antwort = staff_client.post(url(entwurf), {**felder, "bestaetigt": "1"})
    assert antwort.status_code == 422
    assert f"Die Ausgabe {entwurf.jahr} ist beschlossen" in antwort.text
    assert seite(antwort).select_one("#id_vorlage")["value"] == "V/2026/17"
    assert Beschluss.objects.filter(edition=entwurf).count() == 1


def test_dienst_verweigert_einen_veralteten_stand(entwurf, phasen, koordination):
    """The comparison on the locked rows, for a change between the view's read and the
    save: a phase that has begun meanwhile is not dropped unasked."""
    stand = annahme_vorschau(entwurf).stand
    _laufend, geplant = phasen
    Beteiligungsphase.objects.filter(pk=geplant.pk).update(beginn=timezone.now() - timedelta(1))
    beschluss = Beschluss(
        edition=entwurf,
        gremium=Gremium.objects.get(beschliesst=True),
        datum=timezone.localdate(),
        ergebnis="beschlossen",
    )
    with pytest.raises(AnnahmeVeraendert):
        beschluss_erfassen(beschluss=beschluss, user=koordination, stand=stand)
    assert unveraendert(entwurf, entwurf.status)
    assert Beteiligungsphase.objects.filter(pk=geplant.pk).exists()
