"""Writes on measures that span several models: applying a spreadsheet import."""

from django.db import transaction
from django.utils.translation import gettext as _

from konzept.bearbeitung import VersionKonflikt, element_speichern, historie_schreiben, quellsprache

from . import tabellen
from .forms import UmsetzungsnotizForm
from .models import Massnahme


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
                _bericht_anlegen(massnahme, stand, user, sprache, grund)
    return len(plan)


def _bericht_anlegen(massnahme, stand, user, sprache, grund):
    """A new dated Umsetzungsstand, checked by the same form as in the browser."""
    form = UmsetzungsnotizForm({"datum": stand["datum"], "text": stand["text"]})
    if not form.is_valid():
        raise ImportKonflikt(
            _("Der Umsetzungsstand für „%(titel)s“ ist ungültig: %(fehler)s")
            % {"titel": massnahme.quelltext("titel"), "fehler": tabellen.fehlertext(form)}
        )
    notiz = form.save(commit=False)
    notiz.massnahme, notiz.autor, notiz.sprache = massnahme, user, sprache
    notiz._historie_gebuendelt = True
    notiz.save()
    historie_schreiben(notiz, "+", user, grund)


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
