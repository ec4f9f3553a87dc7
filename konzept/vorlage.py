"""A whole edition as one spreadsheet (XLSX): the template a new district fills in from its
Word or Excel concept, and the same template filled from an edition (round trip).

Sheet "Ausgabe" holds the edition's data, one per row (name, value); sheet
"Beteiligungsformate" its participation formats; sheet "Konzept" one row per item of the plan
with its level, key, parent, number, title and the measure's details. An import is checked row
by row first; every fault is reported with sheet, row and column, and nothing is applied. What
passes is turned into the content loader's own structure (konzept/laden.py), so a spreadsheet
meets exactly the checks and writes of a content file.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beteiligung.models import Beteiligungsart
from massnahmen.models import Massnahme
from massnahmen.tabellen import ImportFehler, mappe_oeffnen, xlsx, zuruecknehmen
from themenfelder.models import Leitziel, Teilziel

from . import baum, laden
from .begriffe import begriffe
from .models import Edition

TRENNER = ";"
BLATT_AUSGABE = "Ausgabe"
BLATT_FORMATE = "Beteiligungsformate"
BLATT_KONZEPT = "Konzept"
MAX_ZEILEN = 5000
# The name the loader's messages give a spreadsheet.
QUELLE = Path("Tabelle")

# The columns of each sheet: (name, header). Headers are German, as the template is.
AUSGABE_FELDER = [
    ("jahr", gettext_lazy("Jahr")),
    ("titel", gettext_lazy("Titel")),
    ("status", gettext_lazy("Status")),
    ("vorgaenger", gettext_lazy("Vorgänger (Jahr)")),
    ("stichtag", gettext_lazy("Stichtag der Ausgangssituation")),
    ("beschlossen_am", gettext_lazy("Beschlossen am")),
    ("ausgangssituation", gettext_lazy("Ausgangssituation")),
    ("hintergrund", gettext_lazy("Hintergrund")),
    ("leitgedanke", gettext_lazy("Leitgedanke")),
    ("methodik", gettext_lazy("Methodisches Vorgehen")),
]
FORMAT_SPALTEN = [
    ("key", gettext_lazy("Schlüssel")),
    ("art", gettext_lazy("Art (Schlüssel)")),
    ("titel", gettext_lazy("Titel")),
    ("methode", gettext_lazy("Methode")),
    ("beteiligte", gettext_lazy("Beteiligte")),
]
KONZEPT_SPALTEN = [
    ("ebene", gettext_lazy("Ebene")),
    ("key", gettext_lazy("Schlüssel")),
    ("eltern", gettext_lazy("Gehört zu (Schlüssel)")),
    ("nummer", gettext_lazy("Nummer")),
    ("titel", gettext_lazy("Titel")),
    ("beschreibung", gettext_lazy("Beschreibung")),
    ("querschnitt", gettext_lazy("Querschnittsfeld (ja/nein)")),
    ("status", gettext_lazy("Status")),
    ("federfuehrung", gettext_lazy("Federführung")),
    ("partner", gettext_lazy("Partner")),
    ("herkunft", gettext_lazy("Herkunft (Schlüssel der Formate)")),
    ("zeitraum", gettext_lazy("Zeitraum")),
    ("budget", gettext_lazy("Budget (Euro)")),
]
JA = {"ja", "j", "x", "1", "true", "wahr", "yes"}
NEIN = {"", "nein", "n", "0", "false", "falsch", "no"}


# Writing: the template, and an edition in it.


def vorlage_xlsx(edition: Edition | None = None) -> bytes:
    """The template, empty (with an example row per level) or filled with `edition`."""
    with translation.override(settings.LANGUAGE_CODE):
        if edition is None:
            ausgabe, formate, zeilen = _beispiel()
        else:
            ausgabe, formate, zeilen = _aus_edition(edition)
        return xlsx(
            titel=BLATT_KONZEPT,
            kopf=[str(kopf) for _name, kopf in KONZEPT_SPALTEN],
            zeilen=[[zeile.get(name, "") for name, _kopf in KONZEPT_SPALTEN] for zeile in zeilen],
            breiten=[14, 28, 28, 10, 50, 50, 12, 14, 28, 28, 28, 14, 14],
            blaetter=[
                (
                    BLATT_AUSGABE,
                    [str(_("Angabe")), str(_("Wert"))],
                    [[str(kopf), ausgabe.get(name, "")] for name, kopf in AUSGABE_FELDER],
                    [34, 80],
                ),
                (
                    BLATT_FORMATE,
                    [str(kopf) for _name, kopf in FORMAT_SPALTEN],
                    [
                        [format.get(name, "") for name, _kopf in FORMAT_SPALTEN]
                        for format in formate
                    ],
                    [20, 20, 40, 30, 40],
                ),
            ],
            info=_hinweise(),
        )


def _hinweise() -> list[list[str]]:
    woerter = begriffe(settings.LANGUAGE_CODE)
    ebenen = ", ".join(f"{ebene.name} ({woerter[ebene.name].einzahl})" for ebene in baum.EBENEN)
    return [
        [_("Ebene"), _("Eine von: %(ebenen)s.") % {"ebenen": ebenen}],
        [
            _("Gehört zu"),
            _(
                "Der Schlüssel des Elements darüber: bei Zielen und Teilzielen ein Feld, bei "
                "Maßnahmen ein Feld, ein Ziel oder ein Teilziel. Felder gehören zu nichts."
            ),
        ],
        [_("Schlüssel"), _("Frei wählbar und eindeutig; leer wird er aus dem Titel gebildet.")],
        [_("Partner, Herkunft"), _("Mehrere Einträge mit Semikolon trennen.")],
        [_("Status"), ", ".join(Massnahme.Status.values)],
        [
            _("Beteiligungsarten"),
            ", ".join(Beteiligungsart.objects.values_list("key", flat=True)) or "–",
        ],
    ]


def _beispiel():
    ausgabe = {"jahr": timezone_jahr(), "titel": _("Integrationskonzept"), "status": "entwurf"}
    art = Beteiligungsart.objects.first()
    formate = [{"key": "beteiligung", "art": art.key if art else "", "titel": _("Beteiligung")}]
    zeilen = [
        {"ebene": "themenfeld", "key": "feld-1", "nummer": "1", "titel": _("Erstes Feld")},
        {"ebene": "leitziel", "key": "feld-1.ziel-1", "eltern": "feld-1", "nummer": "1.1"},
        {"ebene": "massnahme", "eltern": "feld-1.ziel-1", "nummer": "1.1.1", "status": "geplant"},
    ]
    zeilen[1]["titel"] = _("Ein Ziel des Feldes")
    zeilen[2]["titel"] = _("Eine Maßnahme zu diesem Ziel")
    return ausgabe, formate, zeilen


def timezone_jahr() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _aus_edition(edition: Edition):
    ausgabe = {name: getattr(edition, name, "") or "" for name, _kopf in AUSGABE_FELDER}
    ausgabe["vorgaenger"] = edition.vorgaenger.jahr if edition.vorgaenger_id else ""
    formate = [
        {
            "key": format.key,
            "art": format.art.key,
            "titel": format.titel,
            "methode": format.methode,
            "beteiligte": format.beteiligte,
        }
        for format in edition.beteiligungsformate.select_related("art")
    ]
    massnahmen = Massnahme.objects.select_related("federfuehrung").prefetch_related(
        "partner", "herkunft"
    )
    zeilen = []

    # Keys are unique per level; where a goal and a sub-goal share one, a measure names its
    # parent with its level.
    ziel_keys = list(
        Leitziel.objects.filter(themenfeld__edition=edition).values_list("key", flat=True)
    ) + list(Teilziel.objects.filter(themenfeld__edition=edition).values_list("key", flat=True))
    doppelt = {key for key in ziel_keys if ziel_keys.count(key) > 1}

    def verweis(eltern) -> str:
        if eltern is None:
            return ""
        if eltern.key in doppelt:
            return f"{eltern._meta.model_name}:{eltern.key}"
        return eltern.key

    def element(objekt, ebene: str, eltern=None) -> dict:
        zeile = {
            "ebene": ebene,
            "key": objekt.key,
            "eltern": verweis(eltern),
            "nummer": objekt.nummer,
            "titel": objekt.titeltext,
        }
        if ebene == "themenfeld":
            zeile["beschreibung"] = objekt.beschreibung
            zeile["querschnitt"] = _("ja") if objekt.themenunabhaengig else _("nein")
        if ebene != "themenfeld":
            zeile["herkunft"] = TRENNER.join(f.key for f in objekt.herkunft.all())
        if ebene == "massnahme":
            zeile |= {
                "beschreibung": objekt.beschreibung,
                "status": objekt.status,
                "federfuehrung": objekt.federfuehrung.name if objekt.federfuehrung else "",
                "partner": TRENNER.join(sorted(p.name for p in objekt.partner.all())),
                "zeitraum": objekt.zeitraum,
                "budget": objekt.budget,
            }
        return zeile

    for themenfeld in edition.themenfelder.mit_baum(massnahmen):
        zeilen.append(element(themenfeld, "themenfeld"))
        zeilen += [element(m, "massnahme", themenfeld) for m in themenfeld.direkte_massnahmen]
        for ziel in [*themenfeld.leitziele.all(), *themenfeld.teilziele.all()]:
            zeilen.append(element(ziel, ziel._meta.model_name, themenfeld))
            zeilen += [element(m, "massnahme", ziel) for m in ziel.massnahmen.all()]
    return ausgabe, formate, zeilen


# Reading.


@dataclass
class Fehler:
    blatt: str
    zeile: int
    spalte: str
    meldung: str


@dataclass
class Pruefung:
    """What an uploaded template would load, or what is wrong with it."""

    fehler: list[Fehler] = field(default_factory=list)
    daten: dict | None = None
    anzahlen: dict[str, int] = field(default_factory=dict)
    jahr: int | None = None


def pruefen(inhalt: bytes) -> Pruefung:
    """Reads and checks an uploaded template; nothing is written."""
    mappe = mappe_oeffnen(inhalt)
    fehlend = [blatt for blatt in (BLATT_AUSGABE, BLATT_KONZEPT) if blatt not in mappe.sheetnames]
    if fehlend:
        raise ImportFehler(
            _("Der Tabelle fehlen die Blätter: %(blaetter)s. Bitte die Vorlage verwenden.")
            % {"blaetter": ", ".join(fehlend)}
        )
    pruefung = Pruefung()
    with translation.override(settings.LANGUAGE_CODE):
        edition = _ausgabe_lesen(mappe[BLATT_AUSGABE], pruefung)
        formate = (
            _zeilen_lesen(mappe[BLATT_FORMATE], FORMAT_SPALTEN, BLATT_FORMATE, pruefung)
            if BLATT_FORMATE in mappe.sheetnames
            else []
        )
        zeilen = _zeilen_lesen(mappe[BLATT_KONZEPT], KONZEPT_SPALTEN, BLATT_KONZEPT, pruefung)
        if pruefung.fehler:
            return pruefung
        edition["beteiligungsformat"] = [
            {
                "_ort": _ort(BLATT_FORMATE, nummer),
                **{name: wert for name, wert in werte.items() if wert and name != "_spalten"},
            }
            for nummer, werte in formate
        ]
        baum_daten = _baum_bauen(zeilen, pruefung)
        if pruefung.fehler:
            return pruefung
        edition["themenfeld"] = baum_daten
    daten = {"edition": edition}
    # The loader's own checks (types, lengths, keys, provenance, kinds, predecessor).
    try:
        (dokument,) = laden.daten_pruefen([(QUELLE, daten)])
    except laden.InhaltFehler as fehler:
        pruefung.fehler.append(_fehler_der_ladung(str(fehler)))
        return pruefung
    if Edition.objects.filter(jahr=edition["jahr"]).exists():
        pruefung.fehler.append(
            Fehler(
                BLATT_AUSGABE,
                0,
                "",
                _("Für %(jahr)s gibt es bereits eine Ausgabe.") % {"jahr": edition["jahr"]},
            )
        )
        return pruefung
    pruefung.daten = daten
    pruefung.jahr = edition["jahr"]
    pruefung.anzahlen = {
        ebene.name: len(laden.alle(dokument.edition, ebene.name)) for ebene in baum.EBENEN
    }
    return pruefung


def uebernehmen(daten: dict) -> Edition:
    """Creates the edition a checked template describes, all or nothing."""
    jahr = daten["edition"]["jahr"]
    besetzt = ImportFehler(_("Für %(jahr)s gibt es bereits eine Ausgabe.") % {"jahr": jahr})
    if Edition.objects.filter(jahr=jahr).exists():
        raise besetzt
    try:
        laden.daten_laden(quellen=[(QUELLE, daten)])
    except IntegrityError as fehler:
        # The same template confirmed twice at once: the year is taken by the first.
        raise besetzt from fehler
    except laden.InhaltFehler as fehler:
        raise ImportFehler(str(fehler)) from fehler
    return Edition.objects.get(jahr=jahr)


def _ort(blatt: str, zeile: int, spalte: str = "") -> str:
    ort = _("Blatt „%(blatt)s“, Zeile %(zeile)s") % {"blatt": blatt, "zeile": zeile}
    return f"{ort}, {spalte}" if spalte else ort


def _fehler_der_ladung(text: str) -> Fehler:
    """A fault the loader found: its message starts with the place we gave the item."""
    treffer = re.search(r"Blatt „(?P<blatt>[^“]+)“, Zeile (?P<zeile>\d+)", text)
    if treffer:
        return Fehler(treffer["blatt"], int(treffer["zeile"]), "", text)
    return Fehler(BLATT_AUSGABE, 0, "", text)


def _text(wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, float) and wert.is_integer():
        wert = int(wert)
    return zuruecknehmen(str(wert).strip())


def _ausgabe_lesen(blatt, pruefung: Pruefung) -> dict:
    bekannt = {str(kopf).casefold(): name for name, kopf in AUSGABE_FELDER}
    werte = {}
    for nummer, zeile in enumerate(blatt.iter_rows(min_row=2, values_only=True), 2):
        if not zeile or all(zelle is None for zelle in zeile):
            continue
        angabe, wert = _text(zeile[0]), zeile[1] if len(zeile) > 1 else None
        name = bekannt.get(angabe.casefold())
        if name is None:
            pruefung.fehler.append(
                Fehler(
                    BLATT_AUSGABE,
                    nummer,
                    "A",
                    _("Unbekannte Angabe „%(angabe)s“.") % {"angabe": angabe},
                )
            )
            continue
        if wert is None or _text(wert) == "":
            continue
        if name in ("jahr", "vorgaenger"):
            try:
                wert = int(_text(wert))
            except ValueError:
                pruefung.fehler.append(
                    Fehler(BLATT_AUSGABE, nummer, "B", _("Bitte eine Jahreszahl eintragen."))
                )
                continue
        elif name in ("stichtag", "beschlossen_am"):
            # As text: the checked data travel to the confirmation as JSON.
            wert = _datum(wert)
            wert = wert.isoformat() if wert else None
            if wert is None:
                pruefung.fehler.append(
                    Fehler(BLATT_AUSGABE, nummer, "B", _("Bitte ein Datum eintragen (TT.MM.JJJJ)."))
                )
                continue
        else:
            wert = _text(wert)
        werte[name] = wert
    for pflicht in ("jahr", "titel"):
        if pflicht not in werte:
            kopf = dict(AUSGABE_FELDER)[pflicht]
            pruefung.fehler.append(
                Fehler(BLATT_AUSGABE, 0, "", _("Die Angabe „%(angabe)s“ fehlt.") % {"angabe": kopf})
            )
    return werte


def _datum(wert):
    if isinstance(wert, datetime.datetime):
        return wert.date()
    if isinstance(wert, datetime.date):
        return wert
    text = _text(wert)
    for muster in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, muster).date()
        except ValueError:
            continue
    return None


def _spaltenbuchstabe(index: int) -> str:
    buchstaben = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        buchstaben = chr(ord("A") + rest) + buchstaben
    return buchstaben


# Columns a sheet cannot do without.
PFLICHTSPALTEN = {BLATT_KONZEPT: ("ebene", "titel"), BLATT_FORMATE: ("key", "art", "titel")}


def _zeilen_lesen(blatt, spalten, name: str, pruefung: Pruefung) -> list[tuple[int, dict]]:
    """The rows of a sheet as values by column name (texts stripped; the budget as given),
    each with the letters of its columns under "_spalten" for the report."""
    zeilen = blatt.iter_rows(values_only=True)
    kopf = next(zeilen, None) or ()
    bekannt = {str(kopf_text).casefold(): spalte for spalte, kopf_text in spalten}
    index = {}
    for position, zelle in enumerate(kopf):
        text = _text(zelle)
        spalte = bekannt.get(text.casefold()) if text else None
        if text and spalte is None:
            pruefung.fehler.append(
                Fehler(
                    name,
                    1,
                    _spaltenbuchstabe(position),
                    _("Unbekannte Spalte „%(spalte)s“.") % {"spalte": text},
                )
            )
        elif spalte:
            index[spalte] = position
    for spalte, kopf_text in spalten:
        if spalte in PFLICHTSPALTEN[name] and spalte not in index:
            pruefung.fehler.append(
                Fehler(name, 1, "", _("Die Spalte „%(spalte)s“ fehlt.") % {"spalte": kopf_text})
            )
    if pruefung.fehler:
        return []
    buchstaben = {spalte: _spaltenbuchstabe(position) for spalte, position in index.items()}
    gelesen = []
    for nummer, zeile in enumerate(zeilen, 2):
        if nummer > MAX_ZEILEN + 1:
            raise ImportFehler(
                _("Die Tabelle hat mehr als %(anzahl)s Zeilen.") % {"anzahl": MAX_ZEILEN}
            )
        if not zeile or all(_text(zelle) == "" for zelle in zeile):
            continue
        werte = {
            spalte: (zeile[position] if position < len(zeile) else None)
            for spalte, position in index.items()
        }
        werte = {
            spalte: wert if spalte == "budget" else _text(wert) for spalte, wert in werte.items()
        }
        gelesen.append((nummer, {**werte, "_spalten": buchstaben}))
    return gelesen


def _ebene_lesen(text: str) -> str | None:
    """A level by its name or by the district's word for it (either number)."""
    gesucht = text.strip().casefold()
    woerter = begriffe(settings.LANGUAGE_CODE)
    for ebene in baum.EBENEN:
        wort = woerter[ebene.name]
        if gesucht in {ebene.name, wort.einzahl.casefold(), wort.mehrzahl.casefold()}:
            return ebene.name
    return None


def _baum_bauen(zeilen: list[tuple[int, dict]], pruefung: Pruefung) -> list[dict]:
    """Rows with a level and a parent become the loader's nested tables.

    Keys are unique per level (a goal and a sub-goal may share one), so an item is known by
    its level and key; a parent is named by its key, or as "level:key" where the key alone
    would be ambiguous.
    """

    def fehler(nummer, werte, spalte, meldung):
        pruefung.fehler.append(
            Fehler(BLATT_KONZEPT, nummer, werte["_spalten"].get(spalte, ""), meldung)
        )

    knoten: dict[tuple[str, str], tuple[int, dict]] = {}
    for nummer, werte in zeilen:
        ebene = _ebene_lesen(werte.get("ebene", ""))
        if ebene is None:
            fehler(
                nummer,
                werte,
                "ebene",
                _("Unbekannte Ebene „%(ebene)s“ (möglich: %(ebenen)s).")
                % {"ebene": werte.get("ebene", ""), "ebenen": ", ".join(baum.NAMEN)},
            )
            continue
        if not werte.get("titel"):
            fehler(nummer, werte, "titel", _("Der Titel fehlt."))
            continue
        key = werte.get("key") or _key(werte, {k for _e, k in knoten})
        if (ebene, key) in knoten:
            fehler(
                nummer,
                werte,
                "key",
                _("Der Schlüssel „%(key)s“ steht schon in Zeile %(zeile)s.")
                % {"key": key, "zeile": knoten[(ebene, key)][0]},
            )
            continue
        knoten[(ebene, key)] = (nummer, werte)
    if pruefung.fehler:
        return []
    # Cycles first, on the references as written: whatever their levels, an item that hangs
    # under itself through others is named as such.
    geschrieben = {
        kennung: next(iter(_eltern_suchen(werte.get("eltern", ""), knoten)), None)
        for kennung, (nummer, werte) in knoten.items()
    }
    for kennung, (nummer, werte) in knoten.items():
        if _zirkel(kennung, geschrieben):
            fehler(
                nummer,
                werte,
                "eltern",
                _("Zirkelbezug: Das Element gehört über andere zu sich selbst."),
            )
    if pruefung.fehler:
        return []
    eltern_von: dict[tuple[str, str], tuple[str, str] | None] = {}
    for (ebene, key), (nummer, werte) in knoten.items():
        erlaubt = [name for name in baum.ebene(ebene).eltern if name != "edition"]
        angabe = werte.get("eltern", "")
        if not erlaubt:
            if angabe:
                fehler(nummer, werte, "eltern", _("Ein Feld gehört zu nichts; bitte leer lassen."))
            eltern_von[(ebene, key)] = None
            continue
        if not angabe:
            fehler(nummer, werte, "eltern", _("Bitte angeben, wozu dieses Element gehört."))
            continue
        kandidaten = _eltern_suchen(angabe, knoten)
        if not kandidaten:
            fehler(
                nummer,
                werte,
                "eltern",
                _("„%(key)s“ ist kein Schlüssel dieser Tabelle.") % {"key": angabe},
            )
            continue
        passend = [kandidat for kandidat in kandidaten if kandidat[0] in erlaubt]
        if len(passend) > 1:
            fehler(
                nummer,
                werte,
                "eltern",
                _(
                    "„%(key)s“ ist mehrdeutig; bitte „Ebene:Schlüssel“ schreiben, "
                    "etwa „%(beispiel)s“."
                )
                % {"key": angabe, "beispiel": ":".join(passend[0])},
            )
            continue
        if not passend:
            fehler(
                nummer,
                werte,
                "eltern",
                _(
                    "Ein Element der Ebene „%(ebene)s“ kann nicht zu „%(eltern)s“ "
                    "(Ebene „%(eltern_ebene)s“) gehören."
                )
                % {"ebene": ebene, "eltern": angabe, "eltern_ebene": kandidaten[0][0]},
            )
            continue
        eltern_von[(ebene, key)] = passend[0]
    if pruefung.fehler:
        return []
    tabellen = {
        kennung: _tabelle(kennung[1], nummer, werte, kennung[0], pruefung)
        for kennung, (nummer, werte) in knoten.items()
    }
    if pruefung.fehler:
        return []
    felder = []
    for kennung in knoten:
        eltern = eltern_von[kennung]
        if eltern is None:
            felder.append(tabellen[kennung])
        else:
            tabellen[eltern].setdefault(kennung[0], []).append(tabellen[kennung])
    return felder


def _eltern_suchen(angabe: str, knoten: dict) -> list[tuple[str, str]]:
    """The items a parent reference may mean: "level:key" exactly, else every level's key."""
    ebene, trenner, key = angabe.partition(":")
    if trenner and ebene in baum.NAMEN:
        return [(ebene, key)] if (ebene, key) in knoten else []
    return [kennung for kennung in knoten if kennung[1] == angabe]


def _zirkel(kennung, eltern_von: dict) -> bool:
    gesehen = {kennung}
    eltern = eltern_von.get(kennung)
    while eltern is not None:
        if eltern in gesehen:
            return True
        gesehen.add(eltern)
        eltern = eltern_von.get(eltern)
    return False


def _key(werte: dict, vorhanden: set[str]) -> str:
    """A key from the parent's key and the title, where the row gives none."""
    eltern = werte.get("eltern", "").rpartition(":")[2]
    basis = (f"{eltern}." if eltern else "") + (
        slugify(werte["titel"])[:60].strip("-") or "element"
    )
    key, nummer = basis, 1
    while key in vorhanden:
        nummer += 1
        key = f"{basis}-{nummer}"
    return key


def _tabelle(key: str, nummer: int, werte: dict, ebene: str, pruefung: Pruefung) -> dict:
    """One row as the loader's table of its level."""
    tabelle = {"_ort": _ort(BLATT_KONZEPT, nummer), "key": key}
    titelfeld = baum.ebene(ebene).titel
    tabelle[titelfeld] = werte["titel"]
    if werte.get("nummer"):
        tabelle["nummer"] = werte["nummer"]
    if ebene == "themenfeld":
        if werte.get("beschreibung"):
            tabelle["beschreibung"] = werte["beschreibung"]
        quer = werte.get("querschnitt", "").casefold()
        if quer not in JA | NEIN:
            pruefung.fehler.append(
                Fehler(
                    BLATT_KONZEPT,
                    nummer,
                    werte["_spalten"].get("querschnitt", ""),
                    _("Bitte „ja“ oder „nein“."),
                )
            )
        tabelle["themenunabhaengig"] = quer in JA
        return tabelle
    if werte.get("herkunft"):
        tabelle["herkunft"] = [
            teil.strip() for teil in werte["herkunft"].split(TRENNER) if teil.strip()
        ]
    if ebene != "massnahme":
        return tabelle
    for name in ("beschreibung", "status", "federfuehrung", "zeitraum"):
        if werte.get(name):
            tabelle[name] = werte[name]
    if werte.get("partner"):
        tabelle["partner"] = [
            teil.strip() for teil in werte["partner"].split(TRENNER) if teil.strip()
        ]
    budget = werte.get("budget")
    if budget not in (None, ""):
        betrag = _betrag(budget)
        if betrag is None:
            pruefung.fehler.append(
                Fehler(
                    BLATT_KONZEPT,
                    nummer,
                    werte["_spalten"].get("budget", ""),
                    _("Bitte einen Betrag in Euro eintragen, z. B. 2500,50."),
                )
            )
        else:
            tabelle["budget"] = str(betrag)
    return tabelle


def _betrag(wert) -> Decimal | None:
    """A number cell, or a text as Germans write amounts ("2.500,50")."""
    if isinstance(wert, (int, float, Decimal)) and not isinstance(wert, bool):
        return Decimal(str(wert))
    text = _text(wert).replace("€", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
