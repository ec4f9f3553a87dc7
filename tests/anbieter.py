"""The real OpenID provider of the tests (issue 19.1): panva's `oidc-provider`, certified by the
OpenID Foundation, run with Node from `var/oidc-provider/` (installed by `make oidc-anbieter`).

`tests/oidc/anbieter.mjs` configures one client for the app and the accounts of
`tests/oidc/konten.json`, with their groups and authentication methods (`amr`). Where Node or the
package is missing, the tests that need the provider skip with the reason, and fail in CI.
"""

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from bs4 import BeautifulSoup

BASIS = Path(__file__).resolve().parent.parent
DATEIEN = Path(__file__).resolve().parent / "oidc"
ORDNER = BASIS / "var" / "oidc-provider"
KONTEN = json.loads((DATEIEN / "konten.json").read_text())["konten"]
SCHLUESSEL = json.loads((DATEIEN / "schluessel.json").read_text())["keys"][0]
CLIENT_ID = "integrationskonzept"
CLIENT_SECRET = "nur-fuer-die-tests-geheim"
RUECKKEHR = "/anmelden/dienstkonto/rueckkehr/"
# Roles as a district might name them at its provider, and the groups they grant here.
GRUPPEN = {
    "ik-koordination": "Koordinierungsstelle",
    "ik-gremien": "Ausschuss",
    "ik-umsetzung": "Umsetzung",
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


def _fehlt(grund: str):
    if _in_ci():
        pytest.fail(f"{grund} In CI (CI={os.environ['CI']!r}) ist das ein Fehler.")
    pytest.skip(grund)


def laufzeit_pruefen() -> str:
    """The path of node; skips (or fails in CI) where the provider cannot run."""
    node = shutil.which("node")
    if node is None:
        _fehlt("Node.js fehlt: der OpenID-Anbieter der Tests braucht `node` (Debian-Paket nodejs).")
    gewollt = json.loads((DATEIEN / "package.json").read_text())["dependencies"]["oidc-provider"]
    paket = ORDNER / "node_modules" / "oidc-provider" / "package.json"
    if not paket.exists() or json.loads(paket.read_text())["version"] != gewollt:
        _fehlt(
            f"oidc-provider {gewollt} fehlt unter {ORDNER.relative_to(BASIS)}/: "
            "`make oidc-anbieter` installiert ihn (npm ci)."
        )
    return node


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Anbieter:
    """One running provider process on 127.0.0.1 with the app's callback URLs registered."""

    def __init__(self, rueckkehr: list[str]):
        node = laufzeit_pruefen()
        self.port = freier_port()
        self.aussteller = f"http://127.0.0.1:{self.port}"
        # The script must lie beside node_modules for Node to find the package.
        shutil.copy(DATEIEN / "anbieter.mjs", ORDNER / "anbieter.mjs")
        umgebung = {
            **os.environ,
            "ANBIETER_PORT": str(self.port),
            "ANBIETER_CLIENT_ID": CLIENT_ID,
            "ANBIETER_CLIENT_SECRET": CLIENT_SECRET,
            "ANBIETER_RUECKKEHR": json.dumps(rueckkehr),
            "ANBIETER_DATEIEN": str(DATEIEN),
        }
        self.prozess = subprocess.Popen(
            [node, str(ORDNER / "anbieter.mjs")],
            cwd=ORDNER,
            env=umgebung,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        zeile = self._warten_auf_bereit()
        if zeile != "bereit":
            fehler = self.prozess.stderr.read() if self.prozess.poll() is not None else ""
            self.beenden()
            raise RuntimeError(f"Der OpenID-Anbieter startet nicht: {zeile!r} {fehler}")
        # Drain its output so that warnings never fill a pipe and block the provider.
        for strom in (self.prozess.stdout, self.prozess.stderr):
            threading.Thread(target=strom.read, daemon=True).start()

    def _warten_auf_bereit(self) -> str:
        ergebnis = []
        leser = threading.Thread(
            target=lambda: ergebnis.append(self.prozess.stdout.readline().strip()), daemon=True
        )
        leser.start()
        leser.join(timeout=30)
        return ergebnis[0] if ergebnis else "keine Antwort in 30 Sekunden"

    def einstellungen(self, **abweichend) -> dict:
        """settings.DIENSTKONTO for this provider."""
        return {
            "aussteller": self.aussteller,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scopes": "openid groups",
            "gruppen_claim": "groups",
            "gruppen": {wert: [gruppe] for wert, gruppe in GRUPPEN.items()},
            "mfa_amr": ["mfa", "otp", "hwk"],
            "mfa_acr": [],
            "algorithmus": "RS256",
            "zeitlimit": 5.0,
            **abweichend,
        }

    def beenden(self) -> None:
        if self.prozess.poll() is None:
            self.prozess.terminate()
            try:
                self.prozess.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.prozess.kill()
                self.prozess.wait()


def beim_anbieter_anmelden(
    autorisierung: str, login: str, *, zustimmen: bool = True, passwort: str | None = None
) -> str:
    """Goes through the provider's own pages as a browser would (its sign-in form, then its
    consent form) and returns the URL the provider sends the browser back to."""
    sitzung = requests.Session()
    url = autorisierung
    for _schritt in range(12):
        antwort = sitzung.get(url, allow_redirects=False, timeout=10)
        while antwort.is_redirect:
            ziel = urljoin(url, antwort.headers["Location"])
            if RUECKKEHR in ziel:
                return ziel
            url = ziel
            antwort = sitzung.get(url, allow_redirects=False, timeout=10)
        seite = BeautifulSoup(antwort.text, "html.parser")
        if seite.find("input", attrs={"name": "login"}):
            formular = seite.find("form")
            daten = {"login": login, "passwort": passwort or KONTEN[login]["passwort"]}
        else:
            knopf = "Erlauben" if zustimmen else "Abbrechen"
            formular = seite.find("button", string=knopf).find_parent("form")
            daten = {}
        antwort = sitzung.post(
            urljoin(url, formular["action"]), data=daten, allow_redirects=False, timeout=10
        )
        if not antwort.is_redirect:
            raise AssertionError(f"Der Anbieter antwortet {antwort.status_code}: {antwort.text}")
        url = urljoin(url, antwort.headers["Location"])
        if RUECKKEHR in url:
            return url
    raise AssertionError("Der Anbieter leitet nicht zur Anwendung zurück.")


def warten_bis_beendet(anbieter: Anbieter) -> None:
    anbieter.beenden()
    for _versuch in range(50):
        try:
            socket.create_connection(("127.0.0.1", anbieter.port), timeout=0.2).close()
        except OSError:
            return
        time.sleep(0.1)
