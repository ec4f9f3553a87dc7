"""Issue 7: the Umsetzungsstand dashboard: SVG stacked bars, table, KMV share, to-do list."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beteiligung.models import Beteiligungsart, Beteiligungsformat
from konzept.begriffe import begriffe, migrationsvertretung
from massnahmen.models import Massnahme, Umsetzungsnotiz
from massnahmen.umsetzungsstand import monate_vorher
from tests.conftest import benutzer_mit_rolle, verzehnfachen
from themenfelder.models import Themenfeld

URL = "/2024/umsetzungsstand/"


@pytest.fixture
def gemischt(inhalt):
    """The 2024 measures spread over every status, and two of them (also) from the KMV."""
    massnahmen = list(Massnahme.objects.in_edition(inhalt).order_by("pk"))
    status = Massnahme.Status.values
    for nummer, massnahme in enumerate(massnahmen):
        massnahme.status = status[nummer % len(status)]
    Massnahme.objects.bulk_update(massnahmen, ["status"])
    kmv = Beteiligungsformat.objects.get(edition=inhalt, art__migrationsvertretung=True)
    for massnahme in massnahmen[3:5]:
        massnahme.herkunft.add(kmv)
    return inhalt


def kmv_massnahmen(edition):
    """The measures the migrant council proposed, counted here without the app's helpers."""
    return (
        Massnahme.objects.in_edition(edition)
        .filter(herkunft__art__migrationsvertretung=True)
        .distinct()
    )


def kmv_art():
    """The key of the migrant council's kind of participation (the list's filter value)."""
    return Beteiligungsart.objects.get(migrationsvertretung=True).key


def zellen(html: str) -> dict[tuple[str, str], int]:
    """(field key, status) → the number in the table; the field key is "" for the total row."""
    werte = {}
    for feld, zeile in re.findall(
        r'<tr class="kern-table__row" data-themenfeld="([^"]*)">(.*?)</tr>', html, re.S
    ):
        for status, zahl in re.findall(r'data-status="([^"]+)">(\d+)</td>', zeile):
            werte[(feld, status)] = int(zahl)
    return werte


def balken(html: str) -> list[str]:
    return re.findall(r'<svg class="balken".*?</svg>', html, re.S)


def test_zahlen_im_diagramm_und_in_der_tabelle_gleich_der_datenbank(client, gemischt):
    """Chart numbers equal database counts, per field, per status and overall."""
    html = client.get(URL).text
    tabelle = zellen(html)
    themenfelder = list(Themenfeld.objects.filter(edition=gemischt).order_by("position"))
    svgs = balken(html)
    assert len(svgs) == 1 + len(themenfelder)
    for themenfeld, svg in zip(themenfelder, svgs[1:], strict=True):
        massnahmen = Massnahme.objects.im_themenfeld(themenfeld)
        for status, bezeichnung in Massnahme.Status.choices:
            anzahl = massnahmen.filter(status=status).count()
            assert tabelle[(themenfeld.key, status)] == anzahl
            assert f"{bezeichnung}: {anzahl}" in svg
            # One rectangle per status that has measures, with its number when there is room.
            assert (f"balken__segment--{status}" in svg) == (anzahl > 0)
        assert tabelle[(themenfeld.key, "gesamt")] == massnahmen.count()
        assert tabelle[(themenfeld.key, "vertretung")] == massnahmen.mit_herkunft(kmv_art()).count()
    alle = Massnahme.objects.in_edition(gemischt)
    for status, bezeichnung in Massnahme.Status.choices:
        assert tabelle[("", status)] == alle.filter(status=status).count()
        assert f"{bezeichnung}: {alle.filter(status=status).count()}" in svgs[0]
    assert tabelle[("", "gesamt")] == alle.count()
    kmv = kmv_massnahmen(gemischt).count()
    assert 0 < kmv < alle.count()
    assert tabelle[("", "vertretung")] == alle.mit_herkunft(kmv_art()).count() == kmv


def test_balkenlaengen_folgen_den_zahlen(client, gemischt):
    """Segments are as wide as their share; the field bars share one scale."""
    html = client.get(URL).text
    gesamt = balken(html)[0]
    breiten = [
        float(b)
        for b in re.findall(
            r'<rect class="balken__segment[^"]*" x="[^"]+" y="0" width="([\d.]+)%"', gesamt
        )
    ]
    alle = Massnahme.objects.in_edition(gemischt)
    erwartet = [100 * alle.filter(status=s).count() / alle.count() for s in Massnahme.Status.values]
    assert breiten == pytest.approx([b for b in erwartet if b], abs=0.001)
    assert sum(breiten) == pytest.approx(100, abs=0.01)
    groesste = max(Massnahme.objects.im_themenfeld(t).count() for t in gemischt.themenfelder.all())
    for svg in balken(html)[1:]:
        laenge = sum(float(b) for b in re.findall(r'<rect[^>]* width="([\d.]+)%"', svg))
        anzahl = int(re.search(r"<desc[^>]*>(\d+) ", svg).group(1))
        assert laenge == pytest.approx(100 * anzahl / groesste, abs=0.01)


def test_svg_hat_titel_beschreibung_und_eine_tabelle(client, gemischt):
    """Each SVG is an image named by its <title> and described by its <desc>; a table repeats it."""
    html = client.get(URL).text
    woerter = begriffe()
    for svg in balken(html):
        assert 'role="img"' in svg
        titel_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
        assert re.search(rf'<title id="{titel_id}">[^<]+</title>', svg)
        assert re.search(
            rf'<desc id="{desc_id}">\d+ ({woerter["massnahme"].einzahl}|'
            rf"{woerter['massnahme'].mehrzahl}); [^<]+</desc>",
            svg,
        )
    # In the district's words.
    assert (
        f'<caption class="kern-title">{woerter["massnahme"].mehrzahl} je '
        f"{woerter['themenfeld'].einzahl} und Status</caption>"
    ) in html
    assert (
        '<th class="kern-table__header kern-table__header--numeric" scope="col">in Umsetzung</th>'
        in html
    )
    # No script draws the chart; everything is in the page.
    assert "<script" not in html.split("<main", 1)[1]


def test_kmv_anteil(client, gemischt):
    """The migrant council's share, under the name the district gives it."""
    anzahl = kmv_massnahmen(gemischt).count()
    prozent = round(100 * anzahl / Massnahme.objects.in_edition(gemischt).count())
    assert anzahl > 1 and migrationsvertretung().name
    assert (
        f"{anzahl} davon ({prozent} %) gehen auf Vorschläge zurück von: "
        f"{migrationsvertretung().name}." in client.get(URL).text
    )


def test_von_rechts_nach_links_beginnen_die_balken_rechts(client, gemischt):
    """In Arabic the stack starts at the right edge, where the line starts."""
    for praefix, rtl in (("", False), ("/ar", True)):
        svg = balken(client.get(f"{praefix}{URL}").text)[0]
        segmente = re.findall(r'x="([\d.]+)%" y="0" width="([\d.]+)%"', svg)
        x, breite = map(float, segmente[0])
        if rtl:
            assert x + breite == pytest.approx(100)
        else:
            assert x == 0


def test_leere_ausgabe_zeigt_nullen(client, inhalt):
    Massnahme.objects.in_edition(inhalt).delete()
    response = client.get(URL)
    assert response.status_code == 200
    assert zellen(response.text)[("", "gesamt")] == 0
    assert "0 davon (0 %)" in response.text


def test_veraltete_massnahmen_nur_fuer_die_koordinierungsstelle(staff_client, inhalt):
    """Measures under way without a report for more than N months are listed for staff only."""
    heute = timezone.localdate()
    massnahmen = list(Massnahme.objects.in_edition(inhalt).order_by("pk"))
    aktuell, alt, fertig = massnahmen[0], massnahmen[1], massnahmen[2]
    # None of them is done yet, so all but the up-to-date and the finished one are listed.
    assert not any(m.status in ("umgesetzt", "zurueckgestellt") for m in massnahmen)
    veraltet = len(massnahmen) - 2
    Umsetzungsnotiz.objects.create(
        massnahme=aktuell, datum=heute - datetime.timedelta(days=30), text="läuft"
    )
    Umsetzungsnotiz.objects.create(massnahme=alt, datum=monate_vorher(heute, 8), text="lange her")
    fertig.status = Massnahme.Status.UMGESETZT
    fertig.save()

    assert "ohne aktuellen Umsetzungsstand" not in Client().get(URL).text

    html = staff_client.get(URL).text
    liste = html.split('id="veraltet"', 1)[1]
    assert f"{veraltet} Maßnahmen ohne aktuellen Umsetzungsstand" in liste
    assert alt.titel in liste and aktuell.titel not in liste and fertig.titel not in liste
    assert monate_vorher(heute, 8).strftime("%d.%m.%Y") in liste
    # Never reported comes first, then the oldest report.
    assert liste.index("noch keiner") < liste.index(alt.titel)

    # Twelve months: the eight-month-old report is recent enough.
    liste = staff_client.get(f"{URL}?monate=12").text.split('id="veraltet"', 1)[1]
    assert f"{veraltet - 1} Maßnahmen ohne aktuellen Umsetzungsstand" in liste
    assert alt.titel not in liste
    # A number that makes no sense falls back to the default and says so.
    ungueltig = staff_client.get(f"{URL}?monate=abc")
    assert ungueltig.status_code == 200
    assert "Ganze Zahl" in ungueltig.text or "ganze Zahl" in ungueltig.text
    assert f"{veraltet} Maßnahmen ohne aktuellen Umsetzungsstand" in ungueltig.text


def test_entwurf_nur_fuer_die_rollen(client, entwurf):
    url = "/2026/umsetzungsstand/"
    assert client.get(url).status_code == 403
    client.force_login(benutzer_mit_rolle("ausschuss-mitglied", "Ausschuss"))
    response = client.get(url)
    assert response.status_code == 200
    assert "Maßnahmen ohne aktuellen Umsetzungsstand" not in response.text


def test_gleich_viele_abfragen_bei_zehnfachem_inhalt_auch_fuer_die_koordinierungsstelle(
    staff_client, inhalt
):
    # Once to read what a process keeps (the district's words), as every later request finds it.
    staff_client.get(URL)
    with CaptureQueriesContext(connection) as vorher:
        staff_client.get(URL)
    verzehnfachen(inhalt)
    with CaptureQueriesContext(connection) as nachher:
        response = staff_client.get(URL)
    assert len(nachher) == len(vorher)
    # The to-do list comes in pages of 50, so that the page does not grow with the content.
    offen = Massnahme.objects.in_edition(inhalt).exclude(
        status__in=["umgesetzt", "zurueckgestellt"]
    )
    anzahl = offen.count()
    seiten = -(-anzahl // 50)
    assert seiten > 1
    assert f"{anzahl} Maßnahmen ohne aktuellen Umsetzungsstand, hier 1 bis 50" in response.text
    assert response.text.count("#umsetzungsstand") == 50
    assert 'href="?monate=6&amp;seite=2#veraltet"' in response.text
    letzte = staff_client.get(f"{URL}?monate=6&seite={seiten}").text
    assert f"hier {50 * (seiten - 1) + 1} bis {anzahl}" in letzte
    assert f"Seite {seiten} von {seiten}" in letzte


@pytest.mark.parametrize(
    ("datum", "monate", "erwartet"),
    [
        ((2026, 3, 31), 1, (2026, 2, 28)),
        ((2024, 3, 31), 1, (2024, 2, 29)),
        ((2026, 1, 15), 6, (2025, 7, 15)),
        ((2026, 5, 20), 24, (2024, 5, 20)),
    ],
)
def test_monate_vorher(datum, monate, erwartet):
    assert monate_vorher(datetime.date(*datum), monate) == datetime.date(*erwartet)
