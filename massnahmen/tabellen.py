"""Measures as spreadsheets: export as XLSX and CSV, and bulk updates from an edited XLSX.

The export has one row per measure with the German source texts (editing always changes the
German source) and headers and status names in the reader's language. The import reads such a
file back, matches rows by key, and works out field by field what would change; nothing is
written here (see services.massnahmen_importieren). A file is refused as a whole if it cannot
be read or has the wrong columns; a row is refused if its key is unknown, its measure changed
since the export (version), or a value is invalid. Any refused row means nothing is applied.

OpenDocument spreadsheets (.ods) and Excel 97-2003 workbooks are refused with the way out:
save as .xlsx. Reading ODS as well would mean a second reader with its own idea of types and
formulas, for a step that LibreOffice does in one dialogue.

Cells that a spreadsheet program would run as a formula (beginning with =, +, -, @, tab or
carriage return) are written with a leading apostrophe, and read back without it.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from konzept.begriffe import wort_lazy

from .models import Massnahme, Organisation

FORMEL_ANFAENGE = ("=", "+", "-", "@", "\t", "\r")
# Upload limit for the import; an exported edition of a few hundred measures has some 50 KB.
MAX_DATEIGROESSE = 2 * 1024 * 1024
# What the XLSX (a zip archive) may unpack to, against archives that unpack to gigabytes.
MAX_ENTPACKT = 40 * 1024 * 1024
MAX_ZEILEN = 5000
# Partners and provenance in one cell.
TRENNER = "; "
XLSX_TYP = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INFO_BLATT = "Info"


@dataclass(frozen=True)
class Spalte:
    name: str
    bezeichnung: Promise
    aenderbar: bool
    breite: int


SPALTEN = [
    Spalte("themenfeld", wort_lazy("themenfeld", "einzahl"), False, 28),
    # The goal or sub-goal the measure sits under; empty where it sits straight under its field.
    Spalte("ziel", gettext_lazy("Ziel"), False, 32),
    Spalte("key", gettext_lazy("Schlüssel"), False, 30),
    Spalte("version", gettext_lazy("Version"), False, 9),
    Spalte("titel", gettext_lazy("Titel"), True, 40),
    Spalte("status", gettext_lazy("Status"), True, 16),
    Spalte("federfuehrung", gettext_lazy("Federführung"), True, 26),
    Spalte("partner", gettext_lazy("Partner"), True, 30),
    Spalte("zeitraum", gettext_lazy("Zeitraum"), True, 14),
    Spalte("budget", gettext_lazy("Budget (Euro)"), True, 14),
    Spalte("indikatoren", gettext_lazy("Indikatoren"), True, 30),
    Spalte("umsetzungsstand", gettext_lazy("Letzter Umsetzungsstand"), True, 40),
    Spalte("umsetzungsstand_datum", gettext_lazy("Umsetzungsstand vom"), True, 14),
    Spalte("herkunft", gettext_lazy("Herkunft"), False, 26),
    # The schedule and the implementation state (issue 15): planned months are agreed content,
    # the rest is live while the edition is in force.
    Spalte("beginn_geplant", gettext_lazy("Geplanter Beginn"), True, 14),
    Spalte("ende_geplant", gettext_lazy("Geplantes Ende"), True, 14),
    Spalte("beginn_tatsaechlich", gettext_lazy("Tatsächlicher Beginn"), True, 14),
    Spalte("ende_tatsaechlich", gettext_lazy("Tatsächliches Ende"), True, 14),
    Spalte("bestaetigt_am", gettext_lazy("Noch aktuell, bestätigt am"), False, 14),
    Spalte("messwerte", gettext_lazy("Messwerte (Schlüssel = Wert (Datum))"), True, 40),
]
# What an adopted edition in force lets the import change: its implementation state.
UMSETZUNGSSPALTEN = (
    "status",
    "umsetzungsstand",
    "beginn_tatsaechlich",
    "ende_tatsaechlich",
    "messwerte",
)
SPALTE = {spalte.name: spalte for spalte in SPALTEN}
# Compared as text after normalising; the others have their own reading.
TEXTSPALTEN = ("themenfeld", "ziel", "titel", "federfuehrung", "zeitraum", "indikatoren")


# Writing.


def neutralisieren(wert):
    """A text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(wert, str):
        wert = ILLEGAL_CHARACTERS_RE.sub("", wert)
        if wert.startswith(FORMEL_ANFAENGE):
            return "'" + wert
    return wert


def zuruecknehmen(wert: str) -> str:
    """The reverse of `neutralisieren`, for texts read back from an exported file."""
    if len(wert) > 1 and wert[0] == "'" and wert[1] in FORMEL_ANFAENGE:
        return wert[1:]
    return wert


def xlsx(
    *, titel: str, kopf: list[str], zeilen: list[list], breiten: list[int], info=(), blaetter=()
) -> bytes:
    """One sheet with a bold, frozen header row and a filter; optionally further sheets of the
    same kind (`blaetter`: title, header, rows, widths) and an info sheet."""
    mappe = Workbook()
    _blatt_fuellen(mappe.active, titel, kopf, zeilen, breiten)
    for weiteres in blaetter:
        _blatt_fuellen(mappe.create_sheet(), *weiteres)
    if info:
        hinweise = mappe.create_sheet(INFO_BLATT)
        for zeile in info:
            hinweise.append([neutralisieren(wert) for wert in zeile])
        hinweise.column_dimensions["A"].width = 24
        hinweise.column_dimensions["B"].width = 80
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _blatt_fuellen(blatt, titel: str, kopf: list[str], zeilen: list[list], breiten: list[int]):
    blatt.title = re.sub(r"[\\/*?:\[\]]", "", titel)[:31] or "Tabelle"
    blatt.append([neutralisieren(wert) for wert in kopf])
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
    for zeile in zeilen:
        blatt.append([neutralisieren(wert) for wert in zeile])
    umbruch = Alignment(wrap_text=True, vertical="top")
    for spalte, breite in zip(blatt.iter_cols(), breiten, strict=False):
        blatt.column_dimensions[spalte[0].column_letter].width = breite
        for zelle in spalte[1:]:
            zelle.alignment = umbruch
            if isinstance(zelle.value, datetime.datetime):
                zelle.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(zelle.value, datetime.date):
                zelle.number_format = "DD.MM.YYYY"
    blatt.freeze_panes = "A2"
    blatt.auto_filter.ref = blatt.dimensions


def csv_wert(wert):
    """A cell as German spreadsheet programs read it: a decimal comma, so that LibreOffice and
    Excel with German settings take an amount as a number ("2500.50" stays text there), and
    dates in ISO 8601, which both take as a date even where LibreOffice's "detect special
    numbers" is off (its default) and a German "01.03.2025" would stay text."""
    if isinstance(wert, bool) or wert is None:
        return "" if wert is None else str(wert)
    if isinstance(wert, Decimal | float):
        return f"{wert:.2f}".replace(".", ",")
    if isinstance(wert, datetime.datetime):
        if timezone.is_aware(wert):
            wert = timezone.localtime(wert)
        return wert.strftime("%Y-%m-%d %H:%M")
    if isinstance(wert, datetime.date):
        return wert.isoformat()
    return neutralisieren(wert)


def csv_datei(kopf: list[str], zeilen: list[list]) -> bytes:
    """UTF-8 with a byte order mark, semicolons and decimal commas, as spreadsheet programs
    with German settings expect (see `csv_wert`)."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow([neutralisieren(wert) for wert in kopf])
    for zeile in zeilen:
        schreiber.writerow([csv_wert(wert) for wert in zeile])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def _werte(massnahme: Massnahme) -> dict:
    """A measure as the export shows it: German source texts, status in the reader's language."""
    letzte = next(iter(massnahme.umsetzungsnotizen.all()), None)
    return {
        "themenfeld": massnahme.themenfeld.quelltext("titel"),
        "ziel": ziel.titeltext if (ziel := massnahme.teilziel or massnahme.leitziel) else "",
        "key": massnahme.key,
        "version": massnahme.version,
        "titel": massnahme.quelltext("titel"),
        "status": massnahme.get_status_display(),
        "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung else "",
        "partner": TRENNER.join(sorted(partner.name for partner in massnahme.partner.all())),
        "zeitraum": massnahme.quelltext("zeitraum"),
        "budget": massnahme.budget,
        "indikatoren": massnahme.quelltext("indikatoren"),
        "umsetzungsstand": letzte.text if letzte else "",
        "umsetzungsstand_datum": letzte.datum if letzte else None,
        "herkunft": TRENNER.join(format.quelltext("titel") for format in massnahme.herkunft.all()),
        "beginn_geplant": massnahme.beginn_geplant,
        "ende_geplant": massnahme.ende_geplant,
        "beginn_tatsaechlich": massnahme.beginn_tatsaechlich,
        "ende_tatsaechlich": massnahme.ende_tatsaechlich,
        "bestaetigt_am": massnahme.bestaetigt_am,
        "messwerte": TRENNER.join(
            _messwert_text(indikator) for indikator in massnahme.indikatoren_liste.all()
        ),
    }


def _messwert_text(indikator) -> str:
    """An indicator's latest value as "key = value (date)"; "key = " without one."""
    werte = sorted(indikator.messwerte.all(), key=lambda wert: wert.datum)
    if not werte:
        return f"{indikator.key} = "
    letzter = werte[-1]
    from .indikatoren import zahl

    return f"{indikator.key} = {zahl(letzter.wert)} ({letzter.datum:%d.%m.%Y})"


def export_zeilen(edition) -> tuple[list[str], list[list]]:
    """Header (in the reader's language) and one row per measure, in reading order."""
    massnahmen = (
        Massnahme.objects.in_edition(edition)
        .fuer_anzeige()
        .prefetch_related("indikatoren_liste__messwerte")
        .in_lesereihenfolge()
    )
    kopf = [str(spalte.bezeichnung) for spalte in SPALTEN]
    zeilen = []
    for massnahme in massnahmen:
        werte = _werte(massnahme)
        zeilen.append([werte[spalte.name] for spalte in SPALTEN])
    return kopf, zeilen


def export_xlsx(edition) -> bytes:
    kopf, zeilen = export_zeilen(edition)
    info = [
        (_("Ausgabe"), edition.jahr),
        (_("Sprache der Spaltenköpfe"), translation.get_language()),
        (_("Exportiert am"), date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")),
        (
            _("Hinweis"),
            _(
                "Ändern lassen sich Titel, Status, Federführung, Partner, Zeitraum, Budget, "
                "Indikatoren und der Umsetzungsstand. Schlüssel und Version bitte nicht ändern: "
                "Über sie findet der Import die Maßnahme und erkennt, ob sie seit dem Export "
                "geändert wurde. Partner werden mit Semikolon getrennt."
            ),
        ),
    ]
    return xlsx(
        titel=_("Maßnahmen"),
        kopf=kopf,
        zeilen=zeilen,
        breiten=[spalte.breite for spalte in SPALTEN],
        info=info,
    )


# Reading.


class ImportFehler(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Aenderung:
    """One field of one measure: what it shows now and what the file wants."""

    spalte: Spalte
    bisher: str
    neu: str


@dataclass
class Zeilenplan:
    zeile: int
    massnahme: Massnahme
    version: int
    # The new values, JSON-serialisable, for the confirmation (see `plan_daten`).
    werte: dict
    aenderungen: list[Aenderung]


@dataclass
class Zeilenfehler:
    zeile: int
    key: str
    meldung: str


@dataclass
class Importbericht:
    plan: list[Zeilenplan] = field(default_factory=list)
    fehler: list[Zeilenfehler] = field(default_factory=list)
    unveraendert: int = 0

    @property
    def abgelehnt(self) -> bool:
        return bool(self.fehler)


def _bezeichnungen() -> dict[str, str]:
    """Every header in every language, to its column: a file keeps the language it came in."""
    namen = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for spalte in SPALTEN:
                namen[_normal(str(spalte.bezeichnung)).casefold()] = spalte.name
    return namen


def _status_werte() -> dict[str, str]:
    werte = {wert.casefold(): wert for wert in Massnahme.Status.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for wert, bezeichnung in Massnahme.Status.choices:
                werte[str(bezeichnung).casefold()] = wert
    return werte


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _text(wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return str(wert)
    if isinstance(wert, float) and wert.is_integer():
        wert = int(wert)
    if isinstance(wert, datetime.datetime):
        wert = wert.date()
    if isinstance(wert, datetime.date):
        return wert.strftime("%d.%m.%Y")
    return _normal(zuruecknehmen(str(wert)))


def _liste(text: str) -> list[str]:
    return sorted({teil.strip() for teil in re.split(r"[;\n]", text) if teil.strip()})


class _Ungueltig(Exception):
    pass


def _betrag(wert) -> Decimal | None:
    """A number cell, or a text that is plainly a number ("2500,50", "10.000", "10000.5")."""
    if wert is None or (isinstance(wert, str) and not wert.strip()):
        return None
    if isinstance(wert, bool | datetime.date):
        raise _Ungueltig
    if isinstance(wert, int | float | Decimal):
        try:
            return Decimal(str(wert))
        except InvalidOperation as fehler:
            raise _Ungueltig from fehler
    text = re.sub(r"\s|€", "", zuruecknehmen(str(wert)))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+(,\d{1,2})?", text):
        text = text.replace(",", ".")
    elif not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise _Ungueltig
    return Decimal(text)


def _datum(wert) -> datetime.date | None:
    if wert is None or (isinstance(wert, str) and not wert.strip()):
        return None
    if isinstance(wert, datetime.datetime):
        return wert.date()
    if isinstance(wert, datetime.date):
        return wert
    text = str(wert).strip()
    for muster in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, muster).date()
        except ValueError:
            continue
    raise _Ungueltig


def _zahl_anzeigen(betrag: Decimal | None) -> str:
    if betrag is None:
        return ""
    return number_format(betrag, decimal_pos=2, use_l10n=True, force_grouping=True)


# What an OpenDocument file names itself in its first entry, "mimetype" (ODF 1.2, 3.3).
ODS_TYP = b"application/vnd.oasis.opendocument.spreadsheet"
# The start of an OLE compound file: an Excel 97-2003 workbook, or an encrypted XLSX.
OLE_ANFANG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _als_xlsx_speichern(was: str) -> ImportFehler:
    return ImportFehler(
        was
        + " "
        + _(
            "Der Import liest nur Excel-Arbeitsmappen. Bitte als .xlsx speichern (in "
            "LibreOffice: Datei → Speichern unter → Dateityp „Excel 2007-365 (.xlsx)“; in Excel: "
            "Datei → Speichern unter → „Excel-Arbeitsmappe (.xlsx)“) und diese Datei hochladen."
        )
    )


def _format_pruefen(inhalt: bytes, archiv: zipfile.ZipFile | None):
    """Spreadsheets in another format get a way out instead of "damaged"."""
    if inhalt.startswith(OLE_ANFANG):
        raise _als_xlsx_speichern(
            _(
                "Die Datei ist eine ältere Excel-Arbeitsmappe (.xls) oder mit einem Kennwort "
                "geschützt."
            )
        )
    if archiv is None:
        return
    try:
        with archiv.open("mimetype") as eintrag:
            typ = eintrag.read(100).strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return
    if typ.startswith(ODS_TYP):
        raise _als_xlsx_speichern(
            _("Die Datei ist eine OpenDocument-Tabelle (.ods), etwa aus LibreOffice.")
        )
    if typ.startswith(b"application/vnd.oasis.opendocument"):
        raise _als_xlsx_speichern(_("Die Datei ist ein OpenDocument-Dokument, aber keine Tabelle."))


def mappe_oeffnen(inhalt: bytes):
    if not inhalt:
        raise ImportFehler(_("Die Datei ist leer."))
    try:
        with zipfile.ZipFile(io.BytesIO(inhalt)) as archiv:
            entpackt = sum(eintrag.file_size for eintrag in archiv.infolist())
            if entpackt <= MAX_ENTPACKT:
                _format_pruefen(inhalt, archiv)
    except (zipfile.BadZipFile, OSError, ValueError) as fehler:
        _format_pruefen(inhalt, None)
        raise ImportFehler(
            _(
                "Die Datei ist keine XLSX-Tabelle. Bitte laden Sie die exportierte Datei hoch, "
                "im Format Excel-Arbeitsmappe (.xlsx)."
            )
        ) from fehler
    if entpackt > MAX_ENTPACKT:
        raise ImportFehler(
            _("Die Tabelle ist entpackt größer als %(mb)s MB und wird nicht gelesen.")
            % {"mb": MAX_ENTPACKT // (1024 * 1024)}
        )
    try:
        return load_workbook(io.BytesIO(inhalt), read_only=True, data_only=False)
    except Exception as fehler:
        # openpyxl reports a damaged workbook with many kinds of exceptions.
        raise ImportFehler(
            _("Die Datei lässt sich nicht als XLSX-Tabelle lesen; sie ist vermutlich beschädigt.")
        ) from fehler


def _kopf_lesen(kopfzeile) -> dict[int, str]:
    """Column index → column name; refuses unknown, missing and repeated columns."""
    bekannt = _bezeichnungen()
    spalten, unbekannt = {}, []
    for index, zelle in enumerate(kopfzeile):
        text = _text(zelle.value)
        if not text:
            continue
        name = bekannt.get(text.casefold())
        if name is None:
            unbekannt.append(text)
        elif name in spalten.values():
            raise ImportFehler(
                _("Die Spalte „%(spalte)s“ steht zweimal in der Tabelle.") % {"spalte": text}
            )
        else:
            spalten[index] = name
    fehlend = [str(spalte.bezeichnung) for spalte in SPALTEN if spalte.name not in spalten.values()]
    if unbekannt or fehlend:
        teile = []
        if unbekannt:
            teile.append(_("unbekannte Spalten: %(namen)s") % {"namen": ", ".join(unbekannt)})
        if fehlend:
            teile.append(_("fehlende Spalten: %(namen)s") % {"namen": ", ".join(fehlend)})
        raise ImportFehler(
            _(
                "Die erste Zeile des ersten Blatts muss die Spaltenköpfe des Exports enthalten "
                "(%(teile)s). Erwartet werden: %(erwartet)s."
            )
            % {
                "teile": "; ".join(teile),
                "erwartet": ", ".join(str(spalte.bezeichnung) for spalte in SPALTEN),
            }
        )
    return spalten


def _zeilen(zeilen):
    """The rows of a sheet. openpyxl reads a sheet only while its rows are walked, and reports
    a damaged one with many kinds of exceptions (a number cell holding text, XML cut off, …)."""
    while True:
        try:
            zeile = next(zeilen)
        except StopIteration:
            return
        except Exception as fehler:
            raise ImportFehler(
                _("Ein Tabellenblatt der Datei ist beschädigt und lässt sich nicht lesen.")
            ) from fehler
        yield zeile


def _ausgabe_pruefen(mappe, edition):
    if INFO_BLATT not in mappe.sheetnames:
        return
    info = mappe[INFO_BLATT].iter_rows(min_row=1, max_row=1, max_col=2, values_only=True)
    for zeile in _zeilen(info):
        jahr = zeile[1] if len(zeile) > 1 else None
        if isinstance(jahr, int) and jahr != edition.jahr:
            raise ImportFehler(
                _(
                    "Die Datei wurde aus der Ausgabe %(datei)s exportiert, nicht aus der Ausgabe "
                    "%(jahr)s. Bitte exportieren Sie die Tabelle dieser Ausgabe."
                )
                % {"datei": jahr, "jahr": edition.jahr}
            )


def import_pruefen(edition, inhalt: bytes) -> Importbericht:
    """Reads an edited export and works out what would change; writes nothing. On an adopted
    edition (in force) only the implementation state may change."""
    mappe = mappe_oeffnen(inhalt)
    try:
        if not mappe.worksheets:
            raise ImportFehler(_("Die Datei enthält kein Tabellenblatt."))
        _ausgabe_pruefen(mappe, edition)
        zeilen = _zeilen(mappe.worksheets[0].iter_rows())
        kopfzeile = next(zeilen, None)
        if kopfzeile is None:
            raise ImportFehler(_("Das erste Tabellenblatt ist leer."))
        spalten = _kopf_lesen(kopfzeile)
        massnahmen = {
            massnahme.key: massnahme
            for massnahme in Massnahme.objects.in_edition(edition)
            .fuer_anzeige()
            .prefetch_related("indikatoren_liste__messwerte")
        }
        bericht, gesehen = Importbericht(), set()
        status_werte = _status_werte()
        organisationen = set(Organisation.objects.values_list("name", flat=True))
        for nummer, zeile in enumerate(zeilen, start=2):
            if nummer > MAX_ZEILEN + 1:
                raise ImportFehler(
                    _("Die Tabelle hat mehr als %(anzahl)s Zeilen.") % {"anzahl": MAX_ZEILEN}
                )
            zellen = {spalten[i]: zelle for i, zelle in enumerate(zeile) if i in spalten}
            if all(zelle.value in (None, "") for zelle in zellen.values()):
                continue
            _zeile_pruefen(
                bericht, nummer, zellen, massnahmen, gesehen, status_werte, organisationen, edition
            )
    finally:
        mappe.close()
    return bericht


def _zeile_pruefen(
    bericht, nummer, zellen, massnahmen, gesehen, status_werte, organisationen, edition
):
    """Adds the row's planned changes, or what is wrong with it, to the report."""
    wert = {name: zellen[name].value if name in zellen else None for name in SPALTE}
    key = _text(wert["key"])
    try:
        massnahme, version = _zuordnen(zellen, wert, key, massnahmen, gesehen)
    except _Ungueltig as grund:
        bericht.fehler.append(Zeilenfehler(zeile=nummer, key=key, meldung=str(grund)))
        return
    neu, aenderungen, meldungen = _vergleichen(massnahme, wert, status_werte, organisationen)
    meldungen += _umsetzung_pruefen(massnahme, wert, neu, aenderungen, edition)
    if edition.ist_beschlossen:
        for aenderung in aenderungen:
            if aenderung.spalte.name not in (*UMSETZUNGSSPALTEN, "organisation"):
                meldungen.append(
                    _(
                        "„%(spalte)s“ gehört zum beschlossenen Inhalt und lässt sich nicht mehr "
                        "ändern; änderbar ist der Umsetzungsstand."
                    )
                    % {"spalte": aenderung.spalte.bezeichnung}
                )
    if aenderungen and version != massnahme.version and not meldungen:
        meldungen.append(
            _(
                "Die Maßnahme wurde seit dem Export geändert (Version %(jetzt)s, in der Datei "
                "%(datei)s). Bitte exportieren Sie die Tabelle neu und übertragen Sie Ihre "
                "Änderungen; so überschreibt der Import nichts."
            )
            % {"jetzt": massnahme.version, "datei": version}
        )
    if (
        not meldungen
        and not edition.ist_beschlossen
        and any(name in neu for name in FORMULARFELDER)
    ):
        meldungen += formular_fehler(massnahme, neu, version)
    if meldungen:
        bericht.fehler += [Zeilenfehler(zeile=nummer, key=key, meldung=m) for m in meldungen]
    elif aenderungen:
        bericht.plan.append(
            Zeilenplan(
                zeile=nummer,
                massnahme=massnahme,
                version=version,
                werte=neu,
                aenderungen=aenderungen,
            )
        )
    else:
        bericht.unveraendert += 1


def _zuordnen(zellen, wert, key, massnahmen, gesehen) -> tuple[Massnahme, int]:
    """The row's measure and the version it was exported at."""
    formeln = [
        str(SPALTE[name].bezeichnung)
        for name, zelle in zellen.items()
        if getattr(zelle, "data_type", None) == "f"
    ]
    if formeln:
        raise _Ungueltig(
            _("Formeln werden nicht übernommen (Spalte %(spalten)s). Bitte tragen Sie Werte ein.")
            % {"spalten": ", ".join(formeln)}
        )
    if not key:
        raise _Ungueltig(_("Die Zeile hat keinen Schlüssel."))
    if key in gesehen:
        raise _Ungueltig(_("Der Schlüssel steht mehrfach in der Tabelle."))
    gesehen.add(key)
    if key not in massnahmen:
        raise _Ungueltig(
            _(
                "Keine Maßnahme dieser Ausgabe hat diesen Schlüssel. Neue Maßnahmen legen Sie "
                "in der Anwendung an; Schlüssel bitte nicht ändern."
            )
        )
    version = wert["version"]
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if isinstance(version, str) and version.strip().isdigit():
        version = int(version.strip())
    if not isinstance(version, int) or isinstance(version, bool):
        raise _Ungueltig(
            _("Version: „%(wert)s“ ist keine ganze Zahl; bitte den exportierten Wert lassen.")
            % {"wert": _text(version)}
        )
    return massnahmen[key], version


def _vergleichen(massnahme, wert, status_werte, organisationen):
    """What the row would change, field by field, and what in it is invalid."""
    bisher = _werte(massnahme)
    neu, aenderungen, meldungen = {}, [], []
    for name in ("themenfeld", "ziel", "herkunft"):
        if _text(wert[name]) != _text(bisher[name]):
            meldungen.append(
                _(
                    "„%(spalte)s“ lässt sich per Import nicht ändern (bisher „%(bisher)s“); "
                    "bitte in der Anwendung bearbeiten."
                )
                % {"spalte": SPALTE[name].bezeichnung, "bisher": _text(bisher[name])}
            )

    def aendern(name, alt_anzeige, neu_anzeige, neuer_wert):
        if alt_anzeige != neu_anzeige:
            aenderungen.append(Aenderung(SPALTE[name], alt_anzeige, neu_anzeige))
            neu[name] = neuer_wert

    for name in ("titel", "zeitraum", "indikatoren", "federfuehrung"):
        aendern(name, _text(bisher[name]), _text(wert[name]), _text(wert[name]))

    status = status_werte.get(_text(wert["status"]).casefold())
    if status is None:
        meldungen.append(
            _("Status: „%(wert)s“ ist nicht vorgesehen; möglich sind %(moeglich)s.")
            % {
                "wert": _text(wert["status"]),
                "moeglich": ", ".join(str(b) for _w, b in Massnahme.Status.choices),
            }
        )
    else:
        aendern(
            "status",
            massnahme.get_status_display(),
            str(Massnahme.Status(status).label),
            status,
        )

    partner_alt = _liste(_text(bisher["partner"]))
    partner_neu = _liste(_text(wert["partner"]))
    aendern("partner", TRENNER.join(partner_alt), TRENNER.join(partner_neu), partner_neu)

    try:
        betrag = _betrag(wert["budget"])
    except _Ungueltig:
        meldungen.append(
            _("Budget (Euro): „%(wert)s“ ist keine Zahl. Erlaubt sind z. B. 10000 oder 2500,50.")
            % {"wert": _text(wert["budget"])}
        )
    else:
        if betrag != massnahme.budget:
            aendern(
                "budget",
                _zahl_anzeigen(massnahme.budget),
                _zahl_anzeigen(betrag),
                None if betrag is None else str(betrag),
            )

    meldungen += _umsetzungsstand_pruefen(massnahme, bisher, wert, neu, aenderungen)

    namen = [neu.get("federfuehrung") or "", *neu.get("partner", [])]
    for name in sorted({name for name in namen if name and name not in organisationen}):
        aenderungen.append(
            Aenderung(Spalte("organisation", gettext_lazy("Neue Organisation"), True, 0), "", name)
        )
    return neu, aenderungen, meldungen


def _umsetzungsstand_pruefen(massnahme, bisher, wert, neu, aenderungen) -> list[str]:
    """A new text in the Umsetzungsstand column is a new dated report; nothing is deleted."""
    text = _text(wert["umsetzungsstand"])
    try:
        datum = _datum(wert["umsetzungsstand_datum"])
    except _Ungueltig:
        return [
            _("Umsetzungsstand vom: „%(wert)s“ ist kein Datum (TT.MM.JJJJ).")
            % {"wert": _text(wert["umsetzungsstand_datum"])}
        ]
    alt_text, alt_datum = _text(bisher["umsetzungsstand"]), bisher["umsetzungsstand_datum"]
    bekannt = {_normal(notiz.text) for notiz in massnahme.umsetzungsnotizen.all()}
    if text == alt_text or text in bekannt:
        if text == alt_text and datum != alt_datum:
            return [
                _(
                    "Umsetzungsstand vom: Das Datum eines vorhandenen Umsetzungsstands lässt sich "
                    "nicht ändern. Für einen neuen Stand bitte auch den Text ändern."
                )
            ]
        return []
    if not text:
        return [
            _(
                "Letzter Umsetzungsstand: Umsetzungsstände lassen sich per Import nicht löschen; "
                "bitte den bisherigen Text stehen lassen."
            )
        ]
    if datum is None or datum == alt_datum:
        datum = timezone.localdate()
    # The same checks as a report written in the browser (length, no date in the future).
    from .forms import UmsetzungsnotizForm

    form = UmsetzungsnotizForm({"datum": datum.isoformat(), "text": text})
    if not form.is_valid():
        return [fehlertext(form)]
    aenderungen.append(
        Aenderung(
            SPALTE["umsetzungsstand"],
            alt_text,
            _("%(text)s (neuer Stand vom %(datum)s)")
            % {"text": text, "datum": datum.strftime("%d.%m.%Y")},
        )
    )
    neu["umsetzungsstand"] = {"text": text, "datum": datum.isoformat()}
    return []


def _umsetzung_pruefen(massnahme, wert, neu, aenderungen, edition) -> list[str]:
    """The schedule columns and new measured values: what they change, or what is wrong."""
    meldungen = []
    gelesen = {}
    for name in ("beginn_geplant", "ende_geplant", "beginn_tatsaechlich", "ende_tatsaechlich"):
        try:
            gelesen[name] = _datum(wert[name])
        except _Ungueltig:
            meldungen.append(
                _("%(spalte)s: „%(wert)s“ ist kein Datum (TT.MM.JJJJ).")
                % {"spalte": SPALTE[name].bezeichnung, "wert": _text(wert[name])}
            )
            continue
        if name.endswith("_geplant") and gelesen[name]:
            gelesen[name] = gelesen[name].replace(day=1)
        alt = getattr(massnahme, name)
        if gelesen[name] != alt:
            aenderungen.append(Aenderung(SPALTE[name], _text(alt), _text(gelesen[name])))
            neu[name] = gelesen[name].isoformat() if gelesen[name] else ""
    for von, bis in (
        ("beginn_geplant", "ende_geplant"),
        ("beginn_tatsaechlich", "ende_tatsaechlich"),
    ):
        if gelesen.get(von) and gelesen.get(bis) and gelesen[bis] < gelesen[von]:
            meldungen.append(
                _("%(spalte)s: Das Ende liegt vor dem Beginn.")
                % {"spalte": SPALTE[bis].bezeichnung}
            )
    heute = timezone.localdate()
    for name in ("beginn_tatsaechlich", "ende_tatsaechlich"):
        if gelesen.get(name) and gelesen[name] > heute:
            meldungen.append(
                _("%(spalte)s: Dieses Datum liegt in der Zukunft.")
                % {"spalte": SPALTE[name].bezeichnung}
            )
    meldungen += _messwerte_pruefen(massnahme, wert, neu, aenderungen, edition)
    return meldungen


MESSWERT = re.compile(r"^\s*([\w-]+)\s*=\s*([^()]*?)\s*(?:\((\d{1,2}\.\d{1,2}\.\d{4})\))?\s*$")


def _messwerte_pruefen(massnahme, wert, neu, aenderungen, edition) -> list[str]:
    """Each "key = value (date)" that differs from the indicator's latest value is a new
    measured value (dated today without a date); values are never deleted this way."""
    text = _text(wert["messwerte"])
    indikatoren = {indikator.key: indikator for indikator in massnahme.indikatoren_liste.all()}
    bisher = {
        teil.split("=")[0].strip(): _normal(teil)
        for teil in (_messwert_text(i) for i in indikatoren.values())
    }
    meldungen, werte = [], {}
    heute = timezone.localdate()
    beginn, _ende = edition.laufzeit
    for teil in (teil for teil in text.split(";") if teil.strip()):
        treffer = MESSWERT.match(teil)
        if treffer is None:
            meldungen.append(
                _("Messwerte: „%(teil)s“ hat nicht die Form „Schlüssel = Wert (TT.MM.JJJJ)“.")
                % {"teil": teil.strip()}
            )
            continue
        key, zahl, datum_text = treffer.groups()
        if key not in indikatoren:
            meldungen.append(
                _("Messwerte: Diese Maßnahme hat keinen Indikator mit dem Schlüssel „%(key)s“.")
                % {"key": key}
            )
            continue
        if not zahl or _normal(teil) == bisher.get(key):
            continue
        try:
            betrag = _betrag(zahl)
        except _Ungueltig:
            meldungen.append(_("Messwerte: „%(wert)s“ ist keine Zahl.") % {"wert": zahl})
            continue
        datum = datetime.datetime.strptime(datum_text, "%d.%m.%Y").date() if datum_text else heute
        if datum > heute or datum < beginn:
            meldungen.append(
                _("Messwerte: Das Datum %(datum)s liegt in der Zukunft oder vor der Laufzeit.")
                % {"datum": datum.strftime("%d.%m.%Y")}
            )
            continue
        werte[str(indikatoren[key].pk)] = {
            "wert": str(betrag),
            "quelle": _("Tabellenimport"),
            "datum": datum.isoformat(),
        }
    if werte and not meldungen:
        aenderungen.append(Aenderung(SPALTE["messwerte"], "; ".join(bisher.values()), text))
        neu["messwerte"] = werte
    return meldungen


# The new values that go through the measure's edit form (the rest is a new report).
FORMULARFELDER = (
    "titel",
    "status",
    "federfuehrung",
    "partner",
    "zeitraum",
    "budget",
    "indikatoren",
    "beginn_geplant",
    "ende_geplant",
)


def _monat(datum) -> str:
    return datum.strftime("%Y-%m") if datum else ""


def formular(massnahme: Massnahme, neu: dict, version: int):
    """The measure's edit form, filled with what it holds now and the new values.

    Going through the form gives the import the same checks (lengths, budget) and the same
    save (version, one history record with the user) as editing in the browser. Call it in
    `quellsprache()`, so that it edits the German source.
    """
    from .forms import MassnahmeForm, einordnung_von

    edition = massnahme.edition
    daten = {
        "version": version,
        "titel": massnahme.quelltext("titel"),
        "beschreibung": massnahme.quelltext("beschreibung"),
        "nummer": massnahme.nummer,
        "einordnung": einordnung_von(massnahme),
        "status": massnahme.status,
        "federfuehrung": massnahme.federfuehrung_id or "",
        "neue_federfuehrung": "",
        "partner": [partner.pk for partner in massnahme.partner.all()],
        "neue_organisationen": "",
        "zeitraum": massnahme.quelltext("zeitraum"),
        "beginn_geplant": neu.get("beginn_geplant", _monat(massnahme.beginn_geplant)),
        "ende_geplant": neu.get("ende_geplant", _monat(massnahme.ende_geplant)),
        "budget": "" if massnahme.budget is None else str(massnahme.budget),
        "indikatoren": massnahme.quelltext("indikatoren"),
        "herkunft": [format.pk for format in massnahme.herkunft.all()],
    }
    for name in ("titel", "status", "zeitraum", "indikatoren"):
        if name in neu:
            daten[name] = neu[name]
    if "budget" in neu:
        daten["budget"] = neu["budget"] or ""
    vorhanden = dict(Organisation.objects.values_list("name", "pk"))
    if "federfuehrung" in neu:
        name = neu["federfuehrung"]
        daten["federfuehrung"] = vorhanden.get(name, "")
        daten["neue_federfuehrung"] = name if name and name not in vorhanden else ""
    if "partner" in neu:
        daten["partner"] = [vorhanden[name] for name in neu["partner"] if name in vorhanden]
        daten["neue_organisationen"] = "\n".join(
            name for name in neu["partner"] if name not in vorhanden
        )
    return MassnahmeForm(daten, instance=massnahme, edition=edition)


def formular_fehler(massnahme: Massnahme, neu: dict, version: int) -> list[str]:
    from konzept.bearbeitung import quellsprache

    # A copy: validation writes the values onto the instance.
    kopie = Massnahme.objects.get(pk=massnahme.pk)
    with quellsprache():
        form = formular(kopie, neu, version)
        gueltig = form.is_valid()
    if gueltig:
        return []
    # Outside `quellsprache()`: the messages in the reader's language.
    return [fehlertext(form)]


def fehlertext(form) -> str:
    """A form's errors in one line: "Label: message" per field."""
    return " ".join(
        f"{form.fields[name].label if name in form.fields else name}: {' '.join(meldungen)}"
        for name, meldungen in form.errors.items()
    )
