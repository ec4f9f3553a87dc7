"""Issue 15 in the browser: a whole reporting round, with axe on every page of the walk.

Staff invite a contact person → she sets her password → staff open a round → she reports on
two measures from a phone-sized viewport → staff remind her of the third → staff review and
publish → the public dashboard and the measure's timeline show it. Then the new pages at 375 px
and 1280 px in German and Arabic, with screenshots.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from massnahmen.models import Indikator, Massnahme, Organisation, Sachstandsabfrage
from massnahmen.services import abfrage_schliessen
from tests.browser.test_bearbeiten import BENUTZER, angemeldete_seite
from tests.conftest import benutzer_mit_rolle

from .test_rundgang import axe_pruefen, pruefen

pytestmark = pytest.mark.browser

TELEFON = {"width": 375, "height": 812}
EMAIL = "leitung@jobcenter.example"
PASSWORT = "eine lange passphrase fürs jobcenter"


@pytest.fixture
def runde(inhalt):
    """An organisation leading three measures of the plan in force, one with an indicator."""
    organisation = Organisation.objects.create(name="Jobcenter Beispiel")
    massnahmen = list(Massnahme.objects.in_edition(inhalt).order_by("pk")[:3])
    Massnahme.objects.filter(pk__in=[m.pk for m in massnahmen]).update(federfuehrung=organisation)
    Indikator.objects.create(
        massnahme=massnahmen[0],
        key="teilnehmende",
        name="Teilnehmende",
        einheit="Personen",
        ausgangswert=5,
        ausgangsdatum=datetime.date(2024, 1, 1),
        zielwert=40,
        zieldatum=datetime.date(2026, 12, 31),
    )
    benutzer_mit_rolle(BENUTZER, "Koordinierungsstelle")
    return organisation, massnahmen


def zu_breit(page) -> list[str]:
    """The elements that stick out to the right of the viewport (for the failure message)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 12)
            .map(e => {
                const r = e.getBoundingClientRect();
                return `${e.tagName}.${e.className} ${Math.round(r.left)}-${Math.round(r.right)}`;
            })"""
    )


def link_aus_mail(live_server, muster: str) -> str:
    treffer = re.search(r"http://127\.0\.0\.1:8000(\S*" + muster + r"\S*)", mail.outbox[-1].body)
    assert treffer, mail.outbox[-1].body
    return live_server.url + treffer.group(1)


def test_eine_ganze_sachstandsabfrage(live_server, runde, kontext, screenshots):
    organisation, massnahmen = runde
    mail.outbox.clear()
    # Staff invite the contact person.
    staff = angemeldete_seite(kontext, live_server, "/umsetzung/ansprechpersonen/")
    axe_pruefen(staff, "Ansprechpersonen")
    staff.get_by_label("E-Mail-Adresse").fill(EMAIL)
    staff.get_by_label("Vorname").fill("Jana")
    staff.get_by_label("Nachname").fill("Jobcenter")
    staff.get_by_label(organisation.name).check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Einladung senden").click()
    expect(staff.get_by_text(f"Die Einladung an {EMAIL} ist unterwegs.")).to_be_visible()
    expect(staff.get_by_text("eingeladen, noch kein Passwort")).to_be_visible()
    axe_pruefen(staff, "Ansprechpersonen nach der Einladung")

    # She sets her password, on her phone.
    telefon = kontext(viewport=TELEFON).new_page()
    telefon.goto(link_aus_mail(live_server, "/einladung/"))
    expect(telefon.get_by_role("heading", level=1)).to_have_text("Passwort festlegen")
    pruefen(telefon, screenshots, "umsetzung-einladung-375")
    telefon.get_by_label("Neues Passwort", exact=True).fill(PASSWORT)
    telefon.get_by_label("Neues Passwort bestätigen").fill(PASSWORT)
    with telefon.expect_navigation():
        telefon.get_by_role("button", name="Passwort festlegen").click()
    expect(telefon).to_have_url(f"{live_server.url}/umsetzung/melden/")
    axe_pruefen(telefon, "Berichtsseite nach dem Passwort")

    # Staff open a round; she gets an e-mail with a direct link.
    staff.goto(f"{live_server.url}/umsetzung/")
    frist = timezone.localdate() + datetime.timedelta(days=14)
    staff.get_by_label("Frist").fill(frist.isoformat())
    staff.get_by_label("Nachricht an die Ansprechpersonen").fill("Bitte bis zur Ausschusssitzung.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Sachstandsabfrage eröffnen").click()
    abfrage = Sachstandsabfrage.objects.get()
    expect(staff).to_have_url(f"{live_server.url}/umsetzung/sachstandsabfragen/{abfrage.pk}/")
    axe_pruefen(staff, "Sachstandsabfrage")
    assert mail.outbox[-1].to == [EMAIL]

    # She reports on two measures from her phone.
    telefon.goto(link_aus_mail(live_server, f"/umsetzung/melden/\\?abfrage={abfrage.pk}"))
    expect(telefon.get_by_text("Bitte bis zur Ausschusssitzung.")).to_be_visible()
    axe_pruefen(telefon, "Berichtsseite mit Abfrage")
    erste, zweite = (telefon.locator(f"#massnahme-{m.pk}") for m in massnahmen[:2])
    erste.get_by_label("Status").select_option("in_umsetzung")
    erste.get_by_label("Umsetzungsnotiz").fill("Erste Kurse mit 18 Teilnehmenden gestartet.")
    erste.get_by_label("Messwert: Teilnehmende (Personen)").fill("18")
    zweite.get_by_label("Der Umsetzungsstand ist noch aktuell").check()
    breite = telefon.evaluate("() => document.documentElement.scrollWidth")
    assert breite <= TELEFON["width"], f"Die Seite ist {breite} px breit: {zu_breit(telefon)}"
    with telefon.expect_navigation():
        telefon.get_by_role("button", name="Bericht absenden").click()
    expect(telefon.get_by_text("Danke! 2 Berichte sind eingegangen.")).to_be_visible()
    expect(telefon.get_by_text("in dieser Abfrage beantwortet")).to_have_count(2)
    pruefen(telefon, screenshots, "umsetzung-melden-375")

    # Staff remind her of the third measure.
    staff.reload()
    anzahl = len(mail.outbox)
    with staff.expect_navigation():
        staff.get_by_role("button", name=re.compile(r"^Erinnern")).click()
    expect(staff.get_by_text("Erinnerung an Jana Jobcenter ist unterwegs.")).to_be_visible()
    assert len(mail.outbox) == anzahl + 1 and massnahmen[2].titel in mail.outbox[-1].body
    axe_pruefen(staff, "Sachstandsabfrage nach der Erinnerung")

    # Staff review and publish both reports.
    staff.goto(f"{live_server.url}/umsetzung/")
    axe_pruefen(staff, "Berichte zur Prüfung")
    for _ in range(2):
        with staff.expect_navigation():
            staff.get_by_role("button", name=re.compile(r"^Freigeben")).first.click()
        expect(staff.get_by_text("Bericht freigegeben und veröffentlicht.")).to_be_visible()
    expect(staff.get_by_text("Keine Berichte warten auf Prüfung.")).to_be_visible()

    # The public sees it: dashboard and the measure's timeline.
    oeffentlich = kontext().new_page()
    oeffentlich.goto(f"{live_server.url}/2024/umsetzungsstand/")
    expect(oeffentlich.get_by_text("Stand der Umsetzung:")).to_be_visible()
    tabelle = oeffentlich.get_by_role("table", name="Maßnahmen je Status am Monatsende")
    zeile = tabelle.get_by_role("row").last
    expect(zeile.get_by_role("cell").nth(1)).to_have_text("1")
    pruefen(oeffentlich, screenshots, "umsetzung-dashboard-1280")
    oeffentlich.goto(f"{live_server.url}{massnahmen[0].get_absolute_url()}")
    verlauf = oeffentlich.locator("ol.verlauf")
    expect(verlauf).to_contain_text("Status: geplant → in Umsetzung")
    expect(verlauf).to_contain_text("Erste Kurse mit 18 Teilnehmenden gestartet.")
    expect(verlauf).to_contain_text("Messwert Teilnehmende: 18 Personen")
    expect(oeffentlich.get_by_role("img", name="Teilnehmende")).to_be_visible()
    pruefen(oeffentlich, screenshots, "umsetzung-massnahme-1280")


@pytest.mark.parametrize("sprache", ["de", "ar"])
@pytest.mark.parametrize("breite", [375, 1280])
def test_neue_seiten_in_zwei_sprachen_und_breiten(
    live_server, runde, kontext, screenshots, sprache, breite
):
    """Issue 15: the new pages at phone and desktop width, German and Arabic (right to left):
    axe without findings, nothing wider than the screen."""
    from django.contrib.auth.models import Group, User

    from konzept.models import Edition

    organisation, massnahmen = runde
    inhalt = Edition.objects.get(jahr=2024)
    kontakt = User.objects.create_user(EMAIL, email=EMAIL, password=PASSWORT)
    kontakt.groups.add(Group.objects.get_or_create(name="Umsetzung")[0])
    organisation.ansprechpersonen.add(kontakt)
    abfrage = Sachstandsabfrage.objects.create(
        edition=inhalt, frist=timezone.localdate(), nachricht="Bitte berichten."
    )
    praefix = "" if sprache == "de" else f"/{sprache}"
    ansicht = {"width": breite, "height": 900}
    staff = angemeldete_seite(kontext, live_server, "/umsetzung/", viewport=ansicht)
    seiten = [
        (staff, f"{praefix}/umsetzung/", "uebersicht"),
        (staff, f"{praefix}/umsetzung/sachstandsabfragen/{abfrage.pk}/", "abfrage"),
        (staff, f"{praefix}/umsetzung/ansprechpersonen/", "ansprechpersonen"),
        (staff, f"{praefix}/bearbeiten/massnahme/{massnahmen[0].pk}/umsetzung/", "bearbeiten"),
    ]
    telefon = kontext(viewport=ansicht).new_page()
    telefon.goto(f"{live_server.url}/anmelden/?next=/umsetzung/melden/")
    telefon.get_by_label("Benutzername").fill(EMAIL)
    telefon.get_by_label("Passwort").fill(PASSWORT)
    with telefon.expect_navigation():
        telefon.get_by_role("button", name="Anmelden", exact=True).click()
    seiten.append((telefon, f"{praefix}/umsetzung/melden/?abfrage={abfrage.pk}", "melden"))
    abfrage_schliessen(abfrage=abfrage, user=None)
    oeffentlich = kontext(viewport=ansicht).new_page()
    seiten += [
        (oeffentlich, f"{praefix}/2024/umsetzungsberichte/{abfrage.pk}/", "umsetzungsbericht"),
        (oeffentlich, f"{praefix}/2024/umsetzungsstand/", "umsetzungsstand"),
        (oeffentlich, f"{praefix}{massnahmen[0].get_absolute_url()}", "massnahme"),
    ]
    for page, pfad, name in seiten:
        page.goto(f"{live_server.url}{pfad}")
        richtung = page.evaluate("() => document.documentElement.dir")
        assert richtung == ("rtl" if sprache == "ar" else "ltr"), (name, richtung)
        pruefen(page, screenshots, f"umsetzung-{name}-{sprache}-{breite}")
        ueberstand = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert ueberstand <= 1, f"{name}: {ueberstand} px breiter als der Bildschirm"
