"""The district's own words for the levels of its plan and for its migrant council.

A district calls its fields Themenfelder, Handlungsfelder or Bereiche, its goals übergeordnete
Ziele or strategische Ziele, its migrant council KMV, Integrationsrat or Beirat. These words are
data (`Begriff`, `Beteiligungsart`) with translations; where a district has no word of its own,
the built-in one stands, translated by the interface catalogues.

The rows are read once per content version and process (every change of content raises the
version), so a page asks the database for them at most once.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

# The built-in words: singular and plural.
VORGABEN = {
    "themenfeld": (_("Themenfeld"), _("Themenfelder")),
    "leitziel": (_("Übergeordnetes Ziel"), _("Übergeordnete Ziele")),
    "teilziel": (_("Teilziel"), _("Teilziele")),
    "massnahme": (_("Maßnahme"), _("Maßnahmen")),
    "querschnittsfeld": (_("Querschnittsfeld"), _("Querschnittsfelder")),
}
MIGRATIONSVERTRETUNG_VORGABE = pgettext_lazy("Migrationsvertretung", "Migrationsvertretung")


@dataclass(frozen=True)
class Wort:
    einzahl: str
    mehrzahl: str

    def __str__(self):
        return self.einzahl


@dataclass(frozen=True)
class Migrationsvertretung:
    """The district's migrant council, as its participation channel names it."""

    name: str
    kurzname: str
    kennzeichen: str

    def __str__(self):
        return self.kurzname or self.name


# (content version, rows) of this process.
_gelesen: tuple[int, dict] | None = None


def _zeilen() -> dict:
    from .betrieb import inhaltsstand

    global _gelesen
    version = inhaltsstand()
    gelesen = _gelesen
    if gelesen is None or gelesen[0] != version:
        Begriff = apps.get_model("konzept", "Begriff")
        Beteiligungsart = apps.get_model("beteiligung", "Beteiligungsart")
        Landkreis = apps.get_model("konzept", "Landkreis")
        gelesen = _gelesen = (
            version,
            {
                "landkreis": Landkreis.aktuell(),
                "begriffe": {begriff.ebene: begriff for begriff in Begriff.objects.all()},
                "migrationsvertretung": Beteiligungsart.objects.filter(
                    migrationsvertretung=True
                ).first(),
            },
        )
    return gelesen[1]


def landkreis():
    """The district as every page shows it (name, office, address), read once per content
    version like its words (issue 20.3). For reading only: a form that changes the district
    reads it with `Landkreis.aktuell()`."""
    return _zeilen()["landkreis"]


@receiver(post_save, sender="konzept.Landkreis")
@receiver(post_delete, sender="konzept.Landkreis")
@receiver(post_save, sender="konzept.Begriff")
@receiver(post_delete, sender="konzept.Begriff")
@receiver(post_save, sender="beteiligung.Beteiligungsart")
@receiver(post_delete, sender="beteiligung.Beteiligungsart")
def vergessen(**kwargs):
    """Forgets the rows read: the process that changes them sees the change at once (others
    when the content version rises, after the change is committed)."""
    global _gelesen
    _gelesen = None


def _text(objekt, feld: str, sprache: str) -> str:
    return getattr(objekt, build_localized_fieldname(feld, sprache), "") or getattr(
        objekt, build_localized_fieldname(feld, settings.LANGUAGE_CODE), ""
    )


def begriffe(sprache: str | None = None) -> dict[str, Wort]:
    """The words for every level in a language (the active one by default)."""
    sprache = sprache or get_language() or settings.LANGUAGE_CODE
    eigene = _zeilen()["begriffe"]
    woerter = {}
    for ebene, (einzahl, mehrzahl) in VORGABEN.items():
        begriff = eigene.get(ebene)
        if begriff is None:
            woerter[ebene] = Wort(str(einzahl), str(mehrzahl))
        else:
            woerter[ebene] = Wort(
                _text(begriff, "einzahl", sprache), _text(begriff, "mehrzahl", sprache)
            )
    return woerter


def migrationsvertretung(sprache: str | None = None) -> Migrationsvertretung | None:
    """The migrant council in a language, or None where the district has none as a channel."""
    sprache = sprache or get_language() or settings.LANGUAGE_CODE
    art = _zeilen()["migrationsvertretung"]
    if art is None:
        return None
    return Migrationsvertretung(
        name=_text(art, "name", sprache),
        kurzname=_text(art, "kurzname", sprache),
        kennzeichen=_text(art, "kennzeichen", sprache),
    )


def deutsche_rueckfaelle(sprache: str) -> list[str]:
    """The district's own words that have no translation into this language: they stand in
    German in its pages, and konzept/sprachstellen.py marks them as German there."""
    zeilen = _zeilen()
    eintraege = [(begriff, ("einzahl", "mehrzahl")) for begriff in zeilen["begriffe"].values()]
    if zeilen["migrationsvertretung"] is not None:
        eintraege.append((zeilen["migrationsvertretung"], ("name", "kurzname")))
    woerter = []
    for objekt, felder in eintraege:
        for feld in felder:
            deutsch = getattr(objekt, build_localized_fieldname(feld, settings.LANGUAGE_CODE), "")
            if deutsch and not getattr(objekt, build_localized_fieldname(feld, sprache), ""):
                woerter.append(deutsch)
    return woerter


def _wort(ebene: str, form: str) -> str:
    return getattr(begriffe()[ebene], form)


# The district's word as a lazy string, for labels defined at import time (column headers).
wort_lazy = lazy(_wort, str)
