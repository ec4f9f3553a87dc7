"""A KMV member comments on the 2026 draft in Arabic; the Koordinierungsstelle answers.

With JavaScript the comment form opens under the measure and gives way to a thank-you (htmx, no
page load); without JavaScript the same link leads to a full page and back to the field page.
Staff answer in the moderation queue; the member reads the answer under "Meine Kommentare" and in
the public Abwägungstabelle. axe-core audits every state; every context enforces the CSP and
fails on any violation, so a comment that ran as markup would show up twice: as a request for
its image and as a CSP violation (the escaping has to keep `<img onerror>` inert).

Interface strings come from the message catalogues (`gettext` under `translation.override`), so
the tests follow the translations, which are edited elsewhere.
"""

import re
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation
from playwright.sync_api import BrowserContext, Page, expect

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben
from konzept.models import Profil
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme
from tests import fabrik
from tests.browser.conftest import zweiter_faktor
from tests.conftest import benutzer_mit_rolle

from .test_bearbeiten import kein_neuladen_merken, nicht_neu_geladen
from .test_rundgang import axe_pruefen, htmx_bereit, htmx_ruhig, pruefen
from .test_sprachen import sprache_pruefen, uebersetzt

MITGLIED = "amira"
KOORDINATION = "koordination"
PASSWORT = "geheim-und-lang-2024"

KOMMENTAR = "نرجو تنظيم معارض العمل بالتعاون مع مترجمين"
NOCH_EIN_KOMMENTAR = "ونرجو أن تكون المعارض يوم السبت أيضًا"
SCHADCODE = '<img src=x onerror="window.__xss=1"> Mehr Messen bitte'
ANTWORT = "Danke! Das Angebot bekommt 2026 Dolmetschende für Arabisch."
EINSTUFUNG = Kommentar.Einstufung.BERUECKSICHTIGT

DANKE = "Danke! Ihr Kommentar ist gespeichert. Sie finden ihn unter „Meine Kommentare“."

pytestmark = pytest.mark.browser


@pytest.fixture
def beteiligung(inhalt):
    """The 2026 draft in an open consultation, a KMV member reading Arabic and a staff member.

    `inhalt` (tests/browser/conftest.py) runs on `transactional_db`, so all of it is committed
    and the `live_server` thread sees it.
    """
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    jetzt = timezone.now()
    phase = Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )
    mitglied = benutzer_mit_rolle(MITGLIED, "KMV")
    Profil.objects.create(user=mitglied, sprache="ar")
    return SimpleNamespace(
        entwurf=entwurf,
        phase=phase,
        mitglied=mitglied,
        koordination=benutzer_mit_rolle(KOORDINATION, "Koordinierungsstelle"),
        # The sample district's featured measure, with an Arabic title.
        massnahme=Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme")),
    )


def anmelden(page: Page, live_server, benutzer: str, ziel: str) -> None:
    """Signs in through the real sign-in page and lands on `ziel`."""
    page.goto(f"{live_server.url}/anmelden/?next={ziel}")
    page.get_by_label("Benutzername").fill(benutzer)
    page.get_by_label("Passwort").fill(PASSWORT)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden", exact=True).click()
    zweiter_faktor(page, benutzer)
    expect(page).to_have_url(f"{live_server.url}{ziel}")


def themenfeld_url(massnahme: Massnahme, sprache: str = "ar") -> str:
    """The page of the measure's field, where its card is."""
    return f"/{sprache}{massnahme.themenfeld.get_absolute_url()}"


def kommentar_url(massnahme: Massnahme, sprache: str = "ar") -> str:
    return f"/{sprache}/kommentare/neu/massnahme/{massnahme.pk}/"


def karte(page: Page, massnahme: Massnahme):
    return page.locator(f"article#massnahme-{massnahme.pk}")


def kommentieren_link(page: Page, massnahme: Massnahme):
    """The "Kommentieren" link of the measure's card, by its Arabic label and its target."""
    link = karte(page, massnahme).get_by_role(
        "link", name=re.compile(rf"^{re.escape(uebersetzt('ar', 'Kommentieren'))}")
    )
    expect(link).to_have_attribute("href", kommentar_url(massnahme))
    return link


def formular_name(massnahme: Massnahme) -> str:
    with translation.override("ar"):
        element = str(massnahme)  # the title in Arabic, else German
        return translation.gettext("Kommentar zu „%(element)s“") % {"element": element}


def kommentar_feld(bereich):
    return bereich.get_by_label(uebersetzt("ar", "Ihr Kommentar"), exact=True)


def senden_knopf(bereich):
    return bereich.get_by_role("button", name=uebersetzt("ar", "Kommentar senden"))


def ohne_htmx(kontext, live_server, benutzer: str, ziel: str) -> Page:
    """A signed-in page that runs scripts (for axe) but never loads htmx: the no-JS DOM."""
    pruef_kontext: BrowserContext = kontext(locale="ar")
    pruef_kontext.route(re.compile(r"/htmx\.min\.js$"), lambda route: route.abort())
    pruef_seite = pruef_kontext.new_page()
    anmelden(pruef_seite, live_server, benutzer, ziel)
    assert pruef_seite.evaluate("() => window.htmx === undefined")
    return pruef_seite


def schadcode_wachen(page: Page) -> list[str]:
    """Records every request for the image `<img src=x>` would load if it were markup."""
    bilder: list[str] = []
    page.on("request", lambda r: bilder.append(r.url) if r.url.endswith("/x") else None)
    return bilder


def schadcode_inert(page: Page, bilder: list[str], gezeigt: bool = True) -> None:
    """The comment with markup is shown as its text: no element, no request, no script run.
    Where it is not shown (the public table shows answered comments only), nothing ran either."""
    page.wait_for_load_state("load")
    assert page.evaluate("() => typeof window.__xss") == "undefined", "Der Kommentar lief als Code."
    assert bilder == [], f"Der Kommentar wurde als Bild geladen: {bilder}"
    expect(page.locator("main img")).to_have_count(0)
    text = page.locator(".kommentar__text, .kern-table__cell p").filter(has_text=SCHADCODE)
    expect(text).to_have_count(1 if gezeigt else 0)
    if gezeigt:
        expect(text).to_be_visible()


def zeilenanfang(element) -> str:
    """The side on which the last line of the element's text sits: "links" or "rechts"."""
    return element.evaluate(
        """(element) => {
            const bereich = document.createRange();
            bereich.selectNodeContents(element);
            const zeilen = bereich.getClientRects();
            const zeile = zeilen[zeilen.length - 1];
            const rahmen = element.getBoundingClientRect();
            return zeile.left - rahmen.left < rahmen.right - zeile.right ? "links" : "rechts";
        }"""
    )


def test_kmv_kommentiert_auf_arabisch_an_ort_und_stelle(
    live_server, beteiligung, kontext, screenshots
):
    massnahme = beteiligung.massnahme
    page = kontext(locale="ar").new_page()
    anmelden(page, live_server, MITGLIED, themenfeld_url(massnahme))
    sprache_pruefen(page, "ar", "rtl")
    # The notice of the open consultation links to the member's comments.
    expect(page.locator(".phasenhinweis")).to_be_visible()
    expect(
        page.locator(".phasenhinweis").get_by_role(
            "link", name=uebersetzt("ar", "Meine Kommentare")
        )
    ).to_have_attribute("href", "/ar/kommentare/meine/")
    htmx_bereit(page)
    page.screenshot(path=screenshots / "kommentar-01-themenfeld-ar.png", full_page=True)
    dokumente = kein_neuladen_merken(page)

    # 1. "Kommentieren" opens the form under the measure, without loading a page.
    kommentieren_link(page, massnahme).click()
    formular = karte(page, massnahme).get_by_role("form", name=formular_name(massnahme))
    expect(formular).to_be_visible()
    htmx_ruhig(page)
    # The form appears above the link: the focus moves to its title, and on into the field.
    expect(formular.locator(".element-form__titel")).to_be_focused()
    page.keyboard.press("Tab")
    expect(kommentar_feld(formular)).to_be_focused()
    expect(kommentar_feld(formular)).to_have_attribute("dir", "auto")
    nicht_neu_geladen(page, dokumente)
    sprache_pruefen(page, "ar", "rtl")
    pruefen(page, screenshots, "kommentar-02-formular-ar")

    # 2. Sending: the thank-you takes the form's place, and is said aloud.
    kommentar_feld(formular).fill(KOMMENTAR)
    senden_knopf(formular).click()
    danke = karte(page, massnahme).get_by_role("status")
    expect(danke).to_have_text(uebersetzt("ar", DANKE))
    expect(formular).to_have_count(0)
    expect(page.locator("#live-meldung")).to_have_text(uebersetzt("ar", DANKE))
    htmx_ruhig(page)
    expect(danke).to_be_focused()
    nicht_neu_geladen(page, dokumente)
    pruefen(page, screenshots, "kommentar-03-danke-ar")

    kommentar = Kommentar.objects.get()
    assert (kommentar.text, kommentar.sprache, kommentar.massnahme, kommentar.autor) == (
        KOMMENTAR,
        "ar",
        massnahme,
        beteiligung.mitglied,
    )
    assert (kommentar.status, kommentar.phase, kommentar.edition) == (
        Kommentar.Status.NEU,
        beteiligung.phase,
        beteiligung.entwurf,
    )


def test_kommentieren_ohne_javascript(live_server, beteiligung, kontext, screenshots):
    massnahme = beteiligung.massnahme
    page = kontext(locale="ar", java_script_enabled=False).new_page()
    anmelden(page, live_server, MITGLIED, themenfeld_url(massnahme))

    # The "Kommentieren" link leads to the full page with the form.
    with page.expect_navigation():
        kommentieren_link(page, massnahme).click()
    expect(page).to_have_url(f"{live_server.url}{kommentar_url(massnahme)}")
    sprache_pruefen(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(uebersetzt("ar", "Kommentieren"))
    formular = page.get_by_role("form", name=formular_name(massnahme))
    kommentar_feld(formular).fill(NOCH_EIN_KOMMENTAR)
    page.screenshot(path=screenshots / "kommentar-04-formular-ohne-js.png", full_page=True)

    # Sending leads back to the field page, at the measure, with the message.
    with page.expect_navigation():
        senden_knopf(formular).click()
    expect(page).to_have_url(
        f"{live_server.url}{themenfeld_url(massnahme)}#massnahme-{massnahme.pk}"
    )
    expect(page.locator(".meldungen")).to_have_text(uebersetzt("ar", DANKE))
    page.screenshot(path=screenshots / "kommentar-05-danke-ohne-js.png", full_page=True)
    kommentar = Kommentar.objects.get()
    assert (kommentar.text, kommentar.sprache, kommentar.massnahme) == (
        NOCH_EIN_KOMMENTAR,
        "ar",
        massnahme,
    )

    # axe needs JavaScript, so it walks the same way in a context that runs scripts but never
    # loads htmx: the link and the form are plain again, and the message is shown once.
    pruef_seite = ohne_htmx(kontext, live_server, MITGLIED, themenfeld_url(massnahme))
    with pruef_seite.expect_navigation():
        kommentieren_link(pruef_seite, massnahme).click()
    expect(pruef_seite).to_have_url(f"{live_server.url}{kommentar_url(massnahme)}")
    axe_pruefen(pruef_seite, "kommentar-04-formular-ohne-js")
    formular = pruef_seite.get_by_role("form", name=formular_name(massnahme))
    kommentar_feld(formular).fill(KOMMENTAR)
    with pruef_seite.expect_navigation():
        senden_knopf(formular).click()
    expect(pruef_seite.locator(".meldungen")).to_have_text(uebersetzt("ar", DANKE))
    axe_pruefen(pruef_seite, "kommentar-05-danke-ohne-js")
    assert Kommentar.objects.filter(autor=beteiligung.mitglied, sprache="ar").count() == 2


def test_antwort_der_koordinierungsstelle_erreicht_das_mitglied(
    live_server, beteiligung, kontext, screenshots
):
    massnahme = beteiligung.massnahme
    erster, mit_markup = (
        kommentar_abgeben(
            user=beteiligung.mitglied,
            element=massnahme,
            text=text,
            sprache="ar",
            name_zeigen=False,
            einreichung=uuid.uuid4(),
        )
        for text in (KOMMENTAR, SCHADCODE)
    )

    # 1. Staff answer the first comment in the queue of new comments.
    page = kontext().new_page()
    bilder = schadcode_wachen(page)
    anmelden(page, live_server, KOORDINATION, "/2026/kommentare/")
    artikel = page.locator("article.kommentar")
    expect(artikel).to_have_count(2)
    expect(artikel.first).to_have_id(f"kommentar-{erster.pk}")
    zitat = artikel.first.locator("blockquote.kommentar__text")
    expect(zitat).to_have_text(KOMMENTAR)
    expect(zitat).to_have_attribute("lang", "ar")
    expect(zitat).to_have_attribute("dir", "auto")
    schadcode_inert(page, bilder)
    pruefen(page, screenshots, "kommentar-06-moderation")

    artikel.first.get_by_label("Einstufung").select_option(EINSTUFUNG)
    artikel.first.get_by_label("Antwort", exact=True).fill(ANTWORT)
    with page.expect_navigation():
        artikel.first.get_by_role("button", name="Antwort speichern").click()
    expect(page.locator(".meldungen")).to_contain_text("Antwort gespeichert")
    # Staff land in the list of answered comments, at the one just answered; the other
    # one is still waiting among the new ones.
    assert page.url.endswith(f"?status=beantwortet&kommentar={erster.pk}#kommentar-{erster.pk}")
    expect(page.locator(f"article#kommentar-{erster.pk}")).to_be_visible()
    expect(page.locator(f"article#kommentar-{mit_markup.pk}")).to_have_count(0)
    pruefen(page, screenshots, "kommentar-07-beantwortet")

    erster.refresh_from_db()
    assert (erster.status, erster.einstufung, erster.antwort, erster.beantwortet_von) == (
        Kommentar.Status.BEANTWORTET,
        EINSTUFUNG,
        ANTWORT,
        beteiligung.koordination,
    )

    # 2. The member reads the answer under "Meine Kommentare", in Arabic.
    page = kontext(locale="ar").new_page()
    bilder = schadcode_wachen(page)
    anmelden(page, live_server, MITGLIED, "/ar/kommentare/meine/")
    sprache_pruefen(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(uebersetzt("ar", "Meine Kommentare"))
    beantwortet = page.get_by_role("article").filter(has_text=KOMMENTAR)
    zitat = beantwortet.locator("blockquote.kommentar__text")
    expect(zitat).to_have_text(KOMMENTAR)
    expect(zitat).to_have_attribute("lang", "ar")
    expect(zitat).to_have_attribute("dir", "auto")
    expect(beantwortet.locator(".kommentar__antwort")).to_contain_text(ANTWORT)
    expect(beantwortet.locator(".kommentar__antwort")).to_be_visible()
    with translation.override("ar"):
        einstufung = str(Kommentar.Einstufung(EINSTUFUNG).label)
    expect(beantwortet.locator(".kommentar__antwort")).to_contain_text(einstufung)
    schadcode_inert(page, bilder)
    pruefen(page, screenshots, "kommentar-08-meine-kommentare-ar")

    # 3. The public Abwägungstabelle shows comment and answer, for a signed-in reader.
    page.goto(f"{live_server.url}/ar/2026/abwaegung/")
    sprache_pruefen(page, "ar", "rtl")
    zeile = page.get_by_role("row").filter(has_text=KOMMENTAR)
    expect(zeile).to_have_count(1)
    expect(zeile).to_contain_text(ANTWORT)
    expect(zeile).to_contain_text(einstufung)
    expect(zeile.locator('p[lang="ar"][dir="auto"]')).to_have_text(KOMMENTAR)
    # The German answer starts on the left of its cell, the Arabic comment on the right.
    assert zeilenanfang(zeile.locator('.antwort p[lang="de"][dir="ltr"]')) == "links"
    assert zeilenanfang(zeile.locator('p[lang="ar"][dir="auto"]')) == "rechts"
    # The comment with markup is not answered: it waits, and is not public (issue 14.2).
    schadcode_inert(page, bilder, gezeigt=False)
    pruefen(page, screenshots, "kommentar-09-abwaegung-ar")
