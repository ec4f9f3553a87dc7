"""Issue 19.5: PDF/UA that holds, checked with the PDF/UA-1 rule checkers on PyPI and pikepdf.

The PDFs are those of a draft with a predecessor (so the table of changes exists) that carries
comments in Ukrainian, Arabic and Turkish, in German and in Arabic. They are rendered once for
the module. The checkers: `page` (page-validation, the PDF/UA-1 rules of the Matterhorn
Protocol, tested against veraPDF's corpus) and `outloud` (Matterhorn checkpoints plus checks a
validator cannot make). pikepdf reads the structure tree for the points the issue names.
Text extraction is checked with poppler's `pdftotext` (Debian `poppler-utils`) and pypdf.
"""

import os
import re
import shutil
import subprocess
import unicodedata
import uuid
from datetime import timedelta

import outloud
import page
import pikepdf
import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from beteiligung.models import Beteiligungsphase, Kommentar
from konzept.models import Edition, Landkreis
from konzept.pdf import pdf_html, pdf_schreiben
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle

KOMMENTARE = {
    "uk": "Будь ласка, проводьте ярмарки вакансій також у сусідніх містах.",
    # Words with the lam-alef ligature in all its forms: لا لأ لإ لآ.
    "ar": "الاندماج والأهداف ومكتب الإدارة يحتاج الآن إلى الأطفال.",
    "tr": "Lütfen iş fuarlarını komşu şehirlerde de düzenleyin.",
}
LIGATURWOERTER = ["الاندماج", "والأهداف", "الإدارة", "الآن", "الأطفال"]

# The tests read files; marking them lets pytest-django set up the database the module
# fixture renders from.
pytestmark = pytest.mark.django_db


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, tmp_path_factory):
    """German and Arabic PDF of a draft with changes and comments, with their HTML."""
    ordner = tmp_path_factory.mktemp("pdf-ua")
    ergebnis = {}
    with django_db_blocker.unblock(), transaction.atomic():
        vorgaenger = Edition.objects.get(jahr=2024)
        edition = edition_fortschreiben(vorgaenger=vorgaenger, jahr=2026, user=None)
        massnahmen = Massnahme.objects.in_edition(edition).order_by("pk")
        geaendert = massnahmen.first()
        Massnahme.objects.filter(pk=geaendert.pk).update(
            titel_de=f"{geaendert.titel_de} im ganzen Landkreis", status="in_umsetzung"
        )
        # Untranslated into Arabic: the German source stands in the Arabic PDF.
        # A title found nowhere else, so that each passage holding it is this measure's.
        unuebersetzt = massnahmen.exclude(pk=geaendert.pk).first()
        unuebersetzt.titel_de = "Lotsendienst für Behördengänge"
        Massnahme.objects.filter(pk=unuebersetzt.pk).update(
            titel_ar="", titel_de=unuebersetzt.titel_de
        )
        phase = Beteiligungsphase.objects.create(
            edition=edition,
            beginn=timezone.now() - timedelta(days=3),
            ende=timezone.now() + timedelta(days=3),
        )
        for sprache, text in KOMMENTARE.items():
            Kommentar.objects.create(
                edition=edition,
                phase=phase,
                massnahme=geaendert,
                autor=benutzer_mit_rolle(f"vertretung-{sprache}", "KMV"),
                text=text,
                sprache=sprache,
                einreichung=uuid.uuid4(),
                status=Kommentar.Status.BEANTWORTET,
                einstufung=Kommentar.Einstufung.BERUECKSICHTIGT,
                antwort="Aufgenommen.",
            )
        ergebnis["unuebersetzt"] = unuebersetzt.titel_de
        ergebnis["themenfelder"] = [t.titel for t in edition.themenfelder.all()]
        ergebnis["landkreis"] = Landkreis.aktuell().name
        for sprache in ("de", "ar"):
            html = pdf_html(edition=edition, sprache=sprache)
            pfad = ordner / f"{sprache}.pdf"
            pdf_schreiben(html, pfad)
            ergebnis[sprache] = pfad
            ergebnis[f"{sprache}-html"] = html
        transaction.set_rollback(True)
    return ergebnis


# --- Reading the file ------------------------------------------------------------------------


def kinder(element: pikepdf.Dictionary) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def strukturelemente(pdf: pikepdf.Pdf):
    """Every structure element reachable from the root, with its parent."""
    offen = [(kind, None) for kind in kinder(pdf.Root.StructTreeRoot)]
    while offen:
        element, eltern = offen.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            yield element, eltern
            offen.extend((kind, element) for kind in kinder(element))


def sprache_von(element: pikepdf.Dictionary, dokument: str) -> str:
    """The language in force for an element: its own /Lang or its nearest ancestor's."""
    while isinstance(element, pikepdf.Dictionary) and element.get("/Type") != "/StructTreeRoot":
        if "/Lang" in element:
            return str(element.Lang)
        element = element.get("/P")
    return dokument


def inhalt_je_seite(pdf: pikepdf.Pdf, nummer: int) -> tuple[dict[int, str], str]:
    """The text of each marked content (by MCID) on a page, and the text of its artifacts."""
    seite = pdf.pages[nummer]
    abbildungen = {}
    for name, schrift in seite.Resources.Font.items():
        abbildung = schrift.ToUnicode.read_bytes()
        abbildungen[name] = {
            int(code, 16): bytes.fromhex(ziel.decode()).decode("utf-16-be")
            for code, ziel in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", abbildung)
        }
    texte: dict[int, str] = {}
    artefakte = []
    stapel: list[int | str | None] = []
    schrift = None
    for operanden, operator in pikepdf.parse_content_stream(seite):
        op = str(operator)
        if op in ("BDC", "BMC"):
            art = str(operanden[0])
            if art == "/Artifact":
                stapel.append("artefakt")
            elif op == "BDC" and "/MCID" in operanden[1]:
                stapel.append(int(operanden[1].MCID))
            else:
                stapel.append(None)
        elif op == "EMC":
            stapel.pop()
        elif op == "Tf":
            schrift = str(operanden[0])
        elif op in ("TJ", "Tj"):
            teile = operanden[0] if op == "TJ" else [operanden[0]]
            text = ""
            for teil in teile:
                if isinstance(teil, pikepdf.String):
                    daten = bytes(teil)
                    text += "".join(
                        abbildungen[schrift].get(int.from_bytes(daten[i : i + 2]), "")
                        for i in range(0, len(daten), 2)
                    )
            if "artefakt" in stapel:
                artefakte.append(text)
            else:
                mcid = next((m for m in reversed(stapel) if isinstance(m, int)), None)
                assert mcid is not None, f"Text außerhalb markierter Inhalte: {text!r}"
                texte[mcid] = texte.get(mcid, "") + text
    return texte, " ".join(artefakte)


def element_mit_text(pdf: pikepdf.Pdf, gesucht: str) -> list[pikepdf.Dictionary]:
    """The structure elements whose marked content holds the beginning of the text sought.

    Right-to-left text is drawn from left to right, so it is also looked for reversed."""
    gefunden = []
    anfang = gesucht[:12]
    for nummer in range(len(pdf.pages)):
        texte, _artefakte = inhalt_je_seite(pdf, nummer)
        eltern = elternbaum(pdf)[nummer]
        gefunden += [
            eltern[mcid] for mcid, text in texte.items() if anfang in text or anfang in text[::-1]
        ]
    return gefunden


def elternbaum(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The parent tree: per page the structure element of each MCID."""
    zahlen = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    return {
        int(schluessel): wert for schluessel, wert in zip(zahlen[::2], zahlen[1::2], strict=True)
    }


def pdftotext(pfad) -> str:
    programm = shutil.which("pdftotext")
    if programm is None:
        grund = (
            "pdftotext fehlt: die Prüfung der Textextraktion braucht das Debian-Paket "
            "`poppler-utils`."
        )
        if _in_ci():
            pytest.fail(f"{grund} In CI (CI={os.environ['CI']!r}) ist das ein Fehler.")
        pytest.skip(grund)
    return subprocess.run(
        [programm, "-enc", "UTF-8", str(pfad), "-"], capture_output=True, text=True, check=True
    ).stdout


def woerter(text: str) -> list[str]:
    """Runs of letters and marks that contain an Arabic letter (punctuation apart)."""
    woerter = re.findall(r"[^\W\d_](?:[^\W\d_]|[\u064B-\u065F\u0670])*", text)
    return [w for w in woerter if re.search(r"[\u0621-\u064A]", w)]


def mit_vokalzeichen(wort: str) -> bool:
    return any(unicodedata.category(zeichen) == "Mn" for zeichen in wort)


# --- The checkers from PyPI ------------------------------------------------------------------


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_pdf_ua_1_nach_page(pdfs, sprache):
    """Issue 19.5: the PDF/UA-1 rules of page-validation (Matterhorn Protocol, veraPDF corpus)
    all pass: lists, tables, links, headings, fonts, metadata."""
    bericht = page.validate_pdf(pdfs[sprache], profile=page.ValidationProfile.PDF_UA_1)
    fehler = [f"[{f.rule_id}] {f.message}" for f in bericht.failures]
    assert bericht.is_compliant, fehler
    assert bericht.rules.total >= 100


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_pdf_ua_1_nach_outloud(pdfs, sprache):
    """Issue 19.5: outloud finds no error and no breach of a Matterhorn checkpoint.

    Its running-header check (PAG-001) looks for lines repeated on three pages near the top or
    bottom edge; it may take body text that repeats for one ("Zeitraum: noch nicht
    festgelegt"). Such a line must then lie inside the body area, never in the page margins
    where the running header and footer stand."""
    ergebnis = outloud.check(str(pdfs[sprache]))
    assert ergebnis.error is None
    assert not [lauf.rule for lauf in ergebnis.runs if lauf.status == "crashed"]
    fehler = [f"{f.rule} {f.message}" for f in ergebnis.findings if f.severity == "error"]
    assert not fehler
    katalog = outloud.load_catalogue()
    konformitaet = [f for f in ergebnis.findings if katalog[f.rule].layer == "conformance"]
    hoehe = 841.89
    for befund in konformitaet:
        assert befund.rule == "PAG-001", f"{befund.rule} {befund.message}"
        for kasten in befund.boxes:
            # Body area of pdf.css: 24 mm from the top, 22 mm from the bottom (mm → pt).
            assert kasten["y0"] > 22 * 72 / 25.4 and kasten["y1"] < hoehe - 24 * 72 / 25.4


# --- The points of the issue, read with pikepdf ----------------------------------------------


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_listen_haben_gueltige_struktur(pdfs, sprache):
    """Issue 19.5 (Matterhorn 16): a list holds only list items (or lists and a caption), each
    item has a list as parent and holds only label and body. The title page's facts were a
    <dl> of <div>s: L → Div → LI."""
    with pikepdf.open(pdfs[sprache]) as pdf:
        listen = 0
        for element, eltern in strukturelemente(pdf):
            art = str(element.S)
            if art == "/L":
                listen += 1
                for kind in kinder(element):
                    if isinstance(kind, pikepdf.Dictionary) and "/S" in kind:
                        assert str(kind.S) in ("/LI", "/L", "/Caption"), str(kind.S)
            if art == "/LI":
                assert str(eltern.S) == "/L"
                for kind in kinder(element):
                    if isinstance(kind, pikepdf.Dictionary) and "/S" in kind:
                        assert str(kind.S) in ("/Lbl", "/LBody"), str(kind.S)
        assert listen > 5


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_kopfzellen_mit_scope(pdfs, sprache):
    """Issue 19.5 (Matterhorn 15-003): every header cell of the table of changes names its
    scope, the column headers and the row headers alike."""
    with pikepdf.open(pdfs[sprache]) as pdf:
        bereiche = [
            str(element.A.get("/Scope"))
            for element, _eltern in strukturelemente(pdf)
            if str(element.S) == "/TH"
        ]
    assert bereiche, "Die Tabelle der Änderungen fehlt."
    assert set(bereiche) == {"/Column", "/Row"}
    assert bereiche.count("/Column") >= 6


def test_kommentare_in_anderen_sprachen_tragen_ihre_sprache(pdfs):
    """Issue 19.5 (Matterhorn 11-006): in the German PDF each comment in Ukrainian, Arabic or
    Turkish is a structure element with its own /Lang, so it is read with its own voice."""
    with pikepdf.open(pdfs["de"]) as pdf:
        assert str(pdf.Root.Lang) == "de"
        for sprache, text in KOMMENTARE.items():
            elemente = element_mit_text(pdf, text)
            assert elemente, text
            assert {sprache_von(element, "de") for element in elemente} == {sprache}, text
        # Everything else stays German: no element says it is another language without cause.
        sprachen = {str(element.Lang) for element, _ in strukturelemente(pdf) if "/Lang" in element}
        assert sprachen <= {"de", *KOMMENTARE}


def test_deutsche_stellen_im_arabischen_pdf_tragen_ihre_sprache(pdfs):
    """Issue 19.5 (Matterhorn 11-006): a measure not yet translated stands in German in the
    Arabic PDF and is marked /Lang de; a Ukrainian comment there is marked /Lang uk."""
    with pikepdf.open(pdfs["ar"]) as pdf:
        assert str(pdf.Root.Lang) == "ar"
        elemente = element_mit_text(pdf, pdfs["unuebersetzt"])
        assert elemente
        assert {sprache_von(element, "ar") for element in elemente} == {"de"}
        ukrainisch = element_mit_text(pdf, KOMMENTARE["uk"])
        assert {sprache_von(element, "ar") for element in ukrainisch} == {"uk"}


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_kopf_und_fusszeile_sind_artefakte(pdfs, sprache):
    """Issue 19.5 (Matterhorn 18-001): the running header and "Seite X von Y" are artifacts of
    pagination on every page, not content a screen reader reads on each page; the structure
    tree has no elements for them."""
    with pikepdf.open(pdfs[sprache]) as pdf:
        seiten = len(pdf.pages)
        erreichbar = {element.objgen for element, _ in strukturelemente(pdf)}
        baum = elternbaum(pdf)
        for nummer in range(1, seiten):
            texte, artefakte = inhalt_je_seite(pdf, nummer)
            inhalt = " ".join(texte.values())
            assert f"{nummer + 1}" in artefakte and f"{seiten}" in artefakte
            if sprache == "de":
                assert f"Seite {nummer + 1} von {seiten}" in artefakte
                assert f"Seite {nummer + 1} von {seiten}" not in inhalt
                assert pdfs["landkreis"] in artefakte
            for mcid in texte:
                assert baum[nummer][mcid].objgen in erreichbar, (nummer, mcid, texte[mcid])


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_links_nennen_ihr_ziel_und_liegen_auf_der_seite(pdfs, sprache):
    """Issue 19.5 (Matterhorn 28-004, WCAG 2.4.4): each link annotation describes its target in
    the reader's words (the chapter's title, not the anchor "anhang-abwaegung"), is printed,
    and lies within its page, right to left too (24 of 36 reached past the edge)."""
    with pikepdf.open(pdfs[sprache]) as pdf:
        beschreibungen = {}
        for seite in pdf.pages:
            links, oben, rechts, unten = (float(x) for x in seite.MediaBox)
            for annotation in seite.get("/Annots", []):
                if annotation.Subtype != "/Link":
                    continue
                x1, y1, x2, y2 = (float(x) for x in annotation.Rect)
                assert links <= min(x1, x2) and max(x1, x2) <= rechts, list(annotation.Rect)
                assert oben <= min(y1, y2) and max(y1, y2) <= unten, list(annotation.Rect)
                assert int(annotation.get("/F", 0)) & 4
                beschreibung = str(annotation.Contents)
                ziel = str(annotation.get("/Dest", ""))
                assert beschreibung.strip() and beschreibung != ziel
                beschreibungen[ziel] = beschreibung
    assert len(beschreibungen) >= len(pdfs["themenfelder"]) + 5
    if sprache == "de":
        assert beschreibungen["anhang-abwaegung"] == "Anhang A: Abwägungstabelle"
        # A field's link names it as its heading does: with its number, where it has one.
        for titel in pdfs["themenfelder"]:
            assert any(b.endswith(titel) for b in beschreibungen.values()), titel


def test_arabischer_text_wie_geschrieben(pdfs):
    """Issue 19.5: text extraction of the Arabic PDF yields the words as written, ligatures
    mapped to their characters in order ("الاندماج", never "االندماج"), with poppler's
    pdftotext and with pypdf.

    Vowel marks are glyphs of their own that WeasyPrint raises with a text rise; poppler puts
    a raised glyph on a line of its own and cannot join it to its letter, so poppler is held
    to the words without marks, pypdf to all of them."""
    html = pdfs["ar-html"].split("<body>", 1)[1]
    # What only a screen reader on the web page hears is not printed (pdf.css).
    html = re.sub(r'<span class="kern-sr-only"[^>]*>[^<]*</span>', " ", html)
    quelle = {unicodedata.normalize("NFC", w) for w in woerter(re.sub(r"<[^>]+>", " ", html))}
    auszuege = {
        "poppler": pdftotext(pdfs["ar"]),
        "pypdf": "\n".join(seite.extract_text() for seite in PdfReader(pdfs["ar"]).pages),
    }
    for werkzeug, text in auszuege.items():
        text = unicodedata.normalize("NFC", text)
        for wort in LIGATURWOERTER:
            assert wort in text, (werkzeug, wort)
        verdreht = [w for w in woerter(text) if re.match("ا[اأإآ]ل", w)]
        assert not verdreht, (werkzeug, verdreht[:10])
        erwartet = {w for w in quelle if werkzeug == "pypdf" or not mit_vokalzeichen(w)}
        fehlend = sorted(w for w in erwartet if w not in text)
        assert not fehlend, (werkzeug, fehlend[:20])
        assert len(erwartet) > 80  # the interface and the comments, at least
