"""Issue 18.6: e-mails of the participation that people can act on — plain text and accessible
HTML in the recipient's language and direction, a direct link to the page concerned, the
headers Auto-Submitted and Content-Language; what people wrote stays text."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from beteiligung.models import Beteiligungsphase
from beteiligung.services import (
    benachrichtigungen_faellig,
    kommentar_abgeben,
    kommentar_beantworten,
    kommentar_verbergen,
    tageszusammenfassungen,
)
from konzept.models import Profil
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from tests.mails import gueltiges_html, isoliert, pruefen

# A right-to-left override (U+202E) left open and markup: neither may act in the HTML part.
FEINDLICH = "<script>alert(1)</script> \u202enetu\u202c <b>fett</b>"


@pytest.fixture
def phase(entwurf):
    jetzt = timezone.now()
    return Beteiligungsphase.objects.create(
        edition=entwurf,
        beginn=jetzt - timedelta(days=1),
        ende=jetzt + timedelta(days=10),
        eroeffnung_gemeldet=True,
    )


def mitglied(name, sprache):
    """A KMV member who reads in `sprache`, and their browser."""
    user = benutzer_mit_rolle(name, "KMV")
    user.email = f"{name}@example.org"
    user.save()
    Profil.objects.create(user=user, sprache=sprache)
    client = Client()
    client.force_login(user)
    return user, client


def kommentar_von(user, edition, text=FEINDLICH, sprache="de"):
    return kommentar_abgeben(
        user=user,
        element=Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme")),
        text=text,
        sprache=sprache,
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )


def test_antwort_arabisch_mit_link_auf_den_kommentar(
    phase, entwurf, koordination, django_capture_on_commit_callbacks
):
    """The answer reaches the member in Arabic, right to left, with a link to the comment in
    "Meine Kommentare" (at its anchor) and to the item; comment and answer are text."""
    amira, browser = mitglied("amira", "ar")
    kommentar = kommentar_von(amira, entwurf, sprache="ar")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kommentar_beantworten(
            kommentar=kommentar,
            user=koordination,
            antwort="<i>Wird</i> umgesetzt. \u202bschräg",
            einstufung="beruecksichtigt",
            bezug="",
            version=kommentar.version,
        )
    (nachricht,) = mail.outbox
    assert nachricht.to == ["amira@example.org"]
    element = f"/ar{kommentar.massnahme.get_absolute_url()}"  # before a request switches language
    seite = pruefen(
        nachricht, sprache="ar", client=browser, ziel="/ar/kommentare/meine/?kommentar="
    )
    assert (
        f"/ar/kommentare/meine/?kommentar={kommentar.pk}#kommentar-{kommentar.pk}" in nachricht.body
    )
    assert any(a["href"].endswith(element) for a in seite("a"))
    assert isoliert(seite, "<script>alert(1)</script>")
    assert isoliert(seite, "<i>Wird</i> umgesetzt.")
    assert not seite.find("i") and not seite.find("b")
    # The plain text stays plain: as written, nothing escaped.
    assert FEINDLICH in nachricht.body


def test_verborgen_ukrainisch_mit_link_auf_den_kommentar(
    phase, entwurf, koordination, django_capture_on_commit_callbacks
):
    olena, browser = mitglied("olena", "uk")
    kommentar = kommentar_von(olena, entwurf)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kommentar_verbergen(kommentar=kommentar, user=koordination, grund="<u>Beleidigung</u>")
    (nachricht,) = mail.outbox
    seite = pruefen(
        nachricht,
        sprache="uk",
        client=browser,
        ziel=f"/uk/kommentare/meine/?kommentar={kommentar.pk}#kommentar-{kommentar.pk}",
    )
    assert isoliert(seite, "<u>Beleidigung</u>") and not seite.find("u")
    assert isoliert(seite, "<script>alert(1)</script>")


def test_beginn_und_erinnerung_persisch_mit_link_auf_den_entwurf(entwurf):
    """The opening e-mail used to invite comments without saying where: now it links the
    draft, in the member's language (Persian: right to left); the reminder too."""
    _user, browser = mitglied("darya", "fa")
    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(hours=1), ende=jetzt + timedelta(days=1)
    )
    mail.outbox.clear()
    benachrichtigungen_faellig()
    eroeffnung, erinnerung = mail.outbox
    assert eroeffnung.subject != erinnerung.subject
    for nachricht in (eroeffnung, erinnerung):
        pruefen(nachricht, sprache="fa", client=browser, ziel=f"/fa/{entwurf.jahr}/")


def test_tageszusammenfassung_mit_links_in_die_warteschlange(phase, entwurf, koordination):
    """Staff get a link to each new comment in the queue, and one to turn the summary off."""
    koordination.email = "koordination@example.org"
    koordination.save()
    Profil.objects.create(user=koordination, tageszusammenfassung=True)
    amira, _browser = mitglied("amira", "ar")
    kommentar = kommentar_von(amira, entwurf, sprache="ar")
    mail.outbox.clear()
    tageszusammenfassungen()
    nachrichten = [m for m in mail.outbox if m.to == ["koordination@example.org"]]
    (nachricht,) = nachrichten
    staff = Client()
    staff.force_login(koordination)
    seite = pruefen(
        nachricht,
        sprache="de",
        client=staff,
        ziel=f"/{entwurf.jahr}/kommentare/?kommentar={kommentar.pk}#kommentar-{kommentar.pk}",
    )
    assert any(a["href"].endswith("/meine-daten/#benachrichtigungen") for a in seite("a"))
    assert isoliert(seite, "<script>alert(1)</script>")
    assert seite.find("blockquote")["lang"] == "ar"


def test_demo_benutzer_haben_adressen_und_die_demo_sendet(
    inhalt, settings, django_capture_on_commit_callbacks
):
    """The demo accounts have addresses of the reserved domain .example, so the demo sends its
    e-mails (in development to the console); an address set by hand survives the next run."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEMO_BENUTZER_ERLAUBT = True
    call_command("demo_benutzer", verbosity=0)
    User = get_user_model()
    adressen = dict(
        User.objects.filter(username__in=["koordination", "ausschuss", "kmv", "admin"]).values_list(
            "username", "email"
        )
    )
    assert (
        adressen == {name: f"{name}@landkreis.example" for name in adressen} and len(adressen) == 4
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_beteiligung", verbosity=0)
    antworten = [m for m in mail.outbox if m.to == ["kmv@landkreis.example"]]
    assert len(antworten) == 2  # the two answered demo comments
    kmv = User.objects.get(username="kmv")
    browser = Client()
    browser.force_login(kmv)
    pruefen(antworten[0], sprache="de", client=browser, ziel="/kommentare/meine/?kommentar=")

    User.objects.filter(username="kmv").update(email="kmv@anders.example")
    call_command("demo_benutzer", verbosity=0)
    assert User.objects.get(username="kmv").email == "kmv@anders.example"


def test_jede_mail_der_beteiligung_ist_gueltiges_html(
    phase, entwurf, koordination, django_capture_on_commit_callbacks, tmp_path
):
    """Answer, hidden, opening and reminder of a phase, daily summary: in a right-to-left and
    a left-to-right language, checked by the Nu HTML Checker."""
    koordination.email = "koordination@example.org"
    koordination.save()
    Profil.objects.create(user=koordination, tageszusammenfassung=True)
    amira, _browser = mitglied("amira", "ar")
    olena, _browser = mitglied("olena", "uk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        beantwortet = kommentar_von(amira, entwurf, sprache="ar")
        kommentar_beantworten(
            kommentar=beantwortet,
            user=koordination,
            antwort=FEINDLICH,
            einstufung="teilweise",
            bezug="",
            version=beantwortet.version,
        )
        kommentar_verbergen(kommentar=kommentar_von(olena, entwurf), user=koordination, grund="x")
    phase.ende = timezone.now() + timedelta(days=1)
    phase.eroeffnung_gemeldet = False
    phase.save()
    benachrichtigungen_faellig()
    tageszusammenfassungen()
    arten = {(m.to[0], m.extra_headers["Content-Language"]) for m in mail.outbox}
    assert len(mail.outbox) == 7 and len(arten) == 3  # amira 3 (ar), olena 3 (uk), staff 1 (de)
    gueltiges_html(mail.outbox, tmp_path)
