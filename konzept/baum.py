"""The plan's tree, described once: its levels, where each may sit, what names an item.

Every feature that walks the plan (pages, editing, search, comparison, translation, loading,
open data, PDF, comments, spreadsheets) asks here instead of knowing the levels itself. What a
district calls a level is data (`konzept.Begriff`, read through `konzept.begriffe`); which
levels a district uses is simply what its content holds: a field without overarching goals,
measures straight under a field or under a goal without sub-goals.

This module is part of the base layer: it names the models by label and imports no app.
"""

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps


@dataclass(frozen=True)
class Ebene:
    """One level of the plan."""

    name: str
    modell: str
    # The foreign keys to the item this one hangs under, the nearest first: an item sits under
    # the first one that is set (a measure under its sub-goal, else its goal, else its field).
    eltern: tuple[str, ...]
    titel: str
    # Further texts of the item, besides its title.
    texte: tuple[str, ...] = ()
    # Items record the participation formats they came from (provenance).
    mit_herkunft: bool = True
    # Items have a page of their own; the others are shown at an anchor on their field's page.
    eigene_seite: bool = False

    @cached_property
    def model(self):
        return apps.get_model(self.modell)

    @property
    def edition_pfad(self) -> str:
        """The ORM path from an item of this level to its edition."""
        return "edition" if self.name == "themenfeld" else "themenfeld__edition"

    @property
    def themenfeld_pfad(self) -> str | None:
        return None if self.name == "themenfeld" else "themenfeld"

    def eltern_von(self, objekt):
        """The item this one hangs under (the edition, for a field)."""
        for name in self.eltern:
            if getattr(objekt, f"{name}_id", None) is not None:
                return getattr(objekt, name)
        return None

    def eltern_feld_von(self, objekt) -> str:
        """The name of the foreign key this item hangs by."""
        return next(
            (name for name in self.eltern if getattr(objekt, f"{name}_id", None) is not None),
            self.eltern[-1],
        )

    def eltern_feld_fuer(self, eltern) -> str:
        """The foreign key by which an item of this level hangs under `eltern`."""
        return next(
            name
            for name in self.eltern
            if self.model._meta.get_field(name).related_model is type(eltern)
        )

    def liste(self, objekt) -> dict:
        """A filter for the list an item sits in (it and its siblings), read from its foreign
        keys; works on history records too."""
        feld = self.eltern_feld_von(objekt)
        return self._liste(feld, getattr(objekt, f"{feld}_id"))

    def liste_unter(self, eltern) -> dict:
        """A filter for the list of items of this level straight under `eltern`."""
        return self._liste(self.eltern_feld_fuer(eltern), eltern.pk)

    def _liste(self, feld: str, eltern_id) -> dict:
        # Under a field means: not under one of its goals or sub-goals.
        naeher = self.eltern[: self.eltern.index(feld)]
        return {f"{feld}_id": eltern_id, **{f"{name}__isnull": True for name in naeher}}

    def themenfeld_von(self, objekt):
        return objekt if self.name == "themenfeld" else objekt.themenfeld

    def edition_von(self, objekt):
        return self.themenfeld_von(objekt).edition

    def pfad(self, objekt) -> list:
        """The items above this one, from its field down (without the edition)."""
        if self.name == "themenfeld":
            return []
        kette = []
        eltern = self.eltern_von(objekt)
        while eltern is not None and eltern._meta.model_name != "themenfeld":
            kette.insert(0, eltern)
            ebene = ebene_von(eltern)
            # Every item knows its field: the walk stops before it and takes the item's own
            # (already loaded) field instead of loading it again through each parent.
            if ebene.eltern_feld_von(eltern) == "themenfeld":
                break
            eltern = ebene.eltern_von(eltern)
        return [self.themenfeld_von(objekt), *kette]

    def anker(self, objekt) -> str:
        return f"{self.name}-{objekt.pk}"

    def seite(self, objekt) -> str:
        """The page that shows the item: its own, or its field's."""
        if self.eigene_seite or self.name == "themenfeld":
            return objekt.get_absolute_url()
        return self.themenfeld_von(objekt).get_absolute_url()

    def adresse(self, objekt) -> str:
        """The item on its page: the page itself, or the page at the item's anchor."""
        if self.eigene_seite or self.name == "themenfeld":
            return objekt.get_absolute_url()
        return f"{self.seite(objekt)}#{self.anker(objekt)}"

    def begriff(self):
        """The district's words for this level, in the active language."""
        from .begriffe import begriffe

        return begriffe()[self.name]


# In reading order: a field, its goals, its sub-goals, and the measures under any of them.
EBENEN = (
    Ebene(
        "themenfeld",
        "themenfelder.Themenfeld",
        eltern=("edition",),
        titel="titel",
        texte=("beschreibung",),
        mit_herkunft=False,
    ),
    Ebene("leitziel", "themenfelder.Leitziel", eltern=("themenfeld",), titel="text"),
    Ebene("teilziel", "themenfelder.Teilziel", eltern=("themenfeld",), titel="titel"),
    Ebene(
        "massnahme",
        "massnahmen.Massnahme",
        eltern=("teilziel", "leitziel", "themenfeld"),
        titel="titel",
        texte=("beschreibung", "indikatoren"),
        eigene_seite=True,
    ),
)
NAMEN = tuple(ebene.name for ebene in EBENEN)


def ebene(name: str) -> Ebene:
    return next(ebene for ebene in EBENEN if ebene.name == name)


def ebene_von(objekt) -> Ebene:
    """The level of an item (or of a model class)."""
    return ebene(objekt._meta.model_name)


def kind_ebenen(name: str) -> list[Ebene]:
    """The levels whose items may hang under an item of this level."""
    return [ebene for ebene in EBENEN if name in ebene.eltern]
