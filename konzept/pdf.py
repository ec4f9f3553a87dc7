"""The concept as a PDF for the Kreistag, in any language, rendered with WeasyPrint.

A PDF is cached under a fingerprint of the HTML it is rendered from: that HTML holds every
text, status and comment the PDF shows, so any edit gives a new fingerprint and a stale PDF is
never served. A file only enters the cache once it is complete.

Rendering takes seconds (issue 14.11): renders of one edition and language take turns under a
file lock, so that requests arriving together wait for the one render and then read its file,
and a new rendering is made at most every PDF_NEU_RENDERN_SEKUNDEN (in between, readers get
the latest rendering), so that edits of comments cannot keep the app servers rendering. Staff
and `konzept_pdf` ask for the current content (`frisch`) and get it at once.
"""

import contextlib
import fcntl
import functools
import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from beteiligung.models import Gremium
from massnahmen.models import Massnahme

from .begriffe import begriffe, migrationsvertretung
from .models import Edition, Landkreis
from .pdf_barrierefrei import nachbearbeiten, tagging_ergaenzen
from .sprachstellen import eigene_ziffern, ziffern_im_text, ziffern_tauschen
from .vergleich import vergleichen

logger = logging.getLogger(__name__)

# The stylesheet and fonts are part of what a PDF looks like: a change to them is a new PDF.
STYLESHEET = "css/pdf.css"
SCHRIFTEN = (
    "fonts/fira-sans/FiraSans-Regular.ttf",
    "fonts/fira-sans/FiraSans-Italic.ttf",
    "fonts/fira-sans/FiraSans-SemiBold.ttf",
    "fonts/fira-sans/FiraSans-Bold.ttf",
    "fonts/noto-sans-arabic/NotoSansArabic-Regular.ttf",
    "fonts/noto-sans-arabic/NotoSansArabic-Bold.ttf",
)
# The PDF's HTML names our static files under this base; nothing else is ever fetched.
BASIS_URL = "https://pdf.integrationskonzept.invalid/"
# The accessibility mends are part of what turns HTML into the PDF: a change is a new PDF.
NACHBEARBEITUNG = Path(__file__).with_name("pdf_barrierefrei.py")

tagging_ergaenzen()


NICHT_ERSTELLT = gettext_lazy(
    "Das PDF konnte nicht erstellt werden. Bitte versuchen Sie es später noch einmal."
)


class PdfFehler(Exception):
    """The PDF could not be rendered; the message says so in the reader's language."""


@dataclass(frozen=True)
class Pdf:
    pfad: Path
    dateiname: str


def dateiname(edition: Edition, sprache: str) -> str:
    return f"integrationskonzept-{edition.jahr}-{sprache}.pdf"


def pdf_holen(*, edition: Edition, sprache: str, frisch: bool = False) -> Pdf:
    """The PDF of an edition in a language: from the cache, or rendered now and cached.

    Without `frisch`, a rendering younger than PDF_NEU_RENDERN_SEKUNDEN stands for the
    current content (see the module docstring)."""
    html = pdf_html(edition=edition, sprache=sprache)
    try:
        fingerabdruck = _fingerabdruck(html)
    except FileNotFoundError as fehler:
        logger.exception("PDF: eine statische Datei fehlt")
        raise PdfFehler(NICHT_ERSTELLT) from fehler
    name = dateiname(edition, sprache)
    pfad = _cache_ordner() / f"{name.removesuffix('.pdf')}-{fingerabdruck}.pdf"
    if pfad.exists():
        return Pdf(pfad=pfad, dateiname=name)
    if not frisch and (kuerzlich := _kuerzlich_gerendert(name)) is not None:
        return Pdf(pfad=kuerzlich, dateiname=name)
    with _sperre(name):
        # Whoever held the lock before may have rendered this very content, or another
        # version of it a moment ago.
        if pfad.exists():
            return Pdf(pfad=pfad, dateiname=name)
        if not frisch and (kuerzlich := _kuerzlich_gerendert(name)) is not None:
            return Pdf(pfad=kuerzlich, dateiname=name)
        with translation.override(sprache):
            _rendern(html, pfad)
        _alte_entfernen(pfad, name)
    return Pdf(pfad=pfad, dateiname=name)


def pdf_oeffnen(*, edition: Edition, sprache: str, frisch: bool = False) -> tuple[Pdf, BinaryIO]:
    """The PDF as pdf_holen gives it, opened for sending."""
    pdf = pdf_holen(edition=edition, sprache=sprache, frisch=frisch)
    try:
        return pdf, open(pdf.pfad, "rb")
    except FileNotFoundError:
        # Another request has just replaced it with a newer rendering: ask once more.
        pdf = pdf_holen(edition=edition, sprache=sprache, frisch=frisch)
        return pdf, open(pdf.pfad, "rb")


@contextlib.contextmanager
def _sperre(name: str):
    """One render of an edition in a language at a time, across threads and processes (and
    app servers, where the cache lies on a shared volume with working locks)."""
    with open(_cache_ordner() / f".sperre-{name.removesuffix('.pdf')}", "a+b") as datei:
        fcntl.flock(datei, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(datei, fcntl.LOCK_UN)


def _kuerzlich_gerendert(name: str) -> Path | None:
    """The latest rendering of the edition in the language, if it is young enough."""
    abstand = settings.PDF_NEU_RENDERN_SEKUNDEN
    if abstand <= 0:
        return None
    grenze = time.time() - abstand
    juengste = None
    for pfad in _cache_ordner().glob(f"{name.removesuffix('.pdf')}-*.pdf"):
        try:
            erstellt = pfad.stat().st_mtime
        except FileNotFoundError:
            continue
        if erstellt >= grenze and (juengste is None or erstellt > juengste[0]):
            juengste = (erstellt, pfad)
    return juengste[1] if juengste else None


# The screen-reader announcements of the comparison's word diff (konzept/vergleich.py).
NUR_VORLESEN = re.compile(r'<span class="kern-sr-only"[^>]*>[^<]*</span>')
# The attributes the running header and footer take their words from (string-set in pdf.css).
KOPFZEILE = re.compile(r'\sdata-(?:kopf|seite-vor|seite-mitte|seite-nach|entwurf)="[^"]*"')


def pdf_html(*, edition: Edition, sprache: str) -> str:
    """The whole document as HTML in the given language, with everything it shows."""
    with translation.override(sprache):
        html = render_to_string("konzept/pdf/edition.html", pdf_inhalt(edition, sprache))
    # What only a screen reader on the web page hears ("gestrichen:", "eingefügt:" in the
    # comparison annex) is not printed, nor tagged in another language inside a German passage.
    # Persian with Persian digits, as on the web pages (konzept/sprachstellen.py), the running
    # header's words too, which come from attributes.
    html = ziffern_tauschen(NUR_VORLESEN.sub("", html), sprache)
    return KOPFZEILE.sub(lambda attribut: ziffern_im_text(attribut.group(0), sprache), html)


def pdf_inhalt(edition: Edition, sprache: str) -> dict:
    """What the PDF shows, read in a fixed number of queries."""
    massnahmen = Massnahme.objects.select_related("federfuehrung").prefetch_related(
        "herkunft__art", "partner", "umsetzungsnotizen", "indikatoren_liste__messwerte"
    )
    themenfelder = list(edition.themenfelder.mit_baum(massnahmen))
    beschluesse = list(edition.beschluesse.select_related("gremium"))
    kommentare = list(edition.kommentare.oeffentlich().mit_element().order_by("erstellt_am"))
    vergleich = vergleichen(edition) if edition.vorgaenger_id else None
    # Only annexes that have something to show, lettered in order.
    anhaenge = [
        (name, titel)
        for name, titel, vorhanden in (
            ("abwaegung", _("Abwägungstabelle"), kommentare),
            ("aenderungen", _("Was sich geändert hat"), vergleich),
            ("beschluesse", _("Beratung und Beschlüsse"), beschluesse),
        )
        if vorhanden
    ]
    seite = _("Seite {seite} von {seiten}")
    vor, _rest = seite.split("{seite}", 1)
    mitte, nach = _rest.split("{seiten}", 1)
    return {
        "edition": edition,
        "sprache": sprache,
        "rtl": sprache in settings.LANGUAGES_BIDI,
        "landkreis": Landkreis.aktuell(),
        # Rendered without a request: what the context processors give the pages.
        "begriffe": begriffe(),
        "migrationsvertretung": migrationsvertretung(),
        "kennzahlen": edition.kennzahlen.all(),
        "rechtsgrundlagen": edition.rechtsgrundlagen.all(),
        "beteiligungsformate": edition.beteiligungsformate.all(),
        "stellungnahmen": edition.stellungnahmen.all(),
        "themenfelder": themenfelder,
        "mit_migrationsvertretung": any(
            element.ist_kmv
            for themenfeld in themenfelder
            for ziel in [*themenfeld.leitziele.all(), *themenfeld.teilziele.all()]
            for element in [ziel, *ziel.massnahmen.all()]
        )
        or any(massnahme.ist_kmv for feld in themenfelder for massnahme in feld.direkte_massnahmen),
        "beschluesse": beschluesse,
        "annahme": next((b for b in reversed(beschluesse) if b.nimmt_an), None),
        "beschliessendes_gremium": Gremium.objects.filter(beschliesst=True).first(),
        "kommentare": kommentare,
        "vergleich": vergleich,
        "anhaenge": [
            {
                "name": name,
                "titel": _("Anhang %(buchstabe)s: %(titel)s")
                % {"buchstabe": chr(ord("A") + nummer), "titel": titel},
            }
            for nummer, (name, titel) in enumerate(anhaenge)
        ],
        "seitenzahl": {"vor": vor, "mitte": mitte, "nach": nach},
        "stylesheet": static(STYLESHEET),
        "uebersetzung_zeichen": True,
        # Page numbers in the language's own digits where it has them (konzept/sprachstellen.py).
        "eigene_ziffern": eigene_ziffern(sprache),
    }


def _fingerabdruck(html: str) -> str:
    """The content, and what turns it into a PDF: stylesheet, fonts, this module, WeasyPrint."""
    inhalt = hashlib.sha256(html.encode())
    for pfad in (STYLESHEET, *SCHRIFTEN):
        inhalt.update(Path(_statische_datei(pfad)).read_bytes())
    inhalt.update(Path(__file__).read_bytes())
    inhalt.update(NACHBEARBEITUNG.read_bytes())
    inhalt.update(weasyprint.__version__.encode())
    return inhalt.hexdigest()[:20]


def _cache_ordner() -> Path:
    ordner = Path(settings.PDF_CACHE_ORDNER)
    ordner.mkdir(parents=True, exist_ok=True)
    return ordner


def _rendern(html: str, ziel: Path):
    """Renders into a temporary file and moves it into place only when it is complete."""
    handle, temporaer = tempfile.mkstemp(dir=ziel.parent, prefix=".entsteht-", suffix=".pdf")
    os.close(handle)
    try:
        pdf_schreiben(html, Path(temporaer), kennung=ziel.stem)
        os.replace(temporaer, ziel)
    except Exception as fehler:
        logger.exception("PDF %s konnte nicht erstellt werden", ziel.name)
        raise PdfFehler(NICHT_ERSTELLT) from fehler
    finally:
        Path(temporaer).unlink(missing_ok=True)


def pdf_schreiben(html: str, ziel: Path, *, kennung: str = ""):
    """Renders the document's HTML into a PDF/UA-1 file and mends what WeasyPrint leaves out."""
    # Uncompressed: pikepdf compresses the streams once when it saves the mended file.
    HTML(string=html, base_url=BASIS_URL, url_fetcher=nur_eigene_dateien()).write_pdf(
        ziel,
        pdf_variant="pdf/ua-1",
        pdf_identifier=kennung.encode() or None,
        uncompressed_pdf=True,
    )
    if ziel.stat().st_size == 0:
        raise PdfFehler(_("Das PDF ist leer geblieben."))
    nachbearbeiten(ziel)


def _alte_entfernen(aktuell: Path, name: str):
    """Earlier renderings of the same edition and language are outdated."""
    for alt in aktuell.parent.glob(f"{name.removesuffix('.pdf')}-*.pdf"):
        if alt != aktuell:
            alt.unlink(missing_ok=True)


def _statische_datei(pfad: str) -> str:
    gefunden = finders.find(pfad)
    if gefunden is None and settings.STATIC_ROOT:
        kandidat = Path(settings.STATIC_ROOT) / pfad
        gefunden = str(kandidat) if kandidat.is_file() else None
    if gefunden is None:
        raise FileNotFoundError(pfad)
    return gefunden


def _eigene_datei(url: str) -> str | None:
    """The path below STATIC_URL that a URL under BASIS_URL names, else None."""
    praefix = BASIS_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(praefix):
        return None
    pfad = url.removeprefix(praefix).split("?", 1)[0].split("#", 1)[0]
    if not pfad or ".." in pfad.split("/"):
        return None
    return pfad


@functools.cache
def nur_eigene_dateien() -> "NurEigeneDateien":
    """One fetcher per process: making one sets up an SSL context it never uses."""
    return NurEigeneDateien()


class NurEigeneDateien(URLFetcher):
    """Fetches our own static files and nothing else: no network, no file system beyond them.

    Anything else stops the rendering: a PDF that silently lacks its fonts would be wrong.
    """

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None):
        pfad = _eigene_datei(url)
        if pfad is None:
            raise FatalURLFetchingError(f"Nicht erlaubt: {url}")
        try:
            datei = _statische_datei(pfad)
        except FileNotFoundError as fehler:
            raise FatalURLFetchingError(f"Nicht gefunden: {url}") from fehler
        art = mimetypes.guess_type(datei)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(datei).read_bytes(), {"Content-Type": art})
