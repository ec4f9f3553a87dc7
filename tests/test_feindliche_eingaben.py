"""Issue 8: hostile input into every form and filter.

Each form is taken from its page as a browser sees it (fields, hidden values, choices), then
sent once per hostile input: with the input in every text field (the rest as on the page), and
with the input in every field at all. Filters get the input in each parameter. For every
answer: no server error, nothing from the input rendered unescaped, no redirect off the site;
a refused form changes nothing, and what a form accepts obeys the model's rules (no NUL, no
overlong text) and shows up escaped on the page it leads to.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from beteiligung.models import Kommentar
from konzept import baum
from tests.conftest import benutzer_mit_rolle, kommentar_in_offener_phase
from themenfelder.models import Leitziel, Teilziel

TEXTE = [
    # script and HTML injection
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klick</a>',
    "javascript:alert(1)",
    "<style>body{display:none}</style>",
    "<!--",
    "]]><x>",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    # template and expression injection
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "<%= 7*7 %>",
    # SQL fragments
    "' OR '1'='1",
    "'; DROP TABLE massnahmen_massnahme; --",
    "1; SELECT pg_sleep(5)",
    '" OR ""="',
    "%' OR 1=1 --",
    "1 UNION SELECT username, password FROM auth_user",
    # null bytes and control characters
    "\x00",
    "abc\x00def",
    "\x00<script>",
    "\x1b[31mrot\x1b[0m",
    "\r\nSet-Cookie: boese=1",
    "%0d%0aLocation: http://boese.example",
    # overlong strings
    "A" * 10_000,
    "ü" * 5_000,
    "<b>" * 1_000,
    "9" * 400,
    # right-to-left override and other invisible characters
    "\u202eevil\u202c",
    "\u202dtest\u202c",
    "\u200f\u200e\u200b",
    "\ufeffBOM",
    "\u2028\u2029",
    # path traversal and foreign addresses
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd%00.xlf",
    "%2e%2e%2f%2e%2e%2f",
    "//boese.example",
    "http://boese.example/",
    # huge and odd numbers
    "99999999999999999999999999",
    "-99999999999999999999",
    "1e308",
    "NaN",
    "Infinity",
    "-0",
    "0x7fffffff",
    # spreadsheet formulas, odd values, emoji and other scripts
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "@SUM(1)",
    "",
    " ",
    "\t\n\r",
    "null",
    "[]",
    "🙂" * 100,
    "𝕳𝖆𝖑𝖑𝖔 مرحبا שלום",
]
# Invalid UTF-8, sent as raw bytes.
BYTES = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"abc\xffdef", b"\xf8\x88\x80\x80\x80"]
FEINDLICH: list[bytes] = [text.encode() for text in TEXTE] + BYTES
GEFAEHRLICH = set("<>\"'")


def test_mindestens_fuenfzig_eingaben():
    assert len(FEINDLICH) >= 50


# Forms as a browser sees them


@dataclass
class Formular:
    action: str
    felder: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, kind


class FormularLeser(HTMLParser):
    """The POST forms of a page with their fields, values and kinds."""

    def __init__(self):
        super().__init__()
        self.formulare: list[Formular] = []
        self._textarea = self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.formulare.append(Formular(a.get("action") or ""))
        if not self.formulare:
            return
        form = self.formulare[-1]
        if tag == "input" and a.get("name"):
            art = a.get("type", "text")
            if art in ("checkbox", "radio") and "checked" not in a:
                return
            if art in ("submit", "button", "image", "file"):
                return
            form.felder.append((a["name"], a.get("value", "on"), art))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            wert = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = wert
            if "selected" in a:
                self._select[2] = wert

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.formulare:
            return
        if tag == "textarea" and self._textarea is not None:
            self.formulare[-1].felder.append((*self._textarea, "textarea"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, erste, gewaehlt = self._select
            self.formulare[-1].felder.append(
                (name, gewaehlt if gewaehlt is not None else erste or "", "select")
            )
            self._select = None


TEXTARTEN = {"text", "textarea", "email", "number", "date", "search", "url", "password", "tel"}


def formular(client, seite: str, aktion: str) -> Formular:
    response = client.get(seite)
    assert response.status_code == 200, (seite, response.status_code)
    leser = FormularLeser()
    leser.feed(response.text)
    for form in leser.formulare:
        if urlsplit(form.action or seite).path == urlsplit(aktion).path:
            return form
    raise AssertionError(f"Kein Formular für {aktion} auf {seite}")


def kodieren(felder: list[tuple[str, bytes]]) -> bytes:
    return "&".join(f"{quote(name)}={quote_from_bytes(wert)}" for name, wert in felder).encode()


# Checks


def roh_gezeigt(response, eingabe: bytes) -> bool:
    """The input appears unescaped: only inputs with <, >, " or ' can do harm."""
    try:
        text = eingabe.decode()
    except UnicodeDecodeError:
        return False
    if not GEFAEHRLICH & set(text) or len(text.strip()) < 2:
        return False
    inhalt = response.content.decode(errors="replace")
    return text in inhalt


def antwort_pruefen(response, eingabe: bytes, wo: str) -> list[str]:
    fehler = []
    if response.status_code >= 500:
        fehler.append(f"{wo}: {response.status_code}")
    if response.get("Content-Type", "").startswith("text/html") and roh_gezeigt(response, eingabe):
        fehler.append(f"{wo}: Eingabe unescaped ausgegeben")
    ort = response.get("Location", "")
    if ort and (ort.startswith("//") or urlsplit(ort).scheme not in ("", "http", "https")):
        fehler.append(f"{wo}: Weiterleitung nach {ort!r}")
    if ort and urlsplit(ort).netloc not in ("", "testserver"):
        fehler.append(f"{wo}: Weiterleitung nach {ort!r}")
    return fehler


def gespeicherte_texte(modelle: list[str]) -> dict:
    """Every text value of the models a form writes (to compare, and to check what it took)."""
    werte = {}
    for name in modelle:
        model = apps.get_model(name)
        felder = [
            feld.attname
            for feld in model._meta.concrete_fields
            if isinstance(feld, (models.CharField, models.TextField))
        ]
        for zeile in model.objects.values("pk", *felder):
            werte[(name, zeile.pop("pk"))] = zeile
    return werte


def gespeichertes_pruefen(vorher, nachher, abgelehnt: bool, wo: str) -> list[str]:
    fehler = []
    if abgelehnt and vorher != nachher:
        fehler.append(f"{wo}: abgelehnt, aber etwas gespeichert")
    for (name, pk), zeile in nachher.items():
        if vorher.get((name, pk)) == zeile:
            continue
        model = apps.get_model(name)
        for feldname, wert in zeile.items():
            grenze = model._meta.get_field(feldname).max_length
            if isinstance(wert, str) and "\x00" in wert:
                fehler.append(f"{wo}: NUL in {name}.{feldname} gespeichert")
            if isinstance(wert, str) and grenze and len(wert) > grenze:
                fehler.append(f"{wo}: {name}.{feldname} länger als {grenze} gespeichert")
    return fehler


# The forms and filters


@pytest.fixture
def daten(entwurf, settings):
    settings.KOMMENTARE_PRO_STUNDE = 10_000
    kommentar = kommentar_in_offener_phase(entwurf, "feind-kmv", text="Ein Kommentar.")
    massnahme, kmv = kommentar.massnahme, kommentar.autor
    themenfeld = massnahme.themenfeld
    return SimpleNamespace(
        entwurf=entwurf,
        massnahme=massnahme,
        themenfeld=themenfeld,
        # A district need not have every level or kind (Beispielkreis: no sub-goals, no legal
        # bases): then the form of that kind is left out, and the test says so.
        teilziel=Teilziel.objects.filter(themenfeld__edition=entwurf).first(),
        leitziel=Leitziel.objects.filter(themenfeld__edition=entwurf).first(),
        kennzahl=entwurf.kennzahlen.first(),
        rechtsgrundlage=entwurf.rechtsgrundlagen.first(),
        kommentar=kommentar,
        kmv=kmv,
        staff=benutzer_mit_rolle("feind-koord", "Koordinierungsstelle"),
    )


def _element(art, attr=None):
    def faelle(d):
        objekt = getattr(d, attr or art)
        if objekt is None:
            return None
        return f"/bearbeiten/{art}/{objekt.pk}/", f"/bearbeiten/{art}/{objekt.pk}/"

    return faelle


def _neu(art, eltern):
    """A new item under its parent: the edition, a field or (for a measure) where the sample
    measure hangs."""

    def faelle(d):
        if eltern == "massnahme":
            feld = baum.ebene_von(d.massnahme).eltern_feld_von(d.massnahme)
            url = f"/bearbeiten/{art}/neu/{feld}/{getattr(d.massnahme, f'{feld}_id')}/"
        else:
            objekt = d.entwurf if eltern == "edition" else getattr(d, eltern)
            url = f"/bearbeiten/{art}/neu/{eltern}/{objekt.pk}/"
        return url, url

    return faelle


def _status(d):
    return Kommentar.objects.get(pk=d.kommentar.pk).status


def _zurueck_in_die_warteschlange(d):
    Kommentar.objects.filter(pk=d.kommentar.pk).update(status=Kommentar.Status.NEU)
    return Kommentar.Status.NEU


MASSNAHME = ["massnahmen.Massnahme", "massnahmen.Organisation"]
KOMMENTAR = ["beteiligung.Kommentar"]
# name → (models it writes, role, data → (page, action))
FORMULARE = {
    "anmelden": ([], "anonym", lambda d: ("/anmelden/", "/anmelden/")),
    "sprache": (["konzept.Profil"], "anonym", lambda d: ("/2024/", "/sprache/")),
    "edition": (
        ["konzept.Edition"],
        "staff",
        lambda d: (f"/bearbeiten/edition/{d.entwurf.pk}/",) * 2,
    ),
    "kennzahl": (["konzept.Kennzahl"], "staff", _element("kennzahl")),
    "rechtsgrundlage": (["konzept.Rechtsgrundlage"], "staff", _element("rechtsgrundlage")),
    "themenfeld": (["themenfelder.Themenfeld"], "staff", _element("themenfeld")),
    "leitziel": (["themenfelder.Leitziel"], "staff", _element("leitziel")),
    "teilziel": (["themenfelder.Teilziel"], "staff", _element("teilziel")),
    "massnahme": (MASSNAHME, "staff", _element("massnahme")),
    "kennzahl-neu": (["konzept.Kennzahl"], "staff", _neu("kennzahl", "edition")),
    "themenfeld-neu": (["themenfelder.Themenfeld"], "staff", _neu("themenfeld", "edition")),
    "leitziel-neu": (["themenfelder.Leitziel"], "staff", _neu("leitziel", "themenfeld")),
    "teilziel-neu": (["themenfelder.Teilziel"], "staff", _neu("teilziel", "themenfeld")),
    "massnahme-neu": (MASSNAHME, "staff", _neu("massnahme", "massnahme")),
    "status": (
        MASSNAHME,
        "staff",
        lambda d: (
            f"/{d.entwurf.jahr}/themenfelder/{d.themenfeld.key}/",
            f"/bearbeiten/massnahme/{d.massnahme.pk}/status/",
        ),
    ),
    "umsetzungsstand": (
        ["massnahmen.Umsetzungsnotiz"],
        "staff",
        lambda d: (
            d.massnahme.get_absolute_url(),
            f"/bearbeiten/massnahme/{d.massnahme.pk}/umsetzungsstand/",
        ),
    ),
    "edition-status": (
        ["konzept.Edition"],
        "staff",
        # The step is sent from its confirmation page (issue 17.4).
        lambda d: (
            f"/{d.entwurf.jahr}/status/?status=beteiligung&von=entwurf",
            f"/{d.entwurf.jahr}/status/",
        ),
    ),
    "uebersetzung": (
        MASSNAHME,
        "staff",
        lambda d: (f"/uebersetzung/{d.entwurf.jahr}/en/massnahme/{d.massnahme.pk}/",) * 2,
    ),
    # The list filtered to machine translations: the form that marks all of them (its hidden
    # state) and, on its own, the preview that marks the chosen ones.
    "uebersetzung-pruefen": (
        MASSNAHME,
        "staff",
        lambda d: (
            f"/uebersetzung/{d.entwurf.jahr}/en/?status=maschinell",
            f"/uebersetzung/{d.entwurf.jahr}/en/pruefen/",
        ),
    ),
    "beschluss": (
        ["beteiligung.Beschluss", "konzept.Edition"],
        "staff",
        lambda d: (f"/{d.entwurf.jahr}/beschluesse/neu/",) * 2,
    ),
    "stellungnahme": (
        ["beteiligung.Stellungnahme"],
        "staff",
        lambda d: (f"/{d.entwurf.jahr}/stellungnahmen/neu/",) * 2,
    ),
    "phase": (
        ["beteiligung.Beteiligungsphase"],
        "staff",
        lambda d: (f"/{d.entwurf.jahr}/phasen/neu/",) * 2,
    ),
    "antwort": (
        KOMMENTAR,
        "staff",
        lambda d: (
            f"/{d.entwurf.jahr}/kommentare/?status={_status(d)}",
            f"/kommentare/{d.kommentar.pk}/beantworten/",
        ),
    ),
    # Hidden, the comment leaves the queue: each input gets it back there first.
    "verbergen": (
        KOMMENTAR,
        "staff",
        lambda d: (
            f"/{d.entwurf.jahr}/kommentare/?status={_zurueck_in_die_warteschlange(d)}",
            f"/kommentare/{d.kommentar.pk}/verbergen/",
        ),
    ),
    "meine-daten": (["konzept.Profil"], "staff", lambda d: ("/meine-daten/", "/meine-daten/")),
    "kommentar": (
        KOMMENTAR,
        "kmv",
        lambda d: (f"/kommentare/neu/massnahme/{d.massnahme.pk}/",) * 2,
    ),
    "kommentar-bearbeiten": (
        KOMMENTAR,
        "kmv",
        lambda d: (f"/kommentare/{d.kommentar.pk}/bearbeiten/",) * 2,
    ),
    "konto-loeschen": (
        KOMMENTAR,
        "kmv",
        lambda d: ("/meine-daten/", "/meine-daten/konto-loeschen/"),
    ),
}


def angemeldet(d, rolle) -> Client:
    client = Client()
    client.raise_request_exception = False
    if rolle != "anonym":
        client.force_login(d.staff if rolle == "staff" else d.kmv)
    return client


@pytest.mark.parametrize("name", FORMULARE)
def test_feindliche_eingaben_in_jedes_formular(daten, name):
    modelle, rolle, urls = FORMULARE[name]
    if urls(daten) is None:
        pytest.skip(f"{name}: Der Landkreis der Tests hat kein Element dieser Art.")
    client = angemeldet(daten, rolle)
    fehler = []
    form = None
    for nummer, eingabe in enumerate(FEINDLICH):
        # Every input into the text fields; every fourth also into all fields at once
        # (choices, hidden fields, checkboxes), which only the validation sees.
        for modus in ("text", "alle") if nummer % 4 == 0 else ("text",):
            # Read again only after a change: the form then carries a new version.
            if form is None:
                seite, aktion = urls(daten)
                form = formular(client, seite, aktion)
            textfelder = [n for n, _w, art in form.felder if art in TEXTARTEN]
            if modus == "text" and not textfelder:
                modus = "alle"
            felder = [
                (n, eingabe if modus == "alle" or art in TEXTARTEN else wert.encode())
                for n, wert, art in form.felder
                if n != "csrfmiddlewaretoken"
            ]
            vorher = gespeicherte_texte(modelle)
            wo = f"{name} [{nummer}, {modus}] {eingabe[:40]!r}"
            response = client.generic(
                "POST", aktion, kodieren(felder), "application/x-www-form-urlencoded"
            )
            fehler += antwort_pruefen(response, eingabe, wo)
            nachher = gespeicherte_texte(modelle)
            fehler += gespeichertes_pruefen(vorher, nachher, response.status_code >= 400, wo)
            if vorher != nachher:
                form = None
            if (
                response.status_code == 302
                and vorher != nachher
                and GEFAEHRLICH & set(str(eingabe))
            ):
                # Accepted: the page it leads to shows the input escaped.
                folgeseite = client.get(response["Location"])
                fehler += antwort_pruefen(folgeseite, eingabe, f"{wo} → {response['Location']}")
            if name == "anmelden":
                from axes.models import AccessAttempt

                AccessAttempt.objects.all().delete()
    assert fehler == [], "\n".join(fehler[:40])


MASSNAHMEN_FILTER = ["themenfeld", "status", "herkunft", "q"]
# name → (role, path, parameters, each parameter also on its own)
FILTER = {
    "massnahmen": ("anonym", "/2024/massnahmen/", MASSNAHMEN_FILTER, True),
    "massnahmen-entwurf": ("kmv", "/{jahr}/massnahmen/", MASSNAHMEN_FILTER, False),
    "moderation": ("staff", "/{jahr}/kommentare/", ["status"], False),
    "uebersetzung": ("staff", "/uebersetzung/{jahr}/en/", ["status"], False),
    "suche": ("anonym", "/suche/", ["q"], False),
    "suche-entwurf": ("kmv", "/{jahr}/suche/", ["q"], False),
    "umsetzungsstand": ("staff", "/{jahr}/umsetzungsstand/", ["monate", "seite"], True),
    "anmelden-weiter": ("anonym", "/anmelden/", ["next"], False),
    "zweiter-faktor-weiter": ("staff", "/anmelden/zweiter-faktor/", ["next"], False),
}


@pytest.mark.parametrize("name", FILTER)
def test_feindliche_eingaben_in_jeden_filter(daten, name):
    rolle, pfad, parameter, einzeln_auch = FILTER[name]
    pfad = pfad.format(jahr=daten.entwurf.jahr)
    client = angemeldet(daten, rolle)
    fehler = []
    for nummer, eingabe in enumerate(FEINDLICH):
        for einzeln in [parameter] + ([[p] for p in parameter] if einzeln_auch else []):
            url = f"{pfad}?{kodieren([(p, eingabe) for p in einzeln]).decode()}"
            response = client.get(url)
            fehler += antwort_pruefen(response, eingabe, f"{name} [{nummer}] {einzeln}")
    assert fehler == [], "\n".join(fehler[:40])


def multipart(dateiname: bytes, inhalt: bytes) -> bytes:
    """A file upload with the name and content as given, byte for byte."""
    return (
        b'--grenze\r\nContent-Disposition: form-data; name="datei"; filename="'
        + dateiname
        + b'"\r\nContent-Type: application/xliff+xml\r\n\r\n'
        + inhalt
        + b"\r\n--grenze--\r\n"
    )


@pytest.mark.parametrize("pfad", ["/uebersetzung/{jahr}/en/import/", "/{jahr}/massnahmen/import/"])
def test_feindliche_dateien_im_import(daten, pfad):
    """Every hostile input as the uploaded file and as its name, into the XLIFF import and the
    spreadsheet import: refused with a report (422) or as a broken request (400), nothing
    stored."""
    client = angemeldet(daten, "staff")
    url = pfad.format(jahr=daten.entwurf.jahr)
    fehler = []
    vorher = gespeicherte_texte(MASSNAHME)
    for nummer, eingabe in enumerate(FEINDLICH):
        for dateiname in (b"uebersetzung.xlf", eingabe[:200]):
            response = client.generic(
                "POST",
                url,
                multipart(dateiname, eingabe),
                "multipart/form-data; boundary=grenze",
            )
            fehler += antwort_pruefen(response, eingabe, f"{url} [{nummer}] {dateiname[:30]!r}")
            if response.status_code not in (400, 422):
                fehler.append(f"{url} [{nummer}]: {response.status_code} statt 400/422")
    assert gespeicherte_texte(MASSNAHME) == vorher
    assert fehler == [], "\n".join(fehler[:40])
