"""Issue 18.6: e-mails of the implementation loop that people can act on — plain text and
accessible HTML in the recipient's language and direction, a direct link to the page where
they report, the headers Auto-Submitted and Content-Language; staff's words stay text."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from konzept.models import Profil
from massnahmen import benachrichtigungen
from massnahmen.models import Massnahme
from massnahmen.services import abfrage_eroeffnen, ansprechperson_einladen, erinnerungen_faellig
from tests.mails import gueltiges_html, isoliert, pruefen


def lesend_in(person, sprache):
    Profil.objects.update_or_create(user=person, defaults={"sprache": sprache})
    person.email = "kontakt@jobcenter.example"
    person.save()
    client = Client()
    client.force_login(person)
    return client


def test_einladung_russisch_mit_link_zum_passwort(
    jobcenter, koordination, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ansprechperson_einladen(
            email="leitung@jobcenter.example",
            vorname="Jana",
            nachname="Jobcenter",
            organisationen=[jobcenter],
            sprache="ru",
            user=koordination,
        )
    (nachricht,) = mail.outbox
    # The person has no password yet: the link works without signing in.
    seite = pruefen(nachricht, sprache="ru", client=Client(), ziel="/ru/einladung/")
    token = re.search(r"/ru/einladung/([^/]+)/", nachricht.body).group(1)
    assert any(a["href"].endswith(f"/ru/einladung/{token}/") for a in seite("a"))
    assert "Jobcenter Test" in seite.get_text()


def test_abfrage_arabisch_mit_link_zur_berichtsseite(
    inhalt, koordination, ansprechperson, django_capture_on_commit_callbacks
):
    """Opening a round and the reminder: Arabic, right to left, the report page linked; the
    staff's message is text."""
    browser = lesend_in(ansprechperson, "ar")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        abfrage = abfrage_eroeffnen(
            edition=inhalt,
            frist=timezone.localdate() + timedelta(days=14),
            nachricht="Bitte <b>bis</b> zur Sitzung.",
            user=koordination,
        )
    benachrichtigungen.abfrage_erinnerung(abfrage.pk, ansprechperson.pk)
    eroeffnet, erinnerung = (
        pruefen(
            nachricht,
            sprache="ar",
            client=browser,
            ziel=f"/ar/umsetzung/melden/?abfrage={abfrage.pk}",
        )
        for nachricht in mail.outbox
    )
    assert isoliert(eroeffnet, "Bitte <b>bis</b> zur Sitzung.") and not eroeffnet.find("b")
    assert len(erinnerung("li")) == 2  # each measure still without a report, linked


def test_veraltet_tuerkisch_mit_links_zu_den_massnahmen(inhalt, jobcenter, ansprechperson):
    browser = lesend_in(ansprechperson, "tr")
    offen = Massnahme.objects.in_edition(inhalt).filter(federfuehrung=jobcenter)
    pfade = [f"/tr{massnahme.get_absolute_url()}" for massnahme in offen]
    assert len(pfade) == 2
    mail.outbox.clear()
    erinnerungen_faellig()
    (nachricht,) = mail.outbox
    seite = pruefen(nachricht, sprache="tr", client=browser, ziel="/tr/umsetzung/melden/")
    links = [a["href"] for a in seite("a")]
    assert all(any(link.endswith(pfad) for link in links) for pfad in pfade)


def test_jede_mail_der_umsetzung_ist_gueltiges_html(
    inhalt, jobcenter, koordination, ansprechperson, django_capture_on_commit_callbacks, tmp_path
):
    """Invitation, round opened, its reminder, stale measures: checked by the Nu HTML
    Checker, in Persian (right to left)."""
    lesend_in(ansprechperson, "fa")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ansprechperson_einladen(
            email="leitung@jobcenter.example",
            vorname="Jana",
            nachname="Jobcenter",
            organisationen=[jobcenter],
            sprache="fa",
            user=koordination,
        )
        abfrage = abfrage_eroeffnen(
            edition=inhalt,
            frist=timezone.localdate() + timedelta(days=14),
            nachricht="<b>Bitte</b>\n\nbis zur Sitzung.",
            user=koordination,
        )
    benachrichtigungen.abfrage_erinnerung(abfrage.pk, ansprechperson.pk)
    benachrichtigungen.veraltet_erinnerung(
        ansprechperson.pk, [m.pk for m in Massnahme.objects.filter(federfuehrung=jobcenter)]
    )
    assert len(mail.outbox) == 4
    assert {m.extra_headers["Content-Language"] for m in mail.outbox} == {"fa"}
    gueltiges_html(mail.outbox, tmp_path)
