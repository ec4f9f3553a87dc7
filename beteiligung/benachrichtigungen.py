"""The e-mails themselves, each in the language of the person who gets it."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from konzept.models import Landkreis, Profil

from .models import Beteiligungsphase, Kommentar, Phasenmeldung


def sprache_von(user) -> str:
    profil = Profil.objects.filter(user=user).first()
    return profil.sprache if profil else settings.LANGUAGE_CODE


def senden(user, vorlage: str, kontext: dict):
    """Renders `beteiligung/mail/<vorlage>.txt` in the user's language and sends it."""
    if not user or not user.email:
        return
    with translation.override(sprache_von(user)):
        text = render_to_string(
            f"beteiligung/mail/{vorlage}.txt",
            {**kontext, "user": user, "landkreis": Landkreis.aktuell()},
        )
    betreff, _leer, inhalt = text.strip().partition("\n")
    send_mail(betreff.strip(), inhalt.strip(), settings.DEFAULT_FROM_EMAIL, [user.email])


def kommentar_beantwortet(kommentar_id: int):
    kommentar = Kommentar.objects.mit_element().get(pk=kommentar_id)
    if kommentar.autor is None:
        return
    adresse = meine_kommentare_adresse(kommentar, sprache_von(kommentar.autor))
    senden(kommentar.autor, "kommentar_beantwortet", {"kommentar": kommentar, "adresse": adresse})


def meine_kommentare_adresse(kommentar, sprache: str) -> str:
    """An absolute link to the comment in "Meine Kommentare", in the recipient's language
    (SEITEN_ADRESSE: e-mails are sent by the worker, outside any request)."""
    with translation.override(sprache):
        pfad = reverse("beteiligung:meine_kommentare")
    return f"{settings.SEITEN_ADRESSE}{pfad}#kommentar-{kommentar.pk}"


def antwort_uebersetzt(kommentar_id: int):
    """The answer is now there in the comment's language (issue 18.1)."""
    kommentar = Kommentar.objects.mit_element().get(pk=kommentar_id)
    if kommentar.autor is None:
        return
    adresse = meine_kommentare_adresse(kommentar, sprache_von(kommentar.autor))
    senden(kommentar.autor, "antwort_uebersetzt", {"kommentar": kommentar, "adresse": adresse})


def kommentar_verborgen(kommentar_id: int):
    kommentar = Kommentar.objects.mit_element().get(pk=kommentar_id)
    senden(kommentar.autor, "kommentar_verborgen", {"kommentar": kommentar})


def zielgruppe(phase):
    return (
        get_user_model().objects.filter(groups__name__in=phase.gruppen(), is_active=True).distinct()
    )


def phasenmeldung_senden(meldung_id: int):
    """Sends one announcement or reminder of a phase to one person and records it; the last
    of a phase's e-mails records the phase as announced (reminded)."""
    meldung = Phasenmeldung.objects.select_related("phase__edition", "user").get(pk=meldung_id)
    if meldung.gesendet_am is not None:
        return
    vorlage = {
        Phasenmeldung.Art.EROEFFNUNG: "phase_eroeffnet",
        Phasenmeldung.Art.ERINNERUNG: "phase_erinnerung",
    }[meldung.art]
    senden(meldung.user, vorlage, {"phase": meldung.phase})
    feld = {
        Phasenmeldung.Art.EROEFFNUNG: "eroeffnung_gemeldet",
        Phasenmeldung.Art.ERINNERUNG: "erinnerung_gemeldet",
    }[meldung.art]
    with transaction.atomic():
        # The phase's row locked: of two last e-mails sent at once, the second sees the first.
        Beteiligungsphase.objects.select_for_update().filter(pk=meldung.phase_id).first()
        Phasenmeldung.objects.filter(pk=meldung.pk).update(gesendet_am=timezone.now())
        offen = Phasenmeldung.objects.filter(
            phase_id=meldung.phase_id, art=meldung.art, gesendet_am=None
        )
        if not offen.exists():
            Beteiligungsphase.objects.filter(pk=meldung.phase_id).update(**{feld: True})


def zusammenfassung_empfaenger():
    """Who gets the daily summary: staff of today (Koordinierungsstelle or superuser, account
    active) who chose it. Having chosen it once is not enough: who left the role gets nothing
    more (issue 14.6)."""
    from django.db.models import Q

    from konzept.rollen import KOORDINIERUNGSSTELLE

    mitarbeitende = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=KOORDINIERUNGSSTELLE), is_active=True
    )
    return Profil.objects.filter(tageszusammenfassung=True, user__in=mitarbeitende)


def tageszusammenfassung(user_id: int):
    """New comments since the last summary, hidden ones left out; asked again when the task
    runs, so a change of role or choice after it was queued counts."""
    profil = zusammenfassung_empfaenger().select_related("user").filter(user_id=user_id).first()
    if profil is None:
        return
    seit = profil.letzte_zusammenfassung or timezone.now() - timedelta(days=1)
    neue = (
        Kommentar.objects.mit_element()
        .filter(erstellt_am__gt=seit)
        .exclude(status=Kommentar.Status.VERBORGEN)
        .order_by("erstellt_am")
    )
    if neue:
        senden(profil.user, "tageszusammenfassung", {"kommentare": neue, "seit": seit})
    profil.letzte_zusammenfassung = timezone.now()
    profil.save(update_fields=["letzte_zusammenfassung"])
