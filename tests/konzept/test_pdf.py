"""Issue 6: the concept as a PDF for the Kreistag, in every language, cached by its content."""

import io
import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from beteiligung.models import Beschluss, Beteiligungsphase, Gremium, Kommentar
from konzept import betrieb
from konzept import pdf as pdf_modul
from konzept.begriffe import migrationsvertretung
from konzept.models import Edition, Landkreis, Uebersetzungsstatus
from konzept.pdf import BASIS_URL, NurEigeneDateien, PdfFehler, pdf_holen, pdf_html
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle, verzehnfachen


@pytest.fixture(autouse=True)
def pdf_cache(settings, tmp_path):
    """Each test starts with an empty cache of its own."""
    settings.PDF_CACHE_ORDNER = tmp_path / "pdf"
    return settings.PDF_CACHE_ORDNER


def lesen(pfad) -> PdfReader:
    return PdfReader(pfad)


def text_von(reader: PdfReader) -> str:
    return "\n".join(seite.extract_text() for seite in reader.pages)


def eingebettete_schriften(reader: PdfReader) -> dict[str, bool]:
    """Each font's name and whether its program is embedded in the file."""
    schriften = {}
    for seite in reader.pages:
        for schrift in seite["/Resources"]["/Font"].values():
            schrift = schrift.get_object()
            beschreibung = schrift.get("/FontDescriptor")
            if beschreibung is None and "/DescendantFonts" in schrift:
                beschreibung = schrift["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            beschreibung = beschreibung.get_object()
            name = str(schrift["/BaseFont"]).split("+", 1)[-1]
            schriften[name] = any(
                datei in beschreibung for datei in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return schriften


def kapitel(text: str, ueberschrift: str, naechste: str | None = None) -> str:
    """A chapter's text: from its heading (the first mention is the table of contents)
    to the next chapter's heading."""
    beginn = text.index(ueberschrift, text.index(ueberschrift) + 1)
    if naechste is None:
        return text[beginn:]
    return text[beginn : text.index(naechste, text.index(naechste) + 1)]


def ohne_leerraum(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_enthaelt_jede_massnahme_inhaltsverzeichnis_legende_und_fusszeile(inhalt):
    reader = lesen(pdf_holen(edition=inhalt, sprache="de").pfad)
    text = text_von(reader)
    kompakt = ohne_leerraum(text)
    titel = list(Massnahme.objects.in_edition(inhalt).values_list("titel_de", flat=True))
    assert len(titel) > 1
    fehlend = [t for t in titel if ohne_leerraum(t) not in kompakt]
    assert not fehlend
    # Table of contents with page numbers: each field with the page it starts on.
    inhaltsseite = reader.pages[1].extract_text()
    assert "Inhalt" in inhaltsseite
    for themenfeld in inhalt.themenfelder.all():
        assert re.search(re.escape(themenfeld.titel) + r"[ .]*\d+", inhaltsseite), themenfeld
    # The annexes it has (an adopted edition without comments has no Abwägungstabelle).
    for anhang in pdf_modul.pdf_inhalt(inhalt, "de")["anhaenge"]:
        assert anhang["titel"] in inhaltsseite
    # The migrant council's items carry its mark, and the legend says what it means.
    vertretung = migrationsvertretung()
    assert ohne_leerraum(vertretung.kennzeichen or f"Vorschlag: {vertretung.name}") in kompakt
    assert ohne_leerraum(f"eingebracht von {vertretung.name}") in kompakt
    seiten = len(reader.pages)
    assert f"Seite 2 von {seiten}" in reader.pages[1].extract_text()
    assert f"Seite {seiten} von {seiten}" in reader.pages[-1].extract_text()
    # Title page: district, title, year, status; adopted, so no draft mark.
    titelseite = reader.pages[0].extract_text()
    for erwartet in (Landkreis.aktuell().name, inhalt.titel, "Beschlossen"):
        assert erwartet in titelseite
    assert "Entwurf" not in titelseite


def test_pdf_ist_getaggt_mit_metadaten_und_eigenen_eingebetteten_schriften(inhalt):
    reader = lesen(pdf_holen(edition=inhalt, sprache="de").pfad)
    katalog = reader.trailer["/Root"]
    assert katalog["/Lang"] == "de"
    assert bool(katalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in katalog
    assert reader.metadata.title == inhalt.titel
    assert reader.metadata.author == Landkreis.aktuell().name
    schriften = eingebettete_schriften(reader)
    assert all(schriften.values()), schriften
    assert {name.split("-")[0] for name in schriften} <= {"Fira", "Noto"}, schriften
    assert any(name.startswith("Fira-Sans") for name in schriften)


def test_arabisches_pdf_von_rechts_nach_links_in_logischer_reihenfolge(inhalt, massnahme):
    jobmessen = massnahme
    # The sample district's measure has a machine translation into Arabic.
    assert jobmessen.titel_ar and jobmessen.titel_ar != jobmessen.titel_de
    assert jobmessen.feldstatus("titel", "ar") == Uebersetzungsstatus.MASCHINELL
    reader = lesen(pdf_holen(edition=inhalt, sprache="ar").pfad)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    text = text_von(reader)
    # The words in reading order, as typed: not reversed, not split into letters.
    assert jobmessen.titel_ar in text
    assert "Noto-Sans-Arabic" in eingebettete_schriften(reader)
    html = pdf_html(edition=inhalt, sprache="ar")
    assert '<html lang="ar" dir="rtl">' in html
    # Machine translations carry a mark instead of the note on every line; the legend says why.
    assert f"{jobmessen.titel_ar}\u00a0*" in html
    assert re.search(r"\*\s*" + jobmessen.titel_ar + "|" + jobmessen.titel_ar + r"\s*\*", text)


# A measure's title in each language, as a translation would give it; the Persian one with a
# zero-width non-joiner.
TITEL = {
    "fa": "نمایشگاه‌های کاریابی",
    "uk": "Ярмарки вакансій",
    "ru": "Ярмарки вакансий",
}


@pytest.mark.parametrize(
    ("sprache", "richtung", "schrift"),
    [("fa", "rtl", "Noto-Sans-Arabic"), ("uk", "ltr", "Fira-Sans"), ("ru", "ltr", "Fira-Sans")],
)
def test_persisch_und_kyrillisch_mit_eigenen_schriften(
    inhalt, massnahme, sprache, richtung, schrift
):
    massnahme.uebersetzung_speichern(
        sprache, {"titel": TITEL[sprache]}, Uebersetzungsstatus.GEPRUEFT
    )
    reader = lesen(pdf_holen(edition=inhalt, sprache=sprache).pfad)
    assert reader.trailer["/Root"]["/Lang"] == sprache
    titel = getattr(Massnahme.objects.get(pk=massnahme.pk), f"titel_{sprache}")
    assert titel == TITEL[sprache]
    # The zero-width non-joiner of Persian shapes the letters and has no glyph of its own, so
    # text extraction cannot return it.
    assert ohne_leerraum(titel).replace("\u200c", "") in ohne_leerraum(text_von(reader))
    schriften = eingebettete_schriften(reader)
    assert schrift in schriften and all(schriften.values()), schriften
    assert f'<html lang="{sprache}" dir="{richtung}">' in pdf_html(edition=inhalt, sprache=sprache)


def test_unuebersetztes_ist_gekennzeichnet(inhalt, massnahme):
    Massnahme.objects.filter(pk=massnahme.pk).update(titel_fa="")
    html = pdf_html(edition=inhalt, sprache="fa")
    assert re.search(
        rf'<span lang="de" dir="ltr">{re.escape(massnahme.titel_de)}</span> '
        r'<small class="uebersetzung-hinweis">[^<*]+</small>',
        html,
    )


def statuswechsel(massnahme) -> str:
    """Another state than the measure's own, for a change the comparison shows."""
    return next(s for s in ("in_umsetzung", "umgesetzt") if s != massnahme.status)


KOMMENTAR = "Bitte auch in den kleineren Orten des Landkreises anbieten."


@pytest.fixture
def entwurf_in_beratung(entwurf, koordination):
    """A draft with a change, an answered comment and the recommendation of a committee that
    does not decide."""
    jobmessen = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    Massnahme.objects.filter(pk=jobmessen.pk).update(
        titel_de=f"{jobmessen.titel_de} im ganzen Landkreis", status=statuswechsel(jobmessen)
    )
    phase = Beteiligungsphase.objects.create(
        edition=entwurf,
        beginn=timezone.now() - timedelta(days=3),
        ende=timezone.now() + timedelta(days=3),
    )
    Kommentar.objects.create(
        edition=entwurf,
        phase=phase,
        massnahme=jobmessen,
        autor=benutzer_mit_rolle("amira", "KMV"),
        text=KOMMENTAR,
        sprache="de",
        einreichung=uuid.uuid4(),
        status=Kommentar.Status.BEANTWORTET,
        einstufung=Kommentar.Einstufung.BERUECKSICHTIGT,
        antwort="Aufgenommen: im ganzen Landkreis.",
    )
    Beschluss.objects.create(
        edition=entwurf,
        gremium=Gremium.objects.filter(beschliesst=False).first(),
        datum=date(2026, 3, 4),
        ergebnis=Beschluss.Ergebnis.EMPFOHLEN,
        vorlage="2026/017",
    )
    return entwurf


def test_entwurf_mit_anhaengen(entwurf_in_beratung, massnahme):
    reader = lesen(pdf_holen(edition=entwurf_in_beratung, sprache="de").pfad)
    text = text_von(reader)
    assert "Entwurf" in reader.pages[0].extract_text()
    inhaltsseite = reader.pages[1].extract_text()
    for anhang in (
        "Anhang A: Abwägungstabelle",
        "Anhang B: Was sich geändert hat",
        "Anhang C: Beratung und Beschlüsse",
    ):
        assert anhang in inhaltsseite
    # The draft mark runs along in the header of every further page.
    assert all("ENTWURF" in seite.extract_text() for seite in reader.pages[1:])
    anhang_a = kapitel(text, "Anhang A: Abwägungstabelle", "Anhang B: Was sich geändert hat")
    assert ohne_leerraum(KOMMENTAR) in ohne_leerraum(anhang_a)
    assert "berücksichtigt" in anhang_a and "Aufgenommen: im ganzen Landkreis" in anhang_a
    assert "amira" not in text  # no name without consent
    anhang_b = kapitel(text, "Anhang B: Was sich geändert hat", "Anhang C: Beratung")
    assert ohne_leerraum(f"{massnahme.titel_de} im ganzen Landkreis") in ohne_leerraum(anhang_b)
    alt, neu = massnahme.get_status_display(), Massnahme.Status(statuswechsel(massnahme)).label
    assert f"Status: {alt} → {neu}" in anhang_b
    anhang_c = kapitel(text, "Anhang C: Beratung und Beschlüsse")
    assert "04.03.2026" in anhang_c and "empfohlen" in anhang_c and "2026/017" in anhang_c
    gremium = Gremium.objects.filter(beschliesst=False).first()
    assert ohne_leerraum(gremium.name) in ohne_leerraum(anhang_c)


def test_eigenes_druck_stylesheet_mit_blocklayout(entwurf_in_beratung):
    """The PDF templates use their own print stylesheet and nothing else; block layout, and
    lists where a table would be split across pages: the only table is the short one of
    counts (one row per kind of item)."""
    html = pdf_html(edition=entwurf_in_beratung, sprache="de")
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        static(pdf_modul.STYLESHEET)
    ]
    css = Path(finders.find(pdf_modul.STYLESHEET)).read_text()
    assert not re.search(r"display:\s*(flex|grid|table)", css)
    assert re.findall(r"<table\b[^>]*>", html) == ['<table class="kern-table vergleich-zahlen">']
    assert KOMMENTAR in html  # the Abwägungstabelle, a list


def test_beschlossene_ausgabe_nennt_datum_und_vorlage(entwurf, koordination):
    from beteiligung.services import beschluss_erfassen

    Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BERATUNG)
    gremium = Gremium.objects.get(beschliesst=True)
    beschluss_erfassen(
        beschluss=Beschluss(
            edition=entwurf,
            gremium=gremium,
            datum=date(2026, 6, 18),
            ergebnis=Beschluss.Ergebnis.BESCHLOSSEN,
            vorlage="2026/042",
        ),
        user=koordination,
    )
    entwurf.refresh_from_db()
    titelseite = lesen(pdf_holen(edition=entwurf, sprache="de").pfad).pages[0].extract_text()
    assert f"{gremium.name}, 18.06.2026" in titelseite and "2026/042" in titelseite
    assert "Entwurf" not in titelseite


def pdf_dateien(ordner) -> list:
    """The files in the PDF folder, without the lock files of renders (hidden, kept for reuse)."""
    return [datei for datei in ordner.iterdir() if not datei.name.startswith(".")]


def test_abfragen_bleiben_bei_zehnfachem_inhalt_gleich(entwurf_in_beratung, settings, monkeypatch):
    """The district's words for the levels are read once per content version and process
    (konzept/betrieb.py); the test settings read the version at every use, which in operation
    happens at most every INHALTSSTAND_SEKUNDEN. Counted as in operation: one read of the
    version per rendering, the rest from the process."""
    settings.INHALTSSTAND_SEKUNDEN = 3600

    def zaehlen():
        monkeypatch.setattr(betrieb, "_gelesen", None)
        with CaptureQueriesContext(connection) as erfasst:
            pdf_html(edition=entwurf_in_beratung, sprache="de")
        return len(erfasst)

    zaehlen()  # what a process keeps (the district's words) is read once, as in operation
    vorher = zaehlen()
    verzehnfachen(entwurf_in_beratung)
    assert zaehlen() == vorher


def test_cache_liefert_dasselbe_und_eine_aenderung_ein_neues_pdf(
    inhalt, massnahme, pdf_cache, monkeypatch
):
    gerendert = []
    rendern = pdf_modul._rendern
    monkeypatch.setattr(
        pdf_modul, "_rendern", lambda html, ziel: (gerendert.append(ziel), rendern(html, ziel))
    )
    erstes = pdf_holen(edition=inhalt, sprache="de")
    assert pdf_holen(edition=inhalt, sprache="de") == erstes
    assert len(gerendert) == 1
    # Even an adopted edition changes in one way: a translation. Any change is a new PDF.
    Massnahme.objects.filter(pk=massnahme.pk).update(titel_en="Job fairs across the district")
    zweites = pdf_holen(edition=inhalt, sprache="en")
    neu = pdf_holen(edition=inhalt, sprache="en")
    assert neu == zweites and len(gerendert) == 2
    Massnahme.objects.filter(pk=massnahme.pk).update(titel_en="Job fairs in every town")
    drittes = pdf_holen(edition=inhalt, sprache="en")
    assert drittes.pfad != zweites.pfad and len(gerendert) == 3
    assert "Job fairs in every town" in text_von(lesen(drittes.pfad))
    # The outdated file is gone; the German one stays.
    assert sorted(p.name for p in pdf_dateien(pdf_cache)) == sorted(
        [erstes.pfad.name, drittes.pfad.name]
    )


def test_fehlgeschlagenes_rendern_hinterlaesst_nichts(inhalt, pdf_cache, monkeypatch, client):
    def kaputt(*args, **kwargs):
        raise RuntimeError("Pango ist abgestürzt")

    monkeypatch.setattr(pdf_modul.HTML, "write_pdf", kaputt)
    with pytest.raises(PdfFehler):
        pdf_holen(edition=inhalt, sprache="de")
    assert pdf_dateien(pdf_cache) == []
    response = client.get("/2024/pdf/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Das PDF konnte nicht erstellt werden" in response.text
    assert pdf_dateien(pdf_cache) == []


def test_fehlende_schrift_gibt_die_klare_meldung(inhalt, pdf_cache, monkeypatch, client):
    """A font or stylesheet missing from the installation is a 503 page, not a server error."""
    monkeypatch.setattr(pdf_modul, "SCHRIFTEN", (*pdf_modul.SCHRIFTEN, "fonts/fehlt.ttf"))
    response = client.get("/2024/pdf/")
    assert response.status_code == 503
    assert "Das PDF konnte nicht erstellt werden" in response.text
    assert list(pdf_cache.glob("*")) == []


def test_gerade_ersetztes_pdf_wird_neu_geholt(inhalt, pdf_cache, monkeypatch, client):
    """Between finding a cached file and opening it, another request may replace it with a
    newer rendering and remove it: the reader still gets the PDF."""
    echtes_holen = pdf_modul.pdf_holen
    aufrufe = []

    def holen_und_dann_ersetzt(**kwargs):
        pdf = echtes_holen(**kwargs)
        aufrufe.append(pdf)
        if len(aufrufe) == 1:
            pdf.pfad.unlink()
        return pdf

    monkeypatch.setattr(pdf_modul, "pdf_holen", holen_und_dann_ersetzt)
    response = client.get("/2024/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert len(aufrufe) == 2


def test_leeres_ergebnis_gilt_als_fehler(inhalt, pdf_cache, monkeypatch):
    monkeypatch.setattr(pdf_modul.HTML, "write_pdf", lambda self, ziel, **kw: Path(ziel).touch())
    with pytest.raises(PdfFehler):
        pdf_holen(edition=inhalt, sprache="de")
    assert pdf_dateien(pdf_cache) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/schrift.woff2",
        "http://127.0.0.1:8000/static/css/pdf.css",
        "file:///etc/passwd",
        BASIS_URL + "static/../../../etc/passwd",
        BASIS_URL + "static/gibt-es-nicht.css",
        BASIS_URL + "admin/",
    ],
)
def test_nur_eigene_statische_dateien_werden_geholt(url):
    with pytest.raises(FatalURLFetchingError):
        NurEigeneDateien().fetch(url)


def test_eigene_dateien_mit_typ():
    antwort = NurEigeneDateien().fetch(BASIS_URL + "static/css/pdf.css")
    assert antwort.content_type == "text/css"
    assert b"@font-face" in antwort.read()


def test_download_auf_der_ausgabenseite_in_jeder_sprache(client, inhalt):
    seite = client.get("/2024/").text
    assert 'href="/2024/pdf/"' in seite and 'href="/ar/2024/pdf/"' in seite
    response = client.get("/ar/2024/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="integrationskonzept-2024-ar.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_entwurf_als_pdf_nur_fuer_die_rollen(client, entwurf):
    assert client.get("/2026/pdf/").status_code == 403
    client.force_login(benutzer_mit_rolle("leserin", "Ausschuss"))
    response = client.get("/2026/pdf/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert client.post("/2026/pdf/").status_code == 405


def test_befehl_schreibt_ein_pdf(inhalt, tmp_path):
    ziel = tmp_path / "datei.pdf"
    call_command("konzept_pdf", "--jahr", "2024", "--sprache", "de", "-o", str(ziel))
    assert ziel.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="Keine Ausgabe 1999"):
        call_command("konzept_pdf", "--jahr", "1999")


def test_befehl_alle_sprachen_mit_fortschritt(inhalt, tmp_path, capsys):
    call_command(
        "konzept_pdf", "--jahr", "2024", "--alle-sprachen", "-o", str(tmp_path / "ausgabe")
    )
    namen = sorted(p.name for p in (tmp_path / "ausgabe").iterdir())
    assert namen == sorted(
        f"integrationskonzept-2024-{code}.pdf"
        for code in ("de", "en", "ar", "fa", "uk", "ru", "tr")
    )
    fortschritt = capsys.readouterr().err
    assert "7/7" in fortschritt and "█" in fortschritt
    ukrainisch = text_von(lesen(tmp_path / "ausgabe" / "integrationskonzept-2024-uk.pdf"))
    assert re.search("[А-Яа-яІіЇїЄє]{4,}", ukrainisch)
