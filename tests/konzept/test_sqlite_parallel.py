"""Issue 14.17: with `make run` (a SQLite file) parallel writes wait for each other instead of
failing with "database is locked".

Each thread has its own connection to a file database, configured as the development
settings configure it (SQLITE_OPTIONEN). Every transaction reads before it writes, as a view
does (check, then save): in SQLite's default deferred mode the second writer cannot upgrade
its read lock and fails at once, whatever the busy timeout.
"""

import threading
import time

import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.utils import OperationalError

from konzept.settings.base import SQLITE_OPTIONEN

THREADS = 6


@pytest.fixture(autouse=True)
def _eigene_datenbanken(django_db_blocker):
    # Connections of their own to files of their own, not the suite's test database.
    with django_db_blocker.unblock():
        yield


def _einstellungen(pfad, optionen):
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(pfad),
        "OPTIONS": dict(optionen),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


def _parallel_schreiben(pfad, optionen) -> tuple[list[Exception], int]:
    einstellungen = _einstellungen(pfad, optionen)
    anlegen = DatabaseWrapper(einstellungen, alias="sqlite_anlegen")
    with anlegen.cursor() as cursor:
        cursor.execute("CREATE TABLE zaehler (id INTEGER PRIMARY KEY, stand INTEGER NOT NULL)")
        cursor.execute("INSERT INTO zaehler (id, stand) VALUES (1, 0)")
    anlegen.close()

    schranke = threading.Barrier(THREADS)
    fehler: list[Exception] = []

    def schreiben(nummer):
        alias = f"sqlite_parallel_{nummer}"
        connections[alias] = DatabaseWrapper(einstellungen, alias=alias)
        try:
            schranke.wait()
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT stand FROM zaehler WHERE id = 1")
                stand = cursor.fetchone()[0]
                # The others read too before anyone writes.
                time.sleep(0.05)
                cursor.execute("UPDATE zaehler SET stand = %s WHERE id = 1", [stand + 1])
        except OperationalError as fehler_:
            fehler.append(fehler_)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=schreiben, args=(nummer,)) for nummer in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lesen = DatabaseWrapper(einstellungen, alias="sqlite_lesen")
    with lesen.cursor() as cursor:
        cursor.execute("SELECT stand FROM zaehler WHERE id = 1")
        stand = cursor.fetchone()[0]
    lesen.close()
    return fehler, stand


def test_parallele_schreibende_warten_statt_zu_scheitern(tmp_path):
    fehler, stand = _parallel_schreiben(tmp_path / "db.sqlite3", SQLITE_OPTIONEN)
    assert fehler == []
    # Each read saw the write before it: no update lost either.
    assert stand == THREADS


def test_ohne_die_einstellungen_scheitern_sie(tmp_path):
    """The test above proves something: Django's defaults fail the same way `make run` did."""
    fehler, _stand = _parallel_schreiben(tmp_path / "db.sqlite3", {})
    assert any("locked" in str(f) for f in fehler)


def test_wal_ist_an(tmp_path):
    verbindung = DatabaseWrapper(_einstellungen(tmp_path / "db.sqlite3", SQLITE_OPTIONEN), "wal")
    with verbindung.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    verbindung.close()


@pytest.mark.parametrize("name", ["init_command", "transaction_mode", "timeout"])
def test_entwicklung_nutzt_die_einstellungen(name, monkeypatch):
    """`make run` without DATABASE_URL: the settings module puts the options on SQLite."""
    import importlib

    import konzept.settings.base as basis

    monkeypatch.delenv("DATABASE_URL", raising=False)
    neu = importlib.reload(basis)
    try:
        assert neu.DATABASES["default"]["OPTIONS"][name] == SQLITE_OPTIONEN[name]
    finally:
        importlib.reload(basis)
