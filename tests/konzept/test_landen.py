"""Issue 17.2: every role lands on its task; issue 17.6: no page statement contradicts another."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beteiligung.models import Beschluss, Beteiligungsphase, Gremium, Kommentar
from konzept.models import Edition, Uebersetzungsstatus
from massnahmen.models import Massnahme, Sachstandsabfrage, Sachstandsbericht, Umsetzungsnotiz
from tests import fabrik
from tests.conftest import benutzer_mit_rolle, kommentar_in_offener_phase, verzehnfachen

# Landing per role


def _angemeldet(client, username, gruppe):
    user = benutzer_mit_rolle(username, gruppe)
    client.force_login(user)
    return user


def _phase(edition, *, ab=-1, bis=10, zielgruppe="kmv"):
    jetzt = timezone.now()
    return Beteiligungsphase.objects.create(
        edition=edition,
        zielgruppe=zielgruppe,
        beginn=jetzt + timedelta(days=ab),
        ende=jetzt + timedelta(days=bis),
    )


def test_anonym_wie_bisher(client, inhalt, entwurf):
    """The public lands on the adopted edition, not on the draft."""
    assert client.get("/")["Location"] == f"/{inhalt.jahr}/"


def test_kmv_landet_auf_der_offenen_beteiligung(client, inhalt, entwurf):
    _phase(entwurf)
    _angemeldet(client, "mitglied", "KMV")
    assert client.get("/")["Location"] == f"/{entwurf.jahr}/"


def test_kmv_ohne_phase_landet_auf_dem_entwurf_ohne_entwurf_auf_der_geltenden(client, inhalt):
    _angemeldet(client, "mitglied", "KMV")
    assert client.get("/")["Location"] == f"/{inhalt.jahr}/"
    entwurf = Edition.objects.create(jahr=2026, titel="Entwurf 2026")
    assert client.get("/")["Location"] == f"/{entwurf.jahr}/"


def test_neuester_entwurf_mit_phase_fuer_die_rolle_geht_vor(client, inhalt, entwurf):
    """A newer draft without a phase for the committees loses against the draft whose open
    phase includes them; a phase only for the migrant council does not count for them."""
    _phase(entwurf, zielgruppe="kmv_ausschuss")
    neuer = Edition.objects.create(jahr=2028, titel="Entwurf 2028", status="beteiligung")
    _phase(neuer, zielgruppe="kmv")
    _angemeldet(client, "ratsmitglied", "Ausschuss")
    assert client.get("/")["Location"] == f"/{entwurf.jahr}/"


def test_vergangene_phase_zaehlt_nicht(client, inhalt, entwurf):
    _phase(entwurf, ab=-10, bis=-1)
    neuer = Edition.objects.create(jahr=2028, titel="Entwurf 2028")
    _angemeldet(client, "mitglied", "KMV")
    assert client.get("/")["Location"] == f"/{neuer.jahr}/"


def test_kommende_phase_zaehlt(client, inhalt, entwurf):
    _phase(entwurf, ab=3, bis=10)
    Edition.objects.create(jahr=2028, titel="Entwurf 2028")
    _angemeldet(client, "mitglied", "KMV")
    assert client.get("/")["Location"] == f"/{entwurf.jahr}/"


def test_landung_in_der_sprache(client, inhalt, entwurf, settings):
    _phase(entwurf)
    _angemeldet(client, "mitglied", "KMV")
    assert client.get("/ar/")["Location"] == f"/ar/{entwurf.jahr}/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    assert client.get("/")["Location"] == f"/uk/{entwurf.jahr}/"


def test_koordinierungsstelle_landet_am_arbeitsplatz(staff_client, inhalt):
    assert staff_client.get("/")["Location"] == "/arbeitsplatz/"
    assert staff_client.get("/ar/")["Location"] == "/ar/arbeitsplatz/"


def test_ansprechperson_landet_auf_ihrer_meldeseite(client, inhalt):
    _angemeldet(client, "kontakt", "Umsetzung")
    assert client.get("/")["Location"] == "/umsetzung/melden/"


def test_nach_der_anmeldung_zur_aufgabe(client, inhalt, entwurf):
    """Signing in without `next` goes to the start page (LOGIN_REDIRECT_URL), which leads on."""
    _phase(entwurf)
    benutzer_mit_rolle("mitglied", "KMV")
    antwort = client.post(
        "/anmelden/", {"username": "mitglied", "password": "geheim-und-lang-2024"}, follow=True
    )
    assert antwort.redirect_chain[-1][0] == f"/{entwurf.jahr}/"
    assert antwort.status_code == 200


# The banner of the consultation


def test_hinweis_zaehlt_die_eigenen_kommentare(client, inhalt, entwurf):
    kommentar = kommentar_in_offener_phase(entwurf, "mitglied")
    fremd = benutzer_mit_rolle("andere", "KMV")
    Kommentar.objects.create(
        edition=entwurf,
        phase=kommentar.phase,
        massnahme=kommentar.massnahme,
        autor=fremd,
        text="Von jemand anderem",
        sprache="de",
        einreichung=uuid.uuid4(),
    )
    client.force_login(kommentar.autor)
    text = client.get(client.get("/")["Location"]).text
    assert "Sie haben hier 1 Kommentar geschrieben." in text
    assert 'href="/kommentare/meine/"' in text
    client.force_login(fremd)
    Kommentar.objects.filter(autor=fremd).update(
        status=Kommentar.Status.BEANTWORTET, einstufung=Kommentar.Einstufung.KENNTNIS
    )
    text = client.get(f"/{entwurf.jahr}/").text
    assert "Sie haben hier 1 Kommentar geschrieben." in text
    client.force_login(benutzer_mit_rolle("neu", "KMV"))
    assert "Sie haben hier 0 Kommentare geschrieben." in client.get(f"/{entwurf.jahr}/").text


# The staff workspace


def test_arbeitsplatz_nur_fuer_die_koordinierungsstelle(client, inhalt):
    assert client.get("/arbeitsplatz/").status_code == 302
    _angemeldet(client, "mitglied", "KMV")
    assert client.get("/arbeitsplatz/").status_code == 403


def test_arbeitsplatz_im_menue_nur_fuer_die_koordinierungsstelle(client, staff_client, inhalt):
    assert 'href="/arbeitsplatz/" aria-current="page"' in staff_client.get("/arbeitsplatz/").text
    assert 'href="/arbeitsplatz/"' in staff_client.get(f"/{inhalt.jahr}/").text
    _angemeldet(client, "mitglied", "KMV")
    assert 'href="/arbeitsplatz/"' not in client.get(f"/{inhalt.jahr}/").text


@pytest.fixture
def arbeit(inhalt, entwurf, koordination):
    """Work waiting for staff: two new comments on the draft (one answered besides), a
    reporting round on the edition in force with one answered measure, a current report on
    one measure, and translations in several states."""
    erster = kommentar_in_offener_phase(entwurf, "mitglied")
    for text, status in (("Zweiter", "neu"), ("Dritter", "beantwortet")):
        Kommentar.objects.create(
            edition=entwurf,
            phase=erster.phase,
            massnahme=erster.massnahme,
            autor=erster.autor,
            text=text,
            sprache="de",
            einreichung=uuid.uuid4(),
            status=status,
            einstufung="kenntnis" if status == "beantwortet" else "",
        )
    abfrage = Sachstandsabfrage.objects.create(
        edition=inhalt, frist=timezone.localdate() + timedelta(days=14), nachricht="Bitte"
    )
    erste = Massnahme.objects.in_edition(inhalt).order_by("pk").first()
    for _ in range(2):  # two reports on one measure: one answered measure
        Sachstandsbericht.objects.create(
            abfrage=abfrage, massnahme=erste, autor=koordination, einreichung=uuid.uuid4()
        )
    Umsetzungsnotiz.objects.create(massnahme=erste, datum=timezone.localdate(), text="Läuft")
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    fabrik.vollstaendig_uebersetzen(massnahme, ["en"], Uebersetzungsstatus.GEPRUEFT)
    fabrik.vollstaendig_uebersetzen(massnahme, ["tr"], Uebersetzungsstatus.MASCHINELL)
    return abfrage


def test_arbeitsplatz_zahlen(staff_client, inhalt, entwurf, arbeit):
    from konzept import uebersetzung

    antwort = staff_client.get("/arbeitsplatz/")
    assert antwort.status_code == 200
    kontext = antwort.context
    assert kontext["entwurf"] == entwurf
    assert f'href="/{entwurf.jahr}/"' in antwort.text
    assert kontext["kommentare"] == [
        {"edition__jahr": entwurf.jahr, "edition__titel": entwurf.titel, "anzahl": 2}
    ]
    assert f'href="/{entwurf.jahr}/kommentare/"' in antwort.text
    gesamt = Massnahme.objects.in_edition(inhalt).count()
    laufend = (
        Massnahme.objects.in_edition(inhalt).exclude(status__in=["umgesetzt", "zurueckgestellt"])
    ).count()
    # Every running measure but the one with today's report.
    assert kontext["veraltet"] == laufend - 1
    assert f'href="/{inhalt.jahr}/umsetzungsstand/#veraltet"' in antwort.text
    assert kontext["sachstandsabfrage"]["abfrage"] == arbeit
    assert kontext["sachstandsabfrage"]["beantwortet"] == 1
    assert kontext["sachstandsabfrage"]["offen"] == gesamt - 1
    assert f'href="/umsetzung/sachstandsabfragen/{arbeit.pk}/"' in antwort.text
    # The translations of the draft, counted as the translation workspace counts them.
    liste = uebersetzung.elemente(entwurf)
    sprachen = {sprache.code: sprache for sprache in kontext["sprachen"]}
    assert set(sprachen) == {"en", "ar", "fa", "uk", "ru", "tr"}
    for code, stand in sprachen.items():
        zahlen = uebersetzung.zaehlen(liste, code)
        assert (stand.maschinell, stand.veraltet, stand.fehlt) == (
            zahlen["maschinell"],
            zahlen["veraltet"],
            zahlen["fehlt"],
        )
    assert sprachen["tr"].maschinell >= 1
    assert f'href="/uebersetzung/{entwurf.jahr}/tr/"' in antwort.text


def test_arbeitsplatz_ohne_entwurf_ohne_arbeit(staff_client, inhalt):
    antwort = staff_client.get("/arbeitsplatz/")
    assert antwort.context["entwurf"] is None
    assert antwort.context["kommentare"] == []
    assert antwort.context["sachstandsabfrage"] is None
    assert antwort.context["uebersetzt"] == inhalt
    assert "Zurzeit ist kein Entwurf in Arbeit." in antwort.text
    assert "Keine neuen Kommentare." in antwort.text
    assert "Keine Sachstandsabfrage läuft." in antwort.text


def test_arbeitsplatz_ohne_inhalt(staff_client, leer):
    assert staff_client.get("/arbeitsplatz/").status_code == 200


def _abfragen(client, url):
    # Once before counting: what a process reads once per content version is read then.
    client.get(url)
    with CaptureQueriesContext(connection) as erfasst:
        assert client.get(url).status_code == 200
    return len(erfasst)


def test_arbeitsplatz_feste_anzahl_abfragen(staff_client, inhalt, entwurf, arbeit):
    """As many queries with ten times the content (and more comments and reports)."""
    vorher = _abfragen(staff_client, "/arbeitsplatz/")
    verzehnfachen(entwurf)
    verzehnfachen(inhalt)
    erster = Kommentar.objects.filter(edition=entwurf).first()
    for nummer in range(5):
        Kommentar.objects.create(
            edition=entwurf,
            phase=erster.phase,
            massnahme=erster.massnahme,
            autor=erster.autor,
            text=f"Noch einer {nummer}",
            sprache="de",
            einreichung=uuid.uuid4(),
        )
    for massnahme in Massnahme.objects.in_edition(inhalt)[:5]:
        Sachstandsbericht.objects.create(
            abfrage=arbeit, massnahme=massnahme, einreichung=uuid.uuid4()
        )
    assert _abfragen(staff_client, "/arbeitsplatz/") == vorher


# Issue 17.6: consistent statements


def test_beschlossen_ohne_erfassten_beschluss_sagt_es_einmal(client, inhalt):
    """An adopted edition never says "no decisions recorded yet"; where the decision is not in
    the data, the page says so once."""
    inhalt.beschluesse.all().delete()
    Edition.objects.filter(pk=inhalt.pk).update(beschlossen_am=None)
    for url in (f"/{inhalt.jahr}/", f"/{inhalt.jahr}/beteiligung/"):
        text = client.get(url).text
        assert "beschlossen" in text
        assert "Noch keine Beschlüsse erfasst." not in text
        assert text.count("Wann und von welchem Gremium, ist hier nicht erfasst.") == 1


def test_beschlossen_mit_datum_ohne_gremium(client, inhalt):
    inhalt.beschluesse.all().delete()
    Edition.objects.filter(pk=inhalt.pk).update(beschlossen_am="2024-03-12")
    text = client.get(f"/{inhalt.jahr}/").text
    assert "Diese Ausgabe ist am 12.03.2024 beschlossen worden." in text


def test_beschlossen_mit_beschluss_nennt_gremium_und_datum(client, inhalt):
    gremium = Gremium.objects.get(beschliesst=True)
    Beschluss.objects.create(
        edition=inhalt, gremium=gremium, datum="2024-03-12", ergebnis="beschlossen"
    )
    text = client.get(f"/{inhalt.jahr}/").text
    assert "12.03.2024" in text and gremium.name in text
    assert "nicht erfasst" not in text.split('id="beschluesse"')[1].split("</section>")[0]


def test_entwurf_ohne_beschluss_bleibt_noch_keiner(staff_client, entwurf):
    assert "Noch keine Beschlüsse erfasst." in staff_client.get(f"/{entwurf.jahr}/").text


def test_herkunft_nicht_erfasst_einmal_statt_null_je_format(client, inhalt):
    for massnahme in Massnahme.objects.in_edition(inhalt):
        massnahme.herkunft.clear()
    text = client.get(f"/{inhalt.jahr}/beteiligung/").text
    assert text.count("ist für diese Ausgabe nicht erfasst") == 1
    assert "aus diesem Format: 0" not in text
    assert text.count("Was aus diesem Format kam") == inhalt.beteiligungsformate.count()


def test_herkunft_teilweise_erfasst_mit_zahlen(client, inhalt):
    massnahmen = Massnahme.objects.in_edition(inhalt)
    massnahmen.filter(herkunft__isnull=False).first().herkunft.clear()
    gesamt = massnahmen.count()
    erfasst = massnahmen.filter(herkunft__isnull=False).distinct().count()
    assert 0 < erfasst < gesamt
    text = client.get(f"/{inhalt.jahr}/beteiligung/").text
    assert f"Bei {erfasst} von {gesamt} " in text
    assert "aus diesem Format: 0" not in text
