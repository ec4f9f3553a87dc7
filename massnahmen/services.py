"""Writes on measures that span several models: applying a spreadsheet import, the
implementation state of the plan in force, reports of contact persons."""

import datetime
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from konzept.bearbeitung import VersionKonflikt, element_speichern, historie_schreiben, quellsprache
from konzept.begriffe import begriffe
from konzept.models import Edition, Profil
from konzept.rollen import UMSETZUNG, darf_bearbeiten, darf_umsetzung_melden, umsetzung_bearbeitbar

from . import benachrichtigungen, tabellen, tasks
from .forms import UmsetzungsnotizForm
from .models import (
    Einladung,
    Erinnerung,
    Indikator,
    Kennzahlwert,
    Massnahme,
    Messwert,
    Sachstandsabfrage,
    Sachstandsbericht,
    Umsetzungsnotiz,
)


class ImportKonflikt(Exception):
    """Something changed between preview and confirmation; nothing was applied."""


def massnahmen_importieren(*, edition, plan: list[dict], user, sprache: str) -> int:
    """Applies a checked import all or nothing; each measure gets one history record.

    `plan` holds per measure its key, the version the preview was made against, and the new
    values (see tabellen.Zeilenplan). A measure changed since then stops the whole import.
    """
    grund = _("Tabellenimport")
    with transaction.atomic():
        umsetzung_bearbeitbar(edition, sperren=True)
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
            # An adopted edition in force changes only its implementation state (the check
            # refused anything else); a draft takes the agreed fields through the edit form.
            formularfelder = tabellen.FORMULARFELDER
            if edition.ist_beschlossen:
                formularfelder = ()
            if any(name in werte for name in formularfelder):
                _speichern(massnahme, werte, eintrag["version"], user, grund)
            umsetzung = {
                name: werte[name]
                for name in ("beginn_tatsaechlich", "ende_tatsaechlich")
                if name in werte
            }
            if edition.ist_beschlossen and "status" in werte:
                umsetzung["status"] = werte["status"]
            if "messwerte" in werte:
                umsetzung["werte"] = werte["messwerte"]
            if umsetzung:
                umsetzung_speichern(
                    massnahme=massnahme, eingabe=umsetzung, user=user, sprache=sprache, grund=grund
                )
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


# The implementation state of the plan in force (issue 15).


class UmsetzungFehler(Exception):
    """An implementation-state write cannot be done; the message says why, for the user."""


def _datum(wert):
    return datetime.date.fromisoformat(wert) if wert else None


def umsetzung_speichern(
    *, massnahme: Massnahme, eingabe: dict, user, sprache: str, grund: str = "", version=None
) -> Massnahme:
    """Applies an implementation-state input (UmsetzungForm.eingabe) to a measure: status,
    actual dates, "still current", a dated note, measured values. One transaction, the
    measure's row locked, the edition re-checked on its locked row; one history record for
    the measure and one for each note and value, each with the user."""
    with transaction.atomic():
        gespeichert = (
            Massnahme.objects.select_for_update(of=("self",))
            .select_related("themenfeld__edition")
            .get(pk=massnahme.pk)
        )
        umsetzung_bearbeitbar(gespeichert.themenfeld.edition, sperren=True)
        if version is not None and gespeichert.version != version:
            raise VersionKonflikt(gespeichert)
        for name in ("beginn_tatsaechlich", "ende_tatsaechlich"):
            if name in eingabe:
                setattr(gespeichert, name, _datum(eingabe[name]))
        if "status" in eingabe:
            if eingabe["status"] not in Massnahme.Status.values:
                raise UmsetzungFehler(
                    _("Dieser Status ist nicht vorgesehen; nichts wurde geändert.")
                )
            gespeichert.status = eingabe["status"]
        beginn, ende = gespeichert.beginn_tatsaechlich, gespeichert.ende_tatsaechlich
        if beginn and ende and ende < beginn:
            raise UmsetzungFehler(
                _("Das tatsächliche Ende läge vor dem Beginn; nichts wurde geändert.")
            )
        datum = _datum(eingabe.get("datum")) or timezone.localdate()
        gespeichert.bestaetigt_am = max(datum, gespeichert.bestaetigt_am or datum)
        gespeichert.version += 1
        gespeichert._historie_gebuendelt = True
        gespeichert.save(
            update_fields=[
                "status",
                "beginn_tatsaechlich",
                "ende_tatsaechlich",
                "bestaetigt_am",
                "version",
            ]
        )
        del gespeichert._historie_gebuendelt
        historie_schreiben(gespeichert, "~", user, grund or _("Umsetzungsstand"))
        if text := eingabe.get("notiz"):
            notiz = Umsetzungsnotiz(
                massnahme=gespeichert, datum=datum, text=text[:2000], sprache=sprache, autor=user
            )
            notiz._historie_gebuendelt = True
            notiz.save()
            historie_schreiben(notiz, "+", user, grund)
        indikatoren = {str(i.pk): i for i in gespeichert.indikatoren_liste.all()}
        for indikator_id, wert in eingabe.get("werte", {}).items():
            if indikator_id not in indikatoren:
                raise UmsetzungFehler(_("Ein Messwert gehört zu keinem Indikator dieser Maßnahme."))
            messwert_speichern(
                indikator=indikatoren[indikator_id],
                datum=_datum(wert.get("datum")) or datum,
                wert=Decimal(wert["wert"]),
                quelle=wert.get("quelle", ""),
                user=user,
            )
    return gespeichert


def messwert_speichern(*, indikator, datum, wert, quelle="", notiz="", user) -> Messwert:
    """One value per indicator and day: a second value on the same day replaces the first."""
    messwert = Messwert.objects.filter(indikator=indikator, datum=datum).first() or Messwert(
        indikator=indikator, datum=datum
    )
    messwert.wert, messwert.quelle, messwert.notiz, messwert.autor = wert, quelle, notiz, user
    messwert._history_user = user
    messwert.save()
    return messwert


def umsetzung_melden(
    *,
    massnahme: Massnahme,
    eingabe: dict,
    user,
    sprache: str,
    einreichung: uuid.UUID,
    abfrage: Sachstandsabfrage | None = None,
) -> Sachstandsbericht:
    """A report on one measure by staff or a contact person. Kept as a Sachstandsbericht; it
    changes the public state at once for staff (and for everyone with review switched off),
    otherwise when staff approve it. The same submission sent twice is stored once."""
    if not darf_umsetzung_melden(user, massnahme):
        raise PermissionDenied(
            _("Sie können nur für die %(massnahmen)s Ihrer Organisation berichten.")
            % {"massnahmen": begriffe()["massnahme"].mehrzahl}
        )
    with transaction.atomic():
        umsetzung_bearbeitbar(massnahme.themenfeld.edition, sperren=True)
        doppelt = Sachstandsbericht.objects.filter(
            einreichung=einreichung, massnahme=massnahme
        ).first()
        if doppelt is not None:
            return doppelt
        if abfrage is not None:
            # Locked as closing locks it: a report never slips past the snapshot.
            abfrage = Sachstandsabfrage.objects.select_for_update().get(pk=abfrage.pk)
            if not abfrage.ist_offen or abfrage.edition_id != massnahme.themenfeld.edition.pk:
                abfrage = None
        bericht = Sachstandsbericht.objects.create(
            abfrage=abfrage,
            massnahme=massnahme,
            autor=user,
            daten=eingabe,
            sprache=sprache,
            einreichung=einreichung,
        )
        if darf_bearbeiten(user) or not settings.UMSETZUNG_PRUEFUNG:
            _freigeben(bericht, user)
    return bericht


def _freigeben(bericht: Sachstandsbericht, user):
    autor = bericht.autor or user
    umsetzung_speichern(
        massnahme=bericht.massnahme,
        eingabe=bericht.daten,
        user=autor,
        sprache=bericht.sprache,
        grund=_("Sachstandsbericht"),
    )
    bericht.status = Sachstandsbericht.Status.FREIGEGEBEN
    bericht.geprueft_von, bericht.geprueft_am = user, timezone.now()
    bericht.save(update_fields=["status", "geprueft_von", "geprueft_am"])


def bericht_pruefen(*, bericht: Sachstandsbericht, user, freigeben: bool) -> Sachstandsbericht:
    """Staff approve a report (it becomes the public state) or turn it away."""
    with transaction.atomic():
        bericht = (
            Sachstandsbericht.objects.select_for_update(of=("self",))
            .select_related("massnahme", "autor")
            .get(pk=bericht.pk)
        )
        if bericht.status != Sachstandsbericht.Status.EINGEREICHT:
            raise UmsetzungFehler(_("Dieser Bericht wurde schon geprüft."))
        if freigeben:
            _freigeben(bericht, user)
        else:
            bericht.status = Sachstandsbericht.Status.ZURUECKGEWIESEN
            bericht.geprueft_von, bericht.geprueft_am = user, timezone.now()
            bericht.save(update_fields=["status", "geprueft_von", "geprueft_am"])
    return bericht


def indikator_speichern(*, form, user, massnahme=None, leitziel=None) -> Indikator:
    """Adds or changes an indicator of a draft; a new one gets a key that then never changes
    (it identifies the indicator in the next edition)."""
    indikator = form.instance
    with transaction.atomic():
        if indikator.pk is None:
            indikator.massnahme, indikator.leitziel = massnahme, leitziel
            geschwister = Indikator.objects.filter(massnahme=massnahme, leitziel=leitziel)
            vorhanden = set(geschwister.values_list("key", flat=True))
            basis = slugify(form.cleaned_data["name"])[:60].strip("-") or "indikator"
            key, nummer = basis, 1
            while key in vorhanden:
                nummer += 1
                key = f"{basis}-{nummer}"
            indikator.key = key
            indikator.position = len(vorhanden) + 1
            typ = "+"
        else:
            indikator.version += 1
            typ = "~"
        indikator._historie_gebuendelt = True
        form.save()
        del indikator._historie_gebuendelt
        historie_schreiben(indikator, typ, user)
    return indikator


def kennzahlwert_speichern(*, kennzahl, datum, wert, quelle="", notiz="", user) -> Kennzahlwert:
    """One value per key figure and day, on an edition whose implementation state is live."""
    with transaction.atomic():
        umsetzung_bearbeitbar(kennzahl.edition, sperren=True)
        eintrag = Kennzahlwert.objects.filter(kennzahl=kennzahl, datum=datum).first() or (
            Kennzahlwert(kennzahl=kennzahl, datum=datum)
        )
        eintrag.wert, eintrag.quelle, eintrag.notiz, eintrag.autor = wert, quelle, notiz, user
        eintrag._history_user = user
        eintrag.save()
    return eintrag


def leitziel_messwert_speichern(*, indikator, datum, wert, quelle="", notiz="", user) -> Messwert:
    with transaction.atomic():
        edition = (indikator.leitziel or indikator.massnahme).themenfeld.edition
        umsetzung_bearbeitbar(edition, sperren=True)
        return messwert_speichern(
            indikator=indikator, datum=datum, wert=wert, quelle=quelle, notiz=notiz, user=user
        )


# Contact persons of organisations (group `Umsetzung`) and their invitations.


class EinladungFehler(Exception):
    """An invitation link cannot be used; the message says why."""


def ansprechperson_einladen(
    *, email: str, vorname: str, nachname: str, organisationen, sprache: str, user
) -> Einladung:
    """Makes (or finds) the contact person's account, links it to the organisations and sends
    a one-time link to set a password. Until then the account cannot sign in."""
    email = email.strip().lower()
    with transaction.atomic():
        person = get_user_model().objects.filter(username=email).first()
        if person is None:
            person = get_user_model().objects.create_user(
                username=email,
                email=email,
                first_name=vorname,
                last_name=nachname,
                is_active=False,
            )
        person.groups.add(Group.objects.get_or_create(name=UMSETZUNG)[0])
        for organisation in organisationen:
            organisation.ansprechpersonen.add(person)
        Profil.objects.update_or_create(user=person, defaults={"sprache": sprache})
        # A hash of a token nobody has, until the task makes the link it sends.
        einladung = Einladung.objects.create(
            user=person,
            token_hash=benachrichtigungen.token_hash(secrets.token_urlsafe(32)),
            gueltig_bis=timezone.now(),
            eingeladen_von=user,
        )
        transaction.on_commit(lambda: tasks.einladung_senden.enqueue(einladung.pk))
    return einladung


def einladung_finden(token: str) -> Einladung:
    """The invitation a link belongs to, if it may still be used."""
    einladung = (
        Einladung.objects.select_related("user")
        .filter(token_hash=benachrichtigungen.token_hash(token))
        .first()
    )
    if einladung is None or einladung.angenommen_am is not None:
        raise EinladungFehler(
            _(
                "Dieser Einladungslink ist ungültig oder wurde schon benutzt. Haben Sie Ihr "
                "Passwort schon festgelegt, melden Sie sich einfach an."
            )
        )
    if einladung.gueltig_bis < timezone.now():
        raise EinladungFehler(
            _(
                "Dieser Einladungslink ist abgelaufen. Bitte bitten Sie die Koordinierungsstelle "
                "um eine neue Einladung."
            )
        )
    return einladung


def einladung_annehmen(*, token: str, passwort: str):
    """Sets the password once; the link is used up in the same transaction (locked row), so
    the same link sent twice sets it once."""
    with transaction.atomic():
        einladung = einladung_finden(token)
        einladung = Einladung.objects.select_for_update().get(pk=einladung.pk)
        if einladung.angenommen_am is not None:
            raise EinladungFehler(_("Dieser Einladungslink wurde schon benutzt."))
        person = einladung.user
        person.set_password(passwort)
        person.is_active = True
        person.save(update_fields=["password", "is_active"])
        einladung.angenommen_am = timezone.now()
        einladung.save(update_fields=["angenommen_am"])
    return person


# Reporting rounds (Sachstandsabfrage).


def ansprechpersonen_mit_massnahmen(edition) -> dict:
    """Active contact persons → the pks of the measures of this edition they report on."""
    from konzept.rollen import UMSETZUNG

    massnahmen = Massnahme.objects.in_edition(edition).order_by()
    felder = [("federfuehrung__ansprechpersonen", massnahmen)]
    if settings.UMSETZUNG_PARTNER_MELDEN:
        felder.append(("partner__ansprechpersonen", massnahmen))
    zuordnung: dict[int, set[int]] = {}
    for pfad, abfrage in felder:
        for user_id, massnahme_id in abfrage.filter(
            **{f"{pfad}__is_active": True, f"{pfad}__groups__name": UMSETZUNG}
        ).values_list(pfad, "pk"):
            zuordnung.setdefault(user_id, set()).add(massnahme_id)
    return zuordnung


def abfrage_eroeffnen(*, edition, frist, nachricht: str, user) -> Sachstandsabfrage:
    """Opens a round for the edition in force; every contact person with measures gets an
    e-mail in their language with a link to their report page."""
    if frist < timezone.localdate():
        raise UmsetzungFehler(_("Die Frist liegt in der Vergangenheit."))
    with transaction.atomic():
        edition = umsetzung_bearbeitbar(edition, sperren=True)
        if not edition.ist_beschlossen:
            raise UmsetzungFehler(
                _("Sachstandsabfragen gibt es für die geltende, beschlossene Ausgabe.")
            )
        if edition.sachstandsabfragen.offen().exists():
            raise UmsetzungFehler(_("Für diese Ausgabe läuft bereits eine Sachstandsabfrage."))
        abfrage = Sachstandsabfrage.objects.create(
            edition=edition, frist=frist, nachricht=nachricht, eroeffnet_von=user
        )
        empfaenger = sorted(ansprechpersonen_mit_massnahmen(edition))
        transaction.on_commit(
            lambda: [tasks.abfrage_eroeffnet.enqueue(abfrage.pk, pk) for pk in empfaenger]
        )
    return abfrage


def offene_ansprechpersonen(abfrage) -> dict:
    """Contact persons who still owe a report in this round → their open measures."""
    beantwortet = set(abfrage.berichte.values_list("massnahme_id", flat=True))
    return {
        user_id: offen
        for user_id, massnahmen in ansprechpersonen_mit_massnahmen(abfrage.edition).items()
        if (offen := massnahmen - beantwortet)
    }


def abfrage_erinnern(*, abfrage, user_id: int):
    """Reminds one contact person of an open round (staff, by hand)."""
    if not abfrage.ist_offen:
        raise UmsetzungFehler(_("Diese Sachstandsabfrage ist abgeschlossen."))
    transaction.on_commit(lambda: tasks.abfrage_erinnerung.enqueue(abfrage.pk, user_id))


def abfrage_schliessen(*, abfrage, user) -> Sachstandsabfrage:
    """Closes a round and keeps the state at this moment as its Umsetzungsbericht. Reports
    that arrive afterwards still count as implementation state, outside the round."""
    from . import umsetzungsbericht

    with transaction.atomic():
        abfrage = Sachstandsabfrage.objects.select_for_update().get(pk=abfrage.pk)
        if not abfrage.ist_offen:
            raise UmsetzungFehler(_("Diese Sachstandsabfrage ist schon abgeschlossen."))
        abfrage.geschlossen_am = timezone.now()
        abfrage.bericht = umsetzungsbericht.erstellen(abfrage)
        abfrage.save(update_fields=["geschlossen_am", "bericht"])
    return abfrage


def erinnerungen_faellig(heute=None):
    """Reminders before and after a round's deadline, and to contact persons of measures
    without an update for UMSETZUNGSSTAND_VERALTET_MONATE months (at most every
    VERALTET_ERINNERUNG_ABSTAND_TAGE days). Called by `benachrichtigungen_senden` (cron)."""
    from .umsetzungsstand import monate_vorher

    heute = heute or timezone.localdate()
    vorher = datetime.timedelta(days=settings.ABFRAGE_ERINNERUNG_TAGE_VORHER)
    for abfrage in Sachstandsabfrage.objects.offen().select_related("edition"):
        if abfrage.frist < heute:
            feld = "erinnerung_nachher"
        elif abfrage.frist - vorher <= heute:
            feld = "erinnerung_vorher"
        else:
            continue
        # Claimed first, so that two cron runs at once remind once; claim and tasks in one
        # transaction, so that an outage between them loses no reminder.
        with transaction.atomic():
            if not Sachstandsabfrage.objects.filter(pk=abfrage.pk, **{feld: False}).update(
                **{feld: True}
            ):
                continue
            for user_id in offene_ansprechpersonen(abfrage):
                tasks.abfrage_erinnerung.enqueue(abfrage.pk, user_id)
    edition = Edition.objects.in_kraft()
    if edition is None:
        return
    seit = monate_vorher(heute, settings.UMSETZUNGSSTAND_VERALTET_MONATE)
    veraltet = set(
        Massnahme.objects.in_edition(edition)
        .ohne_aktuellen_umsetzungsstand(seit)
        .values_list("pk", flat=True)
    )
    kuerzlich = set(
        Erinnerung.objects.filter(
            art=Erinnerung.Art.VERALTET,
            gesendet_am__gte=timezone.now()
            - datetime.timedelta(days=settings.VERALTET_ERINNERUNG_ABSTAND_TAGE),
        ).values_list("user_id", flat=True)
    )
    for user_id, massnahmen in ansprechpersonen_mit_massnahmen(edition).items():
        if user_id not in kuerzlich and (faellig := massnahmen & veraltet):
            tasks.veraltet_erinnerung.enqueue(user_id, sorted(faellig))
