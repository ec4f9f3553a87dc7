"""What stored text looks like: line breaks as LF, direction controls in pairs.

Line breaks. Browsers send the lines of a textarea separated by CRLF (the HTML standard says
so); XML parsers read CRLF back as LF. A text stored with CRLF therefore came back from its own
XLIFF export as a different text, and the German source seemed changed. So: forms turn CRLF and
lone CR into LF before they validate (a length counts what the browser counted), every save of
the content apps does the same (the admin, the shell, loaders), and a data migration mends what
was stored before.

Direction controls. Text in Arabic or Persian may embed a Latin name with Unicode's explicit
direction controls. An override (LRO, RLO) shows letters in another order than they are stored,
the trick behind spoofed text; an embedding or isolate left open runs on into what follows.
`richtungszeichen_fehler` refuses both; marks (LRM, RLM, ALM) and closed pairs are fine.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from .models import fingerabdruck

# The apps whose texts are content (as for the content version in betrieb.py).
TEXT_APPS = {"konzept", "themenfelder", "massnahmen", "beteiligung"}


def vereinheitlichen(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def formulardaten_vereinheitlichen(daten, ausser: set[str] = frozenset()):
    """Submitted form data (a QueryDict or a dict) with LF line breaks in every value but
    those named in `ausser` (passwords are taken as typed); a copy where anything changed."""
    if hasattr(daten, "lists"):
        if not any(isinstance(w, str) and "\r" in w for _n, werte in daten.lists() for w in werte):
            return daten
        kopie = daten.copy()
        for name, werte in daten.lists():
            if name not in ausser:
                kopie.setlist(name, [_text(wert) for wert in werte])
        return kopie
    return {name: wert if name in ausser else _text(wert) for name, wert in (daten or {}).items()}


def _text(wert):
    return vereinheitlichen(wert) if isinstance(wert, str) else wert


def _textfelder(model) -> list[str]:
    return [
        feld.attname
        for feld in model._meta.concrete_fields
        if isinstance(feld, (models.CharField, models.TextField))
    ]


def vor_dem_speichern(sender, instance, **kwargs):
    if sender._meta.app_label not in TEXT_APPS:
        return
    for name in _textfelder(sender):
        wert = getattr(instance, name)
        if isinstance(wert, str) and "\r" in wert:
            setattr(instance, name, vereinheitlichen(wert))


def verbinden():
    pre_save.connect(vor_dem_speichern, dispatch_uid="zeilenenden_vereinheitlichen")


def gespeichertes_vereinheitlichen(apps, app_label: str) -> None:
    """For a data migration: LF in every text column of the app's models (history included).

    The fingerprint of a German source that changes only in its line breaks is renewed in each
    translation that was made from it, so that no translation becomes outdated by this.
    """
    quellsprache = settings.LANGUAGE_CODE
    for model in apps.get_app_config(app_label).get_models():
        felder = _textfelder(model)
        if not felder:
            continue
        namen = {feld.name for feld in model._meta.concrete_fields}
        if "uebersetzungsstand" in namen:
            # The translatable fields are those with a column per language (modeltranslation).
            uebersetzbar = sorted(
                name
                for name in namen
                if all(f"{name}_{code}" in namen for code, _name in settings.LANGUAGES)
            )
            _fingerabdruecke_erneuern(model, uebersetzbar, quellsprache)
        for name in felder:
            model._base_manager.filter(**{f"{name}__contains": "\r"}).update(
                **{
                    name: Replace(
                        Replace(F(name), Value("\r\n"), Value("\n")), Value("\r"), Value("\n")
                    )
                }
            )


def _fingerabdruecke_erneuern(model, uebersetzbar: list[str], quellsprache: str) -> None:
    spalten = [f"{feld}_{quellsprache}" for feld in uebersetzbar]
    mit_cr = models.Q()
    for spalte in spalten:
        mit_cr |= models.Q(**{f"{spalte}__contains": "\r"})
    for zeile in model._base_manager.filter(mit_cr).values("pk", "uebersetzungsstand", *spalten):
        texte = [zeile[spalte] or "" for spalte in spalten]
        alt = fingerabdruck(texte)
        neu = fingerabdruck(vereinheitlichen(text) for text in texte)
        stand = {
            sprache: {**eintrag, "quelle": neu} if eintrag.get("quelle") == alt else eintrag
            for sprache, eintrag in (zeile["uebersetzungsstand"] or {}).items()
        }
        model._base_manager.filter(pk=zeile["pk"]).update(uebersetzungsstand=stand)


# Unicode's explicit direction controls (UAX #9): what opens, and what closes it.
UEBERSCHREIBEN = {"\u202d", "\u202e"}  # LRO, RLO
OEFFNEN = {
    "\u202a": "\u202c",  # LRE … PDF
    "\u202b": "\u202c",  # RLE … PDF
    "\u2066": "\u2069",  # LRI … PDI
    "\u2067": "\u2069",  # RLI … PDI
    "\u2068": "\u2069",  # FSI … PDI
}
SCHLIESSEN = set(OEFFNEN.values())


def richtungszeichen_fehler(text: str) -> str | None:
    """Why the text's direction controls cannot be stored, or None."""
    offen: list[str] = []
    for zeichen in text:
        if zeichen in UEBERSCHREIBEN:
            return _(
                "enthält das Steuerzeichen U+%(code)04X, das die Schreibrichtung überschreibt: "
                "Der Text würde anders angezeigt, als er gespeichert ist"
            ) % {"code": ord(zeichen)}
        if zeichen in OEFFNEN:
            offen.append(OEFFNEN[zeichen])
        elif zeichen in SCHLIESSEN and (not offen or offen.pop() != zeichen):
            return _(
                "enthält das Steuerzeichen U+%(code)04X, das eine Einbettung der Schreibrichtung "
                "schließt, die nicht geöffnet wurde"
            ) % {"code": ord(zeichen)}
    if offen:
        return _(
            "enthält Steuerzeichen der Schreibrichtung, die eine Einbettung öffnen und nicht "
            "schließen: Sie würde in den folgenden Text hineinwirken"
        )
    return None
