"""Issue 15.4: contact persons of organisations, invited by e-mail with a one-time link; they
report on the measures their organisation leads, and nothing else."""

import re
import uuid
from datetime import timedelta

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from massnahmen.models import Einladung, Massnahme, Sachstandsbericht
from massnahmen.services import ansprechperson_einladen
from tests.massnahmen.test_umsetzung import formular


def einladen(client_staff, capture, email="leitung@jobcenter.example", sprache="de", orgs=None):
    mail.outbox.clear()
    with capture(execute=True):
        antwort = client_staff.post(
            "/umsetzung/ansprechpersonen/",
            {
                "email": email,
                "vorname": "Jana",
                "nachname": "Jobcenter",
                "organisationen": [o.pk for o in orgs],
                "sprache": sprache,
            },
        )
    assert antwort.status_code == 302, antwort.content[:500]
    return re.search(r"http://\S+/einladung/(\S+)/", mail.outbox[-1].body)


def test_einladung_mit_einmaligem_link(
    client, staff_client, jobcenter, django_capture_on_commit_callbacks
):
    """Issue 15.4: staff invite by e-mail (in the person's language, absolute link); only a hash
    of the token is stored; the person sets a password (validators apply) and is signed in;
    the link then no longer works."""
    treffer = einladen(
        staff_client, django_capture_on_commit_callbacks, sprache="uk", orgs=[jobcenter]
    )
    token = treffer.group(1)
    nachricht = mail.outbox[-1]
    assert nachricht.to == ["leitung@jobcenter.example"]
    assert "http://127.0.0.1:8000/uk/einladung/" in nachricht.body
    assert "Jobcenter Test" in nachricht.body
    einladung = Einladung.objects.get()
    assert token not in einladung.token_hash and len(einladung.token_hash) == 64
    person = einladung.user
    assert not person.is_active and person.groups.filter(name="Umsetzung").exists()
    gast = client.__class__()
    seite = gast.get(f"/einladung/{token}/")
    assert seite.status_code == 200
    zu_kurz = gast.post(f"/einladung/{token}/", {"new_password1": "kurz", "new_password2": "kurz"})
    assert zu_kurz.status_code == 422 and "zu kurz" in zu_kurz.text
    passwort = "eine lange passphrase fürs jobcenter"
    antwort = gast.post(
        f"/einladung/{token}/", {"new_password1": passwort, "new_password2": passwort}
    )
    assert antwort.status_code == 302 and antwort["Location"] == "/umsetzung/melden/"
    person.refresh_from_db()
    assert person.is_active and person.check_password(passwort)
    assert gast.get("/umsetzung/melden/").status_code == 200
    # Used up.
    nochmal = client.__class__().get(f"/einladung/{token}/")
    assert nochmal.status_code == 410 and "schon benutzt" in nochmal.text


def test_abgelaufener_oder_falscher_link(
    client, staff_client, jobcenter, django_capture_on_commit_callbacks
):
    """Issue 15, bad input: an expired or unknown invitation link answers 410 with what to do,
    never a server error; a new invitation makes a new link and the old one stops working."""
    token = einladen(staff_client, django_capture_on_commit_callbacks, orgs=[jobcenter]).group(1)
    Einladung.objects.update(gueltig_bis=timezone.now() - timedelta(minutes=1))
    antwort = client.get(f"/einladung/{token}/")
    assert antwort.status_code == 410 and "abgelaufen" in antwort.text
    assert client.get("/einladung/gibt-es-nicht/").status_code == 410
    person = Einladung.objects.get().user
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/umsetzung/ansprechpersonen/{person.pk}/einladen/")
    neu = re.search(r"/einladung/(\S+)/", mail.outbox[-1].body).group(1)
    assert neu != token
    assert client.get(f"/einladung/{neu}/").status_code == 200
    assert client.get(f"/einladung/{token}/").status_code == 410


def test_nur_eigene_massnahmen(client, inhalt, jobcenter, ansprechperson):
    """Issue 15.4: a contact person may update the measures their organisation leads, and
    nothing else: another organisation's measure is refused (403), agreed content too."""
    client.force_login(ansprechperson)
    eigene = Massnahme.objects.in_edition(inhalt).filter(federfuehrung=jobcenter).first()
    fremde = Massnahme.objects.in_edition(inhalt).exclude(federfuehrung=jobcenter).first()
    fremder_status = fremde.status
    antwort = client.post(
        f"/bearbeiten/massnahme/{eigene.pk}/umsetzung/", formular(eigene, status="in_umsetzung")
    )
    assert antwort.status_code == 302
    antwort = client.post(
        f"/bearbeiten/massnahme/{fremde.pk}/umsetzung/", formular(fremde, status="umgesetzt")
    )
    assert antwort.status_code == 403 and "Ihrer Organisation" in antwort.text
    assert (
        client.post(
            f"/bearbeiten/massnahme/{eigene.pk}/status/", {"status": "umgesetzt"}
        ).status_code
        == 403
    )
    assert client.post(f"/bearbeiten/massnahme/{eigene.pk}/", {"titel": "x"}).status_code == 403
    fremde.refresh_from_db()
    assert fremde.status == fremder_status and not fremde.sachstandsberichte.exists()


def test_partner_nur_mit_einstellung(client, settings, inhalt, jobcenter, ansprechperson):
    """Issue 15.4: whether partners may report too is a setting."""
    partner_massnahme = (
        Massnahme.objects.in_edition(inhalt).exclude(federfuehrung=jobcenter).first()
    )
    partner_massnahme.partner.add(jobcenter)
    client.force_login(ansprechperson)
    url = f"/bearbeiten/massnahme/{partner_massnahme.pk}/umsetzung/"
    settings.UMSETZUNG_PARTNER_MELDEN = False
    assert client.get(url).status_code == 403
    settings.UMSETZUNG_PARTNER_MELDEN = True
    assert client.get(url).status_code == 200


def test_bericht_wartet_auf_pruefung_und_pruefung_abschaltbar(
    staff_client, settings, inhalt, jobcenter, ansprechperson
):
    """Issue 15.5: reports of contact persons become public only after staff review; a setting
    switches review off."""
    client = Client()
    client.force_login(ansprechperson)
    eigene = Massnahme.objects.in_edition(inhalt).filter(federfuehrung=jobcenter).first()
    client.post(
        f"/bearbeiten/massnahme/{eigene.pk}/umsetzung/",
        formular(eigene, status="in_umsetzung", notiz="Gestartet."),
    )
    eigene.refresh_from_db()
    assert eigene.status == "geplant"
    assert "Gestartet." not in client.get(eigene.get_absolute_url()).text
    bericht = Sachstandsbericht.objects.get()
    uebersicht = staff_client.get("/umsetzung/").text
    assert "Gestartet." in uebersicht
    staff_client.post(f"/umsetzung/berichte/{bericht.pk}/pruefen/", {"entscheidung": "freigeben"})
    eigene.refresh_from_db()
    assert eigene.status == "in_umsetzung"
    assert eigene.history.first().history_user == ansprechperson
    assert "Gestartet." in client.get(eigene.get_absolute_url()).text
    # Approving twice: a clear message, nothing applied twice.
    antwort = staff_client.post(
        f"/umsetzung/berichte/{bericht.pk}/pruefen/", {"entscheidung": "freigeben"}, follow=True
    )
    assert "schon geprüft" in antwort.text and eigene.umsetzungsnotizen.count() == 1
    settings.UMSETZUNG_PRUEFUNG = False
    client.post(
        f"/bearbeiten/massnahme/{eigene.pk}/umsetzung/",
        formular(eigene, status="umgesetzt", einreichung=str(uuid.uuid4())),
    )
    eigene.refresh_from_db()
    assert eigene.status == "umgesetzt"


def test_einladung_fuer_vorhandenes_konto(
    ansprechperson, jobcenter, koordination, django_capture_on_commit_callbacks
):
    """Issue 15.4: inviting an existing address links the account, it makes no second one."""
    with django_capture_on_commit_callbacks(execute=True):
        ansprechperson_einladen(
            email=ansprechperson.username.upper(),
            vorname="",
            nachname="",
            organisationen=[jobcenter],
            sprache="de",
            user=koordination,
        )
    assert User.objects.filter(username__iexact=ansprechperson.username).count() == 1
