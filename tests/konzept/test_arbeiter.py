"""Issue 14.5: the task worker of `make serve` survives an outage of the database.

db_worker ended with the first OperationalError, and the e-mails enqueued afterwards waited
forever. `manage.py arbeiter` waits, connects again and sends them.
"""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from beteiligung import tasks
from tests.beteiligung.test_mails_zustellen import mitglied

pytestmark = pytest.mark.django_db


@pytest.fixture
def warteschlange(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr("konzept.management.commands.arbeiter.time.sleep", lambda s: None)
    # The command closes broken connections; the test's one must survive.
    monkeypatch.setattr("konzept.management.commands.arbeiter.connections.all", lambda **kw: [])


def ausfall_beim_ersten_abruf(monkeypatch):
    """The first look for tasks finds the database gone, as when PostgreSQL restarts."""
    echt = DBTaskResult.objects.ready
    aufrufe = []

    def ready():
        aufrufe.append(1)
        if len(aufrufe) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return echt()

    monkeypatch.setattr(DBTaskResult.objects, "ready", ready)
    return aufrufe


def test_db_worker_allein_stirbt(entwurf, warteschlange, monkeypatch):
    """Without the wrapper: the worker ends, and stays ended."""
    ausfall_beim_ersten_abruf(monkeypatch)
    with pytest.raises(OperationalError):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_arbeiter_ueberlebt_den_ausfall_und_sendet_danach(
    entwurf, warteschlange, monkeypatch, mailoutbox
):
    autorin = mitglied("amira")
    from tests.beteiligung.test_mails_zustellen import kommentar_in_phase

    kommentar = kommentar_in_phase(entwurf, autorin)
    aufrufe = ausfall_beim_ersten_abruf(monkeypatch)
    tasks.kommentar_beantwortet.enqueue(kommentar.pk)
    call_command("arbeiter", "--batch", "--no-startup-delay", verbosity=0)
    assert len(aufrufe) >= 2
    assert [m.to for m in mailoutbox] == [["amira@example.org"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_liegengebliebene_aufgabe_wird_wieder_ausgefuehrt(
    entwurf, warteschlange, monkeypatch, mailoutbox
):
    """A task claimed when the database went away runs again after the return."""
    from tests.beteiligung.test_mails_zustellen import kommentar_in_phase

    kommentar = kommentar_in_phase(entwurf, mitglied("amira"))
    ergebnis = tasks.kommentar_beantwortet.enqueue(kommentar.pk)
    zeile = DBTaskResult.objects.get(pk=ergebnis.id)
    zeile.claim("arbeiter-1")
    call_command(
        "arbeiter", "--batch", "--no-startup-delay", "--worker-id", "arbeiter-1", verbosity=0
    )
    assert [m.to for m in mailoutbox] == [["amira@example.org"]]
