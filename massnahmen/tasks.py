"""E-mails of the implementation loop, as tasks taking primary keys, one per recipient, tried
again when sending fails (konzept/zustellung.py)."""

from django.tasks import task

from konzept.zustellung import zustellen

from . import benachrichtigungen


@task
def einladung_senden(einladung_id: int, versuch: int = 1):
    zustellen(einladung_senden, benachrichtigungen.einladung_senden, einladung_id, versuch=versuch)


@task
def abfrage_eroeffnet(abfrage_id: int, user_id: int, versuch: int = 1):
    zustellen(
        abfrage_eroeffnet,
        benachrichtigungen.abfrage_eroeffnet,
        abfrage_id,
        user_id,
        versuch=versuch,
    )


@task
def abfrage_erinnerung(abfrage_id: int, user_id: int, versuch: int = 1):
    zustellen(
        abfrage_erinnerung,
        benachrichtigungen.abfrage_erinnerung,
        abfrage_id,
        user_id,
        versuch=versuch,
    )


@task
def veraltet_erinnerung(user_id: int, massnahme_ids: list[int], versuch: int = 1):
    zustellen(
        veraltet_erinnerung,
        benachrichtigungen.veraltet_erinnerung,
        user_id,
        massnahme_ids,
        versuch=versuch,
    )
