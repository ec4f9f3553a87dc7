"""Issue 16: the fictional second district (tests/daten/zweiter-landkreis/) in the browser:
overview, field, measure and PDF show its own words, channel names and numbers, pass axe, and
nothing of the shipped district appears in any page or the PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from konzept.laden import dateien_aus, inhalte_laden
from konzept.models import Edition
from massnahmen.models import Massnahme
from tests import fabrik

from .test_rundgang import pruefen

pytestmark = pytest.mark.browser

# The shipped district's names: none may appear anywhere in another district's pages.
WESERMARSCH = re.compile(
    r"Wesermarsch|Kommunale Migrationsvertretung|\bKMV\b|Koordinierungsstelle Migration|"
    r"Ausschuss für Soziales",
    re.IGNORECASE,
)
# The built-in words of the levels, which this district replaces: not in what readers see.
EINGEBAUTE_WOERTER = re.compile(r"Themenfeld|Teilziel|Übergeordnete[sn]? Ziel")


@pytest.fixture
def beispielkreis(transactional_db):
    """The second sample district, whatever this run's default content is."""
    from beteiligung.models import Beteiligungsart, Gremium
    from konzept.models import Begriff, Landkreis, Seite
    from massnahmen.models import Organisation

    for edition in Edition.objects.order_by("-jahr"):
        edition.delete()
    for model in (Seite, Landkreis, Organisation, Begriff, Beteiligungsart, Gremium):
        model.objects.all().delete()
    inhalte_laden(dateien=dateien_aus(fabrik.ZWEITER_LANDKREIS))
    return Edition.objects.get(jahr=2024)


@pytest.mark.parametrize("breite", [375, 1280])
def test_rundgang_durch_den_zweiten_landkreis(
    live_server, beispielkreis, kontext, screenshots, breite
):
    page = kontext(viewport={"width": breite, "height": 800}).new_page()
    seiten = []

    def merken():
        # The whole document, and what readers see or hear (text, labels, titles).
        sichtbar = page.evaluate(
            """() => [document.title, document.body.innerText,
                ...[...document.querySelectorAll('[aria-label],[title],[alt]')].map(
                    (e) => e.getAttribute('aria-label') || e.title || e.alt)].join('\\n')"""
        )
        seiten.append((page.url, page.content(), sichtbar))

    # The overview: its word for the fields and their numbers.
    page.goto(f"{live_server.url}{beispielkreis.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Bereiche", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"^1 Spracherwerb und Bildung"))
    ).to_be_visible()
    pruefen(page, screenshots, f"zweiter-1-uebersicht-{breite}")
    merken()

    # A field: its strategic goals with the measures under them, numbered, and the legend
    # with the district's own migrant council.
    page.get_by_role("link", name=re.compile(r"^1 Spracherwerb und Bildung")).first.click()
    expect(page.get_by_role("heading", name="Strategische Ziele")).to_be_visible()
    expect(page.locator(".legende")).to_contain_text("Beirat für Migration und Integration")
    expect(page.get_by_role("link", name=re.compile(r"^1\.1\.1 Kursberatung"))).to_be_visible()
    expect(page.locator(".vertretung-kennzeichen").first).to_have_text("Vorschlag des Beirats")
    pruefen(page, screenshots, f"zweiter-2-bereich-{breite}")
    merken()

    # The cross-cutting field: measures straight under it, no empty goal headings.
    uebergreifend = beispielkreis.themenfelder.get(key="b5")
    page.goto(f"{live_server.url}{uebergreifend.get_absolute_url()}")
    expect(page.get_by_text("Übergreifender Bereich")).to_be_visible()
    expect(page.get_by_role("heading", name="Maßnahmen", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Strategische Ziele")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("^Ziele"))).to_have_count(0)
    pruefen(page, screenshots, f"zweiter-3-uebergreifend-{breite}")
    merken()

    # A measure: its place with the district's words and its lead.
    massnahme = Massnahme.objects.get(key="b1.z1.m1", themenfeld__edition=beispielkreis)
    page.goto(f"{live_server.url}{massnahme.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.1.1")
    # The agreed facts; the implementation state below has a list of its own.
    angaben = page.locator("dl.angaben").filter(has=page.get_by_text("Federführung", exact=True))
    expect(angaben).to_contain_text("Strategisches Ziel")
    expect(angaben).to_contain_text("Jobcenter Beispielkreis")
    pruefen(page, screenshots, f"zweiter-4-massnahme-{breite}")
    merken()

    # The decisions: the district's bodies, the adopting one named.
    page.goto(f"{live_server.url}/2024/beteiligung/")
    expect(page.locator(".zeitleiste")).to_contain_text("Kreistag Beispielkreis")
    expect(page.locator(".zeitleiste")).to_contain_text("Lenkungsgruppe Integration")
    pruefen(page, screenshots, f"zweiter-5-beteiligung-{breite}")
    merken()

    for adresse, html, sichtbar in seiten:
        assert not WESERMARSCH.search(html), (adresse, WESERMARSCH.search(html).group(0))
        assert not EINGEBAUTE_WOERTER.search(sichtbar), (
            adresse,
            EINGEBAUTE_WOERTER.search(sichtbar).group(0),
        )


def test_pdf_des_zweiten_landkreises(beispielkreis, client):
    antwort = client.get(f"/{beispielkreis.jahr}/pdf/")
    assert antwort.status_code == 200
    text = "\n".join(
        seite.extract_text() for seite in PdfReader(io.BytesIO(b"".join(antwort))).pages
    )
    assert "Landkreis Beispielkreis" in text
    assert "Strategische Ziele" in text
    assert "1.1.1" in text
    assert "Vorschlag des Beirats" in text
    assert not WESERMARSCH.search(text), WESERMARSCH.search(text).group(0)
    assert not EINGEBAUTE_WOERTER.search(text), EINGEBAUTE_WOERTER.search(text).group(0)
