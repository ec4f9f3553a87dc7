"""Local stand-ins for the machine translation services (issue 18.3).

The real services are not reachable from the test machine, and LibreTranslate with its
language models is too large to install for the suite. Each stand-in is a small HTTP server
in a thread that answers as the published API documentation describes:

- LibreTranslate (docs.libretranslate.com, "API usage"): `POST /translate` with a JSON body
  {q, source, target, format, api_key}; 200 {"translatedText": …}; errors as {"error": …}
  with 400 (bad request, language not supported), 403 (invalid API key), 429 (slow down),
  500 (translation failed).
- DeepL (developers.deepl.com, "Translate text", "Error handling", "Languages supported"):
  `POST /v2/translate` with `Authorization: DeepL-Auth-Key <key>` and a JSON body {text: [..],
  source_lang, target_lang}; 200 {"translations": [{"detected_source_language", "text"}]};
  errors as {"message": …} with 400, 403 (authorization failed), 429 (too many requests),
  456 (quota exceeded), 500.

The "translation" marks the target language before the text, so a test sees what was sent.
`zustand` lets a test make the next answers fail or be slow; `anfragen` holds what arrived.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

LIBRE_SPRACHEN = {"ar", "de", "en", "fa", "ru", "tr", "uk"}
DEEPL_QUELLE = {"AR", "DE", "EN", "RU", "TR", "UK"}
DEEPL_ZIEL = {"AR", "DE", "EN-GB", "EN-US", "RU", "TR", "UK"}
DEEPL_SCHLUESSEL = "0f0f0f0f-aaaa-bbbb-cccc-123456789abc:fx"


class Dienst(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, art: str, schluessel: str = ""):
        super().__init__(("127.0.0.1", 0), Antworten)
        self.art, self.schluessel = art, schluessel
        self.anfragen: list[dict] = []
        # fehler: an HTTP status to answer with; warten: seconds before answering;
        # antwort: a text to give back instead of the marked input.
        self.zustand = {"fehler": None, "warten": 0.0, "antwort": None}

    @property
    def adresse(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Antworten(BaseHTTPRequestHandler):
    server: Dienst

    def log_message(self, *args):
        pass

    def _senden(self, status: int, inhalt: dict):
        daten = json.dumps(inhalt).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(daten)))
            self.end_headers()
            self.wfile.write(daten)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)

    def do_POST(self):
        laenge = int(self.headers.get("Content-Length", 0))
        try:
            koerper = json.loads(self.rfile.read(laenge) or b"{}")
        except ValueError:
            koerper = None
        self.server.anfragen.append(
            {"pfad": self.path, "kopf": dict(self.headers.items()), "koerper": koerper}
        )
        zustand = self.server.zustand
        if zustand["warten"]:
            time.sleep(zustand["warten"])
        if self.server.art == "libretranslate":
            self._libretranslate(koerper, zustand)
        else:
            self._deepl(koerper, zustand)

    def _libretranslate(self, koerper, zustand):
        if self.path != "/translate":
            return self._senden(404, {"error": "Not Found"})
        if zustand["fehler"]:
            meldungen = {429: "Slowdown: 20 per 1 minute", 500: "Cannot translate text"}
            return self._senden(zustand["fehler"], {"error": meldungen.get(zustand["fehler"], "")})
        if not isinstance(koerper, dict) or not koerper.get("q"):
            return self._senden(400, {"error": "Invalid request: missing q parameter"})
        if self.server.schluessel and koerper.get("api_key") != self.server.schluessel:
            return self._senden(403, {"error": "Invalid API key"})
        for feld in ("source", "target"):
            if koerper.get(feld) not in LIBRE_SPRACHEN:
                return self._senden(400, {"error": f"{koerper.get(feld)} is not supported"})
        text = zustand["antwort"] or f"[{koerper['target']}] {koerper['q']}"
        return self._senden(200, {"translatedText": text})

    def _deepl(self, koerper, zustand):
        if self.path != "/v2/translate":
            return self._senden(404, {"message": "Not found"})
        if self.headers.get("Authorization") != f"DeepL-Auth-Key {self.server.schluessel}":
            return self._senden(403, {"message": "Authorization failed"})
        if zustand["fehler"]:
            meldungen = {429: "Too many requests", 456: "Quota exceeded"}
            return self._senden(
                zustand["fehler"], {"message": meldungen.get(zustand["fehler"], "")}
            )
        if not isinstance(koerper, dict) or not isinstance(koerper.get("text"), list):
            return self._senden(400, {"message": "Parameter 'text' not specified."})
        quelle, ziel = koerper.get("source_lang"), koerper.get("target_lang")
        if quelle is not None and quelle not in DEEPL_QUELLE:
            return self._senden(400, {"message": "Value for 'source_lang' not supported."})
        if ziel not in DEEPL_ZIEL:
            return self._senden(400, {"message": "Value for 'target_lang' not supported."})
        return self._senden(
            200,
            {
                "translations": [
                    {
                        "detected_source_language": quelle,
                        "text": zustand["antwort"] or f"[{ziel}] {t}",
                    }
                    for t in koerper["text"]
                ]
            },
        )


def starten(art: str, schluessel: str = "") -> Dienst:
    dienst = Dienst(art, schluessel)
    threading.Thread(target=dienst.serve_forever, daemon=True).start()
    return dienst


@pytest.fixture
def libretranslate(settings):
    """A LibreTranslate stand-in, and the app configured to use it."""
    dienst = starten("libretranslate")
    settings.MASCHINELL = {
        "dienst": "libretranslate",
        "adresse": dienst.adresse,
        "schluessel": "",
        "zeitlimit": 2.0,
    }
    yield dienst
    dienst.shutdown()
    dienst.server_close()


@pytest.fixture
def deepl(settings):
    """A DeepL API stand-in, and the app configured to use it (a free-API key)."""
    dienst = starten("deepl", DEEPL_SCHLUESSEL)
    settings.MASCHINELL = {
        "dienst": "deepl",
        "adresse": dienst.adresse,
        "schluessel": DEEPL_SCHLUESSEL,
        "zeitlimit": 2.0,
    }
    yield dienst
    dienst.shutdown()
    dienst.server_close()
