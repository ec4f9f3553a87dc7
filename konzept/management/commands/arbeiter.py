"""The task worker of production (`make serve`, the systemd unit in deploy/): django-tasks-db's
`db_worker`, started again whenever the database goes away (issue 14.5).

db_worker ends with an exception when PostgreSQL restarts, and a worker that has ended sends
no e-mail any more. This one closes the broken connections, waits (1, 2, 4 … at most
ARBEITER_PAUSE_HOECHSTENS seconds) and goes on with the tasks waiting in the database. A task
that was running when the database went away is set back to waiting, so it is run again.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")

ARBEITER_PAUSE_HOECHSTENS = 60
# A run of the worker that lasted this long was healthy: the next pause starts small again.
GESUND_SEKUNDEN = 60


class Command(db_worker.Command):
    help = (
        "Führt die Aufgaben (E-Mails) aus der Datenbank aus, wie db_worker, und verbindet sich "
        "nach einem Ausfall der Datenbank von selbst wieder."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        pause = 1.0
        while True:
            beginn = time.monotonic()
            try:
                self._liegengebliebene_freigeben(options["worker_id"])
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as fehler:
                if time.monotonic() - beginn > GESUND_SEKUNDEN:
                    pause = 1.0
                logger.warning(
                    "Datenbank nicht erreichbar (%s); neuer Versuch in %g s", fehler, pause
                )
                for verbindung in connections.all(initialized_only=True):
                    verbindung.close_if_unusable_or_obsolete()
                    verbindung.close()
                time.sleep(pause)
                pause = min(pause * 2, ARBEITER_PAUSE_HOECHSTENS)

    @staticmethod
    def _liegengebliebene_freigeben(worker_id: str):
        """Tasks this worker had claimed when the database went away are waiting again."""
        # Filtered here, not in SQL: SQLite has no lookup into a JSON list.
        laufend = DBTaskResult.objects.filter(status="RUNNING").values_list("pk", "worker_ids")
        eigene = [pk for pk, worker_ids in laufend if worker_id in worker_ids]
        DBTaskResult.objects.filter(pk__in=eigene).update(status="READY", started_at=None)
