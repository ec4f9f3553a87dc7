"""Machine translation as an optional service (issue 18.3).

Off unless MASCHINELL_DIENST names a backend: then nothing is sent anywhere. Two backends
speak the published APIs of their services:

- `libretranslate`: a LibreTranslate server, best run by the district itself next to the app
  (MASCHINELL_ADRESSE, e.g. http://127.0.0.1:5000; MASCHINELL_SCHLUESSEL only if the server
  asks for an API key). `POST /translate` with q, source, target, format=text; the answer is
  {"translatedText": …}, errors {"error": …} with 400, 403, 429 or 500.
- `deepl`: the DeepL API (MASCHINELL_SCHLUESSEL; keys ending in ":fx" belong to the free API
  at api-free.deepl.com, others to api.deepl.com; MASCHINELL_ADRESSE overrides the address).
  `POST /v2/translate` with {"text": [...], "source_lang", "target_lang"}, the key in the
  header `Authorization: DeepL-Auth-Key …`; the answer is {"translations": [{"text": …}]};
  403 a wrong key, 429 too many requests, 456 the quota used up.

Only the text to translate and the two language codes are sent; no names, no addresses, no
identifiers of the comment or its author. Calls are synchronous with MASCHINELL_ZEITLIMIT
seconds as timeout: they belong in tasks (`ausfuehren`), never in a request.
"""

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.utils import timezone

from .texte import OEFFNEN, SCHLIESSEN, UEBERSCHREIBEN, richtungszeichen_fehler

logger = logging.getLogger(__name__)

RICHTUNGSZEICHEN = UEBERSCHREIBEN | set(OEFFNEN) | SCHLIESSEN


class MaschinellFehler(Exception):
    """The service gave no translation. `wiederholen` says whether trying again later may help
    (timeout, unreachable, too many requests, a server error) or not (off, a wrong key, the
    quota used up, a language the service does not offer)."""

    def __init__(self, meldung: str, *, wiederholen: bool = False):
        super().__init__(meldung)
        self.wiederholen = wiederholen


class Dienst:
    """One backend: translates one plain text from one language into another."""

    name = ""

    def __init__(self, *, adresse: str, schluessel: str, zeitlimit: float):
        self.adresse, self.schluessel, self.zeitlimit = adresse.rstrip("/"), schluessel, zeitlimit

    def bereit(self) -> bool:
        raise NotImplementedError

    def uebersetzen(self, text: str, von: str, nach: str) -> str:
        raise NotImplementedError

    def _senden(self, url: str, **kwargs) -> requests.Response:
        try:
            return requests.post(url, timeout=self.zeitlimit, **kwargs)
        except requests.Timeout as fehler:
            raise MaschinellFehler(
                f"{self.name}: keine Antwort in {self.zeitlimit} s", wiederholen=True
            ) from fehler
        except requests.RequestException as fehler:
            raise MaschinellFehler(
                f"{self.name}: nicht erreichbar ({type(fehler).__name__})", wiederholen=True
            ) from fehler

    def _fehler(self, antwort: requests.Response, nicht_wiederholen: set[int]) -> None:
        if antwort.status_code == 200:
            return
        try:
            grund = antwort.json()
            grund = grund.get("error") or grund.get("message") or grund
        except ValueError:
            grund = antwort.text[:200]
        raise MaschinellFehler(
            f"{self.name}: HTTP {antwort.status_code}: {grund}",
            wiederholen=antwort.status_code not in nicht_wiederholen,
        )

    def _json(self, antwort: requests.Response):
        try:
            return antwort.json()
        except ValueError as fehler:
            raise MaschinellFehler(f"{self.name}: Antwort ist kein JSON") from fehler


class LibreTranslate(Dienst):
    name = "LibreTranslate"
    # LibreTranslate's codes are ISO 639-1 like ours; only the regional variants differ.
    SPRACHEN = {"de", "en", "ar", "fa", "uk", "ru", "tr"}

    def bereit(self) -> bool:
        return bool(self.adresse)

    def uebersetzen(self, text: str, von: str, nach: str) -> str:
        daten = {"q": text, "source": _kurz(von), "target": _kurz(nach), "format": "text"}
        if self.schluessel:
            daten["api_key"] = self.schluessel
        antwort = self._senden(f"{self.adresse}/translate", json=daten)
        # 400: the request is wrong (a language the server has no model for), 403: the key.
        self._fehler(antwort, nicht_wiederholen={400, 403})
        ergebnis = self._json(antwort)
        if not isinstance(ergebnis, dict) or not isinstance(ergebnis.get("translatedText"), str):
            raise MaschinellFehler(f"{self.name}: Antwort ohne translatedText")
        return ergebnis["translatedText"]


class DeepL(Dienst):
    name = "DeepL"
    # The DeepL API's codes for our languages (developers.deepl.com, "Languages supported").
    # Persian is only a beta language there (enable_beta_languages): not used, the backend
    # says so and the translation stays with people.
    QUELLE = {"de": "DE", "en": "EN", "ar": "AR", "uk": "UK", "ru": "RU", "tr": "TR"}
    ZIEL = {"de": "DE", "en": "EN-GB", "ar": "AR", "uk": "UK", "ru": "RU", "tr": "TR"}

    def bereit(self) -> bool:
        return bool(self.schluessel)

    @property
    def url(self) -> str:
        if self.adresse:
            return f"{self.adresse}/v2/translate"
        frei = self.schluessel.endswith(":fx")
        return f"https://{'api-free' if frei else 'api'}.deepl.com/v2/translate"

    def uebersetzen(self, text: str, von: str, nach: str) -> str:
        quelle, ziel = self.QUELLE.get(_kurz(von)), self.ZIEL.get(_kurz(nach))
        if quelle is None or ziel is None:
            fehlend = von if quelle is None else nach
            raise MaschinellFehler(f"{self.name}: Sprache {fehlend!r} wird nicht angeboten")
        antwort = self._senden(
            self.url,
            json={"text": [text], "source_lang": quelle, "target_lang": ziel},
            headers={"Authorization": f"DeepL-Auth-Key {self.schluessel}"},
        )
        # 400 a wrong request, 403 a wrong key, 413 too long, 456 the quota is used up: trying
        # again within hours does not change these.
        self._fehler(antwort, nicht_wiederholen={400, 403, 404, 413, 456})
        ergebnis = self._json(antwort)
        try:
            uebersetzt = ergebnis["translations"][0]["text"]
        except (KeyError, IndexError, TypeError) as fehler:
            raise MaschinellFehler(f"{self.name}: Antwort ohne translations") from fehler
        if not isinstance(uebersetzt, str):
            raise MaschinellFehler(f"{self.name}: Antwort ohne Text")
        return uebersetzt


DIENSTE = {"libretranslate": LibreTranslate, "deepl": DeepL}


def _kurz(sprache: str) -> str:
    return sprache.split("-")[0].lower()


def dienst() -> Dienst | None:
    """The configured backend, or None when machine translation is off."""
    einstellung = settings.MASCHINELL
    klasse = DIENSTE.get(einstellung["dienst"])
    if klasse is None:
        return None
    gewaehlt = klasse(
        adresse=einstellung["adresse"],
        schluessel=einstellung["schluessel"],
        zeitlimit=einstellung["zeitlimit"],
    )
    return gewaehlt if gewaehlt.bereit() else None


def eingeschaltet() -> bool:
    """Whether a backend is configured (and has what it needs to be asked)."""
    return dienst() is not None


def uebersetzen(text: str, *, von: str, nach: str) -> str:
    """The text in language `nach`, from the configured service; MaschinellFehler on any
    failure. Plain text in, plain text out: markup in the text is text (pages escape it).
    Direction controls the service left unbalanced are taken out, as a person's text with
    them would be refused (konzept/texte.py)."""
    gewaehlt = dienst()
    if gewaehlt is None:
        raise MaschinellFehler("Maschinelle Übersetzung ist nicht eingeschaltet")
    if _kurz(von) == _kurz(nach) or not text.strip():
        return text
    uebersetzt = gewaehlt.uebersetzen(text, von, nach)
    if richtungszeichen_fehler(uebersetzt):
        uebersetzt = "".join(z for z in uebersetzt if z not in RICHTUNGSZEICHEN)
    return uebersetzt


def ausfuehren(aufgabe, arbeit, *args, versuch: int) -> None:
    """Runs `arbeit(*args)` in the task `aufgabe`. When the service failed in a way that may
    pass (timeout, too many requests, a server error), the same task is enqueued again after
    MASCHINELL_WIEDERHOLUNG_SEKUNDEN[versuch - 1] seconds (as e-mails are, konzept/zustellung.py);
    after the last attempt, or when trying again cannot help, the failure is logged and the
    translation stays missing: pages say "Übersetzung folgt" and people can translate."""
    try:
        arbeit(*args)
    except MaschinellFehler as fehler:
        abstaende = settings.MASCHINELL_WIEDERHOLUNG_SEKUNDEN
        if (
            not fehler.wiederholen
            or versuch > len(abstaende)
            or not aufgabe.get_backend().supports_defer
        ):
            logger.error(
                "%s%r: keine maschinelle Übersetzung (Versuch %d): %s",
                aufgabe.name,
                args,
                versuch,
                fehler,
            )
            return
        warten = abstaende[versuch - 1]
        logger.warning(
            "%s%r: Versuch %d fehlgeschlagen, nächster in %d s: %s",
            aufgabe.name,
            args,
            versuch,
            warten,
            fehler,
        )
        aufgabe.using(run_after=timezone.now() + timedelta(seconds=warten)).enqueue(
            *args, versuch=versuch + 1
        )
