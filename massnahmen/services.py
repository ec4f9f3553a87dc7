"""Writes on measures that span several models: applying a spreadsheet import."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from konzept.bearbeitung import VersionKonflikt, element_speichern, historie_schreiben, quellsprache

from . import tabellen
from .models import Massnahme, Umsetzungsnotiz


class ImportKonflikt(Exception):
    """Something changed between preview and confirmation; nothing was applied."""


def massnahmen_importieren(*, edition, plan: list[dict], user, sprache: str) -> int:
    """Applies a checked import all or nothing; each measure gets one history record.

    `plan` holds per measure its key, the version the preview was made against, and the new
    values (see tabellen.Zeilenplan). A measure changed since then stops the whole import.
    """
    grund = _("Tabellenimport")
    with transaction.atomic():
        for eintrag in plan:
            massnahme = (
                Massnahme.objects.in_edition(edition)
                .select_for_update(of=("self",))
                .filter(key=eintrag["key"])
                .first()
            )
            if massnahme is None or massnahme.version != eintrag["version"]:
                raise ImportKonflikt(_veraendert(massnahme, eintrag["key"]))
            werte = eintrag["werte"]
            if any(name in werte for name in tabellen.FORMULARFELDER):
                _speichern(massnahme, werte, eintrag["version"], user, grund)
            if stand := werte.get("umsetzungsstand"):
                notiz = Umsetzungsnotiz(
                    massnahme=massnahme,
                    datum=datetime.date.fromisoformat(stand["datum"]),
                    text=stand["text"],
                    sprache=sprache,
                    autor=user,
                )
                notiz.full_clean()
                notiz._historie_gebuendelt = True
                notiz.save()
                historie_schreiben(notiz, "+", user, grund)
    return len(plan)


def _speichern(massnahme, werte, version, user, grund):
    konflikt = None
    with quellsprache():
        form = tabellen.formular(massnahme, werte, version)
        gueltig = form.is_valid()
        if gueltig:
            try:
                element_speichern(form=form, user=user, version=version, grund=grund)
            except VersionKonflikt as fehler:
                konflikt = fehler
    # Messages outside `quellsprache()`, in the reader's language.
    if not gueltig:
        raise ImportKonflikt(
            _("Die Werte für „%(titel)s“ sind inzwischen ungültig; nichts wurde übernommen.")
            % {"titel": massnahme.quelltext("titel")}
        )
    if konflikt is not None:
        raise ImportKonflikt(_veraendert(konflikt.gespeichert, massnahme.key)) from konflikt


def _veraendert(massnahme, key) -> str:
    return _(
        "Die Maßnahme „%(titel)s“ wurde nach der Vorschau geändert oder gelöscht; nichts wurde "
        "übernommen. Bitte exportieren Sie die Tabelle neu."
    ) % {"titel": massnahme.quelltext("titel") if massnahme else key}
