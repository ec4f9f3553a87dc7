"""Issue 15.7 and 15.8: the public sees the plan move (dashboard with date and development,
measure timeline, Atom feeds), and the comparison shows what the term achieved."""

import datetime
import re

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from konzept.services import edition_fortschreiben
from massnahmen.models import Indikator, Massnahme, Messwert
from massnahmen.services import umsetzung_speichern
from tests.massnahmen.test_umsetzung import erste

ATOM = "http://www.w3.org/2005/Atom"


def massnahmen_in(knoten):
    """Every measure of the open data, wherever the district's structure puts it."""
    if isinstance(knoten, dict):
        for schluessel, wert in knoten.items():
            if schluessel == "massnahmen":
                yield from wert
            else:
                yield from massnahmen_in(wert)
    elif isinstance(knoten, list):
        for eintrag in knoten:
            yield from massnahmen_in(eintrag)


@pytest.fixture
def bewegt(inhalt, koordination):
    """Two measures not yet begun moved in the edition in force, one with a note."""
    a, b = Massnahme.objects.in_edition(inhalt).filter(status="geplant").order_by("pk")[:2]
    umsetzung_speichern(
        massnahme=a,
        eingabe={"status": "in_umsetzung", "notiz": "Erste Runde gestartet."},
        user=koordination,
        sprache="de",
    )
    umsetzung_speichern(
        massnahme=b, eingabe={"status": "umgesetzt"}, user=koordination, sprache="de"
    )
    return a, b


def test_umsetzungsstand_mit_datum_und_entwicklung(client, inhalt, bewegt):
    """Issue 15.7: the dashboard shows the live state with its date and how the status
    distribution developed (an SVG image with a description, and the same numbers as a
    table)."""
    seite = client.get(f"/{inhalt.jahr}/umsetzungsstand/").text
    heute = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Stand der Umsetzung: {heute}" in seite
    assert (
        '<svg class="verlauf-diagramm"' in seite
        and 'aria-labelledby="verlauf-titel verlauf-desc"' in seite
    )
    assert "Maßnahmen je Status am Monatsende" in seite
    # The last month (today) counts the moved measures.
    zeilen = re.findall(
        r'<tr class="kern-table__row"><th class="kern-table__cell" scope="row"><time.*?</tr>', seite
    )
    zahlen = [int(zahl) for zahl in re.findall(r">(\d+)</td>", zeilen[-1])]
    jetzt = Massnahme.objects.in_edition(inhalt)
    reihenfolge = ("geplant", "in_umsetzung", "umgesetzt", "verstetigt", "zurueckgestellt")
    assert zahlen == [jetzt.filter(status=status).count() for status in reihenfolge]
    assert jetzt.filter(pk__in=[m.pk for m in bewegt], status="geplant").count() == 0


def test_statusverlauf_je_monat(inhalt):
    """Issue 15.7: the distribution per month end follows the history."""
    from massnahmen.umsetzungsstand import statusverlauf

    massnahme = erste(inhalt)
    heute = timezone.localdate()
    verlauf = statusverlauf(inhalt, heute=heute)
    vorher = {s: n for s, _b, n in verlauf["verlauf_monate"][-1].anzahlen}
    Massnahme.objects.filter(pk=massnahme.pk).update(status="umgesetzt")
    massnahme.refresh_from_db()
    massnahme.save()  # a history record of the change
    nachher = {
        s: n for s, _b, n in statusverlauf(inhalt, heute=heute)["verlauf_monate"][-1].anzahlen
    }
    assert nachher["umgesetzt"] == vorher["umgesetzt"] + 1


def test_massnahme_zeigt_datierten_verlauf(client, inhalt, bewegt):
    """Issue 15.7: each measure page shows a dated timeline of its implementation."""
    a, _b = bewegt
    seite = client.get(a.get_absolute_url()).text
    heute = timezone.localdate().strftime("%d.%m.%Y")
    assert "Verlauf der Umsetzung" in seite
    assert "Status: geplant → in Umsetzung" in seite and "Erste Runde gestartet." in seite
    assert (
        f'<time class="verlauf__datum" datetime="{timezone.localdate():%Y-%m-%d}">{heute}</time>'
        in seite
    )


def test_atom_feed_je_ausgabe_und_themenfeld(client, inhalt, bewegt):
    """Issue 15.7: an Atom feed of implementation updates per edition and per field, announced
    with <link rel="alternate" type="application/atom+xml"> on the edition and measure pages;
    read with a real feed parser, it has the required Atom elements."""
    a, b = bewegt
    for seite in (inhalt.get_absolute_url(), a.get_absolute_url()):
        html = client.get(seite).text
        link = '<link rel="alternate" type="application/atom+xml" href="/{}/umsetzung.atom"'
        assert link.format(inhalt.jahr) in html
    antwort = client.get(f"/{inhalt.jahr}/umsetzung.atom")
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(antwort.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.namespaces.get("") == ATOM
    assert feed.feed.title and feed.feed.id and feed.feed.updated and feed.feed.author
    titel = [eintrag.title for eintrag in feed.entries]
    assert any("geplant → in Umsetzung" in t for t in titel)
    assert any("geplant → umgesetzt" in t for t in titel)
    assert any("Umsetzungsnotiz" in t for t in titel)
    for eintrag in feed.entries:
        assert eintrag.id and eintrag.updated and eintrag.link.startswith("http://testserver/")
    assert len({eintrag.id for eintrag in feed.entries}) == len(feed.entries)
    # Per field: only that field's measures.
    feld = a.themenfeld
    andere = Massnahme.objects.in_edition(inhalt).exclude(
        pk__in=[m.pk for m in Massnahme.objects.im_themenfeld(feld)]
    )
    html = client.get(a.get_absolute_url()).text
    assert f'href="/{inhalt.jahr}/themenfelder/{feld.key}/umsetzung.atom"' in html
    teil = feedparser.parse(
        client.get(f"/{inhalt.jahr}/themenfelder/{feld.key}/umsetzung.atom").content
    )
    assert not teil.bozo and teil.entries
    assert all(
        m.titel not in e.title
        for e in teil.entries
        for m in andere
        if m.pk == b.pk and b.themenfeld != feld
    )
    # In the reader's language.
    arabisch = feedparser.parse(client.get(f"/ar/{inhalt.jahr}/umsetzung.atom").content)
    assert arabisch.feed.language == "ar"


def test_feed_von_entwuerfen_nur_fuer_rollen(client, entwurf):
    """Issue 15.7: a draft's feed is as closed as the draft."""
    assert client.get(f"/{entwurf.jahr}/umsetzung.atom").status_code == 403


def test_vergleich_zeigt_was_erreicht_wurde(inhalt, koordination):
    """Issue 15.8: the comparison shows what was achieved in the term: status at start and
    end, indicators against targets."""
    massnahme = erste(inhalt)
    indikator = Indikator.objects.create(massnahme=massnahme, key="k", name="Kurse", zielwert=10)
    Messwert.objects.create(indikator=indikator, datum=datetime.date(2025, 6, 1), wert=12)
    umsetzung_speichern(
        massnahme=massnahme, eingabe={"status": "umgesetzt"}, user=koordination, sprache="de"
    )
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=koordination)
    client = Client()
    client.force_login(koordination)
    seite = client.get(f"/{entwurf.jahr}/vergleich/").text
    assert "Was in der Laufzeit von" in seite
    assert f'data-key="{massnahme.key}"' in seite
    eintrag = seite[seite.index(f'data-key="{massnahme.key}"') :]
    assert "geplant → umgesetzt" in eintrag.split("</li>")[0]
    assert "1 von 1 Indikator hat sein Ziel erreicht." in seite


def test_offene_daten_mit_umsetzungsstand_und_indikatoren(client, inhalt):
    """Issue 15.9: the open data carry the schedule, the implementation state, indicators with
    their values (of measures and goals) and key-figure series; validated against the schema
    with jsonschema."""
    import json

    import jsonschema
    from django.conf import settings

    from massnahmen.models import Kennzahlwert

    schema = json.loads((settings.BASE_DIR / "docs" / "offene-daten.schema.json").read_text())
    massnahme = erste(inhalt)
    Massnahme.objects.filter(pk=massnahme.pk).update(
        beginn_geplant=datetime.date(2024, 3, 1), beginn_tatsaechlich=datetime.date(2024, 4, 2)
    )
    indikator = Indikator.objects.create(
        massnahme=massnahme, key="kurse", name="Kurse", zielwert=10, ausgangswert=2
    )
    Messwert.objects.create(
        indikator=indikator, datum=datetime.date(2025, 6, 1), wert=7, quelle="Liste"
    )
    leitziel = inhalt.themenfelder.first().leitziele.first()
    Indikator.objects.create(leitziel=leitziel, key="quote", name="Quote", einheit="%")
    Kennzahlwert.objects.create(
        kennzahl=inhalt.kennzahlen.first(), datum=datetime.date(2025, 1, 1), wert=5
    )
    daten = client.get(f"/{inhalt.jahr}/offene-daten.json").json()
    jsonschema.validate(daten, schema, format_checker=jsonschema.FormatChecker())
    alle = list(massnahmen_in(daten))
    eintrag = next(m for m in alle if m["key"] == massnahme.key)
    assert (
        eintrag["beginn_geplant"] == "2024-03-01" and eintrag["beginn_tatsaechlich"] == "2024-04-02"
    )
    assert eintrag["indikatoren_mit_werten"][0]["messwerte"] == [
        {"datum": "2025-06-01", "wert": 7, "quelle": "Liste"}
    ]
    assert eintrag["indikatoren_mit_werten"][0]["zielwert"] == 10
    ziel = next(
        z for t in daten["themenfelder"] for z in t["leitziele"] if z["key"] == leitziel.key
    )
    assert ziel["indikatoren_mit_werten"][0]["key"] == "quote"
    assert daten["kennzahlen"][0]["zeitreihe"] == [{"datum": "2025-01-01", "wert": 5, "quelle": ""}]


def test_pdf_zeigt_indikatoren_gegen_ziel(client, inhalt):
    """Issue 15.3/15.9: the edition's PDF shows each indicator's latest value against its
    target (read back from the PDF with pypdf)."""
    import io

    from pypdf import PdfReader

    massnahme = erste(inhalt)
    indikator = Indikator.objects.create(
        massnahme=massnahme, key="kurse", name="Sprachkursplätze", einheit="Plätze", zielwert=120
    )
    Messwert.objects.create(indikator=indikator, datum=datetime.date(2025, 3, 1), wert=80)
    Messwert.objects.create(indikator=indikator, datum=datetime.date(2025, 9, 1), wert=95)
    antwort = client.get(f"/{inhalt.jahr}/pdf/")
    assert antwort.status_code == 200
    text = "".join(
        seite.extract_text()
        for seite in PdfReader(io.BytesIO(b"".join(antwort.streaming_content))).pages
    )
    text = " ".join(text.split())
    assert "Sprachkursplätze: 95 Plätze (01.09.2025)" in text
    assert "Zielwert 120 Plätze" in text
