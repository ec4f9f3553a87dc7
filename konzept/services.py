"""Writes that span several models: the next edition as a copy, the edition's workflow."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from konzept.bearbeitung import historie_schreiben
from konzept.models import (
    Edition,
)
from konzept.rollen import edition_bearbeitbar
from themenfelder.models import Leitziel, Teilziel


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
            "massnahmen__herkunft",
            "massnahmen__partner",
            "massnahmen__umsetzungsnotizen",
            "massnahmen__indikatoren_liste__messwerte",
            "leitziele__indikatoren__messwerte",
        )
        for themenfeld in themenfelder:
            neues_feld = _kopie(themenfeld, edition=edition, user=user)
            # The goals and sub-goals first: a measure hangs under its copy of either.
            neue_ziele = {}
            for ziel in [*themenfeld.leitziele.all(), *themenfeld.teilziele.all()]:
                neues_ziel = _kopie(
                    ziel,
                    themenfeld=neues_feld,
                    user=user,
                    m2m={"herkunft": [formate[f.pk] for f in ziel.herkunft.all()]},
                )
                neue_ziele[(type(ziel), ziel.pk)] = neues_ziel
            for leitziel in themenfeld.leitziele.all():
                _indikatoren_kopieren(
                    leitziel.indikatoren.all(), user, leitziel=neue_ziele[(Leitziel, leitziel.pk)]
                )
            for massnahme in themenfeld.massnahmen.all():
                neue = _kopie(
                    massnahme,
                    themenfeld=neues_feld,
                    leitziel=neue_ziele.get((Leitziel, massnahme.leitziel_id)),
                    teilziel=neue_ziele.get((Teilziel, massnahme.teilziel_id)),
                    user=user,
                    m2m={
                        "herkunft": [formate[f.pk] for f in massnahme.herkunft.all()],
                        "partner": list(massnahme.partner.all()),
                    },
                )
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


def _kopie(objekt, *, user, m2m=None, **aenderungen):
    """A new row with the same values; the original stays as it is. With `m2m` (relation →
    items) the copy and its relations are one history record, as an edit is: restoring the
    copy's state then brings its relations back too."""
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
    if m2m is None:
        kopie._history_user = user
        kopie.save()
        return kopie
    kopie._historie_gebuendelt = True
    try:
        kopie.save()
        for name, werte in m2m.items():
            getattr(kopie, name).set(werte)
    finally:
        del kopie._historie_gebuendelt
    historie_schreiben(kopie, "+", user)
    return kopie


def edition_status_aendern(
    *, edition: Edition, status: str, grund: str, user, von: str = ""
) -> Edition:
    """Moves an edition one step along its workflow; a step back needs a reason.

    Adoption is not a step here: it follows from a Kreistag decision (beschluss_erfassen).
    The step is checked against the edition's row as it is now, locked (issue 14.7): a page
    read before an adoption or another step cannot move the edition from where it no longer
    is. `von` is the state the page showed; where it differs, the step is refused and says so.
    """
    with transaction.atomic():
        try:
            gespeichert = edition_bearbeitbar(edition, sperren=True)
        except PermissionDenied as grund_der_sperre:
            raise EditionFehler(str(grund_der_sperre)) from grund_der_sperre
        if von and von != gespeichert.status:
            raise EditionFehler(
                _(
                    "Der Stand der Ausgabe hat sich inzwischen geändert; er ist jetzt "
                    "„%(status)s“. Bitte prüfen Sie, ob der Schritt noch passt."
                )
                % {"status": gespeichert.get_status_display()}
            )
        if status == gespeichert.voriger_status:
            if not grund.strip():
                raise EditionFehler(_("Ein Schritt zurück braucht eine Begründung."))
        elif status != gespeichert.naechster_status:
            raise EditionFehler(
                _(
                    "Von „%(von)s“ geht es nicht zu „%(nach)s“; Schritte lassen sich nicht "
                    "überspringen."
                )
                % {
                    "von": gespeichert.get_status_display(),
                    "nach": dict(Edition.Status.choices).get(status, status),
                }
            )
        gespeichert.status = status
        gespeichert.version += 1
        gespeichert._historie_gebuendelt = True
        gespeichert.save(update_fields=["status", "version"])
        del gespeichert._historie_gebuendelt
        historie_schreiben(gespeichert, "~", user, grund.strip())
    edition.status, edition.version = gespeichert.status, gespeichert.version
    return gespeichert
