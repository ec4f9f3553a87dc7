"""E-mails of the implementation loop, as tasks taking primary keys, one per recipient."""

from django.tasks import task

from . import benachrichtigungen


@task
def einladung_senden(einladung_id: int):
    benachrichtigungen.einladung_senden(einladung_id)


@task
def abfrage_eroeffnet(abfrage_id: int, user_id: int):
    benachrichtigungen.abfrage_eroeffnet(abfrage_id, user_id)


@task
def abfrage_erinnerung(abfrage_id: int, user_id: int):
    benachrichtigungen.abfrage_erinnerung(abfrage_id, user_id)


@task
def veraltet_erinnerung(user_id: int, massnahme_ids: list[int]):
    benachrichtigungen.veraltet_erinnerung(user_id, massnahme_ids)
