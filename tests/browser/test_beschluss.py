"""Issue 17.4: staff record the decision that adopts the draft. The form's "save" asks first
and says what adoption does; "Zurück zum Formular" keeps what was typed; the confirmation
adopts and the next page says what happened. On a phone and wide, in German and Arabic, with
axe-core on every step and a screenshot of each."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from beteiligung.models import Beschluss, Beteiligungsphase, Gremium
from konzept.models import Edition
from konzept.services import edition_fortschreiben
from tests.conftest import benutzer_mit_rolle

from .test_bearbeiten import BENUTZER, anmelden
from .test_rundgang import pruefen

pytestmark = pytest.mark.browser

BREITEN = {"breit": {"width": 1280, "height": 900}, "telefon": {"width": 375, "height": 780}}
VORLAGE = "V/2026/17"


@pytest.fixture
def entwurf(inhalt):
    """The 2026 draft with a consultation running and one planned, and a staff user."""
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=3), ende=jetzt + timedelta(days=5)
    )
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt + timedelta(days=10), ende=jetzt + timedelta(days=20)
    )
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    return entwurf


def ausfuellen(page):
    page.locator("#id_gremium").select_option(str(Gremium.objects.get(beschliesst=True).pk))
    page.locator("#id_datum").fill(timezone.localdate().isoformat())
    page.locator("#id_ergebnis").select_option("beschlossen")
    page.locator("#id_vorlage").fill(VORLAGE)


def absenden(page, knopf):
    with page.expect_navigation():
        knopf.click()


@pytest.mark.parametrize("sprache", ["de", "ar"])
@pytest.mark.parametrize("breite", ["breit", "telefon"])
def test_beschluss_fragt_erst_und_sagt_dann_was_er_tat(
    live_server, entwurf, kontext, screenshots, sprache, breite
):
    praefix = "" if sprache == "de" else f"/{sprache}"
    locale = "ar" if sprache == "ar" else "de-DE"
    name = f"17-4-beschluss-{sprache}-{breite}"
    bisher = Edition.objects.in_kraft()
    formular = f"/{entwurf.jahr}/beschluesse/neu/"
    page = kontext(viewport=BREITEN[breite], locale=locale).new_page()
    anmelden(page, live_server, formular)
    if praefix:
        page.goto(f"{live_server.url}{praefix}{formular}")
    expect(page.locator("html")).to_have_attribute("lang", sprache)
    ausfuellen(page)
    absenden(page, page.locator("main form button[type=submit]"))

    # The question: nothing saved yet, the consequences listed, the input carried along.
    expect(page.locator("h1")).to_contain_text(str(entwurf.jahr))
    folgen = page.locator(".kern-alert--warning li")
    # Adopted and frozen, what becomes of the implementation state, the two phases, the
    # edition in force until now, no step back.
    expect(folgen).to_have_count(6 + (bisher is not None))
    expect(page.locator("input[type=hidden][name=vorlage]")).to_have_value(VORLAGE)
    if sprache == "de":
        expect(folgen.nth(0)).to_contain_text("wird die beschlossene Fassung")
    assert not Beschluss.objects.filter(edition=entwurf).exists()
    pruefen(page, screenshots, f"{name}-frage")

    # Back to the form: everything typed is still there.
    absenden(page, page.locator("button[name=bearbeiten]"))
    expect(page.locator("#id_vorlage")).to_have_value(VORLAGE)
    expect(page.locator("#id_ergebnis")).to_have_value("beschlossen")
    expect(page.locator("#id_datum")).to_have_value(timezone.localdate().isoformat())
    pruefen(page, screenshots, f"{name}-zurueck")
    assert not Beschluss.objects.filter(edition=entwurf).exists()

    # Asked again, confirmed: adopted, and the next page says what happened.
    absenden(page, page.locator("main form button[type=submit]"))
    knopf = page.locator("button[name=bestaetigt]")
    knopf.focus()
    absenden(page, knopf)
    meldung = page.locator(".meldungen .kern-alert--success")
    expect(meldung).to_be_visible()
    if sprache == "de":
        expect(meldung).to_contain_text(
            f"Die Ausgabe {entwurf.jahr} ist beschlossen und jetzt eingefroren. Laufende "
            "Beteiligungsphasen sind beendet."
        )
    pruefen(page, screenshots, f"{name}-beschlossen")
    entwurf.refresh_from_db()
    assert entwurf.status == Edition.Status.BESCHLOSSEN
    assert Beschluss.objects.get(edition=entwurf).vorlage == VORLAGE
    assert not entwurf.phasen.filter(beginn__gt=timezone.now()).exists()
