"""A private PostgreSQL for the benchmarks and the fault test: its own data directory and
port, so that stopping and restarting it touches no one else's database.

As root (CI), initdb refuses to run; the cluster then belongs to the user `postgres`.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

DATENBANK = "integrationskonzept"


def _bin(programm: str) -> str:
    """The program of the newest installed PostgreSQL (Debian keeps them out of PATH)."""
    kandidaten = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{programm}"))
    if kandidaten:
        return kandidaten[-1]
    gefunden = shutil.which(programm)
    if gefunden is None:
        raise RuntimeError(f"{programm} fehlt: PostgreSQL-Server installieren (postgresql).")
    return gefunden


class PrivatesPostgres:
    def __init__(self, port: int):
        self.port = port
        self.verzeichnis = Path(tempfile.mkdtemp(prefix="integrationskonzept-pg-"))
        self.daten = self.verzeichnis / "daten"
        self.als_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATENBANK}"

    def _ausfuehren(self, *befehl: str):
        if self.als_root:
            befehl = ("runuser", "-u", "postgres", "--", *befehl)
        subprocess.run(befehl, check=True, capture_output=True, text=True)

    def anlegen(self) -> "PrivatesPostgres":
        if self.als_root:
            shutil.chown(self.verzeichnis, "postgres")
            self.verzeichnis.chmod(0o700)
        self._ausfuehren(
            _bin("initdb"), "-D", str(self.daten), "-U", "postgres", "-A", "trust", "-E", "UTF8"
        )
        self.starten()
        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute(f"CREATE DATABASE {DATENBANK}")
        return self

    def starten(self):
        optionen = f"-p {self.port} -k {self.verzeichnis} -c listen_addresses=127.0.0.1"
        self._ausfuehren(
            _bin("pg_ctl"), "-D", str(self.daten), "-o", optionen,
            "-l", str(self.verzeichnis / "log"), "-w", "start",
        )  # fmt: skip

    def stoppen(self):
        self._ausfuehren(_bin("pg_ctl"), "-D", str(self.daten), "-m", "fast", "-w", "stop")

    def bereit(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=1):
                return True
        except psycopg.OperationalError:
            return False

    def warten(self, sekunden: float = 30) -> float:
        """Until it accepts connections; returns the moment it did."""
        ende = time.monotonic() + sekunden
        while time.monotonic() < ende:
            if self.bereit():
                return time.monotonic()
            time.sleep(0.05)
        raise RuntimeError("PostgreSQL nimmt keine Verbindungen an.")

    def abfrage(self, sql: str, *parameter):
        with psycopg.connect(self.url) as db:
            return db.execute(sql, parameter).fetchall()

    def entfernen(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stoppen()
        shutil.rmtree(self.verzeichnis, ignore_errors=True)
