"""Issue 14 (nothing lost, nothing leaked), the comment part: each test replays one finding in
one connection, as the requests interleaved (the parallel form with real connections is in
test_kommentare_nebenlaeufig.py).

14.1 a stale edit, hide or withdrawal never undoes an answer or an edit; 14.2 adoption ends
the consultation and makes nothing public that staff did not moderate; 14.6 the daily summary;
14.11 comment edits are limited; 14.15 a comment without a name names its author's body.
"""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from beteiligung.models import Beschluss, Beteiligungsphase, Gremium, Kommentar
from beteiligung.services import (
    KommentarFehler,
    beschluss_erfassen,
    kommentar_abgeben,
    kommentar_aendern,
    kommentar_beantworten,
    kommentar_verbergen,
    kommentar_zurueckziehen,
    tageszusammenfassungen,
)
from konzept.begriffe import migrationsvertretung
from konzept.models import Edition, Profil
from konzept.pdf import pdf_html
from konzept.services import EditionFehler, edition_status_aendern
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle


@pytest.fixture
def phase(entwurf):
    jetzt = timezone.now()
    return Beteiligungsphase.objects.create(
        edition=entwurf,
        zielgruppe="kmv_ausschuss",
        beginn=jetzt - timedelta(days=1),
        ende=jetzt + timedelta(days=10),
    )


@pytest.fixture
def mitglied(db):
    user = benutzer_mit_rolle("amira", "KMV")
    user.email = "amira@example.org"
    user.save()
    return user


def massnahme_in(edition):
    return Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme"))


def kommentar_von(user, edition, text="Bitte auch auf Arabisch.", name_zeigen=False):
    return kommentar_abgeben(
        user=user,
        element=massnahme_in(edition),
        text=text,
        sprache="de",
        name_zeigen=name_zeigen,
        einreichung=uuid.uuid4(),
    )


def beantworten(kommentar, user=None, antwort="Danke, wird geprüft."):
    return kommentar_beantworten(
        kommentar=kommentar,
        user=user,
        antwort=antwort,
        einstufung="kenntnis",
        bezug="",
        version=Kommentar.objects.get(pk=kommentar.pk).version,
    )


def annehmen(edition, user=None):
    return beschluss_erfassen(
        beschluss=Beschluss(
            edition=edition,
            gremium=Gremium.objects.get(beschliesst=True),
            datum=timezone.localdate(),
            ergebnis="beschlossen",
        ),
        user=user,
    )


def angemeldet(user):
    client = Client()
    client.force_login(user)
    return client


# 14.1: the author's edit, withdrawal and staff's hide on a comment read before a change.


def test_aenderung_nach_der_antwort_loescht_die_antwort_nicht(phase, entwurf, mitglied):
    kommentar = kommentar_von(mitglied, entwurf)
    gelesen = Kommentar.objects.get(pk=kommentar.pk)  # the author's edit form, still "new"
    beantworten(kommentar)
    with pytest.raises(KommentarFehler, match="schon bearbeitet"):
        kommentar_aendern(kommentar=gelesen, user=mitglied, text="Geändert", name_zeigen=False)
    kommentar.refresh_from_db()
    assert (kommentar.status, kommentar.antwort) == ("beantwortet", "Danke, wird geprüft.")
    assert kommentar.text == "Bitte auch auf Arabisch."


def test_aenderung_nach_der_antwort_behaelt_den_text_im_formular(
    phase, entwurf, mitglied, koordination
):
    kommentar = kommentar_von(mitglied, entwurf)
    beantworten(kommentar, koordination)
    antwort = angemeldet(mitglied).post(
        f"/kommentare/{kommentar.pk}/bearbeiten/",
        {"text": "Mein neuer, langer Text", "einreichung": str(kommentar.einreichung)},
    )
    assert antwort.status_code == 422
    assert "schon bearbeitet" in antwort.text and "Mein neuer, langer Text" in antwort.text


def test_zurueckziehen_nach_der_antwort_wird_verweigert(phase, entwurf, mitglied):
    kommentar = kommentar_von(mitglied, entwurf)
    gelesen = Kommentar.objects.get(pk=kommentar.pk)
    beantworten(kommentar)
    with pytest.raises(KommentarFehler, match="schon bearbeitet"):
        kommentar_zurueckziehen(kommentar=gelesen, user=mitglied)
    assert Kommentar.objects.get(pk=kommentar.pk).antwort == "Danke, wird geprüft."


def test_verbergen_schreibt_eine_aenderung_nicht_zurueck(phase, entwurf, mitglied, koordination):
    kommentar = kommentar_von(mitglied, entwurf, "Erste Fassung")
    gelesen = Kommentar.objects.get(pk=kommentar.pk)  # the moderation page
    kommentar_aendern(kommentar=kommentar, user=mitglied, text="Zweite Fassung", name_zeigen=True)
    kommentar_verbergen(kommentar=gelesen, user=koordination, grund="Persönliche Daten")
    kommentar.refresh_from_db()
    assert kommentar.status == "verborgen" and kommentar.verborgen_grund == "Persönliche Daten"
    assert (kommentar.text, kommentar.name_zeigen) == ("Zweite Fassung", True)


def test_verbergen_mit_gelesener_version_verweigert_ungesehenes(
    phase, entwurf, mitglied, staff_client
):
    kommentar = kommentar_von(mitglied, entwurf, "Erste Fassung")
    gelesen = kommentar.version
    kommentar_aendern(kommentar=kommentar, user=mitglied, text="Zweite Fassung", name_zeigen=False)
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/verbergen/",
        {"grund": "Beleidigung", "version": gelesen},
        follow=True,
    )
    assert "inzwischen bearbeitet" in antwort.text
    assert Kommentar.objects.get(pk=kommentar.pk).status == "neu"


def test_antwort_auf_geaenderten_kommentar_behaelt_die_eingabe(
    phase, entwurf, mitglied, staff_client
):
    kommentar = kommentar_von(mitglied, entwurf, "Erste Fassung")
    gelesen = kommentar.version
    kommentar_aendern(kommentar=kommentar, user=mitglied, text="Zweite Fassung", name_zeigen=False)
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/beantworten/",
        {
            f"k{kommentar.pk}-einstufung": "teilweise",
            f"k{kommentar.pk}-antwort": "Meine sorgfältige Abwägung",
            f"k{kommentar.pk}-version": gelesen,
        },
    )
    assert antwort.status_code == 409
    assert "inzwischen bearbeitet" in antwort.text
    assert "Meine sorgfältige Abwägung" in antwort.text and "Zweite Fassung" in antwort.text
    # The form now carries the version shown: saving again answers what is there now.
    kommentar.refresh_from_db()
    assert f'name="k{kommentar.pk}-version" value="{kommentar.version}"' in antwort.text
    assert kommentar.status == "neu"


def test_antwort_auf_zurueckgezogenen_kommentar_sagt_es(phase, entwurf, mitglied, staff_client):
    kommentar = kommentar_von(mitglied, entwurf)
    gelesen = Kommentar.objects.get(pk=kommentar.pk)
    kommentar_zurueckziehen(kommentar=kommentar, user=mitglied)
    with pytest.raises(KommentarFehler, match="zurückgezogen"):
        kommentar_beantworten(
            kommentar=gelesen,
            user=None,
            antwort="Danke",
            einstufung="kenntnis",
            bezug="",
            version=gelesen.version,
        )
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/beantworten/",
        {
            f"k{kommentar.pk}-einstufung": "kenntnis",
            f"k{kommentar.pk}-antwort": "Danke",
            f"k{kommentar.pk}-version": gelesen.version,
        },
        follow=True,
    )
    assert antwort.status_code == 200 and "inzwischen zurückgezogen" in antwort.text


# 14.2: adoption ends the consultation; nothing unmoderated becomes public.


def test_beschluss_beendet_die_beteiligung(phase, entwurf, mitglied):
    spaeter = Beteiligungsphase.objects.create(
        edition=entwurf,
        beginn=timezone.now() + timedelta(days=20),
        ende=timezone.now() + timedelta(days=30),
    )
    annehmen(entwurf)
    phase.refresh_from_db()
    assert phase.zustand() == "vorbei" and phase.ende <= timezone.now()
    assert not Beteiligungsphase.objects.filter(pk=spaeter.pk).exists()
    antwort = angemeldet(mitglied).post(
        f"/kommentare/neu/massnahme/{massnahme_in(entwurf).pk}/",
        {"text": "Nach dem Beschluss", "einreichung": str(uuid.uuid4())},
    )
    assert antwort.status_code == 422 and "ist beschlossen" in antwort.text
    assert not Kommentar.objects.exists()


def test_beschlossene_ausgabe_nimmt_keine_kommentare_auch_mit_offener_phase(
    phase, entwurf, mitglied
):
    """An edition adopted before adoption closed phases: its phase is still in its window."""
    kommentar = kommentar_von(mitglied, entwurf)
    Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BESCHLOSSEN)
    with pytest.raises(KommentarFehler, match="ist beschlossen"):
        kommentar_von(mitglied, entwurf, "Noch einer")
    with pytest.raises(KommentarFehler, match="ist beschlossen"):
        kommentar_aendern(kommentar=kommentar, user=mitglied, text="Neu", name_zeigen=False)
    seite = angemeldet(mitglied).get(f"/kommentare/neu/massnahme/{massnahme_in(entwurf).pk}/")
    assert "ist beschlossen" in seite.text
    assert Kommentar.objects.get().text == "Bitte auch auf Arabisch."


def test_beschluss_verweigert_unmoderierte_kommentare(phase, entwurf, mitglied, staff_client):
    from tests.beteiligung.test_beteiligung import (
        beschluss_daten,
        mit_bestaetigung,
        versteckte_felder,
    )

    kommentar = kommentar_von(
        mitglied, entwurf, "Meine Adresse: Hauptstraße 1 – bitte nicht veröffentlichen"
    )
    daten = beschluss_daten(
        {"gremium": "beschliessend", "datum": "2026-06-01", "ergebnis": "beschlossen"}
    )
    # The confirmation says why it cannot be confirmed yet and offers nothing to confirm.
    antwort = staff_client.post("/2026/beschluesse/neu/", daten)
    assert antwort.status_code == 409
    assert "noch nicht beantwortet oder verborgen" in antwort.text
    assert 'name="bestaetigt"' not in antwort.text
    assert f'href="/{entwurf.jahr}/kommentare/"' in antwort.text
    # Confirmed anyway (a page from before the comment came), it is refused with the input.
    antwort = staff_client.post(
        "/2026/beschluesse/neu/", {**versteckte_felder(antwort), "bestaetigt": "1"}
    )
    assert antwort.status_code == 422
    assert "noch nicht beantwortet oder verborgen" in antwort.text
    entwurf.refresh_from_db()
    assert entwurf.status != "beschlossen" and not Beschluss.objects.filter(edition=entwurf)
    # Decided by staff, the adoption goes through; the hidden comment stays out of sight.
    kommentar_verbergen(kommentar=kommentar, user=None, grund="Persönliche Daten")
    assert mit_bestaetigung(staff_client, "/2026/beschluesse/neu/", daten).status_code == 302
    entwurf.refresh_from_db()
    assert entwurf.status == "beschlossen"
    oeffentlich = Client().get("/2026/abwaegung/").text
    assert "Hauptstraße" not in oeffentlich
    assert "Hauptstraße" not in pdf_html(edition=entwurf, sprache="de")


def test_oeffentlich_nur_beantwortete_kommentare(phase, entwurf, mitglied, client):
    offen = kommentar_von(mitglied, entwurf, "Noch nicht abgewogen")
    beantworten(kommentar_von(mitglied, entwurf, "Schon abgewogen"))
    assert offen.status == "neu"
    # Also an edition adopted with a new comment before adoption refused that.
    Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BESCHLOSSEN)
    seite = client.get("/2026/abwaegung/").text
    assert "Schon abgewogen" in seite and "Noch nicht abgewogen" not in seite
    assert "wartet noch auf seine Abwägung" in seite
    entwurf.refresh_from_db()
    html = pdf_html(edition=entwurf, sprache="de")
    assert "Schon abgewogen" in html and "Noch nicht abgewogen" not in html


# 14.7: a stale step back cannot undo an adoption.


def test_veralteter_schritt_zurueck_macht_keinen_entwurf(entwurf):
    for status in ("beteiligung", "beratung"):
        entwurf = edition_status_aendern(edition=entwurf, status=status, grund="", user=None)
    gelesen = Edition.objects.get(pk=entwurf.pk)  # the page with "one step back"
    annehmen(entwurf)
    with pytest.raises(EditionFehler, match="ist beschlossen"):
        edition_status_aendern(edition=gelesen, status="beteiligung", grund="Fehler", user=None)
    entwurf.refresh_from_db()
    assert entwurf.status == "beschlossen"


def test_schritt_von_einem_anderen_stand_wird_verweigert(staff_client, entwurf):
    edition_status_aendern(edition=entwurf, status="beteiligung", grund="", user=None)
    # Two pages showed "Entwurf": the second "Weiter" must not skip on to the next step.
    antwort = staff_client.post(
        "/2026/status/", {"status": "beteiligung", "von": "entwurf"}, follow=True
    )
    assert "hat sich inzwischen geändert" in antwort.text
    entwurf.refresh_from_db()
    assert entwurf.status == "beteiligung"
    assert 'name="von" value="beteiligung"' in antwort.text


# 14.6: the daily summary goes to staff of today only, without hidden comments.


@pytest.fixture
def abonnentin(koordination):
    koordination.email = "koordination@example.org"
    koordination.save()
    Profil.objects.create(user=koordination, tageszusammenfassung=True)
    return koordination


def test_zusammenfassung_nicht_mehr_nach_dem_ende_der_rolle(phase, entwurf, mitglied, abonnentin):
    kommentar_von(mitglied, entwurf)
    abonnentin.groups.clear()
    mail.outbox.clear()
    tageszusammenfassungen()
    assert mail.outbox == []


def test_zusammenfassung_ohne_verborgene_kommentare(phase, entwurf, mitglied, abonnentin):
    kommentar_von(mitglied, entwurf, "Sachlicher Hinweis")
    beleidigung = kommentar_von(mitglied, entwurf, "Eine Beleidigung")
    kommentar_verbergen(kommentar=beleidigung, user=abonnentin, grund="Beleidigung")
    mail.outbox.clear()
    tageszusammenfassungen()
    assert [nachricht.to for nachricht in mail.outbox] == [["koordination@example.org"]]
    assert "Sachlicher Hinweis" in mail.outbox[0].body
    assert "Eine Beleidigung" not in mail.outbox[0].body


def test_zusammenfassung_abbestellen_auch_ohne_rolle(abonnentin):
    abonnentin.groups.set([Group.objects.get_or_create(name="KMV")[0]])
    client = angemeldet(abonnentin)
    assert 'name="tageszusammenfassung"' in client.get("/meine-daten/").text
    assert client.post("/meine-daten/", {}).status_code == 302
    assert not Profil.objects.get(user=abonnentin).tageszusammenfassung
    # Switched off, it cannot be switched on again without the role.
    antwort = client.post("/meine-daten/", {"tageszusammenfassung": "on"})
    assert antwort.status_code == 200 and 'name="tageszusammenfassung"' not in antwort.text
    assert not Profil.objects.get(user=abonnentin).tageszusammenfassung


# 14.11: comment edits are limited per person and hour.


def test_aenderungen_je_stunde_begrenzt(phase, entwurf, mitglied, settings):
    settings.KOMMENTAR_AENDERUNGEN_PRO_STUNDE = 2
    kommentar = kommentar_von(mitglied, entwurf)
    client = angemeldet(mitglied)
    url = f"/kommentare/{kommentar.pk}/bearbeiten/"
    for nummer in range(2):
        daten = {"text": f"Fassung {nummer}", "einreichung": str(kommentar.einreichung)}
        assert client.post(url, daten).status_code == 302
    antwort = client.post(url, {"text": "Fassung 3", "einreichung": str(kommentar.einreichung)})
    assert antwort.status_code == 422
    assert "in der letzten Stunde schon 2 Mal geändert" in antwort.text
    assert "Fassung 3" in antwort.text  # the typed text stays in the form
    kommentar.refresh_from_db()
    assert kommentar.text == "Fassung 1" and kommentar.history.filter(history_type="~").count() == 2
    # An hour later the limit is free again; other people have their own.
    kommentar.history.update(history_date=timezone.now() - timedelta(minutes=61))
    kommentar_aendern(kommentar=kommentar, user=mitglied, text="Fassung 4", name_zeigen=False)
    boris = benutzer_mit_rolle("boris", "KMV")
    eigener = kommentar_von(boris, entwurf)
    kommentar_aendern(kommentar=eigener, user=boris, text="Eins", name_zeigen=False)


def test_aenderungsgrenze_hat_eine_vorgabe():
    from django.conf import settings

    assert settings.KOMMENTAR_AENDERUNGEN_PRO_STUNDE == 20


# 14.15: without the name, the body the author commented as, in the district's words.


def test_ohne_namen_steht_das_gremium_des_verfassers(phase, entwurf, mitglied, client):
    ausschuss = benutzer_mit_rolle("ausschussmitglied", "Ausschuss")
    beantworten(kommentar_von(mitglied, entwurf, "Vom Beirat"))
    beantworten(kommentar_von(ausschuss, entwurf, "Aus dem Ausschuss"))
    assert list(Kommentar.objects.order_by("pk").values_list("gruppe", flat=True)) == [
        "kmv",
        "ausschuss",
    ]
    Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BESCHLOSSEN)
    entwurf.refresh_from_db()
    vertretung = migrationsvertretung()
    for text in (client.get("/2026/abwaegung/").text, pdf_html(edition=entwurf, sprache="de")):
        beirat = text.split("Vom Beirat")[1].split("Aus dem Ausschuss")[0]
        gremium = text.split("Aus dem Ausschuss")[1]
        assert f"Mitglied: {vertretung}" in beirat and "Gremium" not in beirat
        assert "Mitglied eines Gremiums" in gremium and f"Mitglied: {vertretung}" not in gremium
        assert "KMV" not in text.split("Vom Beirat")[1]
    # The label stays when the account goes or changes its role.
    mitglied.groups.clear()
    mitglied.delete()
    assert f"Mitglied: {vertretung}" in client.get("/2026/abwaegung/").text
