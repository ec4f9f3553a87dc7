"""E-mails of the consultation, as tasks: sending never blocks a request. One task per
recipient, tried again when sending fails (konzept/zustellung.py). Machine translations
likewise, tried again when the service fails (konzept/maschinell.py)."""

from django.tasks import task

from konzept import maschinell
from konzept.zustellung import zustellen

from . import benachrichtigungen


@task
def kommentar_beantwortet(kommentar_id: int, versuch: int = 1):
    zustellen(
        kommentar_beantwortet,
        benachrichtigungen.kommentar_beantwortet,
        kommentar_id,
        versuch=versuch,
    )


@task
def kommentar_verborgen(kommentar_id: int, versuch: int = 1):
    zustellen(
        kommentar_verborgen, benachrichtigungen.kommentar_verborgen, kommentar_id, versuch=versuch
    )


@task
def phasenmeldung_senden(meldung_id: int, versuch: int = 1):
    zustellen(
        phasenmeldung_senden, benachrichtigungen.phasenmeldung_senden, meldung_id, versuch=versuch
    )


@task
def tageszusammenfassung(user_id: int, versuch: int = 1):
    zustellen(
        tageszusammenfassung, benachrichtigungen.tageszusammenfassung, user_id, versuch=versuch
    )


@task
def kommentar_deutsch(kommentar_id: int, versuch: int = 1):
    from .services import kommentar_deutsch_maschinell

    maschinell.ausfuehren(
        kommentar_deutsch, kommentar_deutsch_maschinell, kommentar_id, versuch=versuch
    )


@task
def antwort_uebersetzt(kommentar_id: int, versuch: int = 1):
    zustellen(
        antwort_uebersetzt, benachrichtigungen.antwort_uebersetzt, kommentar_id, versuch=versuch
    )


@task
def antwort_maschinell_uebersetzen(kommentar_id: int, versuch: int = 1):
    """Asks the machine translation service; when it fails in a way that may pass, asked
    again later (konzept.maschinell.ausfuehren); otherwise the answer stays "Übersetzung folgt"."""
    from .services import antwort_maschinell_uebersetzen as uebersetzen

    maschinell.ausfuehren(
        antwort_maschinell_uebersetzen, uebersetzen, kommentar_id, versuch=versuch
    )
