"""E-mails that could not be sent are tried again later (issue 14.5).

Each e-mail task serves one recipient and calls `zustellen`: when sending fails (the mail
server is away, refuses, the database is restarting), the same task is enqueued again, to run
after MAIL_WIEDERHOLUNG_SEKUNDEN[n] seconds; after the last attempt the error stays in the
log and in the task's result. Gone objects (a deleted comment or account) are not tried
again: nothing would change.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

logger = logging.getLogger(__name__)


def zustellen(aufgabe, senden, *args, versuch: int):
    """Runs `senden(*args)`; if it fails, `aufgabe` (the task) is enqueued again with the
    same arguments and the next attempt's number."""
    try:
        senden(*args)
    except ObjectDoesNotExist:
        raise
    except Exception:
        abstaende = settings.MAIL_WIEDERHOLUNG_SEKUNDEN
        if versuch > len(abstaende) or not aufgabe.get_backend().supports_defer:
            logger.exception(
                "%s%r: endgültig fehlgeschlagen (Versuch %d)", aufgabe.name, args, versuch
            )
            raise
        warten = abstaende[versuch - 1]
        logger.warning(
            "%s%r: Versuch %d fehlgeschlagen, nächster in %d s",
            aufgabe.name,
            args,
            versuch,
            warten,
            exc_info=True,
        )
        aufgabe.using(run_after=timezone.now() + timedelta(seconds=warten)).enqueue(
            *args, versuch=versuch + 1
        )
