"""Issue 5: KMV comments in consultation, moderation, Abwägungstabelle, e-mails, privacy."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import benachrichtigungen_faellig, kommentar_beantworten
from konzept.begriffe import migrationsvertretung
from konzept.models import Edition, Landkreis, Profil, Uebersetzungsstatus
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

JETZT = timezone.now()


@pytest.fixture
def phase(entwurf):
    return Beteiligungsphase.objects.create(
        edition=entwurf, beginn=JETZT - timedelta(days=1), ende=JETZT + timedelta(days=10)
    )


@pytest.fixture
def kmv_client(db):
    from django.test import Client

    client = Client()
    user = benutzer_mit_rolle("amira", "KMV")
    user.email = "amira@example.org"
    user.save()
    Profil.objects.create(user=user, sprache="ar")
    client.force_login(user)
    client.user = user
    return client


def massnahme_in(edition):
    """The sample district's featured measure (the `massnahme` fixture) in an edition."""
    return Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme"))


def kommentieren(
    client, element, text="Bitte auch auf Arabisch.", sprache="", kopfzeilen=None, **extra
):
    praefix = f"/{sprache}" if sprache else ""
    return client.post(
        f"{praefix}/kommentare/neu/massnahme/{element.pk}/",
        {"text": text, "einreichung": str(uuid.uuid4()), **extra},
        **(kopfzeilen or {}),
    )


def test_kmv_kommentiert_in_ihrer_sprache(kmv_client, phase, entwurf):
    massnahme = massnahme_in(entwurf)
    antwort = kommentieren(kmv_client, massnahme, "نرجو معارض عمل باللغة العربية", sprache="ar")
    assert antwort.status_code == 302
    kommentar = Kommentar.objects.get()
    assert (kommentar.massnahme, kommentar.sprache, kommentar.autor) == (
        massnahme,
        "ar",
        kmv_client.user,
    )
    liste = kmv_client.get("/ar/kommentare/meine/").text
    assert 'lang="ar" dir="auto">نرجو' in liste


def test_kommentar_mit_htmx(kmv_client, phase, entwurf):
    massnahme = massnahme_in(entwurf)
    formular = kmv_client.get(f"/kommentare/neu/massnahme/{massnahme.pk}/", HTTP_HX_REQUEST="true")
    assert "<html" not in formular.text and "höchstens 2000 Zeichen" in formular.text
    antwort = kommentieren(kmv_client, massnahme, kopfzeilen={"HTTP_HX_REQUEST": "true"})
    assert antwort.status_code == 200 and "<html" not in antwort.text
    assert 'data-hx-swap-oob="innerHTML"' in antwort.text
    assert Kommentar.objects.count() == 1


@pytest.mark.parametrize(
    ("beginn", "ende", "meldung"),
    [
        (timedelta(days=1), timedelta(days=5), "keine Beteiligung"),  # not yet open
        (timedelta(days=-5), timedelta(days=-1), "keine Beteiligung"),  # closed
    ],
)
def test_ausserhalb_des_zeitfensters(kmv_client, entwurf, beginn, ende, meldung):
    Beteiligungsphase.objects.create(edition=entwurf, beginn=JETZT + beginn, ende=JETZT + ende)
    antwort = kommentieren(kmv_client, massnahme_in(entwurf))
    assert antwort.status_code == 422 and meldung in antwort.text
    assert not Kommentar.objects.exists()


def test_falsche_zielgruppe(client, phase, entwurf):
    client.force_login(benutzer_mit_rolle("ausschussmitglied", "Ausschuss"))
    assert kommentieren(client, massnahme_in(entwurf)).status_code == 422
    phase.zielgruppe = "kmv_ausschuss"
    phase.save()
    assert kommentieren(client, massnahme_in(entwurf)).status_code == 302
    assert Kommentar.objects.count() == 1


def test_anonym_wird_zur_anmeldung_geschickt(client, phase, entwurf):
    antwort = kommentieren(client, massnahme_in(entwurf))
    assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"]
    assert not Kommentar.objects.exists()


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        ("", "Dieses Feld"),
        ("   ", "Dieses Feld"),
        ("x" * 2001, "höchstens 2000"),
        ("Hallo\x07Welt", "Steuerzeichen"),
        ("Hallo\x00Welt", "Nullzeichen"),
    ],
)
def test_ungueltige_kommentare(kmv_client, phase, entwurf, text, meldung):
    antwort = kommentieren(kmv_client, massnahme_in(entwurf), text)
    assert antwort.status_code == 422 and meldung in antwort.text
    assert not Kommentar.objects.exists()


def test_doppelt_gesendet_wird_einmal_gespeichert(kmv_client, phase, entwurf):
    massnahme = massnahme_in(entwurf)
    daten = {"text": "Einmal bitte", "einreichung": str(uuid.uuid4())}
    for _mal in range(2):
        kmv_client.post(f"/kommentare/neu/massnahme/{massnahme.pk}/", daten)
    assert Kommentar.objects.count() == 1


def test_kommentar_zu_beschlossener_ausgabe_oder_unbekanntem_element(kmv_client, phase, inhalt):
    assert kommentieren(kmv_client, massnahme_in(inhalt)).status_code == 422
    antwort = kmv_client.post("/kommentare/neu/massnahme/999999/", {"text": "x"})
    assert antwort.status_code == 404
    assert kmv_client.post("/kommentare/neu/kennzahl/1/", {"text": "x"}).status_code == 404
    assert not Kommentar.objects.exists()


def test_obergrenze_pro_stunde(kmv_client, phase, entwurf, settings):
    settings.KOMMENTARE_PRO_STUNDE = 2
    for _mal in range(2):
        assert kommentieren(kmv_client, massnahme_in(entwurf)).status_code == 302
    antwort = kommentieren(kmv_client, massnahme_in(entwurf))
    assert antwort.status_code == 422 and "in der letzten Stunde" in antwort.text
    assert Kommentar.objects.count() == 2


def test_aendern_und_zurueckziehen_bis_zur_antwort(kmv_client, staff_client, phase, entwurf):
    kommentieren(kmv_client, massnahme_in(entwurf))
    kommentar = Kommentar.objects.get()
    kmv_client.post(
        f"/kommentare/{kommentar.pk}/bearbeiten/",
        {"text": "Geändert", "einreichung": str(kommentar.einreichung)},
    )
    kommentar.refresh_from_db()
    assert kommentar.text == "Geändert"
    staff_client.post(
        f"/kommentare/{kommentar.pk}/beantworten/",
        {
            f"k{kommentar.pk}-einstufung": "kenntnis",
            f"k{kommentar.pk}-antwort": "Danke.",
            f"k{kommentar.pk}-version": kommentar.version,
        },
    )
    antwort = kmv_client.post(
        f"/kommentare/{kommentar.pk}/bearbeiten/",
        {"text": "Nochmal", "einreichung": str(kommentar.einreichung)},
    )
    assert antwort.status_code == 422
    kmv_client.post(f"/kommentare/{kommentar.pk}/zurueckziehen/")
    kommentar.refresh_from_db()
    assert kommentar.text == "Geändert"  # answered: neither changed nor withdrawn


def test_fremde_kommentare_sind_tabu(kmv_client, client, phase, entwurf):
    kommentieren(kmv_client, massnahme_in(entwurf))
    kommentar = Kommentar.objects.get()
    from django.test import Client

    andere = Client()
    andere.force_login(benutzer_mit_rolle("boris", "KMV"))
    assert andere.post(f"/kommentare/{kommentar.pk}/zurueckziehen/").status_code == 404
    assert Kommentar.objects.filter(pk=kommentar.pk).exists()


def test_antwort_geht_per_mail_in_der_sprache_der_verfasserin(
    kmv_client, staff_client, phase, entwurf, django_capture_on_commit_callbacks
):
    kommentieren(kmv_client, massnahme_in(entwurf))
    kommentar = Kommentar.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/kommentare/{kommentar.pk}/beantworten/",
            {
                f"k{kommentar.pk}-einstufung": "beruecksichtigt",
                f"k{kommentar.pk}-antwort": "Wird umgesetzt.",
                f"k{kommentar.pk}-bezug": "/bearbeiten/massnahme/1/historie/",
                f"k{kommentar.pk}-version": kommentar.version,
            },
        )
    kommentar.refresh_from_db()
    assert kommentar.status == "beantwortet" and kommentar.einstufung == "beruecksichtigt"
    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["amira@example.org"]
    assert "Wird umgesetzt." in nachricht.body
    assert "Ihr Kommentar wurde beantwortet" not in nachricht.subject  # Arabic, not German
    # The member sees the answer.
    assert "Wird umgesetzt." in kmv_client.get("/kommentare/meine/").text


def test_verbergen_mit_grund_und_benachrichtigung(
    kmv_client, staff_client, phase, entwurf, django_capture_on_commit_callbacks
):
    kommentieren(kmv_client, massnahme_in(entwurf), "<script>alert('x')</script> Beleidigung")
    kommentar = Kommentar.objects.get()
    mail.outbox.clear()
    assert (
        staff_client.post(f"/kommentare/{kommentar.pk}/verbergen/", {"grund": ""}).status_code
        == 302
    )
    kommentar.refresh_from_db()
    assert kommentar.status == "neu"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/kommentare/{kommentar.pk}/verbergen/", {"grund": "Beleidigung"})
    kommentar.refresh_from_db()
    assert kommentar.status == "verborgen" and kommentar.verborgen_grund == "Beleidigung"
    assert len(mail.outbox) == 1
    assert "Beleidigung" not in staff_client.get("/2026/abwaegung/").text.split("<main")[1]


def test_abwaegungstabelle_ohne_persoenliche_daten_und_inert(
    kmv_client, staff_client, phase, entwurf
):
    kmv_client.user.first_name, kmv_client.user.last_name = "Amira", "Haddad"
    kmv_client.user.save()
    kommentieren(kmv_client, massnahme_in(entwurf), "<img src=x onerror=alert(1)> Mehr Messen")
    kommentieren(kmv_client, massnahme_in(entwurf), "Mit Namen bitte", name_zeigen="on")
    # The table shows answered comments only (issue 14.2).
    for kommentar in Kommentar.objects.all():
        kommentar_beantworten(
            kommentar=kommentar,
            user=None,
            antwort="Danke.",
            einstufung="kenntnis",
            bezug="",
            version=kommentar.version,
        )
    text = staff_client.get("/2026/abwaegung/").text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    # Without the name: a member of the body, as the district names it (issue 14.15).
    vertretung = migrationsvertretung()
    assert text.count("Amira Haddad") == 1 and f"Mitglied: {vertretung}" in text
    assert "amira@example.org" not in text


def test_moderationswarteschlange_nach_stand(staff_client, kmv_client, phase, entwurf):
    kommentieren(kmv_client, massnahme_in(entwurf), "Erster")
    seite = staff_client.get("/2026/kommentare/?status=neu").text
    assert "Erster" in seite
    assert "Erster" not in staff_client.get("/2026/kommentare/?status=beantwortet").text
    assert staff_client.get("/2026/kommentare/?status=quatsch").status_code == 200


@pytest.mark.parametrize("rolle", [None, "KMV", "Ausschuss"])
def test_moderation_nur_fuer_die_koordinierungsstelle(client, kmv_client, phase, entwurf, rolle):
    kommentieren(kmv_client, massnahme_in(entwurf))
    kommentar = Kommentar.objects.get()
    from django.test import Client

    fremd = Client()
    if rolle:
        fremd.force_login(benutzer_mit_rolle(f"fremd-{rolle}", rolle))
    for url, daten in [
        ("/2026/kommentare/", None),
        (
            f"/kommentare/{kommentar.pk}/beantworten/",
            {
                f"k{kommentar.pk}-einstufung": "nicht",
                f"k{kommentar.pk}-antwort": "Nein",
                f"k{kommentar.pk}-version": 1,
            },
        ),
        (f"/kommentare/{kommentar.pk}/verbergen/", {"grund": "weg"}),
        (
            "/2026/phasen/neu/",
            {"zielgruppe": "kmv", "beginn": "2026-01-01T10:00", "ende": "2026-02-01T10:00"},
        ),
    ]:
        antwort = fremd.post(url, daten) if daten else fremd.get(url)
        assert antwort.status_code == (302 if rolle is None else 403), url
    kommentar.refresh_from_db()
    assert kommentar.status == "neu" and Beteiligungsphase.objects.count() == 1


def test_phase_anlegen_meldet_der_zielgruppe(staff_client, entwurf):
    user = benutzer_mit_rolle("olena", "KMV")
    user.email = "olena@example.org"
    user.save()
    Profil.objects.create(user=user, sprache="uk")
    mail.outbox.clear()
    beginn = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    ende = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    staff_client.post("/2026/phasen/neu/", {"zielgruppe": "kmv", "beginn": beginn, "ende": ende})
    phase = Beteiligungsphase.objects.get()
    # Opened now and closes within two days: announcement and reminder, once each.
    assert [m.to for m in mail.outbox] == [["olena@example.org"], ["olena@example.org"]]
    assert "Beteiligung zum" not in mail.outbox[0].subject  # Ukrainian
    benachrichtigungen_faellig()
    assert len(mail.outbox) == 2
    assert phase.zustand() == "offen"
    fehler = staff_client.post(
        "/2026/phasen/neu/", {"zielgruppe": "kmv", "beginn": ende, "ende": beginn}
    )
    assert fehler.status_code == 422 and Beteiligungsphase.objects.count() == 1


def test_datenexport_und_konto_loeschen(kmv_client, phase, entwurf):
    kommentieren(kmv_client, massnahme_in(entwurf), "Mein Text", name_zeigen="on")
    daten = json.loads(kmv_client.get("/meine-daten/export.json").content)
    assert daten["benutzername"] == "amira" and daten["kommentare"][0]["text"] == "Mein Text"
    assert kmv_client.post("/meine-daten/konto-loeschen/").status_code == 302
    assert Kommentar.objects.get().autor is not None  # not confirmed: nothing deleted
    kmv_client.post("/meine-daten/konto-loeschen/", {"bestaetigung": "ja"})
    kommentar = Kommentar.objects.get()
    assert kommentar.autor is None and kommentar.name_zeigen is False
    from django.contrib.auth.models import User

    assert not User.objects.filter(username="amira").exists()


def test_demo_beteiligung_zum_ausprobieren(settings, db):
    from django.core.management import CommandError, call_command

    settings.DEMO_BENUTZER_ERLAUBT = True
    call_command("demo_benutzer", verbosity=0)
    call_command("demo_beteiligung", verbosity=0)
    call_command("demo_beteiligung", verbosity=0)  # twice: nothing more
    entwurf = Edition.objects.exclude(status="beschlossen").get()
    # The next edition after the district's update cycle.
    assert entwurf.jahr == 2024 + Landkreis.aktuell().fortschreibung_jahre
    assert entwurf.status == "beteiligung"
    assert entwurf.phasen.offen().count() == 1
    kommentare = Kommentar.objects.filter(edition=entwurf)
    assert kommentare.count() == 4
    assert set(kommentare.values_list("sprache", flat=True)) == {"ar", "uk", "tr", "de"}
    assert kommentare.filter(status="beantwortet").count() == 2
    settings.DEMO_BENUTZER_ERLAUBT = False
    with pytest.raises(CommandError):
        call_command("demo_beteiligung", verbosity=0)


@pytest.mark.parametrize(
    ("rolle", "soll"),
    [(None, 302), ("KMV", 302), ("Ausschuss", 422), ("Koordinierungsstelle", 422)],
)
def test_wer_kommentieren_darf(client, phase, entwurf, rolle, soll):
    """The audience of the phase (here: KMV) comments; everyone else is refused."""
    if rolle:
        client.force_login(benutzer_mit_rolle(f"person-{rolle.lower()}", rolle))
    antwort = kommentieren(client, massnahme_in(entwurf))
    assert antwort.status_code == soll
    if rolle is None:
        assert antwort["Location"].startswith("/anmelden/")
    assert Kommentar.objects.count() == (1 if rolle == "KMV" else 0)


def test_seite_sagt_wann_die_beteiligung_beginnt_oder_endete(kmv_client, entwurf):
    phase = Beteiligungsphase.objects.create(
        edition=entwurf, beginn=JETZT + timedelta(days=2), ende=JETZT + timedelta(days=9)
    )
    themenfeld_url = massnahme_in(entwurf).themenfeld.get_absolute_url()
    seite = kmv_client.get(themenfeld_url).text
    assert "Die Beteiligung beginnt am" in seite and "/kommentare/neu/" not in seite
    phase.beginn, phase.ende = JETZT - timedelta(days=9), JETZT - timedelta(days=2)
    phase.save()
    seite = kmv_client.get(themenfeld_url).text
    assert "zu Ende gegangen" in seite and "/kommentare/neu/" not in seite
    phase.ende = JETZT + timedelta(days=2)
    phase.save()
    seite = kmv_client.get(themenfeld_url).text
    assert "Die Beteiligung läuft bis" in seite
    assert f"/kommentare/neu/massnahme/{massnahme_in(entwurf).pk}/" in seite


def test_anonyme_sehen_keine_kommentarknoepfe(client, phase, entwurf, themenfeld):
    assert "/kommentare/neu/" not in client.get(themenfeld.get_absolute_url()).text


def test_taegliche_zusammenfassung_fuer_wer_sie_gewaehlt_hat(
    staff_client, kmv_client, phase, entwurf
):
    from beteiligung.services import tageszusammenfassungen

    staff_client.post("/meine-daten/", {"tageszusammenfassung": "on"})
    koordination = Profil.objects.get(tageszusammenfassung=True).user
    koordination.email = "koordination@example.org"
    koordination.save()
    kommentieren(kmv_client, massnahme_in(entwurf), "<b>Neu</b> und wichtig")
    mail.outbox.clear()
    tageszusammenfassungen()
    assert [m.to for m in mail.outbox] == [["koordination@example.org"]]
    assert "<b>Neu</b> und wichtig" in mail.outbox[0].body  # plain text, inert
    # The HTML part (issue 18.6) shows the comment as text, never as markup.
    ((html, art),) = mail.outbox[0].alternatives
    assert art == "text/html" and "&lt;b&gt;Neu&lt;/b&gt; und wichtig" in html
    assert "<b>Neu</b>" not in html
    tageszusammenfassungen()  # not again the same day
    assert len(mail.outbox) == 1


def test_ungueltige_antwort_bleibt_mit_eingabe_stehen(staff_client, kmv_client, phase, entwurf):
    kommentieren(kmv_client, massnahme_in(entwurf))
    kommentar = Kommentar.objects.get()
    seite = staff_client.get("/2026/kommentare/").text
    assert 'value="" selected' in seite or '<option value="" selected>' in seite
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/beantworten/",
        {
            f"k{kommentar.pk}-einstufung": "",
            f"k{kommentar.pk}-antwort": "Mein Entwurf der Antwort",
            f"k{kommentar.pk}-version": kommentar.version,
        },
    )
    assert antwort.status_code == 422
    assert "Mein Entwurf der Antwort" in antwort.text
    kommentar.refresh_from_db()
    assert kommentar.status == "neu"
    erledigt = staff_client.post(
        f"/kommentare/{kommentar.pk}/beantworten/",
        {
            f"k{kommentar.pk}-einstufung": "kenntnis",
            f"k{kommentar.pk}-antwort": "Danke",
            f"k{kommentar.pk}-version": kommentar.version,
        },
    )
    assert (
        erledigt["Location"]
        == f"/2026/kommentare/?status=beantwortet&kommentar={kommentar.pk}#kommentar-{kommentar.pk}"
    )


def test_fortschreibung_setzt_das_jahr_in_allen_sprachen(inhalt):
    from konzept.services import edition_fortschreiben

    # The edition's texts machine-translated into every language, its title with the year.
    for code in ("en", "ar", "fa", "uk", "ru", "tr"):
        inhalt.uebersetzung_speichern(
            code,
            {
                feld: f"{inhalt.quelltext(feld)} ({code})"
                for feld in inhalt.uebersetzbare_felder()
                if inhalt.quelltext(feld)
            },
            Uebersetzungsstatus.MASCHINELL,
        )
    assert "2024" in inhalt.titel_de
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    assert entwurf.titel_de == inhalt.titel_de.replace("2024", "2026")
    for code in ("en", "ar", "fa", "uk", "ru", "tr"):
        titel = getattr(entwurf, f"titel_{code}")
        assert "2026" in titel and "2024" not in titel, code
        assert entwurf.uebersetzungsstatus(code) == "maschinell"


def test_abwaegung_verweist_auf_die_aenderung(staff_client, kmv_client, phase, entwurf):
    kommentieren(kmv_client, massnahme_in(entwurf))
    kommentar = Kommentar.objects.get()
    for bezug in ("/bearbeiten/massnahme/1/historie/", "//boese.example/"):
        # Answered: the table shows answered comments only (issue 14.2).
        Kommentar.objects.filter(pk=kommentar.pk).update(
            bezug=bezug, status="beantwortet", einstufung="kenntnis"
        )
        text = staff_client.get("/2026/abwaegung/").text
        if bezug.startswith("//"):
            assert 'href="//boese.example/"' not in text
        else:
            assert f'href="{bezug}"' in text


@pytest.mark.parametrize(
    ("url", "methode", "anonym", "kmv"),
    [
        ("/2026/abwaegung/", "get", 403, 200),
        ("/2024/abwaegung/", "get", 200, 200),
        ("/kommentare/meine/", "get", 302, 200),
        ("/meine-daten/", "get", 302, 200),
        ("/meine-daten/export.json", "get", 302, 200),
        ("/meine-daten/konto-loeschen/", "post", 302, 302),
        ("/2026/beteiligung/", "get", 403, 200),
        ("/2026/kommentare/", "get", 302, 403),
    ],
)
def test_beteiligungsseiten_je_rolle(client, kmv_client, phase, entwurf, url, methode, anonym, kmv):
    assert getattr(client, methode)(url).status_code == anonym
    assert getattr(kmv_client, methode)(url).status_code == kmv
