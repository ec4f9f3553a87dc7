"""Writes of the participation app that reach beyond one model."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konzept.bearbeitung import historie_schreiben
from konzept.models import Edition, Profil

from . import benachrichtigungen, tasks
from .models import Beschluss, Beteiligungsphase, Kommentar, Phasenmeldung


def beschluss_erfassen(*, beschluss: Beschluss, user) -> Beschluss:
    """Records a decision; a Kreistag that adopts the edition makes it the adopted one."""
    with transaction.atomic():
        beschluss.full_clean()
        beschluss._history_user = user
        beschluss.save()
        if beschluss.nimmt_an:
            # The edition in force until now stops being live: its row is locked as every
            # write of implementation state locks it (konzept.rollen.umsetzung_bearbeitbar).
            list(Edition.objects.beschlossen().select_for_update().order_by("pk"))
            edition = Edition.objects.select_for_update().get(pk=beschluss.edition_id)
            edition.status = Edition.Status.BESCHLOSSEN
            edition.beschlossen_am = beschluss.datum
            edition.version += 1
            edition._historie_gebuendelt = True
            edition.save(update_fields=["status", "beschlossen_am", "version"])
            del edition._historie_gebuendelt
            historie_schreiben(edition, "~", user, str(beschluss))
    return beschluss


class KommentarFehler(Exception):
    """A comment cannot be taken or changed; the message says why, for the author."""


def offene_phase(edition: Edition, user, zeitpunkt=None) -> Beteiligungsphase | None:
    """The consultation window of this edition in which this user may comment now."""
    return next(iter(edition.phasen.offen(zeitpunkt).fuer(user)), None)


def kommentar_abgeben(
    *, user, element, text: str, sprache: str, name_zeigen: bool, einreichung
) -> Kommentar:
    """Takes a comment on an item, once: the same submission sent twice is stored once."""
    edition = element.edition
    with transaction.atomic():
        # One submission of a person at a time: the hourly limit holds for parallel requests.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        doppelt = Kommentar.objects.filter(einreichung=einreichung, autor=user).first()
        if doppelt is not None:
            return doppelt
        phase = offene_phase(edition, user)
        if phase is None:
            raise KommentarFehler(
                _("Für diese Ausgabe ist gerade keine Beteiligung für Sie offen.")
            )
        seit = timezone.now() - timedelta(hours=1)
        if user.kommentare.filter(erstellt_am__gte=seit).count() >= settings.KOMMENTARE_PRO_STUNDE:
            raise KommentarFehler(
                _(
                    "Sie haben in der letzten Stunde schon %(anzahl)s Kommentare geschrieben. "
                    "Bitte warten Sie etwas, bevor Sie weitere schreiben."
                )
                % {"anzahl": settings.KOMMENTARE_PRO_STUNDE}
            )
        kommentar = Kommentar(
            edition=edition,
            phase=phase,
            autor=user,
            text=text,
            sprache=sprache,
            name_zeigen=name_zeigen,
            einreichung=einreichung,
            **{type(element)._meta.model_name: element},
        )
        kommentar.full_clean(exclude=["einreichung"])
        kommentar._history_user = user
        kommentar.save()
    return kommentar


def kommentar_aendern(*, kommentar: Kommentar, user, text: str, name_zeigen: bool) -> Kommentar:
    _eigener_offener(kommentar, user)
    kommentar.text, kommentar.name_zeigen = text, name_zeigen
    kommentar.version += 1
    kommentar.full_clean(exclude=["einreichung"])
    kommentar._history_user = user
    kommentar.save()
    return kommentar


def kommentar_zurueckziehen(*, kommentar: Kommentar, user):
    _eigener_offener(kommentar, user)
    kommentar._history_user = user
    kommentar.delete()


def _eigener_offener(kommentar: Kommentar, user):
    if kommentar.autor_id != user.pk:
        raise KommentarFehler(_("Das ist nicht Ihr Kommentar."))
    if not kommentar.aenderbar:
        raise KommentarFehler(
            _(
                "Die Koordinierungsstelle hat den Kommentar schon bearbeitet; er lässt sich nicht "
                "mehr ändern."
            )
        )
    if kommentar.phase.zustand() != "offen":
        raise KommentarFehler(
            _("Die Beteiligung ist beendet; Kommentare lassen sich nicht mehr ändern.")
        )


def kommentar_beantworten(
    *, kommentar: Kommentar, user, antwort: str, einstufung: str, bezug: str, version: int
) -> Kommentar:
    """Answers and classifies a comment (Abwägung); the author hears of it by e-mail."""
    with transaction.atomic():
        gespeichert = Kommentar.objects.select_for_update().get(pk=kommentar.pk)
        if gespeichert.version != version:
            raise KommentarFehler(
                _(
                    "Jemand hat diesen Kommentar inzwischen bearbeitet. "
                    "Bitte laden Sie die Seite neu."
                )
            )
        gespeichert.antwort, gespeichert.einstufung, gespeichert.bezug = antwort, einstufung, bezug
        gespeichert.status = Kommentar.Status.BEANTWORTET
        gespeichert.beantwortet_von, gespeichert.beantwortet_am = user, timezone.now()
        gespeichert.version += 1
        gespeichert.full_clean(exclude=["einreichung"])
        gespeichert._history_user = user
        gespeichert.save()
        transaction.on_commit(lambda: tasks.kommentar_beantwortet.enqueue(gespeichert.pk))
    return gespeichert


def kommentar_verbergen(*, kommentar: Kommentar, user, grund: str) -> Kommentar:
    """Hides an abusive comment from the public record; the reason is kept and told."""
    if not grund.strip():
        raise KommentarFehler(_("Bitte geben Sie einen Grund an."))
    with transaction.atomic():
        kommentar.status = Kommentar.Status.VERBORGEN
        kommentar.verborgen_grund = grund.strip()
        kommentar.version += 1
        kommentar._history_user = user
        kommentar.save()
        transaction.on_commit(lambda: tasks.kommentar_verborgen.enqueue(kommentar.pk))
    return kommentar


def phase_anlegen(*, phase: Beteiligungsphase, user) -> Beteiligungsphase:
    with transaction.atomic():
        phase.full_clean()
        phase._history_user = user
        phase.save()
    benachrichtigungen_faellig()
    return phase


def benachrichtigungen_faellig(zeitpunkt=None):
    """Announces phases that have opened and reminds two days before they close.

    Called when a phase is saved and by `benachrichtigungen_senden` (e.g. every 15 minutes
    from cron), which also sends the daily summaries.
    """
    zeitpunkt = zeitpunkt or timezone.now()
    for phase in Beteiligungsphase.objects.offen(zeitpunkt).filter(eroeffnung_gemeldet=False):
        _phase_melden(phase, Phasenmeldung.Art.EROEFFNUNG, "eroeffnung_gemeldet")
    bald = Beteiligungsphase.objects.offen(zeitpunkt).filter(
        erinnerung_gemeldet=False, ende__lte=zeitpunkt + timedelta(days=2)
    )
    for phase in bald:
        _phase_melden(phase, Phasenmeldung.Art.ERINNERUNG, "erinnerung_gemeldet")


def _phase_melden(phase, art, feld):
    """One e-mail row and one task per recipient, stored in one transaction with each other
    (with the database task backend the tasks are rows too: none is lost between them). The
    phase counts as announced only once every e-mail is sent (phasenmeldung_senden)."""
    with transaction.atomic():
        phase = Beteiligungsphase.objects.select_for_update().get(pk=phase.pk)
        if getattr(phase, feld) or phase.meldungen.filter(art=art).exists():
            return  # announced, or its e-mails on their way
        meldungen = Phasenmeldung.objects.bulk_create(
            Phasenmeldung(phase=phase, art=art, user=user)
            for user in benachrichtigungen.zielgruppe(phase).exclude(email="")
        )
        if not meldungen:
            Beteiligungsphase.objects.filter(pk=phase.pk).update(**{feld: True})
        for meldung in meldungen:
            tasks.phasenmeldung_senden.enqueue(meldung.pk)


def tageszusammenfassungen(zeitpunkt=None):
    zeitpunkt = zeitpunkt or timezone.now()
    faellig = Profil.objects.filter(tageszusammenfassung=True).filter(
        models.Q(letzte_zusammenfassung=None)
        | models.Q(letzte_zusammenfassung__lte=zeitpunkt - timedelta(days=1))
    )
    for profil in faellig:
        tasks.tageszusammenfassung.enqueue(profil.user_id)
