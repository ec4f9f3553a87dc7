"""Issue 15.3: indicators on measures and goals with baseline, target, direction and dated
values; charts with a table; key figures with a time series."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from konzept.services import edition_fortschreiben
from massnahmen.indikatoren import anzeige
from massnahmen.models import Indikator, Kennzahlwert, Massnahme, Messwert
from tests.massnahmen.test_umsetzung import erste, formular


def indikator_an(massnahme, **werte):
    daten = {
        "key": "teilnehmende",
        "name": "Teilnehmende",
        "einheit": "Personen",
        "ausgangswert": Decimal(10),
        "ausgangsdatum": datetime.date(2023, 12, 1),
        "zielwert": Decimal(40),
        "zieldatum": datetime.date(2025, 12, 31),
    }
    daten.update(werte)
    return Indikator.objects.create(massnahme=massnahme, **daten)


def test_indikator_hat_genau_einen_bezug(inhalt):
    """Issue 15.3: an indicator belongs to a measure or a goal, never both, never none."""
    massnahme = erste(inhalt)
    leitziel = inhalt.themenfelder.first().leitziele.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Indikator.objects.create(massnahme=massnahme, leitziel=leitziel, key="a", name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indikator.objects.create(key="b", name="B")


def test_werte_im_browser_mit_diagramm_und_tabelle(staff_client, inhalt):
    """Issue 15.3: values entered in the browser (with a decimal comma) appear as a chart (an
    image with a title and a description) and in a table; "not a number" is refused."""
    massnahme = erste(inhalt)
    indikator = indikator_an(massnahme)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/umsetzung/"
    falsch = staff_client.post(url, formular(massnahme, **{f"wert_{indikator.pk}": "viele"}))
    assert falsch.status_code == 422 and "Zahl" in falsch.text and "viele" in falsch.text
    assert not Messwert.objects.exists()
    antwort = staff_client.post(
        url,
        formular(massnahme, **{f"wert_{indikator.pk}": "25,5", f"quelle_{indikator.pk}": "Liste"}),
    )
    assert antwort.status_code == 302
    wert = Messwert.objects.get()
    assert (wert.wert, wert.quelle, wert.datum) == (Decimal("25.5"), "Liste", timezone.localdate())
    seite = staff_client.get(massnahme.get_absolute_url()).text
    assert '<svg class="indikator__diagramm"' in seite and 'role="img"' in seite
    assert "letzter Messwert 25,5 Personen" in seite
    assert '<td class="kern-table__cell kern-table__cell--numeric">25,5</td>' in seite
    # The same form sent twice counts once; a new report on the same day replaces the value.
    staff_client.post(url, formular(massnahme, **{f"wert_{indikator.pk}": "26"}))
    assert Messwert.objects.get().wert == Decimal("25.5")
    neu = formular(massnahme, **{f"wert_{indikator.pk}": "26"}, einreichung=str(uuid.uuid4()))
    staff_client.post(url, neu)
    assert Messwert.objects.get().wert == Decimal(26)


def test_diagramm_von_rechts_nach_links_und_ziel(inhalt):
    """Issue 15.3: the chart's first value sits at the line start: left, or right in Arabic."""
    indikator = indikator_an(erste(inhalt))
    Messwert.objects.create(indikator=indikator, datum=datetime.date(2024, 6, 1), wert=45)
    links = anzeige(Indikator.objects.get(pk=indikator.pk)).svg
    rechts = anzeige(Indikator.objects.get(pk=indikator.pk), rtl=True).svg
    assert 'points="12.0,' in links and 'points="308.0,' in rechts
    assert anzeige(Indikator.objects.get(pk=indikator.pk)).erreicht is True
    weniger = indikator_an(erste(inhalt), key="wartezeit", richtung="weniger", zielwert=5)
    Messwert.objects.create(indikator=weniger, datum=datetime.date(2024, 6, 1), wert=8)
    assert anzeige(Indikator.objects.get(pk=weniger.pk)).erreicht is False


def test_indikator_nur_im_entwurf_anlegen(staff_client, inhalt, entwurf):
    """Issue 15.3: an indicator's definition is agreed content: staff add it in a draft; on an
    adopted edition it is frozen (403)."""
    massnahme = erste(entwurf)
    url = f"/umsetzung/indikatoren/neu/massnahme/{massnahme.pk}/"
    antwort = staff_client.post(
        url, {"name": "Beratungen", "richtung": "mehr", "zielwert": "1000,5", "einheit": "Anzahl"}
    )
    assert antwort.status_code == 302
    indikator = massnahme.indikatoren_liste.get()
    assert (indikator.key, indikator.zielwert) == ("beratungen", Decimal("1000.5"))
    alt = erste(inhalt)
    assert (
        staff_client.post(f"/umsetzung/indikatoren/neu/massnahme/{alt.pk}/", {}).status_code == 403
    )
    leitziel = inhalt.themenfelder.first().leitziele.first()
    assert (
        staff_client.get(f"/umsetzung/indikatoren/neu/leitziel/{leitziel.pk}/").status_code == 403
    )


def test_leitziel_und_kennzahl_werte(staff_client, inhalt):
    """Issue 15.3: goals carry indicators too (shown on the field page), and key figures get a
    time series; values entered by staff while the edition is in force."""
    leitziel = inhalt.themenfelder.first().leitziele.first()
    indikator = Indikator.objects.create(leitziel=leitziel, key="quote", name="Quote", einheit="%")
    antwort = staff_client.post(
        f"/umsetzung/messwerte/indikator/{indikator.pk}/",
        {"datum": timezone.localdate().isoformat(), "wert": "12,5", "quelle": "Statistik"},
    )
    assert antwort.status_code == 302
    seite = staff_client.get(leitziel.themenfeld.get_absolute_url()).text
    assert "Quote" in seite and "indikator__diagramm" in seite
    kennzahl = inhalt.kennzahlen.first()
    url = f"/umsetzung/messwerte/kennzahl/{kennzahl.pk}/"
    assert staff_client.post(url, {"datum": "2999-01-01", "wert": "5"}).status_code == 422
    assert staff_client.post(url, {"datum": "2025-06-30", "wert": "kein"}).status_code == 422
    assert staff_client.post(url, {"datum": "2025-06-30", "wert": "1234"}).status_code == 302
    assert Kennzahlwert.objects.get().wert == 1234
    assert "1.234" in staff_client.get(inhalt.get_absolute_url()).text


def test_fortschreibung_kopiert_indikatoren_mit_werten(inhalt):
    """Issue 15.8: the next edition starts with the implementation state at that moment:
    indicators (same keys) with their values, key-figure series, actual dates."""
    massnahme = erste(inhalt)
    Massnahme.objects.filter(pk=massnahme.pk).update(
        beginn_tatsaechlich=datetime.date(2024, 3, 1), status="in_umsetzung"
    )
    indikator = indikator_an(massnahme)
    Messwert.objects.create(indikator=indikator, datum=datetime.date(2024, 6, 1), wert=20)
    Kennzahlwert.objects.create(
        kennzahl=inhalt.kennzahlen.first(), datum=datetime.date(2025, 1, 1), wert=7
    )
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    neue = Massnahme.objects.in_edition(entwurf).get(key=massnahme.key)
    assert (neue.status, neue.beginn_tatsaechlich) == ("in_umsetzung", datetime.date(2024, 3, 1))
    kopie = neue.indikatoren_liste.get()
    assert kopie.key == indikator.key and kopie.pk != indikator.pk
    assert [w.wert for w in kopie.messwerte.all()] == [20]
    assert entwurf.kennzahlen.first().zeitreihe.get().wert == 7
