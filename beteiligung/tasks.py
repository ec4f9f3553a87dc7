"""E-mails of the consultation, as tasks: sending never blocks a request."""

from django.tasks import task

from . import benachrichtigungen


@task
def kommentar_beantwortet(kommentar_id: int):
    benachrichtigungen.kommentar_beantwortet(kommentar_id)


@task
def kommentar_verborgen(kommentar_id: int):
    benachrichtigungen.kommentar_verborgen(kommentar_id)


@task
def phase_eroeffnet(phase_id: int):
    benachrichtigungen.phase_eroeffnet(phase_id)


@task
def phase_erinnerung(phase_id: int):
    benachrichtigungen.phase_erinnerung(phase_id)


@task
def tageszusammenfassung(user_id: int):
    benachrichtigungen.tageszusammenfassung(user_id)
