"""Issue 7: measures as XLSX and CSV, and bulk updates from an edited XLSX (preview, then apply)."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from konzept.bearbeitung import quellsprache
from konzept.begriffe import begriffe
from massnahmen import tabellen
from massnahmen.models import Massnahme, Organisation, Umsetzungsnotiz
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from tests.fabrik import datenbank_abzug

# The sample district's featured measures (tests/fabrik.py), by key.
MASSNAHME = fabrik.rolle("massnahme")
KMV_MASSNAHME = fabrik.rolle("kmv_massnahme")
ANDERE = fabrik.rolle("andere_massnahme")


# A workbook as the user would edit it.


def exportieren(client, jahr=2026, praefix="") -> openpyxl.Workbook:
    response = client.get(f"{praefix}/{jahr}/massnahmen/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == tabellen.XLSX_TYP
    return openpyxl.load_workbook(io.BytesIO(response.content))


def als_datei(mappe: openpyxl.Workbook) -> bytes:
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def spalte(blatt, bezeichnung: str) -> int:
    kopf = [zelle.value for zelle in blatt[1]]
    return kopf.index(bezeichnung) + 1


def zelle(blatt, key: str, bezeichnung: str):
    schluessel = 3  # the key's column, whatever the header's language
    for nummer in range(2, blatt.max_row + 1):
        if blatt.cell(nummer, schluessel).value == key:
            return blatt.cell(nummer, spalte(blatt, bezeichnung))
    raise KeyError(key)


def hochladen(client, inhalt: bytes, jahr=2026, name="massnahmen.xlsx"):
    return client.post(
        f"/{jahr}/massnahmen/import/",
        {"datei": SimpleUploadedFile(name, inhalt, content_type=tabellen.XLSX_TYP)},
    )


def bestaetigen(client, vorschau, jahr=2026):
    plan = re.search(r'name="plan" value="([^"]+)"', vorschau.text).group(1)
    return client.post(f"/{jahr}/massnahmen/import/uebernehmen/", {"plan": plan})


def zustand(edition) -> dict:
    """Every measure of an edition with everything the import may touch."""
    return {
        massnahme.key: {
            "titel": massnahme.titel_de,
            "status": massnahme.status,
            "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung else None,
            "partner": sorted(p.name for p in massnahme.partner.all()),
            # Empty is empty, whether the database holds NULL or "".
            "zeitraum": massnahme.zeitraum_de or "",
            "budget": massnahme.budget,
            "indikatoren": massnahme.indikatoren_de or "",
            "version": massnahme.version,
            "notizen": [(n.datum, n.text) for n in massnahme.umsetzungsnotizen.all()],
            "herkunft": sorted(f.key for f in massnahme.herkunft.all()),
        }
        for massnahme in Massnahme.objects.in_edition(edition).fuer_anzeige()
    }


def lesereihenfolge(edition) -> list[str]:
    """The measures' keys as the concept reads, walked here through the tree: in each field
    the measures straight under it, then those under its goals, then under its sub-goals."""
    keys = []
    for themenfeld in edition.themenfelder.order_by("position"):
        listen = [themenfeld.massnahmen.filter(leitziel=None, teilziel=None)]
        listen += [z.massnahmen.filter(teilziel=None) for z in themenfeld.leitziele.all()]
        listen += [z.massnahmen.all() for z in themenfeld.teilziele.all()]
        for liste in listen:
            keys += liste.order_by("position").values_list("key", flat=True)
    return keys


@pytest.fixture
def mappe(staff_client, entwurf):
    return exportieren(staff_client)


# Export.


def test_export_xlsx_mit_allen_spalten_und_massnahmen(client, inhalt, massnahme):
    """Field, goal path, key, title, status, lead, partners, timeframe, budget, indicators,
    last Umsetzungsstand and provenance, one row per measure, for everyone who may read."""
    Umsetzungsnotiz.objects.create(
        massnahme=massnahme,
        datum=datetime.date(2025, 3, 1),
        text="Erste Messe im März.",
    )
    blatt = exportieren(client, jahr=2024).worksheets[0]
    assert [z.value for z in blatt[1]] == [str(s.bezeichnung) for s in tabellen.SPALTEN]
    assert blatt.freeze_panes == "A2"
    keys = [blatt.cell(n, 3).value for n in range(2, blatt.max_row + 1)]
    assert keys == lesereihenfolge(inhalt)
    # The field's column is headed with the district's word for it.
    feld = begriffe()["themenfeld"].einzahl
    assert zelle(blatt, MASSNAHME, feld).value == massnahme.themenfeld.titel_de
    assert zelle(blatt, MASSNAHME, "Ziel").value == massnahme.eltern.titeltext
    assert zelle(blatt, MASSNAHME, "Status").value == massnahme.get_status_display()
    assert zelle(blatt, MASSNAHME, "Letzter Umsetzungsstand").value == "Erste Messe im März."
    assert zelle(blatt, MASSNAHME, "Umsetzungsstand vom").value.date() == datetime.date(2025, 3, 1)
    kmv = Massnahme.objects.in_edition(inhalt).get(key=KMV_MASSNAHME).herkunft.get()
    assert zelle(blatt, KMV_MASSNAHME, "Herkunft").value == kmv.titel_de
    assert massnahme.budget is not None
    assert zelle(blatt, MASSNAHME, "Budget (Euro)").value == massnahme.budget
    assert zelle(blatt, MASSNAHME, "Budget (Euro)").data_type == "n"


def test_export_kopf_in_der_sprache_der_lesenden(client, inhalt, massnahme):
    from django.utils import translation

    blatt = exportieren(client, jahr=2024, praefix="/en").worksheets[0]
    kopf = [z.value for z in blatt[1]]
    with translation.override("en"):
        feld = begriffe()["themenfeld"].einzahl  # the district's word, in English if it has one
    assert feld in kopf and "Title" in kopf and "Titel" not in kopf
    # The values stay the German source, which is what editing changes.
    assert massnahme.titel_en != massnahme.titel_de
    assert zelle(blatt, MASSNAHME, "Title").value == massnahme.titel_de


def test_export_csv(client, inhalt, massnahme):
    response = client.get("/2024/massnahmen/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="integrationskonzept-2024-massnahmen.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    zeilen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0] == [str(s.bezeichnung) for s in tabellen.SPALTEN]
    assert len(zeilen) == 1 + Massnahme.objects.in_edition(inhalt).count()
    assert any(zeile[2] == MASSNAHME and zeile[4] == massnahme.titel_de for zeile in zeilen)


def test_formeln_werden_neutralisiert(client, inhalt):
    """Cells beginning with =, +, -, @ (and tab, CR) are text with a leading apostrophe."""
    massnahme = Massnahme.objects.in_edition(inhalt).get(key=MASSNAHME)
    massnahme.titel_de = '=HYPERLINK("http://example.org","Klick")'
    massnahme.zeitraum_de = "+49 30 123"
    massnahme.indikatoren_de = "-1 Teilnehmende"
    massnahme.federfuehrung = Organisation.objects.create(name="@SUM(A1:A9)")
    massnahme.save()
    Umsetzungsnotiz.objects.create(
        massnahme=massnahme, datum=datetime.date(2025, 1, 1), text="\t=1+1"
    )
    blatt = exportieren(client, jahr=2024).worksheets[0]
    for bezeichnung, erwartet in (
        ("Titel", '\'=HYPERLINK("http://example.org","Klick")'),
        ("Zeitraum", "'+49 30 123"),
        ("Indikatoren", "'-1 Teilnehmende"),
        ("Federführung", "'@SUM(A1:A9)"),
        ("Letzter Umsetzungsstand", "'\t=1+1"),
    ):
        wert = zelle(blatt, MASSNAHME, bezeichnung)
        assert (wert.value, wert.data_type) == (erwartet, "s")
    text = client.get("/2024/massnahmen/export.csv").content.decode("utf-8-sig")
    zeile = next(z for z in csv.reader(io.StringIO(text), delimiter=";") if z[2] == MASSNAHME)
    assert zeile[4] == '\'=HYPERLINK("http://example.org","Klick")'
    assert zeile[6] == "'@SUM(A1:A9)"
    assert not any(
        feld.startswith(tabellen.FORMEL_ANFAENGE)
        for z in text.splitlines()
        for feld in z.split(";")
    )


def test_steuerzeichen_brechen_den_export_nicht(client, inhalt):
    massnahme = Massnahme.objects.in_edition(inhalt).get(key=MASSNAHME)
    massnahme.indikatoren_de = "a\x01b\x0bc"
    massnahme.save()
    assert (
        zelle(exportieren(client, jahr=2024).worksheets[0], MASSNAHME, "Indikatoren").value == "abc"
    )


def test_entwurf_nur_fuer_die_rollen(client, entwurf):
    for url in ("/2026/massnahmen/export.xlsx", "/2026/massnahmen/export.csv"):
        assert client.get(url).status_code == 403
    client.force_login(benutzer_mit_rolle("kmv-mitglied", "KMV"))
    assert client.get("/2026/massnahmen/export.xlsx").status_code == 200


# Import: the round trip.


def test_rundreise_aendert_genau_die_bearbeiteten_zellen(
    staff_client, entwurf, mappe, koordination
):
    """Export → edit → import: the preview lists each edited cell, the import changes those only,
    each changed measure gets one history record with the importing user."""
    vorher = zustand(entwurf)
    # What the three measures hold before: the budget and the report are empty, the names of
    # the new organisations are new.
    alt = {key: werte for key, werte in vorher.items() if key in (MASSNAHME, KMV_MASSNAHME, ANDERE)}
    assert alt[KMV_MASSNAHME]["budget"] is None and alt[ANDERE]["notizen"] == []
    neue_organisationen = ["Volkshochschule Nordkreis", "Kreisschulbehörde", "Tafel e. V."]
    assert not Organisation.objects.filter(name__in=neue_organisationen).exists()
    status = Massnahme.Status
    bisher_status = status(alt[MASSNAHME]["status"])
    neu_status = status.UMGESETZT if bisher_status == status.IN_UMSETZUNG else status.IN_UMSETZUNG
    blatt = mappe.worksheets[0]
    zelle(blatt, MASSNAHME, "Titel").value = f"{alt[MASSNAHME]['titel']} im ganzen Landkreis"
    zelle(blatt, MASSNAHME, "Status").value = str(neu_status.label)
    zelle(blatt, KMV_MASSNAHME, "Budget (Euro)").value = "2.500,50"
    zelle(blatt, KMV_MASSNAHME, "Federführung").value = "Volkshochschule Nordkreis"
    zelle(blatt, ANDERE, "Partner").value = "Kreisschulbehörde; Tafel e. V."
    zelle(blatt, ANDERE, "Letzter Umsetzungsstand").value = "Gespräche mit drei Kitas laufen."
    zelle(blatt, ANDERE, "Zeitraum").value = "-2027"
    historie = Massnahme.history.count()

    vorschau = hochladen(staff_client, als_datei(mappe))
    assert vorschau.status_code == 200
    text = vorschau.text
    unveraendert = len(vorher) - 3
    assert unveraendert > 1
    assert f"Es ändern sich {begriffe()['massnahme'].mehrzahl}: 3." in text
    assert f"{unveraendert} Zeilen bleiben unverändert." in text
    plan = vorschau.context["bericht"].plan
    geaendert = {
        z.massnahme.key: [(a.spalte.name, a.bisher, a.neu) for a in z.aenderungen] for z in plan
    }
    heute = timezone.localdate().strftime("%d.%m.%Y")
    assert geaendert == {
        MASSNAHME: [
            ("titel", alt[MASSNAHME]["titel"], f"{alt[MASSNAHME]['titel']} im ganzen Landkreis"),
            ("status", str(bisher_status.label), str(neu_status.label)),
        ],
        KMV_MASSNAHME: [
            (
                "federfuehrung",
                alt[KMV_MASSNAHME]["federfuehrung"] or "",
                "Volkshochschule Nordkreis",
            ),
            ("budget", "", "2.500,50"),
            ("organisation", "", "Volkshochschule Nordkreis"),
        ],
        ANDERE: [
            ("zeitraum", alt[ANDERE]["zeitraum"], "-2027"),
            ("partner", "; ".join(alt[ANDERE]["partner"]), "Kreisschulbehörde; Tafel e. V."),
            ("umsetzungsstand", "", f"Gespräche mit drei Kitas laufen. (neuer Stand vom {heute})"),
            ("organisation", "", "Kreisschulbehörde"),
            ("organisation", "", "Tafel e. V."),
        ],
    }
    # Nothing is written before the confirmation.
    assert zustand(entwurf) == vorher and Massnahme.history.count() == historie

    antwort = bestaetigen(staff_client, vorschau)
    assert antwort.status_code == 302 and antwort["Location"] == "/2026/massnahmen/"
    nachher = zustand(entwurf)
    erwartet = {key: dict(werte) for key, werte in vorher.items()}
    erwartet[MASSNAHME] |= {
        "titel": f"{alt[MASSNAHME]['titel']} im ganzen Landkreis",
        "status": neu_status.value,
    }
    erwartet[KMV_MASSNAHME] |= {
        "budget": Decimal("2500.50"),
        "federfuehrung": "Volkshochschule Nordkreis",
    }
    erwartet[ANDERE] |= {
        "partner": ["Kreisschulbehörde", "Tafel e. V."],
        "zeitraum": "-2027",
        "notizen": [(timezone.localdate(), "Gespräche mit drei Kitas laufen.")],
    }
    for key in (MASSNAHME, KMV_MASSNAHME, ANDERE):
        erwartet[key]["version"] += 1
    assert nachher == erwartet
    eintraege = Massnahme.history.filter(history_id__gt=0).order_by("-history_id")[:3]
    assert {e.key for e in eintraege} == {MASSNAHME, KMV_MASSNAHME, ANDERE}
    assert all(
        e.history_user == koordination and e.history_change_reason == "Tabellenimport"
        for e in eintraege
    )
    assert Massnahme.history.count() == historie + 3
    notiz = Umsetzungsnotiz.objects.get(text="Gespräche mit drei Kitas laufen.")
    assert notiz.autor == koordination and notiz.history.get().history_user == koordination


def test_unveraenderte_rundreise_aendert_nichts(staff_client, entwurf, mappe):
    """Exported texts that look like formulas come back as they were."""
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=MASSNAHME)
    massnahme.zeitraum_de = "-laufend-"
    massnahme.indikatoren_de = "=gut"
    massnahme.save()
    mappe = exportieren(staff_client)
    vorher = datenbank_abzug()
    response = hochladen(staff_client, als_datei(mappe))
    assert response.status_code == 200
    assert "Die Tabelle enthält keine Änderungen" in response.text
    assert 'name="plan"' not in response.text
    assert datenbank_abzug() == vorher


def test_import_mit_englischen_spaltenkoepfen(staff_client, entwurf):
    mappe = exportieren(staff_client, praefix="/en")
    zelle(mappe.worksheets[0], MASSNAHME, "Status").value = "implemented"
    vorschau = hochladen(staff_client, als_datei(mappe))
    assert vorschau.status_code == 200
    bestaetigen(staff_client, vorschau)
    assert Massnahme.objects.in_edition(entwurf).get(key=MASSNAHME).status == "umgesetzt"


# Import: what is refused, with a report, changing nothing.


def _kaputt_abgeschnitten(mappe):
    return als_datei(mappe)[:3000]


def _kein_xlsx_sondern_zip(mappe):
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        archiv.writestr("hallo.txt", "kein Tabellenblatt")
    return puffer.getvalue()


def _zip_bombe(mappe):
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        archiv.writestr("xl/worksheets/sheet1.xml", b"0" * (tabellen.MAX_ENTPACKT + 1))
    return puffer.getvalue()


def _blatt_beschaedigt(beschaedigen):
    """The workbook opens, but its first sheet's XML is damaged."""

    def datei(mappe):
        heil = zipfile.ZipFile(io.BytesIO(als_datei(mappe)))
        puffer = io.BytesIO()
        with zipfile.ZipFile(puffer, "w") as archiv:
            for eintrag in heil.infolist():
                inhalt = heil.read(eintrag)
                if eintrag.filename == "xl/worksheets/sheet1.xml":
                    inhalt = beschaedigen(inhalt.decode()).encode()
                archiv.writestr(eintrag, inhalt)
        return puffer.getvalue()

    return datei


def _bearbeiten(aenderung):
    def bearbeitet(mappe):
        aenderung(mappe.worksheets[0])
        return als_datei(mappe)

    return bearbeitet


def _spalte_umbenennen(blatt):
    blatt.cell(1, spalte(blatt, "Budget (Euro)")).value = "Kosten"


def _spalte_loeschen(blatt):
    blatt.delete_cols(spalte(blatt, "Partner"))


def _kopf_verschoben(blatt):
    blatt.insert_rows(1, amount=2)


def _formel(blatt):
    zelle(blatt, MASSNAHME, "Budget (Euro)").value = "=1000*2"


def _doppelt(blatt):
    zelle(blatt, KMV_MASSNAHME, "Schlüssel").value = MASSNAHME


def _umsetzungsstand_geloescht(blatt):
    # A report exists for the measure (see the test below); emptying its cell deletes nothing.
    zelle(blatt, MASSNAHME, "Letzter Umsetzungsstand").value = None


@pytest.mark.parametrize(
    ("datei", "meldung"),
    [
        (lambda mappe: b"%PDF-1.7 kein Tabellenblatt", "keine XLSX-Tabelle"),
        (lambda mappe: "Schlüssel;Titel\nx;y\n".encode(), "keine XLSX-Tabelle"),
        (lambda mappe: b"", "Die übertragene Datei ist leer"),
        (_kaputt_abgeschnitten, "keine XLSX-Tabelle"),
        (_kein_xlsx_sondern_zip, "nicht als XLSX-Tabelle lesen"),
        (_zip_bombe, "entpackt größer als 40 MB"),
        (
            _blatt_beschaedigt(
                lambda xml: xml.replace("</row>", '<c r="ZZ1"><v>abc</v></c></row>', 1)
            ),
            "Ein Tabellenblatt der Datei ist beschädigt",
        ),
        (
            _blatt_beschaedigt(lambda xml: xml[: len(xml) // 2]),
            "Ein Tabellenblatt der Datei ist beschädigt",
        ),
        (lambda mappe: b"x" * (tabellen.MAX_DATEIGROESSE + 1), "größer als 2 MB"),
        (
            _bearbeiten(_spalte_umbenennen),
            "unbekannte Spalten: Kosten; fehlende Spalten: Budget (Euro)",
        ),
        (_bearbeiten(_spalte_loeschen), "fehlende Spalten: Partner"),
        (_bearbeiten(_kopf_verschoben), "Die erste Zeile des ersten Blatts muss die Spaltenköpfe"),
        (
            _bearbeiten(
                lambda b: setattr(zelle(b, MASSNAHME, "Schlüssel"), "value", "gibt-es-nicht")
            ),
            "Keine Maßnahme dieser Ausgabe hat diesen Schlüssel",
        ),
        (
            _bearbeiten(lambda b: setattr(zelle(b, MASSNAHME, "Schlüssel"), "value", None)),
            "Die Zeile hat keinen Schlüssel",
        ),
        (_bearbeiten(_doppelt), "Der Schlüssel steht mehrfach in der Tabelle"),
        (
            _bearbeiten(
                lambda b: setattr(zelle(b, MASSNAHME, "Budget (Euro)"), "value", "zehntausend")
            ),
            "Budget (Euro): „zehntausend“ ist keine Zahl",
        ),
        (
            _bearbeiten(lambda b: setattr(zelle(b, MASSNAHME, "Budget (Euro)"), "value", -5)),
            "größer oder gleich 0",
        ),
        (
            _bearbeiten(lambda b: setattr(zelle(b, MASSNAHME, "Version"), "value", "drei")),
            "Version: „drei“ ist keine ganze Zahl",
        ),
        (
            _bearbeiten(lambda b: setattr(zelle(b, MASSNAHME, "Status"), "value", "erledigt")),
            "Status: „erledigt“ ist nicht vorgesehen",
        ),
        (
            _bearbeiten(lambda b: setattr(zelle(b, MASSNAHME, "Titel"), "value", "")),
            "Titel: Dieses Feld ist zwingend erforderlich",
        ),
        (
            _bearbeiten(lambda b: setattr(zelle(b, MASSNAHME, "Titel"), "value", "x" * 501)),
            "höchstens 500 Zeichen",
        ),
        (
            _bearbeiten(
                lambda b: setattr(
                    zelle(b, MASSNAHME, begriffe()["themenfeld"].einzahl), "value", "Anderes Feld"
                )
            ),
            # The column is headed with the district's word for a field.
            lambda: f"„{begriffe()['themenfeld'].einzahl}“ lässt sich per Import nicht ändern",
        ),
        (
            _bearbeiten(
                lambda b: setattr(zelle(b, MASSNAHME, "Herkunft"), "value", "Anderes Format")
            ),
            "„Herkunft“ lässt sich per Import nicht ändern",
        ),
        (_bearbeiten(_formel), "Formeln werden nicht übernommen"),
        (_bearbeiten(_umsetzungsstand_geloescht), "lassen sich per Import nicht löschen"),
        (
            _bearbeiten(
                lambda b: setattr(zelle(b, MASSNAHME, "Umsetzungsstand vom"), "value", "gestern")
            ),
            "ist kein Datum",
        ),
        (
            _bearbeiten(
                lambda b: (
                    setattr(zelle(b, ANDERE, "Letzter Umsetzungsstand"), "value", "Neu"),
                    setattr(
                        zelle(b, ANDERE, "Umsetzungsstand vom"),
                        "value",
                        datetime.date(2999, 1, 1),
                    ),
                )
            ),
            "Der Umsetzungsstand kann nicht in der Zukunft liegen",
        ),
    ],
    ids=[
        "pdf",
        "csv",
        "leer",
        "abgeschnitten",
        "zip-ohne-tabelle",
        "zip-bombe",
        "text-in-zahlenzelle",
        "blatt-abgeschnitten",
        "zu-gross",
        "spalte-umbenannt",
        "spalte-fehlt",
        "kopf-nicht-in-zeile-1",
        "unbekannter-schluessel",
        "ohne-schluessel",
        "doppelter-schluessel",
        "text-im-budget",
        "negatives-budget",
        "text-in-version",
        "unbekannter-status",
        "titel-leer",
        "titel-zu-lang",
        "themenfeld-geaendert",
        "herkunft-geaendert",
        "formel",
        "umsetzungsstand-geloescht",
        "kein-datum",
        "datum-in-zukunft",
    ],
)
def test_import_lehnt_ab_mit_bericht_und_aendert_nichts(staff_client, entwurf, datei, meldung):
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=MASSNAHME)
    Umsetzungsnotiz.objects.create(
        massnahme=massnahme, datum=datetime.date(2025, 1, 1), text="läuft"
    )
    mappe = exportieren(staff_client)
    # A valid change next to the invalid one: all or nothing.
    zelle(mappe.worksheets[0], KMV_MASSNAHME, "Status").value = "umgesetzt"
    vorher = datenbank_abzug()
    response = hochladen(staff_client, datei(mappe))
    assert response.status_code == 422
    assert "Nichts wurde geändert." in response.text
    assert (meldung() if callable(meldung) else meldung) in response.text
    assert 'name="plan"' not in response.text
    assert datenbank_abzug() == vorher


def test_veraltete_version_wird_abgelehnt(staff_client, entwurf, mappe, koordination):
    """The version check of the editing issue: a measure changed since the export is refused."""
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=MASSNAHME)
    with quellsprache():
        from konzept.bearbeitung import element_speichern
        from massnahmen.forms import StatusForm

        form = StatusForm(
            {"status": "verstetigt", "version": massnahme.version}, instance=massnahme
        )
        assert form.is_valid()
        element_speichern(form=form, user=koordination, version=massnahme.version)
    zelle(mappe.worksheets[0], MASSNAHME, "Titel").value = "Titel neu"
    vorher = datenbank_abzug()
    response = hochladen(staff_client, als_datei(mappe))
    assert response.status_code == 422
    assert "wurde seit dem Export geändert (Version 2, in der Datei 1)" in response.text
    assert datenbank_abzug() == vorher
    # A row that changes nothing may be outdated: it overwrites nothing.
    mappe = exportieren(staff_client)
    zelle(mappe.worksheets[0], MASSNAHME, "Version").value = 1
    zelle(mappe.worksheets[0], ANDERE, "Titel").value = "Kita und Schule"
    assert hochladen(staff_client, als_datei(mappe)).status_code == 200


def test_aenderung_zwischen_vorschau_und_bestaetigung_stoppt_alles(
    staff_client, entwurf, mappe, koordination
):
    blatt = mappe.worksheets[0]
    zelle(blatt, MASSNAHME, "Titel").value = "Titel neu"
    zelle(blatt, ANDERE, "Titel").value = "Kita und Schule"
    vorschau = hochladen(staff_client, als_datei(mappe))
    assert vorschau.status_code == 200
    andere = Massnahme.objects.in_edition(entwurf).get(key=ANDERE)
    Massnahme.objects.filter(pk=andere.pk).update(
        version=andere.version + 1, titel_de="Kita-Kooperation"
    )
    vorher = datenbank_abzug()
    antwort = bestaetigen(staff_client, vorschau)
    assert antwort.status_code == 409
    assert "wurde nach der Vorschau geändert" in antwort.text and "nichts wurde" in antwort.text
    assert datenbank_abzug() == vorher


def test_manipulierte_oder_fremde_bestaetigung(staff_client, entwurf, mappe):
    zelle(mappe.worksheets[0], MASSNAHME, "Titel").value = "Titel neu"
    vorschau = hochladen(staff_client, als_datei(mappe))
    plan = re.search(r'name="plan" value="([^"]+)"', vorschau.text).group(1)
    vorher = datenbank_abzug()
    for falsch in (plan[:-2] + "xx", "", "kein-plan"):
        antwort = staff_client.post("/2026/massnahmen/import/uebernehmen/", {"plan": falsch})
        assert antwort.status_code == 400 and "Die Vorschau ist abgelaufen" in antwort.text
    # Another member of staff cannot confirm someone else's preview.
    andere = Client()
    andere.force_login(benutzer_mit_rolle("zweite", "Koordinierungsstelle"))
    assert andere.post("/2026/massnahmen/import/uebernehmen/", {"plan": plan}).status_code == 400
    assert datenbank_abzug() == vorher


def test_datei_aus_anderer_ausgabe(staff_client, entwurf):
    mappe = exportieren(staff_client, jahr=2024)
    response = hochladen(staff_client, als_datei(mappe))
    assert response.status_code == 422
    assert "aus der Ausgabe 2024 exportiert, nicht aus der Ausgabe 2026" in response.text


def test_beschlossene_ausgabe_lehnt_den_import_ab(staff_client, inhalt, entwurf):
    """Issue 15.9: on the adopted edition in force only the implementation state can be
    imported; its agreed content is refused row by row. Once the next edition is adopted the
    old one takes no import at all (403, with the reason)."""
    from tests.massnahmen.test_umsetzung import annehmen

    mappe = exportieren(staff_client, jahr=2024)
    zelle(mappe.worksheets[0], MASSNAHME, "Titel").value = "Titel neu"
    vorher = datenbank_abzug()
    assert staff_client.get("/2024/massnahmen/import/").status_code == 200
    response = hochladen(staff_client, als_datei(mappe), jahr=2024)
    assert response.status_code == 422
    assert "gehört zum beschlossenen Inhalt" in response.text
    assert datenbank_abzug() == vorher
    annehmen(entwurf)
    vorher = datenbank_abzug()
    for response in (
        staff_client.get("/2024/massnahmen/import/"),
        hochladen(staff_client, als_datei(mappe), jahr=2024),
        staff_client.post("/2024/massnahmen/import/uebernehmen/", {"plan": "x"}),
    ):
        assert response.status_code == 403
        assert "Die Ausgabe 2024 gilt nicht mehr" in response.text
    assert datenbank_abzug() == vorher


@pytest.mark.parametrize("rolle", [None, "KMV", "Ausschuss"])
def test_import_nur_fuer_die_koordinierungsstelle(client, entwurf, rolle):
    if rolle:
        client.force_login(benutzer_mit_rolle(f"user-{rolle.lower()}", rolle))
    for methode, url in (
        ("get", "/2026/massnahmen/import/"),
        ("post", "/2026/massnahmen/import/"),
        ("post", "/2026/massnahmen/import/uebernehmen/"),
    ):
        response = getattr(client, methode)(url)
        if rolle is None:
            assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
        else:
            assert response.status_code == 403


def test_importseite_ohne_javascript(staff_client, entwurf):
    html = staff_client.get("/2026/massnahmen/import/").text
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    assert "höchstens 2 MB und 5000 Zeilen" in html


def test_uebernehmen_ist_alles_oder_nichts(entwurf, koordination):
    """A plan whose last entry fails leaves the entries before it unapplied too."""
    from massnahmen.services import ImportKonflikt, massnahmen_importieren

    massnahme = Massnahme.objects.in_edition(entwurf).get(key=MASSNAHME)
    kmv_massnahme = Massnahme.objects.in_edition(entwurf).get(key=KMV_MASSNAHME)
    plan = [
        {"key": MASSNAHME, "version": massnahme.version, "werte": {"titel": "Titel neu"}},
        {
            "key": KMV_MASSNAHME,
            "version": kmv_massnahme.version,
            "werte": {"umsetzungsstand": {"text": "x" * 2001, "datum": "2025-01-01"}},
        },
    ]
    vorher = datenbank_abzug()
    with pytest.raises(
        ImportKonflikt,
        match=re.escape(f"Umsetzungsstand für „{kmv_massnahme.titel_de}“ ist ungültig"),
    ):
        massnahmen_importieren(edition=entwurf, plan=plan, user=koordination, sprache="de")
    assert datenbank_abzug() == vorher


def test_umsetzungsstand_per_tabelle_in_der_geltenden_ausgabe(staff_client, inhalt, koordination):
    """Issue 15.9: the spreadsheet round trip carries the implementation state of the edition
    in force: status, actual dates, a new note and new indicator values, each checked; planned
    months and "still current" are exported."""
    from massnahmen.models import Indikator, Messwert

    massnahme = Massnahme.objects.in_edition(inhalt).get(key=MASSNAHME)
    Massnahme.objects.filter(pk=massnahme.pk).update(
        beginn_geplant=datetime.date(2024, 3, 1), ende_geplant=datetime.date(2025, 12, 1)
    )
    indikator = Indikator.objects.create(massnahme=massnahme, key="betriebe", name="Betriebe")
    Messwert.objects.create(indikator=indikator, datum=datetime.date(2024, 5, 1), wert=12)
    mappe = exportieren(staff_client, jahr=2024)
    blatt = mappe.worksheets[0]
    assert zelle(blatt, MASSNAHME, "Geplanter Beginn").value == datetime.datetime(2024, 3, 1)
    assert zelle(blatt, MASSNAHME, "Messwerte (Schlüssel = Wert (Datum))").value == (
        "betriebe = 12 (01.05.2024)"
    )
    zelle(blatt, MASSNAHME, "Status").value = "in Umsetzung"
    zelle(blatt, MASSNAHME, "Tatsächlicher Beginn").value = "15.04.2024"
    zelle(
        blatt, MASSNAHME, "Messwerte (Schlüssel = Wert (Datum))"
    ).value = "betriebe = 40,5 (01.06.2025)"
    zelle(blatt, MASSNAHME, "Letzter Umsetzungsstand").value = "Zweite Messe mit 40 Betrieben."
    vorschau = hochladen(staff_client, als_datei(mappe), jahr=2024)
    assert vorschau.status_code == 200, vorschau.text[:3000]
    antwort = bestaetigen(staff_client, vorschau, jahr=2024)
    assert antwort.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.status == "in_umsetzung"
    assert massnahme.beginn_tatsaechlich == datetime.date(2024, 4, 15)
    assert [(w.datum, w.wert) for w in indikator.messwerte.all()] == [
        (datetime.date(2024, 5, 1), Decimal(12)),
        (datetime.date(2025, 6, 1), Decimal("40.5")),
    ]
    assert massnahme.umsetzungsnotizen.first().text == "Zweite Messe mit 40 Betrieben."
    assert massnahme.history.first().history_user == koordination


@pytest.mark.parametrize(
    ("spalte_name", "wert", "meldung"),
    [
        ("Messwerte (Schlüssel = Wert (Datum))", "betriebe = viele", "keine Zahl"),
        ("Messwerte (Schlüssel = Wert (Datum))", "gibtsnicht = 3", "keinen Indikator"),
        ("Messwerte (Schlüssel = Wert (Datum))", "betriebe = 3 (01.01.2999)", "Zukunft"),
        ("Tatsächliches Ende", "01.01.2020", "vor dem Beginn"),
        ("Tatsächlicher Beginn", "irgendwann", "kein Datum"),
        ("Geplanter Beginn", "01.01.2024", "beschlossenen Inhalt"),
    ],
)
def test_umsetzung_per_tabelle_falsche_werte(staff_client, inhalt, spalte_name, wert, meldung):
    """Issue 15, bad input through the spreadsheet: values that are no numbers, unknown
    indicators, future dates, end before start, agreed content: refused with a report, nothing
    changed."""
    from massnahmen.models import Indikator

    massnahme = Massnahme.objects.in_edition(inhalt).get(key=MASSNAHME)
    Massnahme.objects.filter(pk=massnahme.pk).update(beginn_tatsaechlich=datetime.date(2024, 5, 1))
    Indikator.objects.create(massnahme=massnahme, key="betriebe", name="Betriebe")
    mappe = exportieren(staff_client, jahr=2024)
    zelle(mappe.worksheets[0], MASSNAHME, spalte_name).value = wert
    vorher = datenbank_abzug()
    antwort = hochladen(staff_client, als_datei(mappe), jahr=2024)
    assert antwort.status_code == 422 and meldung in antwort.text
    assert datenbank_abzug() == vorher
