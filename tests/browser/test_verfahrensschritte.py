"""Issue 17.4 in Chromium, as coordination staff on a phone and at the desk, in German and
Arabic: a procedure step and a deletion ask first, say what they will do, and say afterwards
what they did; the deleted item comes back from "Gelöschte Elemente" after its own question."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from konzept.bearbeitung import ARTEN
from konzept.models import Edition
from konzept.services import edition_fortschreiben
from konzept.templatetags.uebersetzung import uebersetzt
from massnahmen.models import Massnahme
from tests import fabrik
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.browser.test_rundgang import pruefen
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.browser

GROESSEN = {
    "telefon": {"width": 375, "height": 780},
    "schreibtisch": {"width": 1280, "height": 900},
}


def _t(sprache: str, text: str) -> str:
    with translation.override(sprache):
        return gettext(text)


@pytest.mark.parametrize(
    ("sprache", "groesse"), [("de", "telefon"), ("de", "schreibtisch"), ("ar", "telefon")]
)
def test_verfahrensschritt_und_loeschen_fragen_erst(
    live_server, inhalt, kontext, screenshots, sprache, groesse
):
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=inhalt.jahr + 2, user=None)
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    praefix = "" if sprache == "de" else f"/{sprache}"
    page = angemeldete_seite(kontext, live_server, f"/{entwurf.jahr}/", viewport=GROESSEN[groesse])
    page.goto(f"{live_server.url}{praefix}/{entwurf.jahr}/")

    # A step in the procedure: the question first, with what it does.
    page.get_by_role("heading", name=_t(sprache, "Für die Koordinierungsstelle")).click()
    page.get_by_role("button", name=_t(sprache, "Weiter zur Beteiligung")).click()
    with translation.override(sprache):
        frage = gettext("Die Ausgabe %(jahr)s wirklich in die Beteiligung geben?") % {
            "jahr": entwurf.jahr
        }
    expect(page.get_by_role("heading", level=1)).to_have_text(frage)
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.ENTWURF
    pruefen(page, screenshots, f"schritt-frage-{sprache}-{groesse}")
    with page.expect_navigation():
        page.get_by_role("button", name=_t(sprache, "Ja, weiter zur Beteiligung")).click()
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.BETEILIGUNG
    expect(page.locator(".meldungen")).to_contain_text(str(entwurf.jahr))

    # Deleting a measure: its question, then the message, then restoring it.
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    seite = ARTEN["massnahme"].ebene.themenfeld_von(massnahme).get_absolute_url()
    page.goto(f"{live_server.url}{praefix}{seite}")
    karte = page.locator(f"#massnahme-{massnahme.pk}")
    karte.locator("summary.aktionen__knopf").click()
    karte.locator(".aktionen__eintrag--gefahr").click()
    # The question names the measure as the page's language shows it.
    with translation.override(sprache):
        angezeigt = uebersetzt(massnahme, "titel").wert
    expect(page.locator("main")).to_contain_text(angezeigt)
    assert Massnahme.objects.filter(pk=massnahme.pk).exists()
    pruefen(page, screenshots, f"loeschen-frage-{sprache}-{groesse}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert not Massnahme.objects.filter(pk=massnahme.pk).exists()
    expect(page.locator(".meldungen")).to_contain_text(angezeigt)

    page.goto(f"{live_server.url}{praefix}/{entwurf.jahr}/geloescht/")
    zeile = page.locator("main tr", has_text=angezeigt)
    zeile.get_by_role("link", name=_t(sprache, "Wiederherstellen")).click()
    expect(page.locator("main")).to_contain_text(angezeigt)
    assert not Massnahme.objects.filter(pk=massnahme.pk).exists()
    pruefen(page, screenshots, f"wiederherstellen-frage-{sprache}-{groesse}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert Massnahme.objects.filter(pk=massnahme.pk).exists()
    expect(page.locator(".meldungen")).to_contain_text(angezeigt)
