"""Issues 17.8 and 18.1 walked in Arabic on a 375 px phone: a KMV member comments and sees the
comment at the measure; staff answer in German and type the Arabic translation; the member
gets an e-mail whose link leads to the Arabic answer, with the German original one click away.
axe-core audits every step; screenshots under tests/browser/screenshots/."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from beteiligung.models import Kommentar

from . import test_kommentare
from .test_kommentare import (
    KOORDINATION,
    MITGLIED,
    anmelden,
    karte,
    kommentar_feld,
    kommentieren_link,
    senden_knopf,
    themenfeld_url,
)
from .test_rundgang import htmx_bereit, htmx_ruhig, pruefen
from .test_sprachen import sprache_pruefen, uebersetzt

pytestmark = pytest.mark.browser

# The open consultation on the draft, with a KMV member and a staff member.
beteiligung = test_kommentare.beteiligung

TELEFON = {"width": 375, "height": 780}
KOMMENTAR = "نرجو توفير الترجمة الشفوية في العيادات"
ANTWORT = "Die Sprachmittlung in Praxen wird in die Maßnahme aufgenommen."
UEBERSETZUNG = "ستُضاف خدمة الترجمة في العيادات إلى الإجراء."


def test_antwort_erreicht_das_mitglied_auf_arabisch(
    live_server,
    beteiligung,
    kontext,
    screenshots,
):
    massnahme = beteiligung.massnahme
    beteiligung.mitglied.email = "amira@example.org"
    beteiligung.mitglied.save()

    # 1. The member comments at the measure and sees the comment there, marked as theirs.
    page = kontext(locale="ar", viewport=TELEFON).new_page()
    anmelden(page, live_server, MITGLIED, themenfeld_url(massnahme))
    sprache_pruefen(page, "ar", "rtl")
    htmx_bereit(page)
    kommentieren_link(page, massnahme).click()
    formular = karte(page, massnahme).locator("form.kommentar-form")
    expect(formular).to_be_visible()
    htmx_ruhig(page)
    kommentar_feld(formular).fill(KOMMENTAR)
    senden_knopf(formular).click()
    eigener = karte(page, massnahme).locator(".eigener-kommentar")
    expect(eigener).to_have_count(1)
    expect(eigener.locator("blockquote")).to_have_text(KOMMENTAR)
    expect(eigener).to_contain_text(uebersetzt("ar", "Ihr Kommentar"))
    htmx_ruhig(page)
    pruefen(page, screenshots, "antwort-ar-01-danke-mit-kommentar")
    kommentar = Kommentar.objects.get()

    # Loaded again, the page shows it at the measure, with its state and a link to change it.
    page.reload()
    eigener = karte(page, massnahme).locator(".eigener-kommentar")
    expect(eigener.locator("blockquote")).to_have_text(KOMMENTAR)
    expect(eigener).to_contain_text(str(uebersetzt("ar", "neu")))
    expect(eigener.get_by_role("link")).to_have_attribute(
        "href", f"/ar/kommentare/{kommentar.pk}/bearbeiten/"
    )
    eigener.scroll_into_view_if_needed()
    pruefen(page, screenshots, "antwort-ar-02-kommentar-am-element")

    # 2. Staff answer in German and type the Arabic translation, written right to left.
    mail.outbox.clear()
    staff = kontext().new_page()
    anmelden(staff, live_server, KOORDINATION, "/2026/kommentare/")
    artikel = staff.locator(f"article#kommentar-{kommentar.pk}")
    artikel.get_by_label("Einstufung").select_option(Kommentar.Einstufung.BERUECKSICHTIGT)
    artikel.get_by_label("Antwort", exact=True).fill(ANTWORT)
    feld = artikel.locator(f'textarea[name="k{kommentar.pk}-antwort_uebersetzung"]')
    expect(feld).to_have_attribute("lang", "ar")
    expect(feld).to_have_attribute("dir", "rtl")
    feld.fill(UEBERSETZUNG)
    pruefen(staff, screenshots, "antwort-ar-03-moderation")
    with staff.expect_navigation():
        artikel.get_by_role("button", name="Antwort speichern").click()
    expect(staff.locator(".meldungen")).to_contain_text("Antwort gespeichert")

    # 3. The e-mail (one, with the translation) links to the answer in Arabic.
    assert [nachricht.to for nachricht in mail.outbox] == [["amira@example.org"]]
    link = re.search(r"https?://\S+#kommentar-\d+", mail.outbox[0].body).group(0)
    assert link == (
        f"{settings.SEITEN_ADRESSE}/ar/kommentare/meine/?kommentar={kommentar.pk}#kommentar-{kommentar.pk}"
    )
    assert UEBERSETZUNG in mail.outbox[0].body
    page.goto(link.replace(settings.SEITEN_ADRESSE, live_server.url))
    sprache_pruefen(page, "ar", "rtl")
    eintrag = page.locator(f"article#kommentar-{kommentar.pk}")
    expect(eintrag.locator('p[lang="ar"][dir="rtl"]')).to_have_text(UEBERSETZUNG)
    original = eintrag.locator("details.antwort__original")
    expect(original.locator('p[lang="de"]')).to_be_hidden()
    pruefen(page, screenshots, "antwort-ar-04-meine-kommentare")
    original.locator("summary").click()
    expect(original.locator('p[lang="de"][dir="ltr"]')).to_have_text(ANTWORT)
    pruefen(page, screenshots, "antwort-ar-05-deutsche-fassung")

    # 4. The comment's heading leads to the measure, where the Arabic answer stands too.
    with page.expect_navigation():
        eintrag.get_by_role("heading").get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(massnahme.get_absolute_url()) + "$"))
    eigener = page.locator(".eigener-kommentar")
    expect(eigener.locator('p[lang="ar"][dir="rtl"]')).to_have_text(UEBERSETZUNG)
    pruefen(page, screenshots, "antwort-ar-06-antwort-am-element")


def test_maschinell_uebersetzte_antwort_erreicht_das_mitglied(
    live_server, beteiligung, kontext, screenshots, libretranslate
):
    """Issue 18.1 with the machine path: staff answer in German and let the service translate
    (a LibreTranslate stand-in that speaks its published API); the member's e-mail leads to
    the Arabic answer, marked as machine-translated, the German one click away."""
    import uuid

    from beteiligung.services import kommentar_abgeben

    libretranslate.zustand["antwort"] = UEBERSETZUNG
    beteiligung.mitglied.email = "amira@example.org"
    beteiligung.mitglied.save()
    kommentar = kommentar_abgeben(
        user=beteiligung.mitglied,
        element=beteiligung.massnahme,
        text=KOMMENTAR,
        sprache="ar",
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )

    mail.outbox.clear()
    staff = kontext().new_page()
    anmelden(staff, live_server, KOORDINATION, "/2026/kommentare/")
    artikel = staff.locator(f"article#kommentar-{kommentar.pk}")
    artikel.get_by_label("Einstufung").select_option(Kommentar.Einstufung.BERUECKSICHTIGT)
    artikel.get_by_label("Antwort", exact=True).fill(ANTWORT)
    artikel.locator(f'input[name="k{kommentar.pk}-maschinell"]').check()
    pruefen(staff, screenshots, "antwort-ar-07-maschinell-anfordern")
    with staff.expect_navigation():
        artikel.get_by_role("button", name="Antwort speichern").click()
    expect(staff.locator(".meldungen")).to_contain_text("Antwort gespeichert")

    # The service was asked for the comment into German (for staff, issue 18.2) and for the
    # German answer into Arabic; nothing else went there.
    anfragen = [anfrage["koerper"] for anfrage in libretranslate.anfragen]
    assert [(a["q"], a["source"], a["target"]) for a in anfragen] == [
        (KOMMENTAR, "ar", "de"),
        (ANTWORT, "de", "ar"),
    ]
    kommentar.refresh_from_db()
    assert kommentar.antwort_uebersetzung == UEBERSETZUNG
    assert kommentar.antwort_uebersetzung_art == "maschinell"
    nachrichten = [n for n in mail.outbox if UEBERSETZUNG in n.body]
    assert [n.to for n in nachrichten] == [["amira@example.org"]]
    link = re.search(r"https?://\S+#kommentar-\d+", nachrichten[0].body).group(0)

    page = kontext(locale="ar", viewport=TELEFON).new_page()
    anmelden(page, live_server, MITGLIED, "/ar/kommentare/meine/")
    page.goto(link.replace(settings.SEITEN_ADRESSE, live_server.url))
    sprache_pruefen(page, "ar", "rtl")
    eintrag = page.locator(f"article#kommentar-{kommentar.pk}")
    expect(eintrag.locator('p[lang="ar"][dir="rtl"]')).to_have_text(UEBERSETZUNG)
    original = eintrag.locator("details.antwort__original")
    original.locator("summary").click()
    expect(original.locator('p[lang="de"][dir="ltr"]')).to_have_text(ANTWORT)
    pruefen(page, screenshots, "antwort-ar-08-maschinell-meine-kommentare")
