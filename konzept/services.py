"""Writes that span several models: loading a district's content from its data files."""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from beteiligung.models import Beteiligungsformat
from konzept import uebersetzung
from konzept.bearbeitung import historie_schreiben
from konzept.models import (
    Edition,
    Kennzahl,
    Landkreis,
    Rechtsgrundlage,
    Seite,
    Seitenabschnitt,
    Uebersetzbar,
    Uebersetzungsstatus,
)
from massnahmen.models import Massnahme
from themenfelder.models import Leitziel, Teilziel, Themenfeld


class InhaltFehler(Exception):
    """A content file cannot be loaded; the message names the file, the item and the fault."""


@dataclass
class Knoten:
    """One table of the file, validated but not yet saved."""

    instanz: models.Model
    ort: str
    herkunft: list[str] = field(default_factory=list)
    kinder: dict[str, list["Knoten"]] = field(default_factory=dict)


@dataclass(frozen=True)
class Ebene:
    model: type[models.Model]
    kinder: dict[str, "Ebene"] = field(default_factory=dict)
    # Set from the parent, or from the order in the file, never written in the file.
    verwaltet: frozenset[str] = frozenset({"id", "position"})
    mit_herkunft: bool = False


MASSNAHME = Ebene(
    Massnahme,
    verwaltet=frozenset({"id", "position", "teilziel", "federfuehrung"}),
    mit_herkunft=True,
)
TEILZIEL = Ebene(
    Teilziel,
    kinder={"massnahme": MASSNAHME},
    verwaltet=frozenset({"id", "position", "themenfeld"}),
    mit_herkunft=True,
)
LEITZIEL = Ebene(Leitziel, verwaltet=frozenset({"id", "position", "themenfeld"}), mit_herkunft=True)
EDITION = Ebene(
    Edition,
    kinder={
        "kennzahl": Ebene(Kennzahl, verwaltet=frozenset({"id", "position", "edition"})),
        "rechtsgrundlage": Ebene(
            Rechtsgrundlage, verwaltet=frozenset({"id", "position", "edition"})
        ),
        "beteiligungsformat": Ebene(
            Beteiligungsformat, verwaltet=frozenset({"id", "position", "edition"})
        ),
        "themenfeld": Ebene(
            Themenfeld,
            kinder={"leitziel": LEITZIEL, "teilziel": TEILZIEL},
            verwaltet=frozenset({"id", "position", "edition"}),
        ),
    },
    verwaltet=frozenset({"id", "vorgaenger"}),
)
LANDKREIS = Ebene(Landkreis, verwaltet=frozenset({"id"}))
SEITE = Ebene(
    Seite,
    kinder={"abschnitt": Ebene(Seitenabschnitt, verwaltet=frozenset({"id", "position", "seite"}))},
)

# Which Python values a file may give for a field of each kind.
ERLAUBTE_TYPEN = {
    models.BooleanField: (bool,),
    models.DateField: (datetime.date, str),
    models.DecimalField: (str, int, float),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
}


def inhalte_laden(*, dateien: list[Path], ersetzen: bool = False) -> list[str]:
    """Loads district and edition files in one transaction and returns what was done.

    Existing content is left alone unless `ersetzen` is set, so loading twice changes
    nothing and edits made in the browser survive a second `make run`.
    """
    # Content is read and written in the source language: modeltranslation puts a value
    # given by its plain field name into the active language.
    with translation.override(settings.LANGUAGE_CODE):
        return _inhalte_laden(dateien, ersetzen)


def _inhalte_laden(dateien: list[Path], ersetzen: bool) -> list[str]:
    dokumente = [(datei, _datei_lesen(datei)) for datei in dateien]
    quellen = [(datei, daten) for datei, daten in dokumente if "sprache" not in daten]
    uebersetzungen = [(datei, daten) for datei, daten in dokumente if "sprache" in daten]
    geprueft = [(datei, _dokument_pruefen(datei, daten)) for datei, daten in quellen]
    for datei, daten in uebersetzungen:
        _uebersetzung_pruefen(datei, daten)
    bericht = []
    with transaction.atomic():
        for datei, (landkreis, seiten, edition) in geprueft:
            if landkreis:
                bericht.append(_landkreis_speichern(landkreis, ersetzen))
            bericht.extend(_seite_speichern(seite, ersetzen) for seite in seiten)
            if edition:
                bericht.append(_edition_speichern(datei, edition, ersetzen))
        for datei, daten in uebersetzungen:
            bericht.append(_uebersetzung_speichern(datei, daten, ersetzen))
    return bericht


# Translation files name items by kind and key; the edition itself has a section of its own.
UEBERSETZUNGS_ARTEN = {art: model for art, model in uebersetzung.ARTEN.items() if art != "edition"}


def _uebersetzung_pruefen(datei: Path, daten: dict):
    """A translation file: `sprache`, then per item its translated fields (see README)."""
    sprache = daten["sprache"]
    sprachen = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    if sprache not in sprachen:
        raise InhaltFehler(
            _("%(datei)s: Sprache „%(sprache)s“ ist nicht eingestellt (möglich: %(sprachen)s).")
            % {"datei": datei.name, "sprache": sprache, "sprachen": ", ".join(sprachen)}
        )
    erlaubt = {"sprache", "landkreis", "edition", "seite", *UEBERSETZUNGS_ARTEN}
    if unbekannt := set(daten) - erlaubt:
        raise InhaltFehler(
            _("%(datei)s: unbekannte Abschnitte: %(namen)s")
            % {"datei": datei.name, "namen": ", ".join(sorted(unbekannt))}
        )
    for art, model in [
        ("landkreis", Landkreis),
        ("edition", Edition),
        ("seite", Seite),
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
            zusatz = {"abschnitt"} if art == "seite" else set()
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
        werte = {feld: wert for feld, wert in werte.items() if feld != "abschnitt"}
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
    for art, werte in daten.get("seite", {}).items():
        seite = Seite.objects.filter(art=art).first()
        setzen(seite, werte, f"seite.{art}")
        abschnitte = list(seite.abschnitte.all())
        for nummer, abschnitt_werte in enumerate(werte.get("abschnitt", []), 1):
            abschnitt = abschnitte[nummer - 1] if nummer <= len(abschnitte) else None
            setzen(abschnitt, abschnitt_werte, f"seite.{art}.abschnitt[{nummer}]")
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


def _datei_lesen(datei: Path) -> dict:
    try:
        with open(datei, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as fehler:
        raise InhaltFehler(_("%(datei)s: Datei nicht gefunden.") % {"datei": datei}) from fehler
    except tomllib.TOMLDecodeError as fehler:
        raise InhaltFehler(
            _("%(datei)s: keine gültige TOML-Datei: %(fehler)s")
            % {"datei": datei.name, "fehler": fehler}
        ) from fehler
    except UnicodeDecodeError as fehler:
        raise InhaltFehler(
            _("%(datei)s: Die Datei ist nicht UTF-8-kodiert.") % {"datei": datei.name}
        ) from fehler


def _dokument_pruefen(datei: Path, daten: dict):
    unbekannt = set(daten) - {"landkreis", "seite", "edition"}
    if unbekannt:
        raise InhaltFehler(
            _("%(datei)s: unbekannte Abschnitte: %(namen)s")
            % {"datei": datei.name, "namen": ", ".join(sorted(unbekannt))}
        )
    if not unbekannt and not daten:
        raise InhaltFehler(_("%(datei)s: Die Datei ist leer.") % {"datei": datei.name})
    landkreis = seiten = edition = None
    if "landkreis" in daten:
        landkreis = _tabelle_pruefen(datei, LANDKREIS, daten["landkreis"], "landkreis")
    seiten = [
        _tabelle_pruefen(datei, SEITE, tabelle, f"seite[{nummer}]")
        for nummer, tabelle in enumerate(_liste(datei, daten.get("seite", []), "seite"), 1)
    ]
    if "edition" in daten:
        edition = _tabelle_pruefen(datei, EDITION, daten["edition"], "edition")
        _schluessel_pruefen(datei, edition)
    return landkreis, seiten, edition


def _liste(datei: Path, wert, ort: str) -> list:
    if not isinstance(wert, list) or not all(isinstance(eintrag, dict) for eintrag in wert):
        raise InhaltFehler(
            _("%(datei)s: %(ort)s muss eine Liste von Tabellen sein ([[%(ort)s]]).")
            % {"datei": datei.name, "ort": ort}
        )
    return wert


def _tabelle_pruefen(datei: Path, ebene: Ebene, tabelle, ort: str) -> Knoten:
    if not isinstance(tabelle, dict):
        raise InhaltFehler(
            _("%(datei)s: %(ort)s muss eine Tabelle sein.") % {"datei": datei.name, "ort": ort}
        )
    if "key" in tabelle:
        ort = f"{ort} ({tabelle['key']})"
    felder = {
        feld.name: feld
        for feld in ebene.model._meta.concrete_fields
        if feld.editable and feld.name not in ebene.verwaltet
    }
    erlaubt = set(felder) | set(ebene.kinder) | ({"herkunft"} if ebene.mit_herkunft else set())
    unbekannt = set(tabelle) - erlaubt
    if unbekannt:
        raise InhaltFehler(
            _("%(datei)s: %(ort)s: unbekannte Felder: %(namen)s (erlaubt: %(erlaubt)s)")
            % {
                "datei": datei.name,
                "ort": ort,
                "namen": ", ".join(sorted(unbekannt)),
                "erlaubt": ", ".join(sorted(erlaubt)),
            }
        )
    werte = {}
    for name, wert in tabelle.items():
        if name not in felder:
            continue
        erwartet = next(
            (typen for art, typen in ERLAUBTE_TYPEN.items() if isinstance(felder[name], art)),
            (str,),
        )
        if (isinstance(wert, bool) and bool not in erwartet) or not isinstance(wert, erwartet):
            raise InhaltFehler(
                _("%(datei)s: %(ort)s: Feld „%(feld)s“ hat einen unpassenden Wert: %(wert)r")
                % {"datei": datei.name, "ort": ort, "feld": name, "wert": wert}
            )
        werte[name] = wert
    instanz = ebene.model(**werte)
    try:
        instanz.full_clean(
            exclude=ebene.verwaltet, validate_unique=False, validate_constraints=False
        )
    except ValidationError as fehler:
        meldungen = "; ".join(
            f"{name}: {' '.join(texte)}" for name, texte in fehler.message_dict.items()
        )
        raise InhaltFehler(
            _("%(datei)s: %(ort)s: %(meldungen)s")
            % {"datei": datei.name, "ort": ort, "meldungen": meldungen}
        ) from fehler
    herkunft = tabelle.get("herkunft", [])
    if not isinstance(herkunft, list) or not all(isinstance(key, str) for key in herkunft):
        raise InhaltFehler(
            _("%(datei)s: %(ort)s: „herkunft“ muss eine Liste von Schlüsseln sein.")
            % {"datei": datei.name, "ort": ort}
        )
    knoten = Knoten(instanz=instanz, ort=ort, herkunft=herkunft)
    for name, kind_ebene in ebene.kinder.items():
        knoten.kinder[name] = [
            _tabelle_pruefen(datei, kind_ebene, kind, f"{ort} → {name}[{nummer}]")
            for nummer, kind in enumerate(
                _liste(datei, tabelle.get(name, []), f"{ort} → {name}"), 1
            )
        ]
    return knoten


def _alle(knoten: Knoten, name: str) -> list[Knoten]:
    gefunden = []
    for kind_name, kinder in knoten.kinder.items():
        for kind in kinder:
            if kind_name == name:
                gefunden.append(kind)
            gefunden.extend(_alle(kind, name))
    return gefunden


def _schluessel_pruefen(datei: Path, edition: Knoten):
    """Keys identify items across editions, so each kind's keys are unique in the edition."""
    for name in (
        "kennzahl",
        "rechtsgrundlage",
        "beteiligungsformat",
        "themenfeld",
        "leitziel",
        "teilziel",
        "massnahme",
    ):
        gesehen = set()
        for knoten in _alle(edition, name):
            key = knoten.instanz.key
            if key in gesehen:
                raise InhaltFehler(
                    _("%(datei)s: %(ort)s: Schlüssel „%(key)s“ kommt mehrfach vor.")
                    % {"datei": datei.name, "ort": knoten.ort, "key": key}
                )
            gesehen.add(key)
    formate = {knoten.instanz.key for knoten in edition.kinder["beteiligungsformat"]}
    for name in ("leitziel", "teilziel", "massnahme"):
        for knoten in _alle(edition, name):
            for key in knoten.herkunft:
                if key not in formate:
                    raise InhaltFehler(
                        _(
                            "%(datei)s: %(ort)s: Herkunft „%(key)s“ ist kein Beteiligungsformat "
                            "dieser Ausgabe (bekannt: %(formate)s)."
                        )
                        % {
                            "datei": datei.name,
                            "ort": knoten.ort,
                            "key": key,
                            "formate": ", ".join(sorted(formate)),
                        }
                    )


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


def _seite_speichern(knoten: Knoten, ersetzen: bool) -> str:
    seite = knoten.instanz
    vorhanden = Seite.objects.filter(art=seite.art).first()
    if vorhanden and not ersetzen:
        return _("Seite „%(titel)s“ ist bereits geladen; unverändert.") % {"titel": seite.titel}
    if vorhanden:
        vorhanden.delete()
    seite.save()
    _kinder_speichern(knoten, "abschnitt", seite=seite)
    return _("Seite „%(titel)s“ geladen.") % {"titel": seite.titel}


def _edition_speichern(datei: Path, knoten: Knoten, ersetzen: bool) -> str:
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
    edition.save()
    _kinder_speichern(knoten, "kennzahl", edition=edition)
    _kinder_speichern(knoten, "rechtsgrundlage", edition=edition)
    formate = {
        format.key: format
        for format in _kinder_speichern(knoten, "beteiligungsformat", edition=edition)
    }
    for themenfeld_knoten, themenfeld in _paare(
        knoten, "themenfeld", _kinder_speichern(knoten, "themenfeld", edition=edition)
    ):
        for name in ("leitziel", "teilziel"):
            for ziel_knoten, ziel in _paare(
                themenfeld_knoten,
                name,
                _kinder_speichern(themenfeld_knoten, name, themenfeld=themenfeld),
            ):
                ziel.herkunft.set([formate[key] for key in ziel_knoten.herkunft])
                if name == "teilziel":
                    for massnahme_knoten, massnahme in _paare(
                        ziel_knoten,
                        "massnahme",
                        _kinder_speichern(ziel_knoten, "massnahme", teilziel=ziel),
                    ):
                        massnahme.herkunft.set([formate[key] for key in massnahme_knoten.herkunft])
    return _("Ausgabe %(jahr)s geladen: %(anzahl)s Maßnahmen.") % {
        "jahr": edition.jahr,
        "anzahl": len(_alle(knoten, "massnahme")),
    }


def _kinder_speichern(knoten: Knoten, name: str, **eltern) -> list[models.Model]:
    gespeichert = []
    for position, kind in enumerate(knoten.kinder[name], 1):
        instanz = kind.instanz
        for feld, wert in eltern.items():
            setattr(instanz, feld, wert)
        instanz.position = position
        instanz.save()
        gespeichert.append(instanz)
    return gespeichert


def _paare(knoten: Knoten, name: str, instanzen: list[models.Model]):
    return zip(knoten.kinder[name], instanzen, strict=True)


class EditionFehler(Exception):
    """The next edition cannot be started; the message says why."""


def edition_fortschreiben(*, vorgaenger: Edition, jahr: int, user) -> Edition:
    """Starts the next edition as a complete draft copy; every item keeps its key."""
    if not vorgaenger.ist_beschlossen:
        raise EditionFehler(
            _(
                "Nur eine beschlossene Ausgabe kann fortgeschrieben werden; %(jahr)s ist ein "
                "Entwurf."
            )
            % {"jahr": vorgaenger.jahr}
        )
    _fortschreibung_frei(vorgaenger, jahr)
    try:
        return _fortschreiben(vorgaenger, jahr, user)
    except IntegrityError:
        # Two starts at once, both past the check: the second copy meets the first's year or
        # its predecessor; the check now says which.
        _fortschreibung_frei(vorgaenger, jahr)
        raise


def _fortschreibung_frei(vorgaenger: Edition, jahr: int):
    """Refuses a year that has an edition, and a predecessor that has a successor."""
    if Edition.objects.filter(jahr=jahr).exists():
        raise EditionFehler(_("Für %(jahr)s gibt es bereits eine Ausgabe.") % {"jahr": jahr})
    if Edition.objects.filter(vorgaenger=vorgaenger).exists():
        raise EditionFehler(
            _("Die Ausgabe %(jahr)s wurde bereits fortgeschrieben.") % {"jahr": vorgaenger.jahr}
        )


def _fortschreiben(vorgaenger: Edition, jahr: int, user) -> Edition:
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        titel = {
            build_localized_fieldname("titel", code): (
                getattr(vorgaenger, build_localized_fieldname("titel", code)) or ""
            ).replace(str(vorgaenger.jahr), str(jahr))
            for code, _name in settings.LANGUAGES
        }
        edition = _kopie(
            vorgaenger,
            jahr=jahr,
            titel=titel[build_localized_fieldname("titel", settings.LANGUAGE_CODE)],
            status=Edition.Status.ENTWURF,
            vorgaenger=vorgaenger,
            beschlossen_am=None,
            user=user,
            **titel,
        )
        # Only the year changed, in every language alike: the translations still match.
        edition.uebersetzungsstand = {
            sprache: {**stand, "quelle": edition.quell_fingerabdruck()}
            for sprache, stand in edition.uebersetzungsstand.items()
        }
        edition.save_without_historical_record(update_fields=["uebersetzungsstand"])
        for kennzahl in vorgaenger.kennzahlen.prefetch_related("zeitreihe"):
            neue_kennzahl = _kopie(kennzahl, edition=edition, user=user)
            for eintrag in kennzahl.zeitreihe.all():
                _kopie(eintrag, kennzahl=neue_kennzahl, user=user)
        for grundlage in vorgaenger.rechtsgrundlagen.all():
            _kopie(grundlage, edition=edition, user=user)
        formate = {
            format.pk: _kopie(format, edition=edition, user=user)
            for format in vorgaenger.beteiligungsformate.all()
        }
        themenfelder = vorgaenger.themenfelder.prefetch_related(
            "leitziele__herkunft",
            "teilziele__herkunft",
            "teilziele__massnahmen__herkunft",
            "teilziele__massnahmen__partner",
            "teilziele__massnahmen__umsetzungsnotizen",
            "teilziele__massnahmen__indikatoren_liste__messwerte",
            "leitziele__indikatoren__messwerte",
        )
        for themenfeld in themenfelder:
            neues_feld = _kopie(themenfeld, edition=edition, user=user)
            for leitziel in themenfeld.leitziele.all():
                neues_ziel = _kopie(leitziel, themenfeld=neues_feld, user=user)
                neues_ziel.herkunft.set([formate[f.pk] for f in leitziel.herkunft.all()])
                _indikatoren_kopieren(leitziel.indikatoren.all(), user, leitziel=neues_ziel)
            for teilziel in themenfeld.teilziele.all():
                neues_teilziel = _kopie(teilziel, themenfeld=neues_feld, user=user)
                neues_teilziel.herkunft.set([formate[f.pk] for f in teilziel.herkunft.all()])
                for massnahme in teilziel.massnahmen.all():
                    neue = _kopie(massnahme, teilziel=neues_teilziel, user=user)
                    neue.herkunft.set([formate[f.pk] for f in massnahme.herkunft.all()])
                    neue.partner.set(massnahme.partner.all())
                    for notiz in massnahme.umsetzungsnotizen.all():
                        _kopie(notiz, massnahme=neue, user=user)
                    _indikatoren_kopieren(massnahme.indikatoren_liste.all(), user, massnahme=neue)
    return edition


def _indikatoren_kopieren(indikatoren, user, **bezug):
    """Indicators with their values: the implementation state at the moment of the copy
    (issue 15.8). Keys stay, so the comparison finds each indicator again."""
    for indikator in indikatoren:
        neuer = _kopie(indikator, user=user, **bezug)
        for messwert in indikator.messwerte.all():
            _kopie(messwert, indikator=neuer, user=user)


def _kopie(objekt, *, user, **aenderungen):
    """A new row with the same values; the original stays as it is."""
    werte = {
        feld.attname: getattr(objekt, feld.attname)
        for feld in objekt._meta.concrete_fields
        if not feld.primary_key
    }
    kopie = type(objekt)(**werte)
    if hasattr(kopie, "version"):
        kopie.version = 1
    for name, wert in aenderungen.items():
        setattr(kopie, name, wert)
    kopie._history_user = user
    kopie.save()
    return kopie


def edition_status_aendern(*, edition: Edition, status: str, grund: str, user) -> Edition:
    """Moves an edition one step along its workflow; a step back needs a reason.

    Adoption is not a step here: it follows from a Kreistag decision (beschluss_erfassen).
    """
    if status == edition.voriger_status:
        if not grund.strip():
            raise EditionFehler(_("Ein Schritt zurück braucht eine Begründung."))
    elif status != edition.naechster_status:
        raise EditionFehler(
            _("Von „%(von)s“ geht es nicht zu „%(nach)s“; Schritte lassen sich nicht überspringen.")
            % {
                "von": edition.get_status_display(),
                "nach": dict(Edition.Status.choices).get(status, status),
            }
        )
    with transaction.atomic():
        edition.status = status
        edition.version += 1
        edition._historie_gebuendelt = True
        edition.save(update_fields=["status", "version"])
        del edition._historie_gebuendelt
        historie_schreiben(edition, "~", user, grund.strip())
    return edition
