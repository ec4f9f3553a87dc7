"""Writes of the participation app that reach beyond one model."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from konzept import maschinell
from konzept.bearbeitung import historie_schreiben
from konzept.models import Edition, Uebersetzungsstatus, fingerabdruck
from konzept.rollen import AUSSCHUSS, KMV, edition_bearbeitbar, gruppen

from . import benachrichtigungen, tasks
from .benachrichtigungen import zusammenfassung_empfaenger
from .models import Beschluss, Beteiligungsphase, Kommentar, Phasenmeldung


def beschluss_erfassen(*, beschluss: Beschluss, user, stand: str | None = None) -> Beschluss:
    """Records a decision; one of the adopting body that adopts the edition makes it the
    adopted one, ends its consultation and is refused while comments await moderation.

    `stand` is the fingerprint of what the confirmation page said the adoption does
    (Annahme.stand, issue 17.4): where it would now do something else, nothing is saved and
    AnnahmeVeraendert says so."""
    with transaction.atomic():
        beschluss.full_clean()
        if beschluss.nimmt_an:
            # The edition in force until now stops being live: its row is locked as every
            # write of implementation state locks it (konzept.rollen.umsetzung_bearbeitbar).
            list(Edition.objects.beschlossen().select_for_update().order_by("pk"))
        # The edition's row, locked and read again: a decision never lands on an edition
        # adopted since the form was shown, and comments wait for it (kommentar_abgeben).
        try:
            edition = edition_bearbeitbar(beschluss.edition, sperren=True)
        except PermissionDenied as grund:
            raise ValidationError(str(grund)) from grund
        jetzt = timezone.now()
        if beschluss.nimmt_an:
            _unmoderierte_verweigern(edition)
            if stand is not None and annahme_vorschau(edition, jetzt).stand != stand:
                raise AnnahmeVeraendert
        beschluss._history_user = user
        beschluss.save()
        if beschluss.nimmt_an:
            edition.status = Edition.Status.BESCHLOSSEN
            edition.beschlossen_am = beschluss.datum
            edition.version += 1
            edition._historie_gebuendelt = True
            edition.save(update_fields=["status", "beschlossen_am", "version"])
            del edition._historie_gebuendelt
            historie_schreiben(edition, "~", user, str(beschluss))
            _phasen_beenden(edition, user, jetzt)
    return beschluss


@dataclass(frozen=True)
class Annahme:
    """What adopting an edition does, read before it is done: the confirmation page says it,
    and the confirmed adoption compares it again on the locked rows (issue 17.4)."""

    edition: Edition
    # Whether it becomes the edition in force: not where a newer one is adopted already.
    gilt: bool
    # The edition in force until now; its implementation state becomes read-only history.
    bisher: Edition | None
    # Running phases end at the adoption, phases not yet begun are deleted (_phasen_beenden).
    enden: list[Beteiligungsphase]
    entfallen: list[Beteiligungsphase]
    # Comments awaiting moderation: while there are any, the adoption is refused.
    unmoderiert: int

    @property
    def stand(self) -> str:
        """A fingerprint of what the adoption would change, carried by the confirmation page."""
        return fingerabdruck(
            [
                self.edition.status,
                str(self.edition.version),
                str(self.gilt),
                str(self.bisher.pk if self.bisher else ""),
                *(f"enden {phase.pk} {phase.ende.isoformat()}" for phase in self.enden),
                *(f"entfallen {phase.pk} {phase.beginn.isoformat()}" for phase in self.entfallen),
            ]
        )


class AnnahmeVeraendert(Exception):
    """An adoption confirmed on a page that no longer says what it would do."""


def annahme_vorschau(edition: Edition, zeitpunkt=None) -> Annahme:
    """What adopting `edition` now would do; changes nothing."""
    jetzt = zeitpunkt or timezone.now()
    in_kraft = Edition.objects.in_kraft()
    phasen = list(edition.phasen.nicht_vorbei(jetzt).order_by("beginn", "pk"))
    gilt = in_kraft is None or in_kraft.jahr < edition.jahr
    return Annahme(
        edition=edition,
        gilt=gilt,
        bisher=in_kraft if gilt else None,
        enden=[phase for phase in phasen if phase.beginn < jetzt],
        entfallen=[phase for phase in phasen if phase.beginn >= jetzt],
        unmoderiert=edition.kommentare.filter(status=Kommentar.Status.NEU).count(),
    )


def unmoderiert_meldung(anzahl: int) -> str:
    """Why an adoption waits: comments staff have not answered or hidden yet."""
    return ngettext(
        "Ein Kommentar zu dieser Ausgabe ist noch nicht beantwortet oder verborgen. "
        "Bitte entscheiden Sie ihn unter „Kommentare beantworten“, bevor Sie den "
        "Beschluss erfassen.",
        "%(anzahl)s Kommentare zu dieser Ausgabe sind noch nicht beantwortet oder "
        "verborgen. Bitte entscheiden Sie sie unter „Kommentare beantworten“, bevor "
        "Sie den Beschluss erfassen.",
        anzahl,
    ) % {"anzahl": anzahl}


def _unmoderierte_verweigern(edition: Edition):
    """Nothing unmoderated becomes public with the adoption (issue 14.2): staff answer or hide
    every new comment first. No comment can turn new meanwhile: taking one locks this same
    edition row, and an edit keeps its state."""
    offen = edition.kommentare.filter(status=Kommentar.Status.NEU).count()
    if offen:
        raise ValidationError(unmoderiert_meldung(offen))


def _phasen_beenden(edition: Edition, user, jetzt):
    """An adopted edition takes no more comments: an open phase ends now, one that has not
    begun is dropped (it never opened, so nobody commented in it)."""
    for phase in edition.phasen.select_for_update().nicht_vorbei(jetzt):
        phase._history_user = user
        if phase.beginn >= jetzt:
            phase.delete()
        else:
            phase.ende = jetzt
            phase.save(update_fields=["ende"])


class KommentarFehler(Exception):
    """A comment cannot be taken or changed; the message says why, for the author."""


def offene_phase(edition: Edition, user, zeitpunkt=None) -> Beteiligungsphase | None:
    """The consultation window of this edition in which this user may comment now."""
    return next(iter(edition.phasen.offen(zeitpunkt).fuer(user)), None)


def kommentar_abgeben(
    *, user, element, text: str, sprache: str, name_zeigen: bool, einreichung
) -> Kommentar:
    """Takes a comment on an item, once: the same submission sent twice is stored once."""
    with transaction.atomic():
        # One submission of a person at a time: the hourly limit holds for parallel requests.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        doppelt = Kommentar.objects.filter(einreichung=einreichung, autor=user).first()
        if doppelt is not None:
            return doppelt
        # The edition's row, locked: an adoption that commits first is seen here, and one
        # that comes after sees this comment (_unmoderierte_verweigern).
        edition = Edition.objects.select_for_update().get(pk=element.edition.pk)
        if edition.ist_beschlossen:
            raise KommentarFehler(beschlossen_meldung(edition))
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
            gruppe=_gruppe_in(phase, user),
            text=text,
            sprache=sprache,
            name_zeigen=name_zeigen,
            einreichung=einreichung,
            **{type(element)._meta.model_name: element},
        )
        kommentar.full_clean(exclude=["einreichung"])
        kommentar._history_user = user
        kommentar.save()
        _deutsch_anfordern(kommentar)
    return kommentar


def _gruppe_in(phase: Beteiligungsphase, user) -> str:
    """The body the user comments as: the migrant council where they belong to it and the
    phase invites it, else the committees."""
    eigene = gruppen(user) & phase.gruppen()
    if KMV in eigene:
        return Kommentar.Gruppe.MIGRATIONSVERTRETUNG
    if AUSSCHUSS in eigene:
        return Kommentar.Gruppe.GREMIEN
    return ""


def beschlossen_meldung(edition: Edition) -> str:
    return _(
        "Die Ausgabe %(jahr)s ist beschlossen; Kommentare lassen sich nicht mehr abgeben "
        "oder ändern."
    ) % {"jahr": edition.jahr}


def _gesperrt(pk: int) -> Kommentar | None:
    """The comment's row, locked for the rest of the transaction, or None if it is gone."""
    return (
        Kommentar.objects.select_for_update(of=("self",))
        .select_related("phase", "edition")
        .filter(pk=pk)
        .first()
    )


def kommentar_aendern(*, kommentar: Kommentar, user, text: str, name_zeigen: bool) -> Kommentar:
    """Changes the author's own comment while it is new. The state is checked on the locked
    row and only text and name are written, so an answer saved meanwhile is never undone
    (issue 14.1): either the answer waits for the change (and sees the new version), or the
    change finds the comment answered and is refused."""
    with transaction.atomic():
        # One change of a person at a time: the hourly limit holds for parallel requests.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        gespeichert = _eigener_offener(kommentar.pk, user)
        _aenderungen_begrenzen(user)
        felder = ["text", "name_zeigen", "version", "geaendert_am"]
        if gespeichert.text != text:
            # The German translation said what the old text said (issue 18.2).
            gespeichert.text_deutsch, gespeichert.text_deutsch_art = "", Uebersetzungsstatus.FEHLT
            felder += ["text_deutsch", "text_deutsch_art"]
            _deutsch_anfordern(gespeichert)
        gespeichert.text, gespeichert.name_zeigen = text, name_zeigen
        gespeichert.version += 1
        gespeichert.full_clean(exclude=["einreichung"])
        gespeichert._history_user = user
        gespeichert.save(update_fields=felder)
    return gespeichert


def _deutsch_anfordern(kommentar: Kommentar) -> None:
    """A comment not in German gets a machine translation for staff, when the service is on,
    by a task once the comment is committed (never in the request)."""
    if kommentar.sprache != settings.LANGUAGE_CODE and maschinell.eingeschaltet():
        pk = kommentar.pk
        transaction.on_commit(lambda: tasks.kommentar_deutsch.enqueue(pk))


def kommentar_deutsch_maschinell(kommentar_id: int) -> None:
    """Fills the comment's German translation from the machine translation service (task
    `kommentar_deutsch`). The service is asked outside any transaction; the answer is kept
    only if the comment still has the text that was sent and no translation by a person:
    one written meanwhile wins, an edit meanwhile asks anew. MaschinellFehler when the
    service fails (the task tries again)."""
    kommentar = Kommentar.objects.filter(pk=kommentar_id).first()
    if (
        kommentar is None
        or kommentar.sprache == settings.LANGUAGE_CODE
        or kommentar.text_deutsch_art != Uebersetzungsstatus.FEHLT
        or not maschinell.eingeschaltet()
    ):
        return
    gesendet = kommentar.text
    deutsch = maschinell.uebersetzen(gesendet, von=kommentar.sprache, nach=settings.LANGUAGE_CODE)
    deutsch = deutsch.strip()[: Kommentar._meta.get_field("text_deutsch").max_length]
    if not deutsch:
        return
    with transaction.atomic():
        gespeichert = _gesperrt(kommentar_id)
        if (
            gespeichert is None
            or gespeichert.text != gesendet
            or gespeichert.text_deutsch_art != Uebersetzungsstatus.FEHLT
        ):
            return
        gespeichert.text_deutsch = deutsch
        gespeichert.text_deutsch_art = Uebersetzungsstatus.MASCHINELL
        # No new version: an answer being written on the moderation page stays valid.
        gespeichert.save(update_fields=["text_deutsch", "text_deutsch_art"])


def kommentar_deutsch_speichern(*, kommentar: Kommentar, user, text_deutsch: str, quelle: str):
    """Staff's German translation of a comment (issue 18.2): a correction of the machine's or
    one typed anew counts as checked by a person; an empty one removes it. `quelle` is the
    fingerprint of the comment text staff translated: if the author changed it since, the
    translation is refused, as it would say what the comment no longer says."""
    with transaction.atomic():
        gespeichert = _gesperrt(kommentar.pk)
        if gespeichert is None:
            raise _zurueckgezogen()
        if fingerabdruck([gespeichert.text]) != quelle:
            raise KommentarVeraendert(
                _(
                    "Die Verfasserin oder der Verfasser hat den Kommentar inzwischen geändert. "
                    "Bitte lesen Sie ihn noch einmal; Ihre Übersetzung ist erhalten und lässt "
                    "sich erneut speichern."
                )
            )
        text_deutsch = text_deutsch.strip()
        gespeichert.text_deutsch = text_deutsch
        gespeichert.text_deutsch_art = (
            Uebersetzungsstatus.GEPRUEFT if text_deutsch else Uebersetzungsstatus.FEHLT
        )
        gespeichert.full_clean(exclude=["einreichung"])
        gespeichert._history_user = user
        gespeichert.save(update_fields=["text_deutsch", "text_deutsch_art"])
    return gespeichert


def _aenderungen_begrenzen(user):
    """At most KOMMENTAR_AENDERUNGEN_PRO_STUNDE changes of one's comments per hour (issue
    14.11): each is a history record, counted there."""
    grenze = settings.KOMMENTAR_AENDERUNGEN_PRO_STUNDE
    seit = timezone.now() - timedelta(hours=1)
    geaendert = Kommentar.history.filter(
        history_type="~", history_user_id=user.pk, autor_id=user.pk, history_date__gte=seit
    ).count()
    if geaendert >= grenze:
        raise KommentarFehler(
            ngettext(
                "Sie haben Ihre Kommentare in der letzten Stunde schon %(anzahl)s Mal geändert. "
                "Bitte warten Sie etwas, bevor Sie weitere Änderungen speichern; Ihr Text ist "
                "unten erhalten.",
                "Sie haben Ihre Kommentare in der letzten Stunde schon %(anzahl)s Mal geändert. "
                "Bitte warten Sie etwas, bevor Sie weitere Änderungen speichern; Ihr Text ist "
                "unten erhalten.",
                grenze,
            )
            % {"anzahl": grenze}
        )


def kommentar_zurueckziehen(*, kommentar: Kommentar, user):
    """Withdraws the author's own comment while it is new, checked on the locked row."""
    with transaction.atomic():
        gespeichert = _eigener_offener(kommentar.pk, user)
        gespeichert._history_user = user
        gespeichert.delete()


def _eigener_offener(pk: int, user) -> Kommentar:
    """The user's own comment, locked, if it may still be changed; else why not."""
    kommentar = _gesperrt(pk)
    if kommentar is None:
        raise KommentarFehler(_("Diesen Kommentar gibt es nicht mehr; er wurde zurückgezogen."))
    if kommentar.autor_id != user.pk:
        raise KommentarFehler(_("Das ist nicht Ihr Kommentar."))
    if kommentar.edition.ist_beschlossen:
        raise KommentarFehler(beschlossen_meldung(kommentar.edition))
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
    return kommentar


class KommentarVeraendert(KommentarFehler):
    """The comment changed since staff read it; what they typed is shown again with it."""


def _zurueckgezogen() -> KommentarFehler:
    return KommentarFehler(
        _("Die Verfasserin oder der Verfasser hat den Kommentar inzwischen zurückgezogen.")
    )


def _veraendert() -> KommentarVeraendert:
    return KommentarVeraendert(
        _(
            "Jemand hat diesen Kommentar inzwischen bearbeitet. Bitte lesen Sie ihn noch "
            "einmal; Ihre Eingabe ist erhalten und lässt sich erneut speichern."
        )
    )


def maschinelle_uebersetzung():
    """The machine translation service (konzept/maschinell.py) if one is configured, else None:
    it is optional, and an installation without it works the same, answers waiting for staff
    or the translation workspace."""
    try:
        from konzept import maschinell
    except ImportError:
        return None
    try:
        return maschinell if maschinell.eingeschaltet() else None
    except Exception:
        return None


def kommentar_beantworten(
    *,
    kommentar: Kommentar,
    user,
    antwort: str,
    einstufung: str,
    bezug: str,
    version: int,
    antwort_uebersetzung: str = "",
    maschinell: bool = False,
) -> Kommentar:
    """Answers and classifies a comment (Abwägung); the author hears of it by e-mail, once the
    answer is committed.

    For a comment not written in German, staff may give the answer in the comment's language
    too (issue 18.1), or have it translated by machine (`maschinell`, a task after the
    commit). A German answer changed without a new translation drops the old one: it would
    say something else."""
    with transaction.atomic():
        gespeichert = _gesperrt(kommentar.pk)
        if gespeichert is None:
            raise _zurueckgezogen()
        if gespeichert.status == Kommentar.Status.VERBORGEN:
            raise KommentarFehler(
                _("Der Kommentar ist inzwischen verborgen; er wird nicht mehr beantwortet.")
            )
        if gespeichert.version != version:
            raise _veraendert()
        felder = ["version", "geaendert_am"]
        neu_beantwortet = gespeichert.status != Kommentar.Status.BEANTWORTET
        if neu_beantwortet or (gespeichert.antwort, gespeichert.einstufung, gespeichert.bezug) != (
            antwort,
            einstufung,
            bezug,
        ):
            gespeichert.antwort, gespeichert.einstufung = antwort, einstufung
            gespeichert.bezug = bezug
            gespeichert.status = Kommentar.Status.BEANTWORTET
            gespeichert.beantwortet_von, gespeichert.beantwortet_am = user, timezone.now()
            felder += [
                "antwort",
                "einstufung",
                "bezug",
                "status",
                "beantwortet_von",
                "beantwortet_am",
            ]
        antwort_geaendert = "antwort" in felder and not neu_beantwortet
        uebersetzung_neu = _uebersetzung_setzen(
            gespeichert, antwort_uebersetzung.strip(), antwort_geaendert, felder
        )
        gespeichert.version += 1
        gespeichert.full_clean(exclude=["einreichung"])
        gespeichert._history_user = user
        gespeichert.save(update_fields=felder)
        pk = gespeichert.pk
        if neu_beantwortet or "antwort" in felder:
            if (
                gespeichert.antwort_uebersetzt
                and gespeichert.antwort_uebersetzung_gemeldet_am is None
            ):
                # The answer's e-mail carries the translation: nothing more to tell later.
                _gemeldet(gespeichert)
            transaction.on_commit(lambda: tasks.kommentar_beantwortet.enqueue(pk))
        elif uebersetzung_neu:
            _uebersetzung_melden(gespeichert)
        if (
            maschinell
            and gespeichert.antwort_uebersetzbar
            and not gespeichert.antwort_uebersetzt
            and maschinelle_uebersetzung() is not None
        ):
            transaction.on_commit(lambda: tasks.antwort_maschinell_uebersetzen.enqueue(pk))
    return gespeichert


def _uebersetzung_setzen(kommentar, uebersetzung, antwort_geaendert, felder) -> bool:
    """Takes the translation staff typed; True if one is published that was not there."""
    vorher = kommentar.antwort_uebersetzt
    if not kommentar.antwort_uebersetzbar:
        uebersetzung = ""
    if uebersetzung:
        if uebersetzung == kommentar.antwort_uebersetzung and not antwort_geaendert:
            return False  # the same text again (a machine one stays marked as such)
        kommentar.antwort_uebersetzung = uebersetzung
        kommentar.antwort_uebersetzung_art = Kommentar.UebersetzungArt.GEPRUEFT
    elif kommentar.antwort_uebersetzung or antwort_geaendert:
        kommentar.antwort_uebersetzung = ""
        kommentar.antwort_uebersetzung_art = Kommentar.UebersetzungArt.FEHLT
    else:
        return False
    felder += ["antwort_uebersetzung", "antwort_uebersetzung_art"]
    return kommentar.antwort_uebersetzt and not vorher


def _gemeldet(kommentar):
    kommentar.antwort_uebersetzung_gemeldet_am = timezone.now()
    Kommentar.objects.filter(pk=kommentar.pk).update(
        antwort_uebersetzung_gemeldet_am=kommentar.antwort_uebersetzung_gemeldet_am
    )


def _uebersetzung_melden(kommentar):
    """The author hears once that the answer is there in their language, after the commit."""
    if kommentar.antwort_uebersetzung_gemeldet_am is not None:
        return
    _gemeldet(kommentar)
    pk = kommentar.pk
    transaction.on_commit(lambda: tasks.antwort_uebersetzt.enqueue(pk))


def antwort_maschinell_uebersetzen(kommentar_id: int):
    """Translates a published answer into the comment's language by machine (a task: the
    service is asked outside any request). The request runs without a lock; the result is
    stored only if the answer is still the one translated and no translation came meanwhile.
    A failure raises, and the task tries again later (konzept/zustellung.py); until then the
    author reads "Übersetzung folgt"."""
    kommentar = Kommentar.objects.filter(pk=kommentar_id).first()
    if (
        kommentar is None
        or kommentar.status != Kommentar.Status.BEANTWORTET
        or not kommentar.antwort_uebersetzbar
        or kommentar.antwort_uebersetzt
    ):
        return
    dienst = maschinelle_uebersetzung()
    if dienst is None:
        return
    quelle = kommentar.antwort
    uebersetzung = dienst.uebersetzen(
        quelle, von=settings.LANGUAGE_CODE, nach=kommentar.sprache
    ).strip()
    if not uebersetzung:
        return
    with transaction.atomic():
        gespeichert = _gesperrt(kommentar_id)
        if (
            gespeichert is None
            or gespeichert.antwort != quelle
            or gespeichert.status != Kommentar.Status.BEANTWORTET
            or gespeichert.antwort_uebersetzt
        ):
            return
        gespeichert.antwort_uebersetzung = uebersetzung[:4000]
        gespeichert.antwort_uebersetzung_art = Kommentar.UebersetzungArt.MASCHINELL
        gespeichert.version += 1
        gespeichert.save(
            update_fields=[
                "antwort_uebersetzung",
                "antwort_uebersetzung_art",
                "version",
                "geaendert_am",
            ]
        )
        _uebersetzung_melden(gespeichert)


def kommentar_verbergen(
    *, kommentar: Kommentar, user, grund: str, version: int | None = None
) -> Kommentar:
    """Hides an abusive comment from the public record; the reason is kept and told.

    Checked and written on the locked row, only the hiding's own fields: an edit or answer
    saved meanwhile stays. With `version` (the form sends the one staff read), a comment
    changed since is not hidden unseen."""
    if not grund.strip():
        raise KommentarFehler(_("Bitte geben Sie einen Grund an."))
    with transaction.atomic():
        gespeichert = _gesperrt(kommentar.pk)
        if gespeichert is None:
            raise _zurueckgezogen()
        if version is not None and gespeichert.version != version:
            raise _veraendert()
        if gespeichert.status == Kommentar.Status.VERBORGEN:
            raise KommentarFehler(_("Der Kommentar ist schon verborgen."))
        gespeichert.status = Kommentar.Status.VERBORGEN
        gespeichert.verborgen_grund = grund.strip()
        gespeichert.version += 1
        gespeichert._history_user = user
        gespeichert.save(update_fields=["status", "verborgen_grund", "version", "geaendert_am"])
        pk = gespeichert.pk
        transaction.on_commit(lambda: tasks.kommentar_verborgen.enqueue(pk))
    return gespeichert


def phase_anlegen(*, phase: Beteiligungsphase, user) -> Beteiligungsphase:
    with transaction.atomic():
        # The edition's row, locked as adoption locks it: a phase prepared on a page read
        # before an adoption never opens on the adopted edition (adoption ends them all).
        try:
            phase.edition = edition_bearbeitbar(phase.edition, sperren=True)
        except PermissionDenied as grund:
            raise ValidationError(str(grund)) from grund
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
    """Queues the daily summary for the staff who chose it (benachrichtigungen.empfaenger)."""
    zeitpunkt = zeitpunkt or timezone.now()
    faellig = zusammenfassung_empfaenger().filter(
        models.Q(letzte_zusammenfassung=None)
        | models.Q(letzte_zusammenfassung__lte=zeitpunkt - timedelta(days=1))
    )
    for profil in faellig:
        tasks.tageszusammenfassung.enqueue(profil.user_id)
