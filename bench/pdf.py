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


def _rendern(html: str) -> tuple[float, int]:
    """CPU seconds (the least of several runs) and pages of one document, rendered as the
    download is: WeasyPrint, then the PDF/UA mends.

    CPU time of this process, not wall time: rendering is single-threaded, and other work on
    the machine then changes the numbers little. The least run is the one least disturbed.
    """
    import pikepdf

    from konzept.pdf import pdf_schreiben

    zeiten = []
    with tempfile.TemporaryDirectory() as ordner:
        ziel = Path(ordner) / "bench.pdf"
        for _ in range(WIEDERHOLUNGEN):
            beginn = time.process_time()
            pdf_schreiben(html, ziel)
            zeiten.append(time.process_time() - beginn)
        with pikepdf.open(ziel) as pdf:
            seiten = len(pdf.pages)
    return min(zeiten), seiten


def _referenz_mit_seiten(seiten: int) -> tuple[float, int]:
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
    return _rendern(_referenz_html(absaetze))


def _edition(sprache: str) -> tuple[float, int]:
    from konzept.models import Edition
    from konzept.pdf import pdf_html

    return _rendern(pdf_html(edition=Edition.objects.get(jahr=2024), sprache=sprache))


def _je_seite(messung: tuple[float, int]) -> float:
    zeit, seiten = messung
    return zeit / seiten


def _vergleich(was: str, edition: tuple[float, int], referenz: tuple[float, int]) -> list[Messung]:
    verhaeltnis = _je_seite(edition) / _je_seite(referenz)
    return [
        Messung(f"{was}: CPU-Sekunden je Seite ({edition[1]} Seiten)", _je_seite(edition), "s"),
        Messung(f"Referenz ({referenz[1]} Seiten)", _je_seite(referenz), "s"),
        Messung(
            f"{was} ÷ Referenz",
            verhaeltnis,
            "×",
            f"≤ {ZIEL_VERHAELTNIS}",
            verhaeltnis <= ZIEL_VERHAELTNIS,
        ),
    ]


def _ziel(was: str, wert: float) -> Messung:
    return Messung(was, wert, "×", f"≤ {ZIEL_VERHAELTNIS}", wert <= ZIEL_VERHAELTNIS)


def _spitzenspeicher_mb(faktor: int) -> float:
    """Peak resident memory of a fresh process that renders the 2024 edition in de and ar,
    with its content taken `faktor` times; the process reports its own peak."""
    ausgabe = subprocess.run(
        [sys.executable, "-m", "bench.pdf", "--nur-rendern", str(faktor)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(ausgabe.strip().splitlines()[-1])["spitzenspeicher_mb"]


def _zehnfach(sprachen: tuple[str, ...]) -> dict[str, tuple[float, int]]:
    """The renderings at ten times the content, rolled back: the benchmarks after this one see
    the shipped content."""
    from django.db import transaction

    from konzept.models import Edition
    from tests.conftest import verzehnfachen

    with transaction.atomic():
        verzehnfachen(Edition.objects.get(jahr=2024))
        ergebnis = {sprache: _edition(sprache) for sprache in sprachen}
        transaction.set_rollback(True)
    return ergebnis


def messen() -> list[Messung]:
    # Memory first, in fresh processes: nothing of this one is counted.
    speicher_1 = _spitzenspeicher_mb(1)
    speicher_10 = _spitzenspeicher_mb(10)
    django_mit_inhalt()

    deutsch, arabisch = _edition("de"), _edition("ar")
    zehnfach = _zehnfach(("de", "ar"))
    messungen = [
        *_vergleich("2024 Deutsch", deutsch, _referenz_mit_seiten(deutsch[1])),
        *_vergleich("2024 Arabisch", arabisch, _referenz_mit_seiten(arabisch[1])),
        _ziel("Arabisch ÷ Deutsch je Seite", _je_seite(arabisch) / _je_seite(deutsch)),
        *_vergleich("10× Inhalt Deutsch", zehnfach["de"], _referenz_mit_seiten(zehnfach["de"][1])),
        Messung(
            f"10× Inhalt Arabisch: CPU-Sekunden je Seite ({zehnfach['ar'][1]} Seiten)",
            _je_seite(zehnfach["ar"]),
            "s",
        ),
        _ziel(
            "10× Inhalt: Arabisch ÷ Deutsch je Seite",
            _je_seite(zehnfach["ar"]) / _je_seite(zehnfach["de"]),
        ),
        _ziel(
            "Deutsch: je Seite 10× ÷ 1× (linear: ≈ 1)",
            _je_seite(zehnfach["de"]) / _je_seite(deutsch),
        ),
        _ziel(
            "Arabisch: je Seite 10× ÷ 1× (linear: ≈ 1)",
            _je_seite(zehnfach["ar"]) / _je_seite(arabisch),
        ),
        Messung("Spitzenspeicher beim Rendern 2024 (de, ar)", speicher_1, "MB"),
        Messung(
            "Spitzenspeicher beim Rendern 10× Inhalt (de, ar)",
            speicher_10,
            "MB",
            f"< {ZIEL_SPEICHER_MB}",
            speicher_10 < ZIEL_SPEICHER_MB,
        ),
    ]
    return messungen


if __name__ == "__main__" and sys.argv[1:2] == ["--nur-rendern"]:
    import resource

    django_mit_inhalt()
    if sys.argv[2:] == ["10"]:
        _zehnfach(("de", "ar"))
    else:
        _edition("de")
        _edition("ar")
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"spitzenspeicher_mb": round(spitze, 1)}))
