"""Issue 3: staff edit the concept in the browser; nothing is lost, everything is recorded."""

import re

import pytest
from django.test import Client

from konzept import baum
from konzept.models import Edition, Kennzahl, Landkreis
from massnahmen.forms import einordnung_von
from massnahmen.models import Massnahme, Organisation, Umsetzungsnotiz
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from themenfelder.models import Themenfeld

HTMX = {"HTTP_HX_REQUEST": "true"}


def massnahme_im(edition, rolle="massnahme"):
    """The sample district's measure of a role in an edition (keys survive the copy)."""
    return Massnahme.objects.in_edition(edition).get(key=fabrik.rolle(rolle))


def feldseite(edition, massnahme):
    return f"/{edition.jahr}/themenfelder/{massnahme.themenfeld.key}/"


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


def test_fortschreibung_kopiert_alles_mit_schluesseln(entwurf, inhalt, kmv_massnahme):
    assert entwurf.status == Edition.Status.ENTWURF
    assert entwurf.vorgaenger == inhalt
    alt = list(Massnahme.objects.in_edition(inhalt).values_list("key", flat=True))
    neu = list(Massnahme.objects.in_edition(entwurf).values_list("key", flat=True))
    assert sorted(alt) == sorted(neu) and len(neu) == len(set(neu)) > 1
    # The copy's provenance points at the draft's own formats, the same ones by key.
    kopie = massnahme_im(entwurf, "kmv_massnahme")
    herkunft = list(kopie.herkunft.all())
    assert herkunft and all(f.edition == entwurf for f in herkunft)
    assert sorted(f.key for f in herkunft) == sorted(f.key for f in kmv_massnahme.herkunft.all())


def test_zweiter_entwurf_fuer_dasselbe_jahr_wird_abgelehnt(staff_client, entwurf):
    response = staff_client.post("/2024/fortschreiben/", follow=True)
    assert "bereits" in response.text
    assert Edition.objects.count() == 2


def test_bearbeiten_ohne_javascript(staff_client, entwurf, koordination):
    massnahme = massnahme_im(entwurf)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/"
    assert 'name="titel"' in staff_client.get(url).text
    neuer_titel = f"{massnahme.titel} im Landkreis"
    response = staff_client.post(url, formulardaten(massnahme, titel=neuer_titel))
    assert response.status_code == 302
    assert response["Location"] == f"{feldseite(entwurf, massnahme)}#massnahme-{massnahme.pk}"
    massnahme.refresh_from_db()
    assert massnahme.titel == neuer_titel
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
    partner = sorted(o.name for o in massnahme.partner.all())
    organisationen = Organisation.objects.count()
    neue = ["Agentur für Arbeit (neu)", "Beratungsstelle am Markt (neu)"]
    assert not Organisation.objects.filter(name__in=neue).exists()
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(
            massnahme,
            titel=f"{massnahme.titel} 2026",
            herkunft=formatliste[:2],
            neue_organisationen="\n".join(neue),
        ),
    )
    assert massnahme.history.count() == vorher + 1
    neuester = massnahme.history.first()
    assert neuester.history_user == koordination
    assert (
        sorted(zeile.beteiligungsformat_id for zeile in neuester.herkunft.all()) == formatliste[:2]
    )
    assert sorted(o.name for o in massnahme.partner.all()) == sorted(partner + neue)
    assert Organisation.objects.count() == organisationen + 2


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
        ({"einordnung": "teilziel:999999"}, "einordnung", "gültige"),
    ],
)
def test_ungueltige_eingaben_bleiben_stehen(staff_client, entwurf, aenderung, feld, meldung):
    massnahme = massnahme_im(entwurf)
    titel = massnahme.titel
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, **aenderung)
    )
    assert response.status_code == 422
    assert meldung in response.text
    assert f'id="id_massnahme{massnahme.pk}_{feld}_error"' in response.text
    # The title, announced first when the page loads, says the form came back (WCAG 3.3.1).
    assert "<title>Fehler: " in response.text
    wert = next(iter(aenderung.values()))
    if isinstance(wert, str) and wert:
        assert wert[:50] in response.text
    massnahme.refresh_from_db()
    assert massnahme.version == 1 and massnahme.titel == titel


def test_teilziel_aus_anderer_ausgabe_wird_abgelehnt(staff_client, entwurf, massnahme):
    """The place a measure hangs (its sub-goal, goal or field) must be of its own edition:
    the same place in the adopted edition is refused."""
    kopie = massnahme_im(entwurf)
    ebene = baum.ebene_von(massnahme)
    fremd = f"{ebene.eltern_feld_von(massnahme)}:{ebene.eltern_von(massnahme).pk}"
    vorher = einordnung_von(kopie)
    assert fremd != vorher
    response = staff_client.post(
        f"/bearbeiten/massnahme/{kopie.pk}/", formulardaten(kopie, einordnung=fremd)
    )
    assert response.status_code == 422 and "gültige" in response.text
    kopie.refresh_from_db()
    assert einordnung_von(kopie) == vorher and ebene.edition_von(kopie) == entwurf


def test_anlegen_verschieben_loeschen_wiederherstellen(staff_client, entwurf, koordination):
    """A new measure under the sample measure's parent (a sub-goal or goal), moved up, the
    parent deleted with its measures and restored whole."""
    massnahme = massnahme_im(entwurf)
    ebene = baum.ebene_von(massnahme)
    art = ebene.eltern_feld_von(massnahme)
    eltern = ebene.eltern_von(massnahme)
    eltern_model = type(eltern)
    assert art in ("teilziel", "leitziel"), "die Beispielmaßnahme hängt unter einem Ziel"
    titel = list(eltern.massnahmen.values_list("titel", flat=True))
    assert massnahme.titel in titel
    response = staff_client.post(
        f"/bearbeiten/massnahme/neu/{art}/{eltern.pk}/",
        {"titel": "Ausbildungsmesse", "einordnung": f"{art}:{eltern.pk}", "status": "geplant"},
    )
    assert response.status_code == 302
    neue = eltern.massnahmen.get(titel="Ausbildungsmesse")
    assert neue.key == f"{eltern.key}.ausbildungsmesse"
    assert neue.position == len(titel) + 1
    assert neue.history.get().history_type == "+"

    staff_client.post(f"/bearbeiten/massnahme/{neue.pk}/verschieben/hoch/")
    assert list(eltern.massnahmen.values_list("titel", flat=True)) == [
        *titel[:-1],
        "Ausbildungsmesse",
        titel[-1],
    ]

    bestaetigung = staff_client.get(f"/bearbeiten/{art}/{eltern.pk}/loeschen/")
    assert massnahme.titel in bestaetigung.text and "Ausbildungsmesse" in bestaetigung.text
    assert eltern_model.objects.filter(pk=eltern.pk).exists()  # GET deletes nothing
    staff_client.post(f"/bearbeiten/{art}/{eltern.pk}/loeschen/")
    assert not eltern_model.objects.filter(pk=eltern.pk).exists()
    assert not Massnahme.objects.filter(pk=neue.pk).exists()

    geloescht = staff_client.get(f"/{entwurf.jahr}/geloescht/").text
    assert str(eltern) in geloescht
    eintrag = eltern.history.filter(history_type="-").get()
    assert eintrag.history_user == koordination
    staff_client.post(
        f"/bearbeiten/{art}/{eltern.pk}/historie/{eintrag.history_id}/wiederherstellen/"
    )
    eltern = eltern_model.objects.get(pk=eltern.pk)
    # The measures deleted with it came back too.
    assert eltern.massnahmen.count() == len(titel) + 1
    assert eltern.history.first().history_type == "+"
    assert "Wiederhergestellt" in eltern.history.first().history_change_reason


def test_historie_zeigt_wer_was_von_was_zu_was(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    alt = massnahme.get_status_display()
    assert massnahme.status != "umgesetzt"
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, status="umgesetzt")
    )
    text = staff_client.get(f"/bearbeiten/massnahme/{massnahme.pk}/historie/").text
    # Named by the office, never by the user name (issue 14.9).
    assert Landkreis.aktuell().koordinierungsstelle in text and "koordination" not in text
    assert alt in text and "umgesetzt" in text


def test_wiederherstellen_einer_frueheren_version(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    titel = massnahme.titel
    partner = set(massnahme.partner.all())
    erster = massnahme.history.get()  # the copy, with its relations
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(massnahme, titel="Umbenannt", partner=[]),
    )
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/historie/{erster.history_id}/wiederherstellen/"
    )
    massnahme.refresh_from_db()
    assert massnahme.titel == titel
    assert set(massnahme.partner.all()) == partner
    assert massnahme.version == 3
    assert massnahme.history.count() == 3  # copy, rename, restore


def test_status_mit_einem_klick(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    neu = next(status for status in ("in_umsetzung", "geplant") if status != massnahme.status)
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": neu, "version": massnahme.version, "next": "/2026/massnahmen/"},
    )
    assert response["Location"] == "/2026/massnahmen/"
    massnahme.refresh_from_db()
    assert massnahme.status == neu
    fragment = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "umgesetzt", "version": massnahme.version},
        **HTMX,
    )
    assert "status--umgesetzt" in fragment.text and "<html" not in fragment.text


def test_status_ausserhalb_der_auswahl_und_fremde_weiterleitung(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    vorher = massnahme.status
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "erledigt", "version": 1, "next": "https://boese.example/"},
    )
    assert response["Location"] == massnahme.get_absolute_url()
    massnahme.refresh_from_db()
    assert massnahme.status == vorher


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
    titel = massnahme.titel
    seite = staff_client.get(feldseite(inhalt, massnahme)).text
    gefunden = set(re.findall(r"/bearbeiten/[\w/-]+", seite))
    assert gefunden and all(url.endswith("/status/") for url in gefunden), gefunden
    response = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, titel="Neu")
    )
    assert response.status_code == 403
    assert "beschlossen" in response.text
    massnahme.refresh_from_db()
    assert massnahme.titel == titel


def test_bearbeitungsknoepfe_nur_fuer_die_koordinierungsstelle(client, entwurf):
    url = feldseite(entwurf, massnahme_im(entwurf))
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
    felder = entwurf.themenfelder.count()
    staff_client.post(f"/bearbeiten/themenfeld/neu/edition/{entwurf.pk}/", {"titel": "Wohnen"})
    themenfeld = Themenfeld.objects.get(edition=entwurf, titel="Wohnen")
    assert themenfeld.key == "wohnen" and themenfeld.position == felder + 1
    assert staff_client.get(themenfeld.get_absolute_url()).status_code == 200


def test_neue_federfuehrung_wird_angelegt(staff_client, entwurf):
    massnahme = massnahme_im(entwurf)
    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(massnahme, neue_federfuehrung="Wirtschaftsförderung am Deich"),
    )
    massnahme.refresh_from_db()
    assert massnahme.federfuehrung.name == "Wirtschaftsförderung am Deich"
    assert massnahme.version == 2
