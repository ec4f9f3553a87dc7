"""Issue 18.3: machine translation as a pluggable, optional service.

Tested against the published contract: the real services are not reachable here, so both
backends talk to local stand-ins that answer as the LibreTranslate and DeepL API
documentation describes, error codes and a slow answer included (tests/uebersetzungsdienste.py).
"""

import time

import pytest

from konzept import maschinell
from konzept.maschinell import DeepL, MaschinellFehler
from tests.uebersetzungsdienste import DEEPL_SCHLUESSEL


def test_aus_ohne_einstellung(settings):
    """Off by default: no backend, nothing to ask, a clear failure for callers."""
    assert settings.MASCHINELL["dienst"] == ""
    assert maschinell.eingeschaltet() is False
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="ar")
    assert fehler.value.wiederholen is False


def test_aus_sendet_nichts_auch_mit_adresse(libretranslate, settings):
    """An address alone switches nothing on: the service must be named."""
    settings.MASCHINELL = {**settings.MASCHINELL, "dienst": ""}
    assert maschinell.eingeschaltet() is False
    with pytest.raises(MaschinellFehler):
        maschinell.uebersetzen("Hallo", von="de", nach="ar")
    assert libretranslate.anfragen == []


@pytest.mark.parametrize(
    "einstellung",
    [
        {"dienst": "libretranslate", "adresse": ""},
        {"dienst": "deepl", "schluessel": ""},
        {"dienst": "google", "adresse": "http://127.0.0.1:9", "schluessel": "x"},
    ],
)
def test_unvollstaendig_ist_aus(settings, einstellung):
    settings.MASCHINELL = {**settings.MASCHINELL, **einstellung}
    assert maschinell.eingeschaltet() is False


def test_libretranslate_sendet_nur_text_und_sprachen(libretranslate):
    assert maschinell.eingeschaltet()
    ergebnis = maschinell.uebersetzen("نرجو معارض عمل", von="ar", nach="de")
    assert ergebnis == "[de] نرجو معارض عمل"
    (anfrage,) = libretranslate.anfragen
    assert anfrage["pfad"] == "/translate"
    assert anfrage["koerper"] == {
        "q": "نرجو معارض عمل",
        "source": "ar",
        "target": "de",
        "format": "text",
    }


def test_libretranslate_mit_schluessel(libretranslate, settings):
    libretranslate.schluessel = "geheim"
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="uk")
    assert "403" in str(fehler.value) and "Invalid API key" in str(fehler.value)
    assert fehler.value.wiederholen is False
    settings.MASCHINELL = {**settings.MASCHINELL, "schluessel": "geheim"}
    assert maschinell.uebersetzen("Hallo", von="de", nach="uk") == "[uk] Hallo"
    assert libretranslate.anfragen[-1]["koerper"]["api_key"] == "geheim"


@pytest.mark.parametrize(("status", "wiederholen"), [(429, True), (500, True)])
def test_libretranslate_fehler(libretranslate, status, wiederholen):
    libretranslate.zustand["fehler"] = status
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="tr")
    assert str(status) in str(fehler.value)
    assert fehler.value.wiederholen is wiederholen


def test_deepl_sendet_text_sprachen_und_schluessel_im_kopf(deepl):
    assert maschinell.uebersetzen("Guten Tag", von="de", nach="en") == "[EN-GB] Guten Tag"
    (anfrage,) = deepl.anfragen
    assert anfrage["pfad"] == "/v2/translate"
    assert anfrage["kopf"]["Authorization"] == f"DeepL-Auth-Key {DEEPL_SCHLUESSEL}"
    assert anfrage["koerper"] == {
        "text": ["Guten Tag"],
        "source_lang": "DE",
        "target_lang": "EN-GB",
    }


@pytest.mark.parametrize("sprache", ["ar", "uk", "ru", "tr"])
def test_deepl_sprachen(deepl, sprache):
    assert maschinell.uebersetzen("Hallo", von="de", nach=sprache) == f"[{sprache.upper()}] Hallo"
    assert maschinell.uebersetzen("Hallo", von=sprache, nach="de") == "[DE] Hallo"


def test_deepl_persisch_wird_nicht_angeboten(deepl):
    """Persian is a beta language of DeepL only: the backend says so and sends nothing; the
    translation stays for people."""
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="fa")
    assert "'fa'" in str(fehler.value) and fehler.value.wiederholen is False
    assert deepl.anfragen == []


@pytest.mark.parametrize(
    ("status", "wiederholen", "meldung"),
    [(456, False, "Quota exceeded"), (429, True, "Too many requests")],
)
def test_deepl_fehler(deepl, status, wiederholen, meldung):
    deepl.zustand["fehler"] = status
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="ar")
    assert str(status) in str(fehler.value) and meldung in str(fehler.value)
    assert fehler.value.wiederholen is wiederholen


def test_deepl_falscher_schluessel(deepl, settings):
    settings.MASCHINELL = {**settings.MASCHINELL, "schluessel": "falsch:fx"}
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="ar")
    assert "403" in str(fehler.value) and fehler.value.wiederholen is False


def test_deepl_adresse_nach_schluessel():
    """Keys ending in ":fx" belong to the free API; others to the paid one."""

    def url(schluessel):
        return DeepL(adresse="", schluessel=schluessel, zeitlimit=1).url

    assert url("abc:fx") == "https://api-free.deepl.com/v2/translate"
    assert url("abc") == "https://api.deepl.com/v2/translate"


@pytest.mark.parametrize("art", ["libretranslate", "deepl"])
def test_zeitlimit(art, request):
    """A service that does not answer in time fails after the timeout, to be tried again."""
    dienst = request.getfixturevalue(art)
    einstellungen = request.getfixturevalue("settings")
    einstellungen.MASCHINELL = {**einstellungen.MASCHINELL, "zeitlimit": 0.3}
    dienst.zustand["warten"] = 1.5
    beginn = time.monotonic()
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="ar")
    assert time.monotonic() - beginn < 1.2
    assert fehler.value.wiederholen is True and "0.3 s" in str(fehler.value)


def test_nicht_erreichbar(settings):
    settings.MASCHINELL = {
        "dienst": "libretranslate",
        "adresse": "http://127.0.0.1:9",
        "schluessel": "",
        "zeitlimit": 1.0,
    }
    with pytest.raises(MaschinellFehler) as fehler:
        maschinell.uebersetzen("Hallo", von="de", nach="ar")
    assert fehler.value.wiederholen is True


def test_keine_json_antwort(libretranslate, monkeypatch):
    def kaputt(self, status, inhalt):
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"<html")

    monkeypatch.setattr("tests.uebersetzungsdienste.Antworten._senden", kaputt)
    with pytest.raises(MaschinellFehler, match="kein JSON"):
        maschinell.uebersetzen("Hallo", von="de", nach="ar")


@pytest.mark.parametrize("art", ["libretranslate", "deepl"])
def test_markup_und_steuerzeichen_gehen_als_text(art, request):
    """HTML and direction controls in a text are sent as they are, as plain text (no HTML
    mode): the service gets what the person wrote, pages escape what comes back."""
    dienst = request.getfixturevalue(art)
    text = 'Bitte <b>fett</b> & <script>alert("x")</script> \u2067مرحبا\u2069'
    maschinell.uebersetzen(text, von="de", nach="ar")
    koerper = dienst.anfragen[0]["koerper"]
    assert (koerper.get("q") or koerper["text"][0]) == text
    assert "tag_handling" not in koerper and koerper.get("format", "text") == "text"


def test_unausgeglichene_steuerzeichen_der_antwort_entfernt(libretranslate):
    """A translation with a direction override or an isolate left open would be refused from
    a person (konzept/texte.py); from the service its controls are taken out."""
    libretranslate.zustand["antwort"] = "Gut \u202egefälscht\u2067 offen"
    assert maschinell.uebersetzen("x", von="ar", nach="de") == "Gut gefälscht offen"
    libretranslate.zustand["antwort"] = "ausgeglichen \u2067مرحبا\u2069"
    assert maschinell.uebersetzen("x", von="ar", nach="de") == "ausgeglichen \u2067مرحبا\u2069"


def test_gleiche_sprache_und_leerer_text_ohne_anfrage(libretranslate):
    assert maschinell.uebersetzen("Hallo", von="de", nach="de") == "Hallo"
    assert maschinell.uebersetzen("  ", von="ar", nach="de") == "  "
    assert libretranslate.anfragen == []
