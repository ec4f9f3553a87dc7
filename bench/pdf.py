"""PDF: seconds per page of the 2024 edition in German and Arabic, against a plain block-layout
reference document with as many pages rendered in the same run; the same at ten times the
content; peak memory of a process that renders the 2024 edition (issue 6)."""

import io
import resource
import subprocess
import sys
import time

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
    """CPU seconds (the least of several runs) and pages of one document.

    CPU time of this process, not wall time: rendering is single-threaded, and other work on
    the machine then changes the numbers little. The least run is the one least disturbed.
    """
    from weasyprint import HTML

    from konzept.pdf import BASIS_URL, nur_eigene_dateien

    zeiten, seiten = [], 0
    for _ in range(WIEDERHOLUNGEN):
        beginn = time.process_time()
        dokument = HTML(string=html, base_url=BASIS_URL, url_fetcher=nur_eigene_dateien()).render()
        dokument.write_pdf(io.BytesIO(), pdf_variant="pdf/ua-1")
        zeiten.append(time.process_time() - beginn)
        seiten = len(dokument.pages)
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


def _vergleich(was: str, edition: tuple[float, int], referenz: tuple[float, int]) -> list[Messung]:
    (zeit, seiten), (ref_zeit, ref_seiten) = edition, referenz
    verhaeltnis = (zeit / seiten) / (ref_zeit / ref_seiten)
    return [
        Messung(f"{was}: CPU-Sekunden je Seite ({seiten} Seiten)", zeit / seiten, "s"),
        Messung(f"Referenz ({ref_seiten} Seiten)", ref_zeit / ref_seiten, "s"),
        Messung(
            f"{was} ÷ Referenz",
            verhaeltnis,
            "×",
            f"≤ {ZIEL_VERHAELTNIS}",
            verhaeltnis <= ZIEL_VERHAELTNIS,
        ),
    ]


def _spitzenspeicher_mb() -> float:
    """Peak resident memory of a fresh process that renders the 2024 edition in de and ar."""
    subprocess.run([sys.executable, "-m", "bench.pdf", "--nur-rendern"], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def messen() -> list[Messung]:
    # Memory first: the child process must be the only one counted.
    speicher = _spitzenspeicher_mb()
    django_mit_inhalt()
    from django.db import transaction

    from konzept.models import Edition
    from tests.conftest import verzehnfachen

    deutsch, arabisch = _edition("de"), _edition("ar")
    messungen = [
        *_vergleich("2024 Deutsch", deutsch, _referenz_mit_seiten(deutsch[1])),
        *_vergleich("2024 Arabisch", arabisch, _referenz_mit_seiten(arabisch[1])),
    ]
    ar_de = (arabisch[0] / arabisch[1]) / (deutsch[0] / deutsch[1])
    messungen.append(
        Messung("Arabisch ÷ Deutsch je Seite", ar_de, "×", f"≤ {ZIEL_VERHAELTNIS}", ar_de <= 1.5)
    )
    # Ten times the content, rolled back: the benchmarks after this one see the shipped content.
    with transaction.atomic():
        verzehnfachen(Edition.objects.get(jahr=2024))
        zehnfach = _edition("de")
        transaction.set_rollback(True)
    messungen += _vergleich("10× Inhalt Deutsch", zehnfach, _referenz_mit_seiten(zehnfach[1]))
    linear = (zehnfach[0] / zehnfach[1]) / (deutsch[0] / deutsch[1])
    messungen.append(
        Messung(
            "CPU-Sekunden je Seite 10× ÷ 1× (linear: ≈ 1)",
            linear,
            "×",
            f"≤ {ZIEL_VERHAELTNIS}",
            linear <= ZIEL_VERHAELTNIS,
        )
    )
    messungen.append(
        Messung(
            "Spitzenspeicher beim Rendern 2024 (de, ar)",
            speicher,
            "MB",
            f"< {ZIEL_SPEICHER_MB}",
            speicher < ZIEL_SPEICHER_MB,
        )
    )
    return messungen


if __name__ == "__main__" and sys.argv[1:] == ["--nur-rendern"]:
    django_mit_inhalt()
    _edition("de")
    _edition("ar")
