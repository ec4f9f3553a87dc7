"""Issue 19.6: spreadsheets as German users have them, checked with LibreOffice itself.

The CSV export is opened the way LibreOffice opens it with German settings (semicolon, UTF-8,
German locale), with and without its "detect special numbers" option: amounts must arrive as
numbers and dates as dates. An .ods saved by LibreOffice is refused with the way out ("Bitte als
.xlsx speichern"), and that way out works: the same file saved as .xlsx by LibreOffice imports.

Needs `soffice` (Debian `libreoffice-calc-nogui`): without it these tests skip with the reason,
in CI (env CI set) they fail.
"""

import csv
import datetime
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from massnahmen import tabellen
from massnahmen.models import Massnahme, Umsetzungsnotiz
from tests.fabrik import datenbank_abzug

# LibreOffice's CSV filter options: separator ";" (59), text delimiter '"' (34), UTF-8 (76),
# from line 1, default column formats, German (Germany) (1031), quoted fields not forced to
# text, then "detect special numbers" (dates, times) as given.
CSV_FILTER = "CSV:59,34,76,1,,1031,false,{sonderzahlen}"
SPALTE = {spalte.name: index for index, spalte in enumerate(tabellen.SPALTEN)}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """Converts files with LibreOffice headless; one profile for the whole run."""
    programm = shutil.which("soffice") or shutil.which("libreoffice")
    if programm is None:
        grund = (
            "LibreOffice fehlt (`soffice`): die Tabellentests mit LibreOffice brauchen das "
            "Debian-Paket `libreoffice-calc-nogui`."
        )
        if _in_ci():
            pytest.fail(f"{grund} In CI (CI={os.environ['CI']!r}) ist das ein Fehler.")
        pytest.skip(grund)
    profil = tmp_path_factory.mktemp("libreoffice-profil")

    def umwandeln(quelle: Path, format: str, infilter: str | None = None) -> Path:
        endung = format.split(":")[0]
        ziel = quelle.parent / f"{quelle.suffix[1:]}-nach-{endung}"
        ziel.mkdir(exist_ok=True)
        befehl = [
            programm,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profil.as_uri()}",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            format,
            "--outdir",
            str(ziel),
            str(quelle),
        ]
        subprocess.run(befehl, check=True, capture_output=True, timeout=180)
        ergebnis = ziel / f"{quelle.stem}.{endung}"
        assert ergebnis.exists(), f"LibreOffice hat {quelle.name} nicht nach {format} umgewandelt"
        return ergebnis

    return umwandeln


def _massnahme_mit_betrag_und_datum(edition):
    massnahme = Massnahme.objects.in_edition(edition).first()
    massnahme.budget = Decimal("2500.50")
    massnahme.save()
    Umsetzungsnotiz.objects.create(
        massnahme=massnahme, datum=datetime.date(2025, 3, 1), text="Erster Termin fand statt."
    )
    return massnahme


def test_csv_mit_dezimalkomma_iso_datum_semikolon_und_bom(client, inhalt):
    """Issue 19.6: decimal comma (not "2500.50", which German spreadsheets keep as text),
    ISO dates, semicolons, UTF-8 with byte order mark."""
    massnahme = _massnahme_mit_betrag_und_datum(inhalt)
    inhalt_csv = client.get(f"/{inhalt.jahr}/massnahmen/export.csv").content
    assert inhalt_csv.startswith(b"\xef\xbb\xbf")
    zeilen = list(csv.reader(io.StringIO(inhalt_csv.decode("utf-8-sig")), delimiter=";"))
    zeile = next(z for z in zeilen if z[SPALTE["key"]] == massnahme.key)
    assert zeile[SPALTE["budget"]] == "2500,50"
    assert zeile[SPALTE["umsetzungsstand_datum"]] == "2025-03-01"
    assert zeile[SPALTE["version"]] == str(massnahme.version)
    ohne_budget = next(
        z for z in zeilen[1:] if z[SPALTE["key"]] != massnahme.key and not z[SPALTE["budget"]]
    )
    assert ohne_budget[SPALTE["umsetzungsstand_datum"]] == ""


@pytest.mark.parametrize("sonderzahlen", ["true", "false"])
def test_libreoffice_liest_betraege_als_zahlen_und_daten_als_daten(
    client, inhalt, soffice, tmp_path, sonderzahlen
):
    """Issue 19.6: LibreOffice with German settings takes the CSV's amounts as numbers and its
    dates as dates, with "detect special numbers" on and off (off is its default); texts stay
    texts and a formula-like text is no formula."""
    massnahme = _massnahme_mit_betrag_und_datum(inhalt)
    massnahme.titel_de = "=1+1 Gesprächsrunde"
    massnahme.save()
    datei = tmp_path / "massnahmen.csv"
    datei.write_bytes(client.get(f"/{inhalt.jahr}/massnahmen/export.csv").content)

    umgewandelt = soffice(datei, "xlsx", CSV_FILTER.format(sonderzahlen=sonderzahlen))

    blatt = openpyxl.load_workbook(umgewandelt).worksheets[0]
    kopf = [zelle.value for zelle in blatt[1]]
    assert kopf == [str(spalte.bezeichnung) for spalte in tabellen.SPALTEN]
    zeile = next(z for z in blatt.iter_rows(min_row=2) if z[SPALTE["key"]].value == massnahme.key)
    budget = zeile[SPALTE["budget"]]
    assert budget.data_type == "n" and budget.value == 2500.5
    datum = zeile[SPALTE["umsetzungsstand_datum"]]
    assert datum.is_date and datum.value.date() == datetime.date(2025, 3, 1)
    assert zeile[SPALTE["version"]].value == massnahme.version
    titel = zeile[SPALTE["titel"]]
    assert titel.data_type == "s" and titel.value.endswith("=1+1 Gesprächsrunde")
    assert zeile[SPALTE["umsetzungsstand"]].value == "Erster Termin fand statt."


def test_ods_aus_libreoffice_wird_mit_hinweis_abgelehnt(staff_client, entwurf, soffice, tmp_path):
    """Issue 19.6: an .ods (here saved by LibreOffice from our export) is refused with "Bitte
    als .xlsx speichern", not called damaged; nothing changes."""
    datei = tmp_path / "massnahmen.xlsx"
    datei.write_bytes(staff_client.get(f"/{entwurf.jahr}/massnahmen/export.xlsx").content)
    ods = soffice(datei, "ods")
    vorher = datenbank_abzug()

    response = _hochladen(staff_client, entwurf, ods.read_bytes(), "massnahmen.ods")

    assert response.status_code == 422
    assert "OpenDocument-Tabelle" in response.text
    assert "Bitte als .xlsx speichern" in response.text
    assert "beschädigt" not in response.text
    assert 'name="plan"' not in response.text
    assert datenbank_abzug() == vorher


def test_xls_aus_libreoffice_wird_mit_hinweis_abgelehnt(staff_client, entwurf, soffice, tmp_path):
    """Issue 19.6, bad input: an Excel 97-2003 workbook gets the same way out."""
    datei = tmp_path / "massnahmen.xlsx"
    datei.write_bytes(staff_client.get(f"/{entwurf.jahr}/massnahmen/export.xlsx").content)
    xls = soffice(datei, "xls")
    vorher = datenbank_abzug()

    response = _hochladen(staff_client, entwurf, xls.read_bytes(), "massnahmen.xls")

    assert response.status_code == 422
    assert "(.xls)" in response.text and "Bitte als .xlsx speichern" in response.text
    assert datenbank_abzug() == vorher


def test_ods_als_xlsx_gespeichert_wird_angenommen(staff_client, entwurf, soffice, tmp_path):
    """Issue 19.6: the way out works. The export, saved by LibreOffice as .ods and from there
    as .xlsx, imports: nothing to change, nothing refused."""
    datei = tmp_path / "massnahmen.xlsx"
    datei.write_bytes(staff_client.get(f"/{entwurf.jahr}/massnahmen/export.xlsx").content)
    ods = soffice(datei, "ods")
    wieder_xlsx = soffice(ods, "xlsx")

    bericht = tabellen.import_pruefen(entwurf, wieder_xlsx.read_bytes())

    assert bericht.fehler == []
    assert bericht.plan == []
    assert bericht.unveraendert == Massnahme.objects.in_edition(entwurf).count()


def _hochladen(client, edition, inhalt: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/{edition.jahr}/massnahmen/import/",
        {"datei": SimpleUploadedFile(name, inhalt, content_type="application/octet-stream")},
    )
