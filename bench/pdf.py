"""PDF (issues 6 and 20.4): CPU seconds per page of the 2024 edition in German and Arabic,
rendered as the download is (WeasyPrint and the PDF/UA mends), against a plain block-layout
reference document with as many pages rendered in the same run; the same at ten times the
content, so that the time per page stays the same (linear) and Arabic costs at most 1.5× of
German at either size; peak memory of a process that renders the tenfold content."""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.umgebung import Messung, django_mit_inhalt

WIEDERHOLUNGEN = 3
ZIEL_VERHAELTNIS = 1.5
ZIEL_SPEICHER_MB = 300

ABSATZ = (
    "Die Koordinierungsstelle Migration und Teilhabe schreibt das Integrationskonzept alle zwei "
    "Jahre fort. Ziele, Teilziele und Maßnahmen entstehen in Beteiligungsformaten mit der "
    "Verwaltung, externen Akteurinnen und Akteuren, der Kommunalen Migrationsvertretung und der "
    "Politik; der Kreistag beschließt das Ergebnis."
)


def _referenz_html(absaetze: int) -> str:
    """Plain paragraphs in the same fonts and page size: the baseline for block layout."""
    from django.templatetags.static import static

    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Referenz</title>'
        f'<link rel="stylesheet" href="{static("css/pdf.css")}"></head><body>'
        + "".join(f"<p>{ABSATZ}</p>" for _ in range(absaetze))
        + "</body></html>"
    )


def _im_wechsel(dokumente: dict[str, str]) -> dict[str, tuple[float, int]]:
    """CPU seconds (the least of several runs) and pages of each document, rendered as the
    download is: WeasyPrint, then the PDF/UA mends.

    CPU time of this process, not wall time: rendering is single-threaded, and other work on
    the machine then changes the numbers little. The documents take turns, so that what is
    compared was measured under the same load; the least run is the one least disturbed.
    """
    import pikepdf

    from konzept.pdf import pdf_schreiben

    zeiten = {name: [] for name in dokumente}
    seiten = {}
    with tempfile.TemporaryDirectory() as ordner:
        for _ in range(WIEDERHOLUNGEN):
            for name, html in dokumente.items():
                ziel = Path(ordner) / f"{name}.pdf"
                beginn = time.process_time()
                pdf_schreiben(html, ziel)
                zeiten[name].append(time.process_time() - beginn)
                with pikepdf.open(ziel) as pdf:
                    seiten[name] = len(pdf.pages)
    return {name: (min(zeiten[name]), seiten[name]) for name in dokumente}


def _referenz_mit_seiten(seiten: int) -> str:
    """The reference document with as many paragraphs as make the same number of pages."""
    from weasyprint import HTML

    from konzept.pdf import BASIS_URL, nur_eigene_dateien

    def zaehlen(absaetze):
        html = _referenz_html(absaetze)
        dokument = HTML(string=html, base_url=BASIS_URL, url_fetcher=nur_eigene_dateien())
        return len(dokument.render().pages)

    absaetze = 40
    for _ in range(4):  # paragraphs per page, estimated from the last count
        gezaehlt = zaehlen(absaetze)
        if gezaehlt == seiten:
            break
        absaetze = max(1, round(absaetze * seiten / gezaehlt))
    while zaehlen(absaetze) < seiten:
        absaetze += 1
    while absaetze > 1 and zaehlen(absaetze - 1) >= seiten:
        absaetze -= 1
    return _referenz_html(absaetze)


def _seiten(html: str) -> int:
    from weasyprint import HTML

    from konzept.pdf import BASIS_URL, nur_eigene_dateien

    dokument = HTML(string=html, base_url=BASIS_URL, url_fetcher=nur_eigene_dateien())
    return len(dokument.render().pages)


def _messen(sprachen: tuple[str, ...], referenz: bool) -> dict[str, tuple[float, int]]:
    """The 2024 edition in each language, with a reference document as long as each."""
    from konzept.models import Edition
    from konzept.pdf import pdf_html

    edition = Edition.objects.get(jahr=2024)
    dokumente = {sprache: pdf_html(edition=edition, sprache=sprache) for sprache in sprachen}
    if referenz:
        for sprache in sprachen:
            dokumente[f"referenz-{sprache}"] = _referenz_mit_seiten(_seiten(dokumente[sprache]))
    return _im_wechsel(dokumente)


def _je_seite(messung: tuple[float, int]) -> float:
    zeit, seiten = messung
    return zeit / seiten


def _vergleich(
    was: str, edition: tuple[float, int], referenz: tuple[float, int], *, ziel: bool = True
) -> list[Messung]:
    """Time per page against the reference; `ziel=False` shows the figure without a goal
    (Arabic shaping costs more than the Latin reference, and issue 20 sets the goal for
    Arabic against German)."""
    verhaeltnis = _je_seite(edition) / _je_seite(referenz)
    vergleich = Messung(f"{was} ÷ Referenz", verhaeltnis, "×")
    if ziel:
        vergleich = _ziel(vergleich.was, verhaeltnis)
    return [
        Messung(f"{was}: CPU-Sekunden je Seite ({edition[1]} Seiten)", _je_seite(edition), "s"),
        Messung(f"Referenz ({referenz[1]} Seiten)", _je_seite(referenz), "s"),
        vergleich,
    ]


def _ziel(was: str, wert: float) -> Messung:
    return Messung(was, wert, "×", f"≤ {ZIEL_VERHAELTNIS}", wert <= ZIEL_VERHAELTNIS)


def _spitzenspeicher_mb(faktor: int) -> float:
    """Peak resident memory of a fresh process that renders the 2024 edition once in de and
    once in ar, with its content taken `faktor` times; the process reports its own peak."""
    ausgabe = subprocess.run(
        [sys.executable, "-m", "bench.pdf", "--nur-rendern", str(faktor)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(ausgabe.strip().splitlines()[-1])["spitzenspeicher_mb"]


def _zehnfach(aufgabe):
    """What the task returns at ten times the content, rolled back: the benchmarks after
    this one see the shipped content."""
    from django.db import transaction

    from konzept.models import Edition
    from tests.conftest import verzehnfachen

    with transaction.atomic():
        verzehnfachen(Edition.objects.get(jahr=2024))
        ergebnis = aufgabe()
        transaction.set_rollback(True)
    return ergebnis


def messen() -> list[Messung]:
    # Memory first, in fresh processes: nothing of this one is counted.
    speicher_1 = _spitzenspeicher_mb(1)
    speicher_10 = _spitzenspeicher_mb(10)
    django_mit_inhalt()

    einfach = _messen(("de", "ar"), referenz=True)
    zehnfach = _zehnfach(lambda: _messen(("de", "ar"), referenz=True))
    de, ar, de10, ar10 = einfach["de"], einfach["ar"], zehnfach["de"], zehnfach["ar"]
    return [
        *_vergleich("2024 Deutsch", de, einfach["referenz-de"]),
        *_vergleich("2024 Arabisch", ar, einfach["referenz-ar"], ziel=False),
        _ziel("Arabisch ÷ Deutsch je Seite", _je_seite(ar) / _je_seite(de)),
        *_vergleich("10× Inhalt Deutsch", de10, zehnfach["referenz-de"]),
        *_vergleich("10× Inhalt Arabisch", ar10, zehnfach["referenz-ar"], ziel=False),
        _ziel("10× Inhalt: Arabisch ÷ Deutsch je Seite", _je_seite(ar10) / _je_seite(de10)),
        _ziel("Deutsch: je Seite 10× ÷ 1× (linear: ≈ 1)", _je_seite(de10) / _je_seite(de)),
        _ziel("Arabisch: je Seite 10× ÷ 1× (linear: ≈ 1)", _je_seite(ar10) / _je_seite(ar)),
        Messung("Spitzenspeicher beim Rendern 2024 (de, ar)", speicher_1, "MB"),
        Messung(
            "Spitzenspeicher beim Rendern 10× Inhalt (de, ar)",
            speicher_10,
            "MB",
            f"< {ZIEL_SPEICHER_MB}",
            speicher_10 < ZIEL_SPEICHER_MB,
        ),
    ]


if __name__ == "__main__" and sys.argv[1:2] == ["--nur-rendern"]:
    import resource

    django_mit_inhalt()

    def einmal_rendern():
        from konzept.models import Edition
        from konzept.pdf import pdf_html, pdf_schreiben

        edition = Edition.objects.get(jahr=2024)
        with tempfile.TemporaryDirectory() as ordner:
            for sprache in ("de", "ar"):
                html = pdf_html(edition=edition, sprache=sprache)
                pdf_schreiben(html, Path(ordner) / f"{sprache}.pdf")

    if sys.argv[2:] == ["10"]:
        _zehnfach(einmal_rendern)
    else:
        einmal_rendern()
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"spitzenspeicher_mb": round(spitze, 1)}))
