"""Issue 14.11: PDF renders take turns, and edits cannot force one render after another.

The HTML is fixed per test and the renderer a slow stand-in, so that the threads need no
database and the test runs the same on SQLite and PostgreSQL; what is tested is the lock
and the cache around them.
"""

import os
import threading
import time

import pytest
from django.test import Client

from konzept import pdf as pdf_modul
from konzept.pdf import pdf_holen

THREADS = 6


@pytest.fixture
def pdf_cache(settings, tmp_path):
    settings.PDF_CACHE_ORDNER = tmp_path / "pdf"
    return settings.PDF_CACHE_ORDNER


class Renderer:
    """Counts renders, and how many ran at the same time."""

    def __init__(self, dauer=0.3):
        self.dauer = dauer
        self.anzahl = 0
        self.gleichzeitig = 0
        self.hoechstens = 0
        self._lock = threading.Lock()

    def __call__(self, html, ziel, *, kennung=""):
        with self._lock:
            self.anzahl += 1
            self.gleichzeitig += 1
            self.hoechstens = max(self.hoechstens, self.gleichzeitig)
        time.sleep(self.dauer)
        ziel.write_bytes(b"%PDF-1.7 " + html.encode())
        with self._lock:
            self.gleichzeitig -= 1


@pytest.fixture
def inhalt_html(monkeypatch):
    stand = {"html": "<p>erste Fassung</p>"}
    monkeypatch.setattr(pdf_modul, "pdf_html", lambda *, edition, sprache: stand["html"])
    return stand


@pytest.fixture
def renderer(monkeypatch):
    renderer = Renderer()
    monkeypatch.setattr(pdf_modul, "pdf_schreiben", renderer)
    return renderer


def parallel_holen(edition, sprache="de", **kwargs):
    schranke = threading.Barrier(THREADS)
    ergebnisse, fehler = [], []

    def holen():
        try:
            schranke.wait()
            ergebnisse.append(pdf_holen(edition=edition, sprache=sprache, **kwargs))
        except Exception as fehler_:
            fehler.append(fehler_)

    threads = [threading.Thread(target=holen) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fehler == []
    return ergebnisse


def test_gleichzeitige_anfragen_warten_auf_das_eine_rendern(
    inhalt, pdf_cache, inhalt_html, renderer
):
    ergebnisse = parallel_holen(inhalt)
    assert renderer.anzahl == 1
    assert len({pdf.pfad for pdf in ergebnisse}) == 1
    assert ergebnisse[0].pfad.read_bytes().endswith(b"erste Fassung</p>")


def test_nie_zwei_renderings_derselben_ausgabe_und_sprache_zugleich(
    inhalt, pdf_cache, inhalt_html, renderer
):
    """Staff asking for the current content still take turns with each other."""
    ergebnisse = parallel_holen(inhalt, frisch=True)
    assert renderer.hoechstens == 1
    assert renderer.anzahl == 1
    assert len({pdf.pfad for pdf in ergebnisse}) == 1


def test_andere_sprachen_warten_nicht(inhalt, pdf_cache, inhalt_html, renderer):
    schranke = threading.Barrier(2)

    def holen(sprache):
        schranke.wait()
        pdf_holen(edition=inhalt, sprache=sprache)

    threads = [threading.Thread(target=holen, args=(s,)) for s in ("de", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert renderer.anzahl == 2
    assert renderer.hoechstens == 2


def test_aenderungen_erzwingen_hoechstens_ein_rendern_je_abstand(
    inhalt, pdf_cache, inhalt_html, renderer, settings
):
    settings.PDF_NEU_RENDERN_SEKUNDEN = 120
    erstes = pdf_holen(edition=inhalt, sprache="de")
    for nummer in range(5):
        # A comment edited: the content, and with it the fingerprint, is new each time.
        inhalt_html["html"] = f"<p>Fassung {nummer}</p>"
        assert pdf_holen(edition=inhalt, sprache="de") == erstes
    assert renderer.anzahl == 1
    # Staff get what they have just changed.
    frisch = pdf_holen(edition=inhalt, sprache="de", frisch=True)
    assert frisch.pfad.read_bytes().endswith(b"Fassung 4</p>")
    assert renderer.anzahl == 2
    # Once the rendering is older than the limit, readers get the current content too.
    inhalt_html["html"] = "<p>spaeter</p>"
    vorher = time.time() - 121
    os.utime(frisch.pfad, (vorher, vorher))
    spaeter = pdf_holen(edition=inhalt, sprache="de")
    assert spaeter.pfad.read_bytes().endswith(b"spaeter</p>")
    assert renderer.anzahl == 3
    assert [p.name for p in pdf_cache.glob("*.pdf")] == [spaeter.pfad.name]


def test_ansicht_leser_begrenzt_koordinierungsstelle_frisch(
    staff_client, inhalt, pdf_cache, inhalt_html, renderer, settings
):
    settings.PDF_NEU_RENDERN_SEKUNDEN = 120
    client = Client()
    assert client.get("/2024/pdf/").status_code == 200
    inhalt_html["html"] = "<p>neu</p>"
    leser = client.get("/2024/pdf/")
    assert not b"".join(leser.streaming_content).endswith(b"neu</p>")
    assert renderer.anzahl == 1
    staff = staff_client.get("/2024/pdf/")
    assert b"".join(staff.streaming_content).endswith(b"neu</p>")
    assert renderer.anzahl == 2
