"""The production configuration on this machine for the server benchmarks: a private
PostgreSQL, the prepared content, collected static files, gunicorn with 2 workers and, where
a benchmark wants it, the task worker; and a
small HTTP client that behaves like a browser behind the reverse proxy (cookies, CSRF token,
X-Forwarded-Proto: https)."""

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django_otp.oath import totp

from bench._postgres import PrivatesPostgres

BASIS = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PORT_BASIS = int(os.environ.get("BENCH_PORT_BASIS", "8860"))


def umgebung(postgres: PrivatesPostgres, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench._einstellungen",
        "DATABASE_URL": postgres.url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GUNICORN_ACCESSLOG": "",
        **extra,
    }


@dataclass
class Server:
    postgres: PrivatesPostgres
    port: int
    daten: dict
    prozess: subprocess.Popen | None = None
    umgebung: dict = field(default_factory=dict)
    arbeiter: subprocess.Popen | None = None

    def starten(self, **extra):
        self.umgebung = umgebung(self.postgres, **extra)
        # No recycling of workers during a measurement (gunicorn.conf.py's max_requests).
        befehl = [
            GUNICORN, "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--max-requests", "0"
        ]  # fmt: skip
        self.log = open(self.postgres.verzeichnis / f"gunicorn-{self.port}.log", "ab")  # noqa: SIM115
        self.prozess = subprocess.Popen(
            befehl, cwd=BASIS, env=self.umgebung, stdout=self.log, stderr=subprocess.STDOUT
        )
        ende = time.monotonic() + 60
        while time.monotonic() < ende:
            try:
                if Client(self.port).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            if self.prozess.poll() is not None:
                raise RuntimeError("gunicorn ist beim Start beendet, siehe " + self.log.name)
            time.sleep(0.2)
        raise RuntimeError("gunicorn antwortet nicht.")

    def arbeiter_starten(self):
        """The task worker (e-mails) as production runs it, `manage.py arbeiter`, in the
        environment of gunicorn (call `starten` first)."""
        self.arbeiter_log = self.postgres.verzeichnis / "arbeiter.log"
        with open(self.arbeiter_log, "ab") as log:
            self.arbeiter = subprocess.Popen(
                [PYTHON, "manage.py", "arbeiter"],
                cwd=BASIS, env=self.umgebung, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self.arbeiter

    def beenden(self):
        for prozess in (self.prozess, self.arbeiter):
            if prozess is not None and prozess.poll() is None:
                prozess.send_signal(signal.SIGTERM)
                try:
                    prozess.wait(30)
                except subprocess.TimeoutExpired:
                    prozess.kill()
                    prozess.wait()
        self.prozess = self.arbeiter = None


@contextmanager
def produktion(versatz: int, anzahl_kmv: int = 0):
    """A private PostgreSQL with the prepared data and collected static files; the caller
    starts (and may restart) gunicorn through the Server it gets."""
    postgres = PrivatesPostgres(PORT_BASIS + versatz).anlegen()
    server = Server(postgres, PORT_BASIS + 20 + versatz, {})
    try:
        env = umgebung(postgres)
        ergebnis = subprocess.run(
            [PYTHON, "-m", "bench._vorbereiten", str(anzahl_kmv)],
            cwd=BASIS, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        server.daten = json.loads(ergebnis.stdout.strip().splitlines()[-1])
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASIS, env=env, check=True, capture_output=True,
        )  # fmt: skip
        yield server
    finally:
        server.beenden()
        postgres.entfernen()


@dataclass
class Antwort:
    status: int
    kopf: dict
    text: str


class Client:
    """One browser: keeps its cookies, sends the CSRF token, comes over the proxy's HTTPS."""

    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def anfrage(self, methode: str, pfad: str, daten: dict | None = None, kopf=None) -> Antwort:
        verbindung = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            koepfe = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(kopf or {})}
            if self.cookies:
                koepfe["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if daten is not None:
                body = urlencode(daten)
                koepfe["Content-Type"] = "application/x-www-form-urlencoded"
                koepfe["Referer"] = f"https://127.0.0.1{pfad}"
                koepfe["Origin"] = "https://127.0.0.1"
            verbindung.request(methode, pfad, body=body, headers=koepfe)
            response = verbindung.getresponse()
            text = response.read().decode(errors="replace")
            for kopfzeile in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(kopfzeile).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return Antwort(response.status, dict(response.headers), text)
        finally:
            verbindung.close()

    def get(self, pfad: str, **kopf) -> Antwort:
        return self.anfrage("GET", pfad, kopf=kopf)

    def post(self, pfad: str, daten: dict, **kopf) -> Antwort:
        daten = {"csrfmiddlewaretoken": self.csrf_token, **daten}
        return self.anfrage("POST", pfad, daten, kopf=kopf)

    @property
    def csrf_token(self) -> str:
        return getattr(self, "_csrf", "")

    def formular_lesen(self, pfad: str) -> Antwort:
        antwort = self.get(pfad)
        treffer = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', antwort.text)
        if treffer:
            self._csrf = treffer.group(1)
        return antwort

    def anmelden(self, benutzer: str, passwort: str, totp_schluessel: str | None = None):
        self.formular_lesen("/anmelden/")
        antwort = self.post("/anmelden/", {"username": benutzer, "password": passwort})
        if antwort.status != 302:
            raise RuntimeError(f"Anmeldung von {benutzer}: {antwort.status}")
        if totp_schluessel:
            self.formular_lesen("/anmelden/zweiter-faktor/")
            code = f"{totp(bytes.fromhex(totp_schluessel)):06d}"
            antwort = self.post("/anmelden/zweiter-faktor/", {"code": code})
            if antwort.status != 302:
                raise RuntimeError(f"Zweiter Faktor von {benutzer}: {antwort.status}")
        # A page with a form, for a CSRF token bound to the new session.
        self.formular_lesen("/meine-daten/")
        return self
