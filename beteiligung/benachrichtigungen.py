"""The e-mails themselves, each in the language of the person who gets it, with a direct
link to the page concerned (built and sent by konzept/mails.py)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from konzept import baum
from konzept.mails import absolut, adresse, mail_senden
from konzept.models import Profil

from .models import Beteiligungsphase, Kommentar, Phasenmeldung


def sprache_von(user) -> str:
    profil = Profil.objects.filter(user=user).first()
    return profil.sprache if profil else settings.LANGUAGE_CODE


def senden(user, vorlage: str, kontext: dict):
    """Renders `beteiligung/mail/<vorlage>.txt` and `.html` in the user's language and sends
    them as one e-mail."""
    if not user or not user.email:
        return
    mail_senden(
        user=user, vorlage=f"beteiligung/mail/{vorlage}", sprache=sprache_von(user), kontext=kontext
    )


def _links_zum_kommentar(kommentar) -> dict:
    """The comment among the author's own (with its answer or why it is hidden), and the item
    it is about, on its page."""
    sprache = sprache_von(kommentar.autor)
    element = kommentar.element
    with translation.override(sprache):
        element_link = absolut(baum.ebene_von(element).adresse(element))
    return {
        # By the comment, not by a page number: "Meine Kommentare" comes in pages, and the
        # list opens at the page that holds the comment when the link is followed.
        "link": adresse(
            "beteiligung:meine_kommentare",
            sprache,
            parameter={"kommentar": kommentar.pk},
            anker=f"kommentar-{kommentar.pk}",
        ),
        "element_link": element_link,
    }


def kommentar_beantwortet(kommentar_id: int):
    kommentar = Kommentar.objects.mit_element().get(pk=kommentar_id)
    if not kommentar.autor:
        return
    senden(
        kommentar.autor,
        "kommentar_beantwortet",
        {"kommentar": kommentar, **_links_zum_kommentar(kommentar)},
    )


def antwort_uebersetzt(kommentar_id: int):
    """The answer is now there in the comment's language (issue 18.1)."""
    kommentar = Kommentar.objects.mit_element().get(pk=kommentar_id)
    if not kommentar.autor:
        return
    senden(
        kommentar.autor,
        "antwort_uebersetzt",
        {"kommentar": kommentar, **_links_zum_kommentar(kommentar)},
    )


def kommentar_verborgen(kommentar_id: int):
    kommentar = Kommentar.objects.mit_element().get(pk=kommentar_id)
    if not kommentar.autor:
        return
    senden(
        kommentar.autor,
        "kommentar_verborgen",
        {"kommentar": kommentar, **_links_zum_kommentar(kommentar)},
    )


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
    senden(
        meldung.user,
        vorlage,
        {
            "phase": meldung.phase,
            # The draft itself: each of its items has its own "Kommentieren".
            "link": adresse(
                "konzept:edition_detail", sprache_von(meldung.user), jahr=meldung.phase.edition.jahr
            ),
        },
    )
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
