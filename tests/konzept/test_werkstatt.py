"""Issue 17.4: a calm staff workspace. One disclosure of actions per item, moves only where
possible, procedure steps and restores that ask first and say afterwards what they did."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from konzept.bearbeitung import ARTEN, element_loeschen
from konzept.begriffe import begriffe
from konzept.models import Edition
from massnahmen.models import Massnahme
from tests import fabrik
from themenfelder.models import Themenfeld


def seite(response):
    return BeautifulSoup(response.text, "html.parser")


def meldungen(response):
    return [str(meldung) for meldung in get_messages(response.wsgi_request)]


def geschwister(entwurf):
    """Measures of one list with at least three in it: first, middle, last."""
    art = ARTEN["massnahme"]
    for massnahme in Massnahme.objects.in_edition(entwurf):
        liste = list(Massnahme.objects.filter(**art.liste(massnahme)).order_by("position"))
        if len(liste) >= 3:
            return liste
    pytest.skip("Keine Liste mit drei Maßnahmen im Beispielkreis.")


def feldseite(massnahme):
    return ARTEN["massnahme"].ebene.themenfeld_von(massnahme).get_absolute_url()


def aktionen(html, massnahme):
    """The entries of the action disclosure of one measure card."""
    karte = html.select_one(f"article#massnahme-{massnahme.pk}")
    leiste = karte.find("div", class_="bearbeiten-leiste")
    menue = leiste.find("details", class_="aktionen")
    assert menue is not None, "Die Aktionen stehen nicht in einer Aufklappliste."
    return menue


def texte(menue):
    return [
        eintrag.get_text(strip=True).split(":")[0] for eintrag in menue.select(".aktionen__eintrag")
    ]


def test_eine_sichtbare_aktion_und_der_rest_hinter_einer_aufklappliste(staff_client, entwurf):
    _erste, mitte, *_ = geschwister(entwurf)
    html = seite(staff_client.get(feldseite(mitte)))
    karte = html.select_one(f"article#massnahme-{mitte.pk}")
    leiste = karte.find("div", class_="bearbeiten-leiste")
    # Visible: editing only; everything else inside the disclosure.
    sichtbar = [
        element
        for element in leiste.find_all(["a", "button"])
        if not element.find_parent("details")
    ]
    assert [element.get_text(strip=True).split(":")[0] for element in sichtbar] == ["Bearbeiten"]
    menue = aktionen(html, mitte)
    zusammenfassung = menue.find("summary")
    assert zusammenfassung.get_text(strip=True) == f"Weitere Aktionen: {mitte.titel}"
    assert texte(menue) == ["Nach oben", "Nach unten", "Historie", "Löschen"]
    loeschen = menue.select_one(".aktionen__eintrag--gefahr")
    assert loeschen.get_text(strip=True).startswith("Löschen")


def test_verschieben_nur_wo_moeglich(staff_client, entwurf):
    erste, *_, letzte = geschwister(entwurf)
    html = seite(staff_client.get(feldseite(erste)))
    assert texte(aktionen(html, erste)) == ["Nach unten", "Historie", "Löschen"]
    assert texte(aktionen(html, letzte)) == ["Nach oben", "Historie", "Löschen"]


def test_nach_dem_speichern_an_ort_und_stelle_nur_moegliche_verschiebungen(staff_client, entwurf):
    """The card drawn again after an htmx save (here: a status change) offers the moves of its
    place, as the page did."""
    erste, mitte, *_, letzte = geschwister(entwurf)
    erwartet = {
        erste: ["Nach unten", "Historie", "Löschen"],
        mitte: ["Nach oben", "Nach unten", "Historie", "Löschen"],
        letzte: ["Nach oben", "Historie", "Löschen"],
    }
    for massnahme, eintraege in erwartet.items():
        antwort = staff_client.post(
            f"/bearbeiten/massnahme/{massnahme.pk}/status/",
            {"status": "in_umsetzung", "version": massnahme.version},
            headers={"HX-Request": "true"},
        )
        assert antwort.status_code == 200
        assert texte(aktionen(seite(antwort), massnahme)) == eintraege


def test_ziele_nach_dem_speichern_an_ort_und_stelle(staff_client, entwurf):
    """A sub-goal drawn again keeps the moves of its place, and its measures theirs."""
    art = ARTEN["teilziel"]
    for teilziel in art.model.objects.filter(**{art.ebene.edition_pfad: entwurf}):
        liste = list(art.model.objects.filter(**art.liste(teilziel)).order_by("position"))
        massnahmen = list(teilziel.massnahmen.order_by("position"))
        if len(liste) >= 2 and len(massnahmen) >= 2:
            break
    else:
        pytest.skip("Kein Teilziel mit Geschwistern und zwei Maßnahmen im Beispielkreis.")
    erstes = liste[0]
    formular = seite(staff_client.get(f"/bearbeiten/teilziel/{erstes.pk}/"))
    daten = {
        feld["name"]: feld.get("value", "")
        for feld in formular.select("form input[name]")
        if feld.get("type") not in ("submit", "checkbox")
    }
    for feld in formular.select("form textarea[name]"):
        daten[feld["name"]] = feld.get_text()
    antwort = staff_client.post(
        f"/bearbeiten/teilziel/{erstes.pk}/", daten, headers={"HX-Request": "true"}
    )
    assert antwort.status_code == 200, antwort.text[:500]
    html = seite(antwort)
    kopf = html.select_one(f"#teilziel-{erstes.pk} .bearbeiten-leiste details.aktionen")
    assert "Nach oben" not in texte(kopf) and "Nach unten" in texte(kopf)
    assert texte(aktionen(html, massnahmen[0]))[0] == "Nach unten"
    assert texte(aktionen(html, massnahmen[-1]))[0] == "Nach oben"


def test_listen_ausserhalb_des_elternteils_bieten_kein_verschieben(staff_client, entwurf):
    """The measure list shows measures of many lists, filtered and paged: their order is the
    field page's business, so no moves there, and none after a save in place there either."""
    massnahme = geschwister(entwurf)[1]
    html = seite(staff_client.get(f"/{entwurf.jahr}/massnahmen/"))
    assert texte(aktionen(html, massnahme)) == ["Historie", "Löschen"]
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "in_umsetzung", "version": massnahme.version, "mit_pfad": "1"},
        headers={"HX-Request": "true"},
    )
    assert texte(aktionen(seite(antwort), massnahme)) == ["Historie", "Löschen"]


def test_unmoegliche_verschiebung_wird_auf_dem_server_abgelehnt(staff_client, entwurf):
    erste, *_, letzte = geschwister(entwurf)
    positionen = {m.pk: m.position for m in (erste, letzte)}
    for massnahme, richtung in ((erste, "hoch"), (letzte, "runter")):
        response = staff_client.post(
            f"/bearbeiten/massnahme/{massnahme.pk}/verschieben/{richtung}/"
        )
        assert response.status_code == 302
        assert meldungen(response)[-1] == f"„{massnahme}“ steht schon am Rand der Liste."
        massnahme.refresh_from_db()
        assert massnahme.position == positionen[massnahme.pk]
        assert not massnahme.history.filter(history_change_reason="Verschoben").exists()


def test_status_der_massnahme_wird_nicht_beim_auswaehlen_gespeichert(
    staff_client, inhalt, massnahme
):
    """WCAG 3.2.2: choosing in the select changes nothing; only the button saves."""
    html = seite(staff_client.get(feldseite(massnahme)))
    formular = html.select_one(f"article#massnahme-{massnahme.pk} form.status-form")
    assert formular is not None
    # It waits behind the badge, in a disclosure that opens without JavaScript.
    wahl = formular.find_parent("details", class_="status-wahl")
    assert wahl is not None and wahl.find_parent(class_="massnahme__meta") is not None
    assert wahl.summary.select_one(".status") is not None
    assert "change" not in (formular.get("data-hx-trigger") or "")
    assert len(formular.select("select")) == 1
    assert len(formular.select("button[type=submit]")) == 1


def test_loeschseite_sagt_dass_alles_wiederkommt(staff_client, entwurf):
    erste, *_ = geschwister(entwurf)
    html = seite(staff_client.get(f"/bearbeiten/massnahme/{erste.pk}/loeschen/"))
    knopf = html.select_one("main form button[type=submit]")
    assert knopf.get_text(strip=True) == "Löschen"
    assert "knopf--gefahr" in knopf["class"]
    assert "Endgültig" not in html.get_text()
    link = html.find("a", string="„Gelöschte Elemente“")
    assert link["href"] == f"/{entwurf.jahr}/geloescht/"


def test_verfahrensschritt_fragt_erst_und_sagt_dann_was_er_tat(staff_client, entwurf):
    assert entwurf.status == Edition.Status.ENTWURF
    # The edition page asks by GET; nothing changes yet.
    html = seite(staff_client.get(f"/{entwurf.jahr}/"))
    formular = html.find("button", string=lambda t: t and "Weiter zur Beteiligung" in t)
    assert formular.find_parent("form")["method"] == "get"
    response = staff_client.get(
        f"/{entwurf.jahr}/status/", {"status": "beteiligung", "von": "entwurf"}
    )
    assert response.status_code == 200
    html = seite(response)
    assert html.h1.get_text(strip=True) == (
        f"Die Ausgabe {entwurf.jahr} wirklich in die Beteiligung geben?"
    )
    assert "Das bewirkt:" in html.get_text()
    felder = {f["name"]: f["value"] for f in html.select("main form input[type=hidden]")}
    assert felder["status"] == "beteiligung" and felder["von"] == "entwurf"
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.ENTWURF

    response = staff_client.post(f"/{entwurf.jahr}/status/", felder)
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.BETEILIGUNG
    assert meldungen(response) == [
        f"Die Ausgabe {entwurf.jahr} steht jetzt im Schritt „Beteiligung“; sie bleibt "
        "bearbeitbar, bis der annehmende Beschluss erfasst ist."
    ]


def test_schritt_zurueck_fragt_erst_und_braucht_eine_begruendung(staff_client, entwurf):
    Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BETEILIGUNG)
    ohne = staff_client.get(f"/{entwurf.jahr}/status/", {"status": "entwurf"})
    assert ohne.status_code == 302
    assert meldungen(ohne) == ["Ein Schritt zurück braucht eine Begründung."]

    response = staff_client.get(
        f"/{entwurf.jahr}/status/",
        {"status": "entwurf", "von": "beteiligung", "grund": "Kapitel fehlt"},
    )
    html = seite(response)
    assert "einen Schritt zurücksetzen?" in html.h1.get_text()
    felder = {f["name"]: f["value"] for f in html.select("main form input[type=hidden]")}
    assert felder == {
        "csrfmiddlewaretoken": felder["csrfmiddlewaretoken"],
        "status": "entwurf",
        "von": "beteiligung",
        "grund": "Kapitel fehlt",
    }
    response = staff_client.post(f"/{entwurf.jahr}/status/", felder)
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.ENTWURF
    assert "einen Schritt zurückgesetzt" in meldungen(response)[0]


def test_unmoeglicher_schritt_wird_nicht_erst_gefragt(staff_client, entwurf):
    response = staff_client.get(f"/{entwurf.jahr}/status/", {"status": "beratung"})
    assert response.status_code == 302
    assert meldungen(response) == ["Von „Entwurf“ aus gibt es diesen Schritt nicht."]


def test_bestaetigung_behaelt_den_gezeigten_stand(staff_client, entwurf):
    """The state the page showed travels through the confirmation: a step confirmed on a
    page read before another step is refused (issue 14.7)."""
    html = seite(
        staff_client.get(f"/{entwurf.jahr}/status/", {"status": "beteiligung", "von": "entwurf"})
    )
    felder = {f["name"]: f["value"] for f in html.select("main form input[type=hidden]")}
    Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BETEILIGUNG)
    response = staff_client.post(f"/{entwurf.jahr}/status/", felder)
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.BETEILIGUNG
    assert "inzwischen geändert" in meldungen(response)[0]


def test_wiederherstellen_fragt_erst(staff_client, entwurf, koordination):
    erste, *_ = geschwister(entwurf)
    titel, pk = erste.titel, erste.pk
    element_loeschen(instanz=erste, user=koordination)
    eintrag = Massnahme.history.filter(id=pk, history_type="-").get()
    # The list of deleted items links to the question; it does not restore by itself.
    liste = seite(staff_client.get(f"/{entwurf.jahr}/geloescht/"))
    adresse = f"/bearbeiten/massnahme/{pk}/historie/{eintrag.history_id}/wiederherstellen/"
    assert liste.find("a", href=adresse) is not None
    assert not liste.select(f'form[action="{adresse}"]')

    html = seite(staff_client.get(adresse))
    assert html.h1.get_text(strip=True) == f"„{titel}“ wirklich wiederherstellen?"
    assert not Massnahme.objects.filter(pk=pk).exists()

    response = staff_client.post(adresse)
    assert Massnahme.objects.filter(pk=pk).exists()
    assert meldungen(response) == [
        f"„{titel}“ ist wiederhergestellt; der vorige Stand bleibt in der Historie."
    ]


def test_ziele_tragen_ihr_bearbeiten_in_der_aufklappliste(staff_client, entwurf):
    """Issue 17.4: a goal has no row of edit controls under it; editing waits in its one
    disclosure, first, beside moves, history and delete."""
    feld = Themenfeld.objects.get(edition=entwurf, key=fabrik.rolle("themenfeld"))
    html = seite(staff_client.get(feld.get_absolute_url()))
    ziele = [("leitziel", ziel) for ziel in feld.leitziele.all()]
    ziele += [("teilziel", ziel) for ziel in feld.teilziele.all()]
    assert ziele
    for art, ziel in ziele:
        leiste = html.select_one(f"#{art}-{ziel.pk} > div.bearbeiten-leiste")
        assert leiste is not None, f"{art} {ziel.pk} ohne Aktionen"
        sichtbar = [e for e in leiste.find_all(["a", "button"]) if not e.find_parent("details")]
        assert sichtbar == []
        menue = leiste.find("details", class_="aktionen")
        assert menue.summary.get_text(strip=True) == f"Aktionen: {ziel}"
        eintraege = menue.select(".aktionen__eintrag")
        assert eintraege[0].get_text(strip=True) == f"Bearbeiten: {ziel}"
        assert eintraege[0]["href"] == reverse(
            "konzept:element_bearbeiten", kwargs={"art": art, "pk": ziel.pk}
        )
        assert texte(menue)[-2:] == ["Historie", "Löschen"]


def test_leere_liste_ist_nur_eine_zeile_zum_anlegen(staff_client, entwurf):
    """Issue 17.4: a field without goals shows staff no empty sections, only one small line per
    list to add the first item."""
    feld = Themenfeld.objects.create(edition=entwurf, key="neu", position=99, titel="Neues Feld")
    html = seite(staff_client.get(feld.get_absolute_url()))
    assert html.find(id="leitziele") is None and html.find(id="teilziele") is None
    woerter = begriffe()
    for art in ("leitziel", "teilziel"):
        adresse = reverse(
            "konzept:element_anlegen",
            kwargs={"art": art, "eltern_art": "themenfeld", "eltern_pk": feld.pk},
        )
        link = html.select_one(f'p.neu-link a[href="{adresse}"]')
        assert link.get_text(strip=True) == f"{woerter[art].einzahl} hinzufügen"
        assert link["data-hx-target"] == f"#neu-{art}-{feld.pk}"
        assert html.find(id=f"neu-{art}-{feld.pk}") is not None
