"""Loading a district's content from its files (TOML): the district with its words, kinds of
participation and bodies, its fixed pages, and editions of its concept with their whole tree;
translation files for any of it. The format is described in docs/inhalte.md.

Everything is checked before anything is written, and everything is written in one transaction:
a faulty file changes nothing, and the message names the file and the place in it.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from beteiligung.models import (
    Beschluss,
    Beteiligungsart,
    Beteiligungsformat,
    Gremium,
    Stellungnahme,
)
from massnahmen.models import Organisation

from . import baum, uebersetzung
from .models import (
    Barriere,
    Begriff,
    Edition,
    Kennzahl,
    Landkreis,
    Rechtsgrundlage,
    Seite,
    Seitenabschnitt,
    Uebersetzbar,
    Uebersetzungsstatus,
)


class InhaltFehler(Exception):
    """A content file cannot be loaded; the message names the file, the item and the fault."""


@dataclass(frozen=True)
class Tabelle:
    """One kind of table in a content file."""

    model: type[models.Model]
    kinder: dict[str, "Tabelle"] = field(default_factory=dict)
    # Set from the parent, or from the order in the file, never written in the file.
    verwaltet: frozenset[str] = frozenset({"id", "position"})
    mit_herkunft: bool = False
    # Fields that name other rows (by key, name or year) instead of holding a value: their
    # expected type. They are resolved once every file is read.
    bezuege: dict[str, type] = field(default_factory=dict)


@dataclass
class Knoten:
    """One table of a file, checked but not yet saved."""

    tabelle: Tabelle
    instanz: models.Model
    ort: str
    herkunft: list[str] = field(default_factory=list)
    bezuege: dict = field(default_factory=dict)
    kinder: dict[str, list["Knoten"]] = field(default_factory=dict)


def _baum_tabelle(ebene: baum.Ebene) -> Tabelle:
    """A level of the plan's tree as a table, its children as konzept/baum.py describes them."""
    bezuege = {"federfuehrung": str, "partner": list} if ebene.name == "massnahme" else {}
    return Tabelle(
        ebene.model,
        kinder={kind.name: _baum_tabelle(kind) for kind in baum.kind_ebenen(ebene.name)},
        verwaltet=frozenset({"id", "position"}),
        mit_herkunft=ebene.mit_herkunft,
        bezuege=bezuege,
    )


EDITION = Tabelle(
    Edition,
    kinder={
        "kennzahl": Tabelle(Kennzahl),
        "rechtsgrundlage": Tabelle(Rechtsgrundlage),
        "beteiligungsformat": Tabelle(Beteiligungsformat, bezuege={"art": str}),
        "beschluss": Tabelle(Beschluss, verwaltet=frozenset({"id"}), bezuege={"gremium": str}),
        "stellungnahme": Tabelle(Stellungnahme, verwaltet=frozenset({"id"})),
        "themenfeld": _baum_tabelle(baum.ebene("themenfeld")),
    },
    verwaltet=frozenset({"id"}),
    bezuege={"vorgaenger": int},
)
LANDKREIS = Tabelle(Landkreis, verwaltet=frozenset({"id"}))
SEITE = Tabelle(
    Seite,
    kinder={"abschnitt": Tabelle(Seitenabschnitt), "barriere": Tabelle(Barriere)},
    verwaltet=frozenset({"id"}),
)
# The lists of a page's parts that translation files translate item by item, in their order.
SEITE_TEILE = {"abschnitt": Seitenabschnitt, "barriere": Barriere}
BETEILIGUNGSART = Tabelle(Beteiligungsart)
GREMIUM = Tabelle(Gremium)
# The sections a content file may have.
ABSCHNITTE = {"landkreis", "begriff", "beteiligungsart", "gremium", "seite", "edition"}

# Which Python values a file may give for a field of each kind.
ERLAUBTE_TYPEN = {
    models.BooleanField: (bool,),
    models.DateField: (datetime.date, str),
    models.DecimalField: (str, int, float),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
}

# Files written before the kinds of participation were data name them by these keys; where a
# district's files define no kinds of their own, these are created as they were then named.
ALTE_BETEILIGUNGSARTEN = {
    "verwaltung": {"name": gettext_lazy("Verwaltung – Fragebogen")},
    "extern": {"name": gettext_lazy("Externe Akteur*innen – Workshops")},
    "kmv": {
        "name": gettext_lazy("Kommunale Migrationsvertretung (KMV)"),
        "kurzname": gettext_lazy("KMV"),
        "kennzeichen": gettext_lazy("Vorschlag der KMV"),
        "migrationsvertretung": True,
    },
    "politik": {"name": gettext_lazy("Politik")},
}


@dataclass
class Dokument:
    """A content file, checked."""

    datei: Path
    landkreis: Knoten | None = None
    begriffe: list[Begriff] = field(default_factory=list)
    arten: list[Knoten] = field(default_factory=list)
    gremien: list[Knoten] = field(default_factory=list)
    seiten: list[Knoten] = field(default_factory=list)
    edition: Knoten | None = None


def inhalte_laden(*, dateien: list[Path], ersetzen: bool = False) -> list[str]:
    """Loads content and translation files in one transaction and returns what was done.

    Existing content is left alone unless `ersetzen` is set, so loading twice changes
    nothing and edits made in the browser survive a second `make run`.
    """
    # Content is read and written in the source language: modeltranslation puts a value
    # given by its plain field name into the active language.
    with translation.override(settings.LANGUAGE_CODE):
        return _laden([(datei, _datei_lesen(datei)) for datei in dateien], ersetzen)


def daten_pruefen(quellen: list[tuple[Path, dict]]) -> list["Dokument"]:
    """Checks content given as data (name, the file's structure), as a file is checked; e.g.
    the rows of a spreadsheet (konzept/vorlage.py). Writes nothing."""
    with translation.override(settings.LANGUAGE_CODE):
        dokumente = [_dokument_pruefen(datei, daten) for datei, daten in quellen]
        _bezuege_pruefen(dokumente)
    return dokumente


def daten_laden(*, quellen: list[tuple[Path, dict]], ersetzen: bool = False) -> list[str]:
    """Loads content given as data, checked and written exactly as a file's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _laden(quellen, ersetzen)


def dateien_aus(angabe: str | Path) -> list[Path]:
    """The files a setting or argument names: a file, or a folder with its `*.toml` files and
    those of its `uebersetzungen/` folder (translations are optional)."""
    pfad = Path(angabe)
    if pfad.is_dir():
        return [*sorted(pfad.glob("*.toml")), *sorted((pfad / "uebersetzungen").glob("*.toml"))]
    return [pfad]


def _laden(gelesen: list[tuple[Path, dict]], ersetzen: bool) -> list[str]:
    quellen = [(datei, daten) for datei, daten in gelesen if "sprache" not in daten]
    uebersetzungen = [(datei, daten) for datei, daten in gelesen if "sprache" in daten]
    dokumente = [_dokument_pruefen(datei, daten) for datei, daten in quellen]
    _bezuege_pruefen(dokumente)
    for datei, daten in uebersetzungen:
        _uebersetzung_pruefen(datei, daten)
    bericht = []
    with transaction.atomic():
        for dokument in dokumente:
            if dokument.landkreis:
                bericht.append(_landkreis_speichern(dokument.landkreis, ersetzen))
            bericht.extend(_begriff_speichern(begriff, ersetzen) for begriff in dokument.begriffe)
            bericht.extend(_nach_key_speichern(knoten, ersetzen) for knoten in dokument.arten)
            bericht.extend(_nach_key_speichern(knoten, ersetzen) for knoten in dokument.gremien)
            bericht.extend(_seite_speichern(seite, ersetzen) for seite in dokument.seiten)
        _alte_arten_anlegen(dokumente)
        # Older editions first: a newer one names its predecessor.
        mit_edition = [dokument for dokument in dokumente if dokument.edition]
        for dokument in sorted(mit_edition, key=lambda d: d.edition.instanz.jahr):
            bericht.append(_edition_speichern(dokument, ersetzen))
        for datei, daten in uebersetzungen:
            bericht.append(_uebersetzung_speichern(datei, daten, ersetzen))
    return [zeile for zeile in bericht if zeile]


# Reading and checking.


def _datei_lesen(datei: Path) -> dict:
    try:
        with open(datei, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as fehler:
        raise InhaltFehler(_("%(datei)s: Datei nicht gefunden.") % {"datei": datei}) from fehler
    except IsADirectoryError as fehler:
        raise InhaltFehler(_("%(datei)s: ein Ordner, keine Datei.") % {"datei": datei}) from fehler
    except tomllib.TOMLDecodeError as fehler:
        # The message names line and column.
        raise InhaltFehler(
            _("%(datei)s: keine gültige TOML-Datei: %(fehler)s")
            % {"datei": datei.name, "fehler": fehler}
        ) from fehler
    except UnicodeDecodeError as fehler:
        raise InhaltFehler(
            _("%(datei)s: Die Datei ist nicht UTF-8-kodiert.") % {"datei": datei.name}
        ) from fehler


def _fehler(datei: Path, ort: str, meldung: str) -> InhaltFehler:
    return InhaltFehler(
        _("%(datei)s: %(ort)s: %(meldung)s") % {"datei": datei.name, "ort": ort, "meldung": meldung}
    )


def _dokument_pruefen(datei: Path, daten: dict) -> Dokument:
    if unbekannt := set(daten) - ABSCHNITTE:
        raise InhaltFehler(
            _("%(datei)s: unbekannte Abschnitte: %(namen)s (erlaubt: %(erlaubt)s)")
            % {
                "datei": datei.name,
                "namen": ", ".join(sorted(unbekannt)),
                "erlaubt": ", ".join(sorted(ABSCHNITTE | {"sprache"})),
            }
        )
    if not daten:
        raise InhaltFehler(_("%(datei)s: Die Datei ist leer.") % {"datei": datei.name})
    dokument = Dokument(datei)
    if "landkreis" in daten:
        dokument.landkreis = _tabelle_pruefen(datei, LANDKREIS, daten["landkreis"], "landkreis")
        _ein_landkreis(datei, dokument.landkreis.instanz)
    if "begriff" in daten:
        dokument.begriffe = _begriffe_pruefen(datei, daten["begriff"])
    for name, tabelle, ziel in (
        ("beteiligungsart", BETEILIGUNGSART, dokument.arten),
        ("gremium", GREMIUM, dokument.gremien),
        ("seite", SEITE, dokument.seiten),
    ):
        ziel.extend(
            _tabelle_pruefen(datei, tabelle, eintrag, f"{name}[{nummer}]")
            for nummer, eintrag in enumerate(_liste(datei, daten.get(name, []), name), 1)
        )
    for knoten in (dokument.arten, dokument.gremien):
        _eindeutig(datei, knoten, "key")
    for seite in dokument.seiten:
        if seite.kinder["barriere"] and seite.instanz.art != Seite.Art.BARRIEREFREIHEIT:
            raise _fehler(
                datei, seite.ort, _("Barrieren nennt nur die Erklärung zur Barrierefreiheit.")
            )
    _hoechstens_eins(datei, dokument.arten, "migrationsvertretung")
    _hoechstens_eins(datei, dokument.gremien, "beschliesst")
    if "edition" in daten:
        dokument.edition = _tabelle_pruefen(datei, EDITION, daten["edition"], "edition")
        _schluessel_pruefen(datei, dokument.edition)
    return dokument


def _ein_landkreis(datei: Path, landkreis: Landkreis):
    """One district per installation: another district's files are refused whole."""
    vorhanden = Landkreis.aktuell()
    if vorhanden is not None and vorhanden.name != landkreis.name:
        raise InhaltFehler(
            _(
                "%(datei)s: Diese Installation gehört dem Landkreis „%(vorhanden)s“; die Datei "
                "beschreibt „%(neu)s“. Je Installation gibt es einen Landkreis; nichts wurde "
                "geladen."
            )
            % {"datei": datei.name, "vorhanden": vorhanden.name, "neu": landkreis.name}
        )


def _liste(datei: Path, wert, ort: str) -> list:
    if not isinstance(wert, list) or not all(isinstance(eintrag, dict) for eintrag in wert):
        raise InhaltFehler(
            _("%(datei)s: %(ort)s muss eine Liste von Tabellen sein ([[%(ort)s]]).")
            % {"datei": datei.name, "ort": ort}
        )
    return wert


def _begriffe_pruefen(datei: Path, daten) -> list[Begriff]:
    """The district's words: every level of the plan, each with singular and plural."""
    ebenen = dict(Begriff.Ebene.choices)
    if not isinstance(daten, dict):
        raise _fehler(datei, "begriff", _("muss eine Tabelle je Ebene sein."))
    if unbekannt := set(daten) - set(ebenen):
        raise _fehler(
            datei,
            "begriff",
            _("unbekannte Ebenen: %(namen)s (bekannt: %(ebenen)s)")
            % {"namen": ", ".join(sorted(unbekannt)), "ebenen": ", ".join(ebenen)},
        )
    if fehlend := [ebene for ebene in baum.NAMEN if ebene not in daten]:
        raise _fehler(
            datei,
            "begriff",
            _("Es fehlen Wörter für diese Ebenen: %(namen)s.") % {"namen": ", ".join(fehlend)},
        )
    begriffe = []
    for ebene, woerter in daten.items():
        ort = f"begriff.{ebene}"
        if not isinstance(woerter, dict) or set(woerter) != {"einzahl", "mehrzahl"}:
            raise _fehler(datei, ort, _("braucht genau „einzahl“ und „mehrzahl“."))
        if not all(isinstance(wort, str) and wort.strip() for wort in woerter.values()):
            raise _fehler(datei, ort, _("„einzahl“ und „mehrzahl“ müssen Texte sein."))
        begriffe.append(Begriff(ebene=ebene, **woerter))
    return begriffe


def _tabelle_pruefen(datei: Path, tabelle: Tabelle, daten, ort: str) -> Knoten:
    if not isinstance(daten, dict):
        raise InhaltFehler(
            _("%(datei)s: %(ort)s muss eine Tabelle sein.") % {"datei": datei.name, "ort": ort}
        )
    # A spreadsheet names its rows itself (konzept/vorlage.py); a file names the path.
    daten = dict(daten)
    ort = daten.pop("_ort", None) or ort
    if "key" in daten and "Zeile" not in ort:
        ort = f"{ort} ({daten['key']})"
    felder = {
        feld.name: feld
        for feld in tabelle.model._meta.concrete_fields
        if feld.editable and not feld.is_relation and feld.name not in tabelle.verwaltet
    }
    erlaubt = {*felder, *tabelle.kinder, *tabelle.bezuege}
    if tabelle.mit_herkunft:
        erlaubt.add("herkunft")
    if unbekannt := set(daten) - erlaubt:
        raise _fehler(
            datei,
            ort,
            _("unbekannte Felder: %(namen)s (erlaubt: %(erlaubt)s)")
            % {"namen": ", ".join(sorted(unbekannt)), "erlaubt": ", ".join(sorted(erlaubt))},
        )
    werte = {}
    for name, wert in daten.items():
        if name not in felder:
            continue
        erwartet = next(
            (typen for art, typen in ERLAUBTE_TYPEN.items() if isinstance(felder[name], art)),
            (str,),
        )
        if (isinstance(wert, bool) and bool not in erwartet) or not isinstance(wert, erwartet):
            raise _fehler(
                datei,
                ort,
                _("Feld „%(feld)s“ hat einen unpassenden Wert: %(wert)r")
                % {"feld": name, "wert": wert},
            )
        werte[name] = wert
    instanz = tabelle.model(**werte)
    ausgenommen = [
        feld.name
        for feld in tabelle.model._meta.concrete_fields
        if feld.is_relation or feld.name in tabelle.verwaltet
    ]
    try:
        instanz.full_clean(exclude=ausgenommen, validate_unique=False, validate_constraints=False)
    except ValidationError as fehler:
        meldungen = "; ".join(
            f"{name}: {' '.join(texte)}" for name, texte in fehler.message_dict.items()
        )
        raise _fehler(datei, ort, meldungen) from fehler
    herkunft = daten.get("herkunft", [])
    if not isinstance(herkunft, list) or not all(isinstance(key, str) for key in herkunft):
        raise _fehler(datei, ort, _("„herkunft“ muss eine Liste von Schlüsseln sein."))
    bezuege = {}
    for name, typ in tabelle.bezuege.items():
        if name not in daten:
            continue
        wert = daten[name]
        gueltig = isinstance(wert, typ) and not isinstance(wert, bool)
        if typ is list:
            gueltig = gueltig and all(isinstance(teil, str) and teil.strip() for teil in wert)
        if not gueltig:
            raise _fehler(
                datei,
                ort,
                _("Feld „%(feld)s“ hat einen unpassenden Wert: %(wert)r")
                % {"feld": name, "wert": wert},
            )
        bezuege[name] = wert
    knoten = Knoten(tabelle=tabelle, instanz=instanz, ort=ort, herkunft=herkunft, bezuege=bezuege)
    for name, kind_tabelle in tabelle.kinder.items():
        knoten.kinder[name] = [
            _tabelle_pruefen(datei, kind_tabelle, kind, f"{ort} → {name}[{nummer}]")
            for nummer, kind in enumerate(_liste(datei, daten.get(name, []), f"{ort} → {name}"), 1)
        ]
    return knoten


def alle(knoten: Knoten, name: str) -> list[Knoten]:
    gefunden = []
    for kind_name, kinder in knoten.kinder.items():
        for kind in kinder:
            if kind_name == name:
                gefunden.append(kind)
            gefunden.extend(alle(kind, name))
    return gefunden


def _eindeutig(datei: Path, knoten: list[Knoten], feld: str):
    gesehen = set()
    for eintrag in knoten:
        wert = getattr(eintrag.instanz, feld)
        if wert in gesehen:
            raise _fehler(
                datei,
                eintrag.ort,
                _("„%(wert)s“ kommt mehrfach vor (%(feld)s).") % {"wert": wert, "feld": feld},
            )
        if wert:
            gesehen.add(wert)


def _hoechstens_eins(datei: Path, knoten: list[Knoten], feld: str):
    markiert = [eintrag for eintrag in knoten if getattr(eintrag.instanz, feld)]
    if len(markiert) > 1:
        raise _fehler(
            datei,
            markiert[1].ort,
            _("„%(feld)s“ darf nur bei einem Eintrag gesetzt sein.") % {"feld": feld},
        )


def _schluessel_pruefen(datei: Path, edition: Knoten):
    """Keys identify items across editions, so each kind's keys are unique in the edition; so
    are the numbers shown to readers."""
    for name in ("kennzahl", "rechtsgrundlage", "beteiligungsformat", *baum.NAMEN):
        elemente = alle(edition, name)
        _eindeutig(datei, elemente, "key")
        if name in baum.NAMEN:
            _eindeutig(datei, elemente, "nummer")
    formate = {knoten.instanz.key for knoten in edition.kinder["beteiligungsformat"]}
    for ebene in baum.EBENEN:
        for knoten in alle(edition, ebene.name):
            for key in knoten.herkunft:
                if key not in formate:
                    raise _fehler(
                        datei,
                        knoten.ort,
                        _(
                            "Herkunft „%(key)s“ ist kein Beteiligungsformat dieser Ausgabe "
                            "(bekannt: %(formate)s)."
                        )
                        % {"key": key, "formate": ", ".join(sorted(formate))},
                    )


def _bezuege_pruefen(dokumente: list[Dokument]):
    """What files name by key or year exists: in these files or already in the database."""
    arten = {k.instanz.key for d in dokumente for k in d.arten}
    arten |= set(Beteiligungsart.objects.values_list("key", flat=True))
    # Files of today's format name the kinds they had before kinds were data.
    if not arten:
        arten = set(ALTE_BETEILIGUNGSARTEN)
    gremien = {k.instanz.key for d in dokumente for k in d.gremien}
    gremien |= set(Gremium.objects.values_list("key", flat=True))
    jahre = {d.edition.instanz.jahr for d in dokumente if d.edition}
    if len(jahre) < len([d for d in dokumente if d.edition]):
        raise InhaltFehler(_("Zwei Dateien beschreiben dieselbe Ausgabe."))
    jahre |= set(Edition.objects.values_list("jahr", flat=True))
    for dokument in dokumente:
        if dokument.edition is None:
            continue
        edition = dokument.edition
        for knoten in edition.kinder["beteiligungsformat"]:
            if knoten.bezuege.get("art") not in arten:
                raise _fehler(
                    dokument.datei,
                    knoten.ort,
                    _("„art“ nennt keine Beteiligungsart (bekannt: %(arten)s).")
                    % {"arten": ", ".join(sorted(arten))},
                )
        for knoten in edition.kinder["beschluss"]:
            if knoten.bezuege.get("gremium") not in gremien:
                raise _fehler(
                    dokument.datei,
                    knoten.ort,
                    _("„gremium“ nennt kein Gremium (bekannt: %(gremien)s).")
                    % {"gremien": ", ".join(sorted(gremien)) or "–"},
                )
        vorgaenger = edition.bezuege.get("vorgaenger")
        if vorgaenger is not None and (
            vorgaenger not in jahre or vorgaenger >= edition.instanz.jahr
        ):
            raise _fehler(
                dokument.datei,
                edition.ort,
                _("„vorgaenger“ muss eine frühere, vorhandene Ausgabe sein (%(jahr)s).")
                % {"jahr": vorgaenger},
            )


# Writing.


def _landkreis_speichern(knoten: Knoten, ersetzen: bool) -> str:
    vorhanden = Landkreis.aktuell()
    if vorhanden and not ersetzen:
        return _("Landkreis „%(name)s“ ist bereits geladen; unverändert.") % {
            "name": vorhanden.name
        }
    if vorhanden:
        knoten.instanz.pk = vorhanden.pk
    knoten.instanz.save()
    return _("Landkreis „%(name)s“ geladen.") % {"name": knoten.instanz.name}


def _begriff_speichern(begriff: Begriff, ersetzen: bool) -> str:
    vorhanden = Begriff.objects.filter(ebene=begriff.ebene).first()
    if vorhanden and not ersetzen:
        return ""
    if vorhanden:
        begriff.pk = vorhanden.pk
    begriff.save()
    return _("Begriff „%(wort)s“ geladen.") % {"wort": begriff.einzahl}


def _nach_key_speichern(knoten: Knoten, ersetzen: bool) -> str:
    """A kind of participation or a body, found again by its key."""
    instanz = knoten.instanz
    model = type(instanz)
    vorhanden = model.objects.filter(key=instanz.key).first()
    if vorhanden and not ersetzen:
        return ""
    if vorhanden:
        instanz.pk, instanz.position = vorhanden.pk, vorhanden.position
    else:
        instanz.position = (
            model.objects.aggregate(models.Max("position"))["position__max"] or 0
        ) + 1
    instanz.save()
    return _("%(art)s „%(name)s“ geladen.") % {"art": model._meta.verbose_name, "name": instanz}


def _alte_arten_anlegen(dokumente: list[Dokument]):
    """Files of today's format name the kinds of participation by their old keys; where the
    district has no kinds of its own, those are created, named in every language as before."""
    if Beteiligungsart.objects.exists():
        return
    genannt = {
        knoten.bezuege["art"]
        for dokument in dokumente
        if dokument.edition
        for knoten in dokument.edition.kinder["beteiligungsformat"]
    }
    for position, (key, angaben) in enumerate(ALTE_BETEILIGUNGSARTEN.items(), 1):
        if key not in genannt:
            continue
        art = Beteiligungsart(
            key=key,
            position=position,
            migrationsvertretung=angaben.get("migrationsvertretung", False),
        )
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for feld in ("name", "kurzname", "kennzeichen"):
                    if feld in angaben:
                        setattr(art, build_localized_fieldname(feld, code), str(angaben[feld]))
        art.uebersetzungsstand = {
            code: {"status": Uebersetzungsstatus.GEPRUEFT, "quelle": art.quell_fingerabdruck()}
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        }
        art.save()


def _seite_speichern(knoten: Knoten, ersetzen: bool) -> str:
    seite = knoten.instanz
    vorhanden = Seite.objects.filter(art=seite.art).first()
    if vorhanden and not ersetzen:
        return _("Seite „%(titel)s“ ist bereits geladen; unverändert.") % {"titel": seite.titel}
    if vorhanden:
        vorhanden.delete()
    seite.save()
    for teil in SEITE_TEILE:
        _kinder_speichern(knoten, teil, seite=seite)
    return _("Seite „%(titel)s“ geladen.") % {"titel": seite.titel}


def _edition_speichern(dokument: Dokument, ersetzen: bool) -> str:
    knoten, datei = dokument.edition, dokument.datei
    edition = knoten.instanz
    vorhanden = Edition.objects.filter(jahr=edition.jahr).first()
    if vorhanden and not ersetzen:
        return _("Ausgabe %(jahr)s ist bereits geladen; unverändert (--ersetzen lädt neu).") % {
            "jahr": edition.jahr
        }
    if vorhanden:
        if hasattr(vorhanden, "nachfolger"):
            raise InhaltFehler(
                _(
                    "%(datei)s: Ausgabe %(jahr)s hat bereits eine Nachfolgerin und kann nicht "
                    "ersetzt werden."
                )
                % {"datei": datei.name, "jahr": edition.jahr}
            )
        edition.vorgaenger = vorhanden.vorgaenger
        vorhanden.delete()
    if "vorgaenger" in knoten.bezuege:
        edition.vorgaenger = Edition.objects.get(jahr=knoten.bezuege["vorgaenger"])
    edition.save()
    _kinder_speichern(knoten, "kennzahl", edition=edition)
    _kinder_speichern(knoten, "rechtsgrundlage", edition=edition)
    arten = {art.key: art for art in Beteiligungsart.objects.all()}
    gremien = {gremium.key: gremium for gremium in Gremium.objects.all()}
    formate = {}
    for format_knoten in knoten.kinder["beteiligungsformat"]:
        format_knoten.instanz.art = arten[format_knoten.bezuege["art"]]
    for format in _kinder_speichern(knoten, "beteiligungsformat", edition=edition):
        formate[format.key] = format
    for beschluss_knoten in knoten.kinder["beschluss"]:
        beschluss = beschluss_knoten.instanz
        beschluss.edition, beschluss.gremium = edition, gremien[beschluss_knoten.bezuege["gremium"]]
        beschluss.save()
    for stellungnahme_knoten in knoten.kinder["stellungnahme"]:
        stellungnahme_knoten.instanz.edition = edition
        stellungnahme_knoten.instanz.save()
    organisationen: dict[str, Organisation] = {}

    def organisation(name: str) -> Organisation:
        name = name.strip()
        if name not in organisationen:
            organisationen[name] = Organisation.objects.get_or_create(name=name)[0]
        return organisationen[name]

    def baum_speichern(eltern_knoten: Knoten, eltern, themenfeld):
        for name in eltern_knoten.tabelle.kinder:
            ebene = baum.ebene(name)
            eltern_feld = ebene.eltern_feld_fuer(eltern)
            for kind_knoten in eltern_knoten.kinder[name]:
                if "federfuehrung" in kind_knoten.bezuege:
                    kind_knoten.instanz.federfuehrung = organisation(
                        kind_knoten.bezuege["federfuehrung"]
                    )
            for kind_knoten, kind in _paare(
                eltern_knoten,
                name,
                _kinder_speichern(
                    eltern_knoten,
                    name,
                    **{eltern_feld: eltern},
                    **(
                        {"themenfeld": themenfeld}
                        if themenfeld and eltern_feld != "themenfeld"
                        else {}
                    ),
                ),
            ):
                if ebene.mit_herkunft:
                    kind.herkunft.set([formate[key] for key in kind_knoten.herkunft])
                if name == "massnahme":
                    kind.partner.set(
                        [organisation(name) for name in kind_knoten.bezuege.get("partner", [])]
                    )
                baum_speichern(kind_knoten, kind, themenfeld or kind)

    felder = _kinder_speichern(knoten, "themenfeld", edition=edition)
    for feld_knoten, themenfeld in _paare(knoten, "themenfeld", felder):
        baum_speichern(feld_knoten, themenfeld, themenfeld)
    return _("Ausgabe %(jahr)s geladen: %(anzahl)s Maßnahmen.") % {
        "jahr": edition.jahr,
        "anzahl": len(alle(knoten, "massnahme")),
    }


def _kinder_speichern(knoten: Knoten, name: str, **eltern) -> list[models.Model]:
    gespeichert = []
    for position, kind in enumerate(knoten.kinder.get(name, []), 1):
        instanz = kind.instanz
        for feld, wert in eltern.items():
            setattr(instanz, feld, wert)
        # The order in the file is the order on the page.
        if "position" in kind.tabelle.verwaltet:
            instanz.position = position
        instanz.save()
        gespeichert.append(instanz)
    return gespeichert


def _paare(knoten: Knoten, name: str, instanzen: list[models.Model]):
    return zip(knoten.kinder.get(name, []), instanzen, strict=True)


# Translation files name items by kind and key; the edition itself has a section of its own.
UEBERSETZUNGS_ARTEN = {art: model for art, model in uebersetzung.ARTEN.items() if art != "edition"}
# Rows of the district found by their key in translation files.
DISTRIKT_ARTEN = {"beteiligungsart": Beteiligungsart, "gremium": Gremium}


def _uebersetzung_pruefen(datei: Path, daten: dict):
    """A translation file: `sprache`, then per item its translated fields (see docs/inhalte.md)."""
    sprache = daten["sprache"]
    sprachen = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    if sprache not in sprachen:
        raise InhaltFehler(
            _("%(datei)s: Sprache „%(sprache)s“ ist nicht eingestellt (möglich: %(sprachen)s).")
            % {"datei": datei.name, "sprache": sprache, "sprachen": ", ".join(sprachen)}
        )
    erlaubt = {"sprache", "landkreis", "edition", "seite", "begriff", *DISTRIKT_ARTEN}
    erlaubt |= set(UEBERSETZUNGS_ARTEN)
    if unbekannt := set(daten) - erlaubt:
        raise InhaltFehler(
            _("%(datei)s: unbekannte Abschnitte: %(namen)s")
            % {"datei": datei.name, "namen": ", ".join(sorted(unbekannt))}
        )
    for art, model in [
        ("landkreis", Landkreis),
        ("edition", Edition),
        ("seite", Seite),
        ("begriff", Begriff),
        *DISTRIKT_ARTEN.items(),
        *UEBERSETZUNGS_ARTEN.items(),
    ]:
        eintraege = {"": daten[art]} if art == "landkreis" and art in daten else daten.get(art, {})
        if not isinstance(eintraege, dict):
            raise InhaltFehler(
                _("%(datei)s: %(ort)s muss eine Tabelle sein.") % {"datei": datei.name, "ort": art}
            )
        felder = set(translator.get_options_for_model(model).fields)
        for key, werte in eintraege.items():
            ort = f"{art}.{key}" if key else art
            zusatz = set(SEITE_TEILE) if art == "seite" else set()
            _uebersetzte_felder_pruefen(datei, ort, werte, felder, zusatz)
            for teil in zusatz & set(werte):
                teil_felder = set(translator.get_options_for_model(SEITE_TEILE[teil]).fields)
                for nummer, teil_werte in enumerate(_liste(datei, werte[teil], f"{ort}.{teil}"), 1):
                    _uebersetzte_felder_pruefen(
                        datei, f"{ort}.{teil}[{nummer}]", teil_werte, teil_felder, set()
                    )


def _uebersetzte_felder_pruefen(datei: Path, ort: str, werte, felder: set, zusatz: set):
    if not isinstance(werte, dict) or set(werte) - felder - zusatz:
        raise InhaltFehler(
            _("%(datei)s: %(ort)s: nur diese Felder sind übersetzbar: %(felder)s")
            % {"datei": datei.name, "ort": ort, "felder": ", ".join(sorted(felder))}
        )
    if not all(isinstance(wert, str) for name, wert in werte.items() if name in felder):
        raise InhaltFehler(
            _("%(datei)s: %(ort)s: Übersetzungen müssen Texte sein.")
            % {"datei": datei.name, "ort": ort}
        )


def _uebersetzung_speichern(datei: Path, daten: dict, ersetzen: bool) -> str:
    """Sets the texts of one language as machine translations, item by item, by key."""
    sprache = daten["sprache"]
    geaendert: dict[type, list] = {}

    def setzen(objekt, werte, ort):
        if objekt is None:
            raise InhaltFehler(
                _("%(datei)s: %(ort)s: kein Element mit diesem Schlüssel.")
                % {"datei": datei.name, "ort": ort}
            )
        werte = {feld: wert for feld, wert in werte.items() if feld not in SEITE_TEILE}
        vorhanden = any(getattr(objekt, build_localized_fieldname(feld, sprache)) for feld in werte)
        if vorhanden and not ersetzen:
            return
        if isinstance(objekt, Uebersetzbar):
            objekt.uebersetzung_setzen(sprache, werte, Uebersetzungsstatus.MASCHINELL)
        else:
            for feld, wert in werte.items():
                setattr(objekt, build_localized_fieldname(feld, sprache), wert)
        geaendert.setdefault(type(objekt), []).append(objekt)

    if "landkreis" in daten:
        setzen(Landkreis.aktuell(), daten["landkreis"], "landkreis")
    for ebene, werte in daten.get("begriff", {}).items():
        setzen(Begriff.objects.filter(ebene=ebene).first(), werte, f"begriff.{ebene}")
    for art, model in DISTRIKT_ARTEN.items():
        for key, werte in daten.get(art, {}).items():
            setzen(model.objects.filter(key=key).first(), werte, f"{art}.{key}")
    for art, werte in daten.get("seite", {}).items():
        seite = Seite.objects.filter(art=art).first()
        setzen(seite, werte, f"seite.{art}")
        # Sections and barriers are translated by their place in the page.
        for teil, model in SEITE_TEILE.items():
            vorhanden = list(model.objects.filter(seite=seite).order_by("position"))
            for nummer, teil_werte in enumerate(werte.get(teil, []), 1):
                objekt = vorhanden[nummer - 1] if nummer <= len(vorhanden) else None
                setzen(objekt, teil_werte, f"seite.{art}.{teil}[{nummer}]")
    for jahr, werte in daten.get("edition", {}).items():
        edition = Edition.objects.filter(jahr=int(jahr) if jahr.isdigit() else 0).first()
        setzen(edition, werte, f"edition.{jahr}")
        vorhanden = {(e.art, e.key): e.objekt for e in uebersetzung.elemente(edition)}
        for art in UEBERSETZUNGS_ARTEN:
            for key, werte_art in daten.get(art, {}).items():
                setzen(vorhanden.get((art, key)), werte_art, f"{art}.{key}")
    for model, objekte in geaendert.items():
        felder = [
            build_localized_fieldname(feld, sprache)
            for feld in translator.get_options_for_model(model).fields
        ]
        if issubclass(model, Uebersetzbar):
            felder.append("uebersetzungsstand")
        # Straight to the database: translations are not part of the source's history.
        model.objects.bulk_update(objekte, felder)
    return _("Übersetzung %(sprache)s: %(anzahl)s Elemente geladen.") % {
        "sprache": sprache,
        "anzahl": sum(len(objekte) for objekte in geaendert.values()),
    }


def eingestellte_dateien() -> list[Path]:
    """The files the setting INHALTE names."""
    return [datei for angabe in settings.INHALTE for datei in dateien_aus(angabe)]
