"""Issue 15.5 and 15.6: reporting rounds (Sachstandsabfrage), the report page of a contact
person, reminders, review, the Umsetzungsbericht; staleness reminders."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from konzept.models import Profil
from massnahmen.models import (
    Erinnerung,
    Indikator,
    Massnahme,
    Messwert,
    Sachstandsabfrage,
    Sachstandsbericht,
)
from massnahmen.services import abfrage_eroeffnen, abfrage_schliessen, erinnerungen_faellig

HEUTE = timezone.localdate


def eigene(inhalt, jobcenter):
    return list(Massnahme.objects.in_edition(inhalt).filter(federfuehrung=jobcenter).order_by("pk"))


def kontakt_client(person):
    client = Client()
    client.force_login(person)
    return client


def meldedaten(massnahmen, abfrage=None, werte=None):
    """The report page's POST: every measure's fields with its prefix; `werte` per measure
    index as {index: {feld: wert}}."""
    daten = {"einreichung": str(uuid.uuid4())}
    if abfrage:
        daten["abfrage"] = abfrage.pk
    for nummer, massnahme in enumerate(massnahmen):
        praefix = f"m{massnahme.pk}-"
        daten |= {
            f"{praefix}status": massnahme.status,
            f"{praefix}datum": HEUTE().isoformat(),
            f"{praefix}version": massnahme.version,
        }
        for feld, wert in (werte or {}).get(nummer, {}).items():
            daten[praefix + feld] = wert
    return daten


@pytest.fixture
def abfrage(inhalt, koordination, ansprechperson, django_capture_on_commit_callbacks):
    Profil.objects.create(user=ansprechperson, sprache="ar")
    ansprechperson.email = "kontakt@jobcenter.example"
    ansprechperson.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        runde = abfrage_eroeffnen(
            edition=inhalt,
            frist=HEUTE() + timedelta(days=14),
            nachricht="Bitte berichten Sie bis zur Ausschusssitzung.",
            user=koordination,
        )
    return runde


def test_abfrage_eroeffnen_mail_in_der_sprache(abfrage, ansprechperson):
    """Issue 15.5: every contact person with measures gets one e-mail in their language (Arabic
    here) with a direct absolute link to their report page."""
    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["kontakt@jobcenter.example"]
    assert f"http://127.0.0.1:8000/ar/umsetzung/melden/?abfrage={abfrage.pk}" in nachricht.body
    assert "Bitte berichten Sie bis zur Ausschusssitzung." in nachricht.body
    assert "Sachstandsabfrage" not in nachricht.subject  # translated


def test_zweite_offene_abfrage_und_falsche_frist(staff_client, abfrage):
    """Issue 15.5: one open round per edition; a deadline in the past is refused with a
    message, the message typed kept."""
    antwort = staff_client.post(
        "/umsetzung/",
        {"frist": (HEUTE() + timedelta(days=3)).isoformat(), "nachricht": "Noch eine"},
    )
    assert (
        antwort.status_code == 422
        and "läuft bereits" in antwort.text
        and "Noch eine" in antwort.text
    )
    antwort = staff_client.post("/umsetzung/", {"frist": "2000-01-01", "nachricht": "Alt"})
    assert antwort.status_code == 422 and "Vergangenheit" in antwort.text
    assert Sachstandsabfrage.objects.count() == 1


def test_alle_massnahmen_auf_einer_seite(inhalt, jobcenter, ansprechperson, abfrage):
    """Issue 15.5: one page with all of the person's measures: status, note, indicator values,
    "still current"; untouched measures stay as they are; a second send counts once."""
    massnahmen = eigene(inhalt, jobcenter)
    indikator = Indikator.objects.create(massnahme=massnahmen[1], key="k", name="Kurse", einheit="")
    client = kontakt_client(ansprechperson)
    seite = client.get(f"/umsetzung/melden/?abfrage={abfrage.pk}")
    assert seite.status_code == 200
    for massnahme in massnahmen:
        assert f'name="m{massnahme.pk}-status"' in seite.text
    assert "Bitte berichten Sie bis zur Ausschusssitzung." in seite.text
    daten = meldedaten(
        massnahmen,
        abfrage,
        werte={
            0: {"status": "in_umsetzung", "notiz": "Läuft an."},
            1: {f"wert_{indikator.pk}": "7", "noch_aktuell": "on"},
        },
    )
    antwort = client.post("/umsetzung/melden/", daten)
    assert antwort.status_code == 302
    assert Sachstandsbericht.objects.filter(abfrage=abfrage).count() == 2
    client.post("/umsetzung/melden/", daten)
    assert Sachstandsbericht.objects.count() == 2
    seite = client.get(f"/umsetzung/melden/?abfrage={abfrage.pk}").text
    assert seite.count("in dieser Abfrage beantwortet") == 2


def test_fehler_verliert_nichts_und_speichert_nichts_halb(
    inhalt, jobcenter, ansprechperson, abfrage
):
    """Issue 15, bad input: one wrong value on the page: the whole page comes back with every
    input kept and the error next to its field; nothing of it is saved."""
    massnahmen = eigene(inhalt, jobcenter)
    client = kontakt_client(ansprechperson)
    daten = meldedaten(
        massnahmen,
        abfrage,
        werte={
            0: {"notiz": "Wichtiger Text"},
            1: {"beginn_tatsaechlich": "2024-05-01", "ende_tatsaechlich": "2024-01-01"},
        },
    )
    antwort = client.post("/umsetzung/melden/", daten)
    assert antwort.status_code == 422
    assert "Wichtiger Text" in antwort.text and "vor dem Beginn" in antwort.text
    assert not Sachstandsbericht.objects.exists()


def test_fremde_massnahme_im_formular_wird_ignoriert(inhalt, jobcenter, ansprechperson, abfrage):
    """Issue 15, bad input: fields for another organisation's measure sent to the report page
    change nothing."""
    fremde = Massnahme.objects.in_edition(inhalt).exclude(federfuehrung=jobcenter).first()
    client = kontakt_client(ansprechperson)
    daten = meldedaten(eigene(inhalt, jobcenter), abfrage) | meldedaten(
        [fremde], abfrage, werte={0: {"status": "umgesetzt"}}
    )
    client.post("/umsetzung/melden/", daten)
    assert not fremde.sachstandsberichte.exists()


def test_sitzung_abgelaufen_nichts_verloren(inhalt, jobcenter, ansprechperson, abfrage):
    """Issue 15.5: the session ran out while typing: the POST answers with a sign-in form that
    carries every value; signing in there saves the report as sent."""
    massnahmen = eigene(inhalt, jobcenter)
    client = Client()
    daten = meldedaten(massnahmen, abfrage, werte={0: {"notiz": "Nach langer Pause geschrieben"}})
    antwort = client.post("/umsetzung/melden/", daten)
    assert antwort.status_code == 200 and "erneut an" in antwort.text
    assert 'value="Nach langer Pause geschrieben"' in antwort.text
    felder = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', antwort.text))
    assert felder[f"m{massnahmen[0].pk}-notiz"] == "Nach langer Pause geschrieben"
    falsch = client.post(
        "/umsetzung/melden/",
        felder | {"anmelden-username": ansprechperson.username, "anmelden-password": "falsch"},
    )
    assert "Nach langer Pause geschrieben" in falsch.text and not Sachstandsbericht.objects.exists()
    antwort = client.post(
        "/umsetzung/melden/",
        felder
        | {
            "anmelden-username": ansprechperson.username,
            "anmelden-password": "geheim-und-lang-2024",
        },
    )
    assert antwort.status_code == 302
    bericht = Sachstandsbericht.objects.get()
    assert bericht.daten["notiz"] == "Nach langer Pause geschrieben" and bericht.abfrage == abfrage


def test_abfrage_geschlossen_waehrend_des_tippens(
    inhalt, jobcenter, ansprechperson, abfrage, koordination
):
    """Issue 15, bad input: the round is closed while someone types: the report is kept (outside
    the round) and the person is told so."""
    massnahmen = eigene(inhalt, jobcenter)
    client = kontakt_client(ansprechperson)
    daten = meldedaten(massnahmen, abfrage, werte={0: {"notiz": "Spät, aber da"}})
    abfrage_schliessen(abfrage=abfrage, user=koordination)
    antwort = client.post("/umsetzung/melden/", daten, follow=True)
    assert "inzwischen abgeschlossen" in antwort.text
    bericht = Sachstandsbericht.objects.get()
    assert bericht.abfrage is None and bericht.daten["notiz"] == "Spät, aber da"


def test_naechste_ausgabe_beschlossen_waehrend_des_tippens(
    inhalt, entwurf, jobcenter, ansprechperson, abfrage
):
    """Issue 15, bad input: the next edition is adopted while someone types: a clear message
    (409), every input kept, nothing saved."""
    from tests.massnahmen.test_umsetzung import annehmen

    massnahmen = eigene(inhalt, jobcenter)
    client = kontakt_client(ansprechperson)
    seite = client.get("/umsetzung/melden/")
    assert seite.status_code == 200
    annehmen(entwurf)
    daten = meldedaten(massnahmen, None, werte={0: {"notiz": "Für die alte Ausgabe"}})
    antwort = client.post("/umsetzung/melden/", daten)
    # The page now lists the new edition's measures (none led by the Jobcenter): nothing saved.
    assert antwort.status_code in (409, 422)
    assert not Sachstandsbericht.objects.exists()


def test_koordinierungsstelle_verfolgt_erinnert_und_schliesst(
    staff_client,
    inhalt,
    jobcenter,
    ansprechperson,
    abfrage,
    django_capture_on_commit_callbacks,
):
    """Issue 15.5: staff follow the round per organisation and measure (answered, open, overdue),
    remind individually, close it; the closed round is a dated Umsetzungsbericht page and PDF
    with the state per field and measure and indicator values against targets."""
    massnahmen = eigene(inhalt, jobcenter)
    for nummer, massnahme in enumerate(massnahmen):
        Massnahme.objects.filter(pk=massnahme.pk).update(titel_ar=f"إجراء رقم {nummer + 1}")
        massnahme.refresh_from_db()
    indikator = Indikator.objects.create(
        massnahme=massnahmen[0], key="k", name="Kurse", zielwert=10
    )
    Messwert.objects.create(indikator=indikator, datum=HEUTE(), wert=12)
    client = kontakt_client(ansprechperson)
    client.post(
        "/umsetzung/melden/", meldedaten(massnahmen, abfrage, werte={0: {"status": "in_umsetzung"}})
    )
    seite = staff_client.get(f"/umsetzung/sachstandsabfragen/{abfrage.pk}/").text
    assert seite.count('data-zustand="beantwortet"') == 1
    assert seite.count('data-zustand="offen"') == Massnahme.objects.in_edition(inhalt).count() - 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/umsetzung/sachstandsabfragen/{abfrage.pk}/erinnern/{ansprechperson.pk}/"
        )
    assert len(mail.outbox) == 1 and Erinnerung.objects.filter(abfrage=abfrage).count() == 1
    # In the recipient's language (Arabic): the measures' Arabic titles, only the open one.
    body = mail.outbox[0].body
    assert massnahmen[1].titel_ar in body and massnahmen[0].titel_ar not in body
    Sachstandsabfrage.objects.filter(pk=abfrage.pk).update(frist=HEUTE() - timedelta(days=1))
    seite = staff_client.get(f"/umsetzung/sachstandsabfragen/{abfrage.pk}/").text
    assert 'data-zustand="ueberfaellig"' in seite
    # Approve, then close.
    bericht = Sachstandsbericht.objects.get()
    staff_client.post(f"/umsetzung/berichte/{bericht.pk}/pruefen/", {"entscheidung": "freigeben"})
    antwort = staff_client.post(f"/umsetzung/sachstandsabfragen/{abfrage.pk}/schliessen/")
    assert antwort["Location"] == f"/{inhalt.jahr}/umsetzungsberichte/{abfrage.pk}/"
    oeffentlich = Client().get(antwort["Location"])
    assert oeffentlich.status_code == 200
    assert "Umsetzungsbericht" in oeffentlich.text and "in Umsetzung" in oeffentlich.text
    assert "Kurse" in oeffentlich.text and ">12<" in oeffentlich.text and ">10<" in oeffentlich.text
    # The snapshot stays as it was, whatever happens later.
    Massnahme.objects.filter(pk=massnahmen[0].pk).update(status="umgesetzt")
    assert "in Umsetzung" in Client().get(antwort["Location"]).text
    pdf = Client().get(antwort["Location"] + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    import io

    text = "".join(
        seite.extract_text()
        for seite in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "Umsetzungsbericht" in text and "Kurse" in text


def test_aenderungen_seit_der_vorigen_abfrage(inhalt, koordination, jobcenter, ansprechperson):
    """Issue 15.5: the report shows what changed since the previous round."""
    erste = abfrage_eroeffnen(edition=inhalt, frist=HEUTE(), nachricht="1", user=koordination)
    abfrage_schliessen(abfrage=erste, user=koordination)
    massnahme = eigene(inhalt, jobcenter)[0]
    Massnahme.objects.filter(pk=massnahme.pk).update(status="umgesetzt")
    zweite = abfrage_eroeffnen(edition=inhalt, frist=HEUTE(), nachricht="2", user=koordination)
    zweite = abfrage_schliessen(abfrage=zweite, user=koordination)
    assert zweite.bericht["geaendert"] == 1
    seite = Client().get(f"/{inhalt.jahr}/umsetzungsberichte/{zweite.pk}/").text
    assert "vorher: geplant" in seite


def test_erinnerungen_vor_und_nach_der_frist_je_einmal(
    inhalt,
    abfrage,
    ansprechperson,
    django_capture_on_commit_callbacks,
):
    """Issue 15.5/15.6: reminders go out before the deadline and after it, once each, through
    the command for cron."""
    # Every measure is up to date: only the round's reminders are due.
    Massnahme.objects.in_edition(inhalt).update(bestaetigt_am=HEUTE())
    mail.outbox.clear()
    erinnerungen_faellig(heute=abfrage.frist - timedelta(days=10))
    assert mail.outbox == []
    erinnerungen_faellig(heute=abfrage.frist - timedelta(days=2))
    erinnerungen_faellig(heute=abfrage.frist - timedelta(days=1))
    assert len(mail.outbox) == 1
    erinnerungen_faellig(heute=abfrage.frist + timedelta(days=1))
    call_command("umsetzung_erinnern")
    assert len(mail.outbox) == 2
    assert Erinnerung.objects.filter(art="abfrage").count() == 2


def test_veraltete_massnahmen_erinnern_automatisch(inhalt, jobcenter, ansprechperson):
    """Issue 15.6: contact persons of measures without an update for N months are reminded
    automatically (and not again the next day); a "still current" confirmation counts as an
    update."""
    massnahmen = eigene(inhalt, jobcenter)
    ansprechperson.email = "kontakt@jobcenter.example"
    ansprechperson.save()
    Massnahme.objects.filter(pk=massnahmen[0].pk).update(bestaetigt_am=HEUTE())
    mail.outbox.clear()
    erinnerungen_faellig()
    assert len(mail.outbox) == 1
    assert (
        massnahmen[1].titel in mail.outbox[0].body
        and massnahmen[0].titel not in mail.outbox[0].body
    )
    assert "http://127.0.0.1:8000/umsetzung/melden/" in mail.outbox[0].body
    erinnerungen_faellig()
    assert len(mail.outbox) == 1
    liste = Massnahme.objects.in_edition(inhalt).ohne_aktuellen_umsetzungsstand(
        HEUTE() - timedelta(days=30)
    )
    assert massnahmen[0] not in liste and massnahmen[1] in liste
