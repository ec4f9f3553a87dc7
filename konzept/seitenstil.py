"""Issue 20.1: a page's styles travel inside its HTML, and its fonts are only those of its
script.

On a phone network every further request costs a round trip (on Slow 4G over half a second)
before anything can be painted, so the stylesheet is not a file of its own but a `<style>`
in the head of every page, carrying the response's CSP nonce: the part of KERN UX the
templates use (`css/kern-auszug.css`, built by `manage.py kern_auszug` from the vendored
kern.min.css), the @font-face rules of the page's script (`manage.py schriften_erzeugen`),
our own konzept.css, rtl.css on right-to-left pages and print.css for printing.

Which fonts a language gets follows from the script of its own name in LANGUAGES ("العربية",
"فارسی": Noto Sans Arabic; "Українська", "Deutsch": Fira Sans): a new language needs no code
here.
"""

import functools
import posixpath
import re
import unicodedata
import zlib
from pathlib import Path

import tinycss2
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

KERN_QUELLE = "vendor/kern-ux/kern.min.css"
KERN_AUSZUG = "css/kern-auszug.css"
SCHRIFTEN_CSS = {"arabisch": "css/schriften-arabisch.css", "fira": "css/schriften-fira.css"}
# Where the class names the pages use are written.
APPS = ("konzept", "themenfelder", "massnahmen", "beteiligung")


def schrift(sprache: str) -> str:
    """Noto Sans Arabic ("arabisch") if the language's own name is written in Arabic script,
    else Fira Sans ("fira"), which draws Latin and Cyrillic."""
    name = dict(settings.LANGUAGES).get(sprache, "")
    if any(unicodedata.name(zeichen, "").startswith("ARABIC") for zeichen in name):
        return "arabisch"
    return "fira"


def stil(sprache: str, rtl: bool) -> str:
    """The whole stylesheet of a page in this language, ready for its <style> element."""
    if settings.DEBUG:
        return _stil_bauen(schrift(sprache), rtl)
    return _stil(schrift(sprache), rtl)


@functools.cache
def _stil(schrift_: str, rtl: bool) -> str:
    text = _stil_bauen(schrift_, rtl)
    _vorkomprimiert[text.encode()] = deflate_roh(text.encode())
    return text


def _stil_bauen(schrift_: str, rtl: bool) -> str:
    teile = [
        _datei(KERN_AUSZUG),
        _datei(SCHRIFTEN_CSS[schrift_]),
        _datei("css/konzept.css"),
    ]
    if rtl:
        teile.append(_datei("css/rtl.css"))
    teile.append("@media print{" + _datei("css/print.css") + "}")
    text = "\n".join(teile)
    if "</" in text:
        # It would end the <style> element early.
        raise ValueError("Ein Stylesheet enthält „</“ und kann nicht in <style> stehen.")
    return text


def _datei(pfad: str) -> str:
    """A stylesheet without comments, its url()s pointing to the served static files."""
    gefunden = finders.find(pfad)
    if gefunden is None:
        raise FileNotFoundError(pfad)
    regeln = tinycss2.parse_stylesheet(
        Path(gefunden).read_text(), skip_comments=True, skip_whitespace=True
    )
    text = "".join(tinycss2.serialize([regel]) for regel in regeln)
    ordner = posixpath.dirname(pfad)

    def adresse(treffer: re.Match) -> str:
        ziel = treffer.group(2)
        if ziel.startswith(("data:", "/", "http:", "https:")):
            return treffer.group(0)
        return f'url("{static(posixpath.normpath(posixpath.join(ordner, ziel)))}")'

    return re.sub(r"""url\((["']?)([^"')]+)\1\)""", adresse, text)


# Compression (konzept.betrieb.KomprimierenMiddleware): the stylesheet is the same bytes in
# every page, so it is compressed once per process and spliced into each response.

_vorkomprimiert: dict[bytes, bytes] = {}


def deflate_roh(daten: bytes) -> bytes:
    """Raw deflate blocks that end byte-aligned and refer to nothing before or after them:
    they can stand anywhere in a deflate stream (Z_FULL_FLUSH)."""
    kompressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return kompressor.compress(daten) + kompressor.flush(zlib.Z_FULL_FLUSH)


def vorkomprimiert(body: bytes, anfang: int) -> tuple[bytes, bytes] | None:
    """(stylesheet, its deflate blocks) if the stylesheet of a page starts at `anfang`."""
    for text, bloecke in _vorkomprimiert.items():
        if body.startswith(text, anfang):
            return text, bloecke
    return None


# The extract of KERN UX (manage.py kern_auszug).

# Properties no published CSS standard defines yet: the Nu HTML Checker refuses a page whose
# stylesheet holds them. Browsers read the prefixed form that stands beside each
# (-webkit-line-clamp).
OHNE_STANDARD = {"line-clamp"}


def kern_auszug() -> str:
    """The rules of kern.min.css whose classes the pages use, and the custom properties they
    need. A selector stays when every class outside its parentheses appears as a word in a
    template, in the Python code of the apps or in our JavaScript; a word ending in "--" or
    "__" stands for every class it begins (`kern-alert--{{ art }}`). What a rule needs of
    :root's custom properties stays, transitively; the rest goes."""
    woerter = _woerter()
    praefixe = tuple(wort for wort in woerter if wort.endswith(("--", "__")))

    def benutzt(klasse: str) -> bool:
        return klasse in woerter or klasse.startswith(praefixe)

    quelle = Path(finders.find(KERN_QUELLE)).read_text()
    regeln = _regeln_filtern(
        tinycss2.parse_stylesheet(quelle, skip_comments=True, skip_whitespace=True), benutzt
    )
    eigene = "".join(
        Path(finders.find(pfad)).read_text()
        for pfad in ("css/konzept.css", "css/rtl.css", "css/print.css", *SCHRIFTEN_CSS.values())
    )
    gebraucht = _variablen_gebraucht(regeln, set(re.findall(r"var\(\s*(--[\w-]+)", eigene)))
    text = "".join(_serialisieren(regel, gebraucht) for regel in regeln)
    return (
        "/* Generated by `manage.py kern_auszug` from static/vendor/kern-ux/kern.min.css "
        "(KERN UX, EUPL-1.2): the rules the pages use. Do not edit. */\n" + text + "\n"
    )


def _woerter() -> set[str]:
    basis = Path(settings.BASE_DIR)
    dateien = [*basis.glob("templates/**/*.html"), *basis.glob("static/js/*.js")]
    for app in APPS:
        dateien += (basis / app).glob("templates/**/*.html")
        dateien += [
            datei
            for datei in (basis / app).rglob("*.py")
            # This module names classes as examples.
            if "migrations" not in datei.parts and datei != Path(__file__)
        ]
    woerter: set[str] = set()
    for datei in dateien:
        woerter |= set(re.findall(r"[A-Za-z][\w-]*", datei.read_text()))
    return woerter


def _selektoren(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    teile, tiefe, anfang = [], 0, 0
    for stelle, zeichen in enumerate(prelude):
        if zeichen in "([":
            tiefe += 1
        elif zeichen in ")]":
            tiefe -= 1
        elif zeichen == "," and tiefe == 0:
            teile.append(prelude[anfang:stelle].strip())
            anfang = stelle + 1
    teile.append(prelude[anfang:].strip())
    return teile


def _klassen_aussen(selektor: str) -> list[str]:
    """The classes and data attributes a selector needs: those outside :not(), :is(), :has()
    (a selector on a data attribute needs the attribute's name as a word)."""
    aussen, attribute, tiefe = [], [], 0
    for stelle, zeichen in enumerate(selektor):
        if zeichen == "[" and tiefe == 0:
            attribute += re.findall(r"^\[\s*(data-[\w-]+)", selektor[stelle:])
        if zeichen in "([":
            tiefe += 1
        elif zeichen in ")]":
            tiefe -= 1
        elif tiefe == 0:
            aussen.append(zeichen)
    return re.findall(r"\.(-?[A-Za-z_][\w-]*)", "".join(aussen)) + attribute


def _regeln_filtern(knoten, benutzt) -> list:
    """[(prelude, content tokens | nested rules)] of the rules that stay."""
    regeln = []
    for regel in knoten:
        if regel.type == "qualified-rule":
            selektoren = [
                selektor
                for selektor in _selektoren(tinycss2.serialize(regel.prelude))
                if all(benutzt(klasse) for klasse in _klassen_aussen(selektor))
            ]
            if selektoren:
                regeln.append((",".join(selektoren), regel.content))
        elif regel.type == "at-rule" and regel.lower_at_keyword in ("media", "supports"):
            innen = _regeln_filtern(
                tinycss2.parse_rule_list(regel.content, skip_comments=True, skip_whitespace=True),
                benutzt,
            )
            if innen:
                kopf = f"@{regel.at_keyword} {tinycss2.serialize(regel.prelude).strip()}"
                regeln.append((kopf, innen))
        elif regel.type == "at-rule" and regel.lower_at_keyword == "keyframes":
            kopf = f"@keyframes {tinycss2.serialize(regel.prelude).strip()}"
            regeln.append((kopf, regel.content))
    return regeln


def _deklarationen(inhalt):
    return [
        deklaration
        for deklaration in tinycss2.parse_blocks_contents(
            inhalt, skip_comments=True, skip_whitespace=True
        )
        if deklaration.type == "declaration"
    ]


def _variablen_gebraucht(regeln, gebraucht: set[str]) -> set[str]:
    definitionen: dict[str, set[str]] = {}

    def sammeln(regeln):
        for kopf, inhalt in regeln:
            if kopf.startswith("@keyframes"):
                continue
            if kopf.startswith("@"):
                sammeln(inhalt)
                continue
            for deklaration in _deklarationen(inhalt):
                wert = tinycss2.serialize(deklaration.value)
                bezuege = set(re.findall(r"var\(\s*(--[\w-]+)", wert))
                if deklaration.name.startswith("--"):
                    definitionen.setdefault(deklaration.name, set()).update(bezuege)
                else:
                    gebraucht.update(bezuege)

    sammeln(regeln)
    offen = list(gebraucht)
    while offen:
        for bezug in definitionen.get(offen.pop(), ()):
            if bezug not in gebraucht:
                gebraucht.add(bezug)
                offen.append(bezug)
    return gebraucht


def _serialisieren(regel, gebraucht: set[str]) -> str:
    kopf, inhalt = regel
    if kopf.startswith("@keyframes"):
        return kopf + "{" + tinycss2.serialize(inhalt).strip() + "}"
    if kopf.startswith("@"):
        innen = "".join(_serialisieren(r, gebraucht) for r in inhalt)
        return kopf + "{" + innen + "}" if innen else ""
    deklarationen = [
        deklaration.name
        + ":"
        + tinycss2.serialize(deklaration.value).strip()
        + ("!important" if deklaration.important else "")
        for deklaration in _deklarationen(inhalt)
        if (not deklaration.name.startswith("--") or deklaration.name in gebraucht)
        and deklaration.name not in OHNE_STANDARD
    ]
    return kopf + "{" + ";".join(deklarationen) + "}" if deklarationen else ""
