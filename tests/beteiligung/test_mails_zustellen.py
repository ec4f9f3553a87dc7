"""Issue 14.5: e-mails are not lost.

Production runs tasks through django-tasks-db and `manage.py arbeiter`; here the worker runs
in batch mode over the task rows, with the clock moved on for the retries. The mail server is
a stand-in that refuses chosen addresses until told otherwise.
"""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from beteiligung.models import Beteiligungsphase, Phasenmeldung
from beteiligung.services import benachrichtigungen_faellig
from tests.conftest import benutzer_mit_rolle

KAPUTT: set[str] = set()


class TeilweiseKaputt(EmailBackend):
    """Like the test outbox, but the mail server refuses the addresses in KAPUTT."""

    def send_messages(self, messages):
        for nachricht in messages:
            if KAPUTT & set(nachricht.to):
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(nachricht.to, (451, b"try later"))
                )
        return super().send_messages(messages)


@pytest.fixture
def warteschlange(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.TeilweiseKaputt"}}
    settings.MAIL_WIEDERHOLUNG_SEKUNDEN = (60, 300)
    # The worker closes connections between tasks; here that would end the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    KAPUTT.clear()
    yield
    KAPUTT.clear()


def arbeiten():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def spaeter(sekunden):
    """Moves every waiting task's time forward, as if that many seconds had passed."""
    for ergebnis in DBTaskResult.objects.filter(status="READY", run_after__isnull=False):
        ergebnis.run_after -= timedelta(seconds=sekunden)
        ergebnis.save(update_fields=["run_after"])


def mitglied(name):
    user = benutzer_mit_rolle(name, "KMV")
    user.email = f"{name}@example.org"
    user.save()
    return user


@pytest.fixture
def phase(entwurf):
    jetzt = timezone.now()
    return Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(hours=1), ende=jetzt + timedelta(days=10)
    )


def test_ein_kaputter_empfaenger_haelt_die_anderen_nicht_auf(phase, warteschlange, mailoutbox):
    for name in ("amira", "boris", "cem"):
        mitglied(name)
    KAPUTT.add("amira@example.org")
    benachrichtigungen_faellig()
    assert mailoutbox == []  # waiting for the worker
    arbeiten()
    assert sorted(m.to[0] for m in mailoutbox) == ["boris@example.org", "cem@example.org"]
    phase.refresh_from_db()
    # Not everyone has it yet: not announced.
    assert not phase.eroeffnung_gemeldet
    assert Phasenmeldung.objects.filter(gesendet_am=None).get().user.username == "amira"


def test_fehlgeschlagene_mail_wird_spaeter_wiederholt(phase, warteschlange, mailoutbox):
    mitglied("amira")
    KAPUTT.add("amira@example.org")
    benachrichtigungen_faellig()
    arbeiten()
    assert mailoutbox == []
    # Backoff: not before its time.
    arbeiten()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    spaeter(61)
    arbeiten()
    assert mailoutbox == []
    warten = DBTaskResult.objects.get(status="READY")
    assert warten.args_kwargs["kwargs"] == {"versuch": 3}
    # The second wait is longer.
    assert warten.run_after > timezone.now() + timedelta(seconds=200)
    KAPUTT.clear()
    spaeter(301)
    arbeiten()
    assert [m.to for m in mailoutbox] == [["amira@example.org"]]
    phase.refresh_from_db()
    assert phase.eroeffnung_gemeldet


def test_nach_dem_letzten_versuch_bleibt_der_fehler_sichtbar(phase, warteschlange, mailoutbox):
    mitglied("amira")
    KAPUTT.add("amira@example.org")
    benachrichtigungen_faellig()
    for _ in range(4):
        arbeiten()
        spaeter(1000)
    assert mailoutbox == []
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_eroeffnet_erst_nach_dem_senden_gemeldet(phase, warteschlange, mailoutbox):
    """The phase was marked announced before the task ran: a failed e-mail was never sent."""
    mitglied("amira")
    benachrichtigungen_faellig()
    phase.refresh_from_db()
    assert not phase.eroeffnung_gemeldet
    # cron again before the worker ran: the e-mails are on their way, none twice.
    benachrichtigungen_faellig()
    assert Phasenmeldung.objects.count() == 1
    arbeiten()
    phase.refresh_from_db()
    assert phase.eroeffnung_gemeldet
    assert len(mailoutbox) == 1
    benachrichtigungen_faellig()
    arbeiten()
    assert len(mailoutbox) == 1


def kommentar_in_phase(edition, autorin):
    """A comment in a phase open now (its announcement counted as sent)."""
    import uuid

    from beteiligung.services import kommentar_abgeben
    from massnahmen.models import Massnahme

    jetzt = timezone.now()
    Beteiligungsphase.objects.get_or_create(
        edition=edition,
        defaults={
            "beginn": jetzt - timedelta(hours=1),
            "ende": jetzt + timedelta(days=10),
            "eroeffnung_gemeldet": True,
        },
    )
    return kommentar_abgeben(
        user=autorin,
        element=Massnahme.objects.in_edition(edition).first(),
        text="Bitte auf Arabisch.",
        sprache="de",
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )


def test_antwortmail_wird_wiederholt(entwurf, warteschlange, mailoutbox):
    from beteiligung import tasks

    kommentar = kommentar_in_phase(entwurf, mitglied("amira"))
    KAPUTT.add("amira@example.org")
    tasks.kommentar_beantwortet.enqueue(kommentar.pk)
    arbeiten()
    KAPUTT.clear()
    spaeter(61)
    arbeiten()
    assert [m.to for m in mailoutbox] == [["amira@example.org"]]
