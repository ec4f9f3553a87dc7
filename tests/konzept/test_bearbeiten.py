"""Issue 3: staff edit the concept in the browser; nothing is lost, everything is recorded."""

import re

import pytest
from django.test import Client

from konzept.models import Edition, Kennzahl, Landkreis
from massnahmen.models import Massnahme, Organisation, Umsetzungsnotiz
from tests.conftest import benutzer_mit_rolle
from themenfelder.models import Teilziel, Themenfeld

HTMX = {"HTTP_HX_REQUEST": "true"}


def massnahme_im(edition, titel="Jobmessen"):
    return Massnahme.objects.in_edition(edition).get(titel_de=titel)


def formulardaten(massnahme, **aenderungen):
    from massnahmen.forms import einordnung_von

    daten = {
        "version": massnahme.version,
        "titel": massnahme.titel,
        "beschreibung": massnahme.beschreibung,
        "einordnung": einordnung_von(massnahme),
        "status": massnahme.status,
        "federfuehrung": massnahme.federfuehrung_id or "",
        "partner": [p.pk for p in massnahme.partner.all()],
        "zeitraum": massnahme.zeitraum,
        "budget": "" if massnahme.budget is None else str(massnahme.budget),
        "indikatoren": massnahme.indikatoren,
        "herkunft": [f.pk for f in massnahme.herkunft.all()],
        "neue_organisationen": "",
    }
    daten.update(aenderungen)
    return daten


def test_fortschreibung_kopiert_alles_mit_schluesseln(entwurf, inhalt):
    assert entwurf.status == Edition.Status.ENTWURF
    assert entwurf.vorgaenger == inhalt
    alt = set(Massnahme.objects.in_edition(inhalt).values_list("key", flat=True))
    neu = set(Massnahme.objects.in_edition(entwurf).values_list("key", flat=True))
    assert alt == neu and len(neu) == 52
    assert (
        Massnahme.objects.in_edition(entwurf).mit_herkunft("kmv").get().herkunft.get().edition
        == entwurf
    )


def test_zweiter_entwurf_fuer_dasselbe_jahr_wird_abgelehnt(staff_client, entwurf):
    response = staff_client.post("/2024/fortschreiben/", follow=True)
    assert "bereits" in response.text
    assert Edition.objects.count() == 2


def test_bearbeiten_ohne_javascript(staff_client, entwurf, koordination):
    massnahme = massnahme_im(entwurf)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/"
    assert 'name="titel"' in staff_client.get(url).text
    response = staff_client.post(url, formulardaten(massnahme, titel="Jobmessen im Landkreis"))
    assert response.status_code == 302
    assert response["Location"] == f"/2026/themenfelder/partizipation/#massnahme-{massnahme.pk}"
    massnahme.refresh_from_db()
    assert massnahme.titel == "Jobmessen im Landkreis"
    assert massnahme.version == 2
    eintraege = massnahme.history.all()
    assert eintraege[0].history_type == "~"
    assert eintraege[0].history_user == koordination
    assert "Gespeichert" in staff_client.get(response["Location"]).text


def test_bearbeiten_mit_htmx_tauscht_das_element(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/"
    formular = staff_client.get(url, **HTMX).text
    assert "<html" not in formular and 'data-hx-post="' in formular
    response = staff_client.post(url, formulardaten(massnahme, status="umgesetzt"), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="massnahme-{massnahme.pk}"' in response.text
    assert "status--umgesetzt" in response.text
    assert '<div id="live-meldung" data-hx-swap-oob="innerHTML">Gespeichert</div>' in response.text


def test_genau_ein_historieneintrag_pro_aenderung_mit_benutzer(staff_client, entwurf, koordination):
    massnahme = massnahme_im(entwurf)
    vorher = massnahme.history.count()
    formatliste = list(entwurf.beteiligungsformate.values_list("pk", flat=True))
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(
            massnahme,
            titel="Jobmessen 2026",
            herkunft=formatliste[:2],
            neue_organisationen="Jobcenter Wesermarsch\nAgentur für Arbeit",
        ),
    )
    assert massnahme.history.count() == vorher + 1
    neuester = massnahme.history.first()
    assert neuester.history_user == koordination
    assert (
        sorted(zeile.beteiligungsformat_id for zeile in neuester.herkunft.all()) == formatliste[:2]
    )
    assert sorted(o.name for o in massnahme.partner.all()) == [
        "Agentur für Arbeit",
        "Jobcenter Wesermarsch",
    ]
    assert Organisation.objects.count() == 2


def test_zwei_bearbeiter_veraltetes_formular_ueberschreibt_nichts(entwurf):
    """No lost edits: the second, stale save sees a conflict and the first edit stays."""
    massnahme = massnahme_im(entwurf)
    erste, zweite = Client(), Client()
    erste.force_login(benutzer_mit_rolle("anna", "Koordinierungsstelle"))
    zweite.force_login(benutzer_mit_rolle("bert", "Koordinierungsstelle"))
    url = f"/bearbeiten/massnahme/{massnahme.pk}/"
    stand = formulardaten(massnahme)  # both load the form at version 1
    assert erste.post(url, {**stand, "titel": "Titel von Anna"}).status_code == 302
    response = zweite.post(url, {**stand, "titel": "Titel von Bert"})
    assert response.status_code == 409
    massnahme.refresh_from_db()
    assert massnahme.titel == "Titel von Anna"
    # Both states side by side, and a form to re-apply with the current version.
    assert "Titel von Bert" in response.text and "Titel von Anna" in response.text
    assert f'name="version" value="{massnahme.version}"' in response.text
    erneut = zweite.post(url, {**stand, "titel": "Titel von Bert", "version": massnahme.version})
    assert erneut.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.titel == "Titel von Bert"


def test_konflikt_mit_htmx_als_fragment(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    daten = formulardaten(massnahme, version=massnahme.version + 5)
    response = staff_client.post(f"/bearbeiten/massnahme/{massnahme.pk}/", daten, **HTMX)
    assert response.status_code == 409
    assert "<html" not in response.text


def test_inzwischen_geloescht_ist_ein_konflikt(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    daten = formulardaten(massnahme)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/"
    staff_client.get(url)
    Massnahme.objects.filter(pk=massnahme.pk).delete()
    assert staff_client.post(url, daten).status_code == 404


@pytest.mark.parametrize(
    ("aenderung", "feld", "meldung"),
    [
        ({"titel": ""}, "titel", "Dieses Feld"),
        ({"titel": "x" * 501}, "titel", "höchstens 500"),
        ({"budget": "zehn"}, "budget", "Zahl"),
        ({"budget": "-5"}, "budget", "größer oder gleich 0"),
        ({"status": "erledigt"}, "status", "gültige"),
        ({"teilziel": 999999}, "teilziel", "gültige"),
    ],
)
def test_ungueltige_eingaben_bleiben_stehen(staff_client, entwurf, aenderung, feld, meldung):
    massnahme = massnahme_im(entwurf)
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, **aenderung)
    )
    assert response.status_code == 422
    assert meldung in response.text
    assert f'id="id_massnahme{massnahme.pk}_{feld}_error"' in response.text
    wert = next(iter(aenderung.values()))
    if isinstance(wert, str) and wert:
        assert wert[:50] in response.text
    massnahme.refresh_from_db()
    assert massnahme.version == 1 and massnahme.titel == "Jobmessen"


def test_teilziel_aus_anderer_ausgabe_wird_abgelehnt(staff_client, entwurf, inhalt):
    massnahme = massnahme_im(entwurf)
    fremd = Teilziel.objects.filter(themenfeld__edition=inhalt).first()
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, teilziel=fremd.pk)
    )
    assert "gültige" in response.text
    massnahme.refresh_from_db()
    assert massnahme.teilziel.themenfeld.edition == entwurf


def test_anlegen_verschieben_loeschen_wiederherstellen(staff_client, entwurf, koordination):
    teilziel = massnahme_im(entwurf).teilziel
    response = staff_client.post(
        f"/bearbeiten/massnahme/neu/{teilziel.pk}/",
        {"titel": "Ausbildungsmesse", "teilziel": teilziel.pk, "status": "geplant"},
    )
    assert response.status_code == 302
    neue = teilziel.massnahmen.get(titel="Ausbildungsmesse")
    assert neue.key == "partizipation.zugang-arbeit.ausbildungsmesse"
    assert neue.position == 4
    assert neue.history.get().history_type == "+"

    staff_client.post(f"/bearbeiten/massnahme/{neue.pk}/verschieben/hoch/")
    assert list(teilziel.massnahmen.values_list("titel", flat=True)) == [
        "Schnellere Arbeitserlaubnisse",
        "Jobmessen",
        "Ausbildungsmesse",
        "Einfachere Anerkennung von Abschlüssen",
    ]

    bestaetigung = staff_client.get(f"/bearbeiten/teilziel/{teilziel.pk}/loeschen/")
    assert "Jobmessen" in bestaetigung.text and "Ausbildungsmesse" in bestaetigung.text
    assert Teilziel.objects.filter(pk=teilziel.pk).exists()  # GET deletes nothing
    staff_client.post(f"/bearbeiten/teilziel/{teilziel.pk}/loeschen/")
    assert not Teilziel.objects.filter(pk=teilziel.pk).exists()
    assert not Massnahme.objects.filter(pk=neue.pk).exists()

    geloescht = staff_client.get("/2026/geloescht/").text
    assert "Den Zugang zu Arbeit erleichtern" in geloescht
    eintrag = teilziel.history.filter(history_type="-").get()
    assert eintrag.history_user == koordination
    staff_client.post(
        f"/bearbeiten/teilziel/{teilziel.pk}/historie/{eintrag.history_id}/wiederherstellen/"
    )
    teilziel = Teilziel.objects.get(pk=teilziel.pk)
    assert teilziel.massnahmen.count() == 4  # the measures deleted with it came back too
    assert teilziel.history.first().history_type == "+"
    assert "Wiederhergestellt" in teilziel.history.first().history_change_reason


def test_historie_zeigt_wer_was_von_was_zu_was(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, status="umgesetzt")
    )
    text = staff_client.get(f"/bearbeiten/massnahme/{massnahme.pk}/historie/").text
    # Named by the office, never by the user name (issue 14.9).
    assert Landkreis.aktuell().koordinierungsstelle in text and "koordination" not in text
    assert "geplant" in text and "umgesetzt" in text


def test_wiederherstellen_einer_frueheren_version(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    erster = massnahme.history.first()
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, titel="Umbenannt")
    )
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/historie/{erster.history_id}/wiederherstellen/"
    )
    massnahme.refresh_from_db()
    assert massnahme.titel == "Jobmessen"
    assert massnahme.version == 3
    assert massnahme.history.count() == 3  # copy, rename, restore


def test_status_mit_einem_klick(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "in_umsetzung", "version": massnahme.version, "next": "/2026/massnahmen/"},
    )
    assert response["Location"] == "/2026/massnahmen/"
    massnahme.refresh_from_db()
    assert massnahme.status == "in_umsetzung"
    fragment = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "umgesetzt", "version": massnahme.version},
        **HTMX,
    )
    assert "status--umgesetzt" in fragment.text and "<html" not in fragment.text


def test_status_ausserhalb_der_auswahl_und_fremde_weiterleitung(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "erledigt", "version": 1, "next": "https://boese.example/"},
    )
    assert response["Location"] == massnahme.get_absolute_url()
    massnahme.refresh_from_db()
    assert massnahme.status == "geplant"


def test_umsetzungsstand_als_datierte_notizen(staff_client, entwurf, koordination):
    massnahme = massnahme_im(entwurf)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/umsetzungsstand/"
    staff_client.post(url, {"datum": "2026-01-10", "text": "Erste Jobmesse geplant."})
    staff_client.post(url, {"datum": "2026-03-01", "text": "Jobmesse mit 40 Betrieben."})
    notizen = list(massnahme.umsetzungsnotizen.all())
    assert [n.text for n in notizen] == ["Jobmesse mit 40 Betrieben.", "Erste Jobmesse geplant."]
    assert notizen[0].autor == koordination
    seite = staff_client.get(massnahme.get_absolute_url()).text
    assert seite.index("Jobmesse mit 40") < seite.index("Erste Jobmesse")
    fehler = staff_client.post(url, {"datum": "3000-01-01", "text": "Zukunft"})
    assert fehler.status_code == 422 and "Zukunft" in fehler.text
    assert Umsetzungsnotiz.objects.count() == 2


def test_beschlossene_ausgabe_ist_eingefroren(staff_client, inhalt):
    """The agreed content of an adopted edition is frozen; only its implementation state (the
    status select, issue 15.1) stays live while it is in force."""
    massnahme = massnahme_im(inhalt)
    seite = staff_client.get("/2024/themenfelder/partizipation/").text
    gefunden = set(re.findall(r"/bearbeiten/[\w/-]+", seite))
    assert gefunden and all(url.endswith("/status/") for url in gefunden), gefunden
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, titel="Neu")
    )
    assert response.status_code == 403
    assert "beschlossen" in response.text
    massnahme.refresh_from_db()
    assert massnahme.titel == "Jobmessen"


def test_bearbeitungsknoepfe_nur_fuer_die_koordinierungsstelle(client, entwurf):
    url = "/2026/themenfelder/partizipation/"
    client.force_login(benutzer_mit_rolle("ausschuss", "Ausschuss"))
    assert "/bearbeiten/" not in client.get(url).text
    client.force_login(benutzer_mit_rolle("koord", "Koordinierungsstelle"))
    assert "/bearbeiten/massnahme/" in client.get(url).text


def test_kennzahl_bearbeiten_und_themenfeld_anlegen(staff_client, entwurf):
    kennzahl = entwurf.kennzahlen.first()
    staff_client.post(
        f"/bearbeiten/kennzahl/{kennzahl.pk}/",
        {
            "version": 1,
            "bezeichnung": kennzahl.bezeichnung,
            "wert": "10500",
            "einheit": "Personen",
            "stichtag": "2025-12-31",
            "quelle": "AZR",
        },
    )
    assert str(Kennzahl.objects.get(pk=kennzahl.pk).wert) == "10500.00"
    staff_client.post(f"/bearbeiten/themenfeld/neu/{entwurf.pk}/", {"titel": "Wohnen"})
    themenfeld = Themenfeld.objects.get(edition=entwurf, titel="Wohnen")
    assert themenfeld.key == "wohnen" and themenfeld.position == 8
    assert staff_client.get(themenfeld.get_absolute_url()).status_code == 200


def test_neue_federfuehrung_wird_angelegt(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(massnahme, neue_federfuehrung="Wirtschaftsförderung Wesermarsch"),
    )
    massnahme.refresh_from_db()
    assert massnahme.federfuehrung.name == "Wirtschaftsförderung Wesermarsch"
    assert massnahme.version == 2
