"""Issue 8: signing in. Password rules per OWASP ASVS 5.0 level 2, lockout by user name and
address with a cool-off, the second factor (TOTP, recovery codes) for staff and administrators,
sessions that end after inactivity. Everything here goes through the real forms."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import benutzer_mit_rolle

PASSWORT = "geheim-und-lang-2024"


def anmelden(client, username, passwort=PASSWORT, ip="10.0.0.1", ziel="/2026/"):
    return client.post(
        f"/anmelden/?next={ziel}",
        {"username": username, "password": passwort, "next": ziel},
        REMOTE_ADDR=ip,
    )


def code(device, schritt=0):
    """The app's current code (or the one of the next time step, for a second sign-in)."""
    return f"{totp(device.bin_key, step=device.step, drift=schritt):06d}"


# Password rules


@pytest.mark.parametrize(
    "passwort",
    [
        "kurz-11-zei",  # 11 characters
        "password1234",  # on the list of common passwords
        "qwertyuiop12",
    ],
)
def test_passwort_wird_abgelehnt(db, passwort):
    """ASVS 6.2.1/6.2.4: at least 12 characters, no common password."""
    with pytest.raises(ValidationError):
        validate_password(passwort, User(username="mitglied"))


@pytest.mark.parametrize(
    "passwort",
    [
        "zwoelf zeich",  # exactly 12, lower case and a space
        "383950284716",  # digits only: no composition rules either way
        "ein sehr langer satz als passwort, den sich jemand gut merken kann 2026!" * 2,
    ],
)
def test_passwort_ohne_kompositionsregeln(db, passwort):
    """ASVS 6.2.5/6.2.9: no composition rules, long passphrases (> 64 characters) allowed."""
    validate_password(passwort, User(username="mitglied"))


# Lockout (django-axes)


def test_sperre_nach_fuenf_fehlversuchen_nur_fuer_name_und_adresse(client, entwurf):
    """Five wrong passwords lock the name from that address for 15 minutes, with a page that
    says so; the same person from another address is not locked out by a stranger."""
    benutzer_mit_rolle("mitglied", "KMV")
    for _versuch in range(4):
        assert anmelden(client, "mitglied", "falsch-falsch-falsch").status_code == 200
    assert anmelden(client, "mitglied", "falsch-falsch-falsch").status_code == 429
    gesperrt = anmelden(client, "mitglied")  # even the right password, from this address
    assert gesperrt.status_code == 429
    assert "vorübergehend gesperrt" in gesperrt.text and "15 Minuten" in gesperrt.text
    assert "_auth_user_id" not in client.session

    andere_adresse = Client()
    response = anmelden(andere_adresse, "mitglied", ip="10.0.0.2")
    assert response.status_code == 302 and response["Location"] == "/2026/"


def test_sperre_endet_nach_der_abkuehlzeit(client, entwurf):
    """No permanent lockout: after the cool-off the right password works again."""
    benutzer_mit_rolle("mitglied", "KMV")
    for _versuch in range(5):
        anmelden(client, "mitglied", "falsch-falsch-falsch")
    assert anmelden(client, "mitglied").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert anmelden(client, "mitglied").status_code == 302


def test_adresse_hinter_dem_proxy(client, entwurf, settings):
    """Behind one reverse proxy the address it saw counts, not what the client claims."""
    settings.PROXY_ANZAHL = 1
    benutzer_mit_rolle("mitglied", "KMV")
    for nummer in range(5):
        client.post(
            "/anmelden/",
            {"username": "mitglied", "password": "falsch-falsch-falsch"},
            HTTP_X_FORWARDED_FOR=f"1.2.3.{nummer}, 192.0.2.7",  # forged part varies
        )
    assert AccessAttempt.objects.get().ip_address == "192.0.2.7"
    response = client.post(
        "/anmelden/",
        {"username": "mitglied", "password": PASSWORT},
        HTTP_X_FORWARDED_FOR="192.0.2.7",
    )
    assert response.status_code == 429


# Second factor


def test_kmv_braucht_keinen_zweiten_faktor(client, entwurf):
    benutzer_mit_rolle("mitglied", "KMV")
    response = anmelden(client, "mitglied")
    assert response["Location"] == "/2026/"
    assert client.get("/2026/").status_code == 200


def test_koordinierungsstelle_nur_mit_code(client, entwurf):
    """Issue 8: staff need the code; with the password alone they reach nothing else."""
    user = benutzer_mit_rolle("koord", "Koordinierungsstelle")
    device = TOTPDevice.objects.get(user=user)
    response = anmelden(client, "koord", ziel="/2026/geloescht/")
    assert response["Location"] == "/anmelden/zweiter-faktor/?next=%2F2026%2Fgeloescht%2F"
    for url in ("/2026/geloescht/", "/2026/", "/uebersetzung/2026/", "/meine-daten/"):
        weiter = client.get(url)
        assert weiter.status_code == 302, url
        assert weiter["Location"].startswith("/anmelden/zweiter-faktor/?next=")
    assert client.post(f"/bearbeiten/edition/{entwurf.pk}/", {}).status_code == 302

    seite = client.get("/anmelden/zweiter-faktor/?next=/2026/geloescht/")
    assert seite.status_code == 200 and 'autocomplete="one-time-code"' in seite.text
    falsch = client.post("/anmelden/zweiter-faktor/", {"code": "000000", "next": "/2026/"})
    assert falsch.status_code == 422 and "stimmt nicht" in falsch.text

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    richtig = client.post(
        "/anmelden/zweiter-faktor/", {"code": code(device), "next": "/2026/geloescht/"}
    )
    assert richtig["Location"] == "/2026/geloescht/"
    assert client.get("/2026/geloescht/").status_code == 200


def test_code_gilt_nur_einmal(entwurf):
    """A code seen over someone's shoulder cannot be used for a second sign-in."""
    user = benutzer_mit_rolle("koord", "Koordinierungsstelle")
    device = TOTPDevice.objects.get(user=user)
    erster_code = code(device)
    erste, zweite = Client(), Client()
    for sitzung in (erste, zweite):
        anmelden(sitzung, "koord")
    assert erste.post("/anmelden/zweiter-faktor/", {"code": erster_code}).status_code == 302
    assert zweite.post("/anmelden/zweiter-faktor/", {"code": erster_code}).status_code == 422


def test_administration_braucht_den_zweiten_faktor(client, inhalt):
    admin = User.objects.create_superuser("chefin", "chefin@example.org", PASSWORT)
    TOTPDevice.objects.create(user=admin, name="App", confirmed=True)
    anmelden(client, "chefin", ziel="/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/zweiter-faktor/")


def test_zweiten_faktor_einrichten_mit_wiederherstellungscodes(client, entwurf):
    """First sign-in of staff: app set-up with QR code and key, then ten recovery codes,
    each of which signs in exactly once."""
    user = User.objects.create_user("neu", password=PASSWORT)
    user.groups.create(name="Koordinierungsstelle")
    response = anmelden(client, "neu", ziel="/2026/")
    assert response["Location"] == "/anmelden/zweiter-faktor/einrichten/?next=%2F2026%2F"
    seite = client.get(response["Location"])
    assert seite.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in seite.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert re.search(r"<code translate=\"no\">([A-Z2-7]{4} ?){8}</code>", seite.text)

    eingerichtet = client.post(
        "/anmelden/zweiter-faktor/einrichten/", {"code": code(device), "next": "/2026/"}
    )
    assert eingerichtet.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", eingerichtet.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/2026/geloescht/").status_code == 200

    # Later, without the phone: a recovery code, once.
    client.post("/abmelden/")
    anmelden(client, "neu")
    assert client.post("/anmelden/zweiter-faktor/", {"code": codes[0]}).status_code == 302
    client.post("/abmelden/")
    anmelden(client, "neu")
    assert client.post("/anmelden/zweiter-faktor/", {"code": codes[0]}).status_code == 422
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_mit_passwort_allein_kein_neues_geraet(client, entwurf):
    """A stolen password cannot replace the app that is set up already."""
    benutzer_mit_rolle("koord", "Koordinierungsstelle")
    anmelden(client, "koord")
    response = client.get("/anmelden/zweiter-faktor/einrichten/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/zweiter-faktor/?next=")
    assert TOTPDevice.objects.filter(user__username="koord").count() == 1


def test_neue_wiederherstellungscodes_ersetzen_die_alten(staff_client, koordination):
    alte = ["alter-code-1"]
    from django_otp.plugins.otp_static.models import StaticDevice

    geraet = StaticDevice.objects.create(user=koordination, name="Wiederherstellungscodes")
    geraet.token_set.create(token=alte[0])
    response = staff_client.post("/anmelden/wiederherstellungscodes/")
    neue = re.findall(r"<li><code>([^<]+)</code></li>", response.text)
    assert len(neue) == 10
    assert set(geraet.token_set.values_list("token", flat=True)) == set(neue)


# Sessions


def test_sitzung_endet_nach_inaktivitaet(client, entwurf, settings):
    """Every request renews the session; an hour without one ends it (and closing the
    browser ends it too: the cookie has no expiry)."""
    assert settings.SESSION_COOKIE_AGE == 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    benutzer_mit_rolle("mitglied", "KMV")
    response = anmelden(client, "mitglied")
    assert not response.cookies[settings.SESSION_COOKIE_NAME]["expires"]
    sitzung = Session.objects.get()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/2026/").status_code == 200
    sitzung.refresh_from_db()
    assert sitzung.expire_date > timezone.now() + timedelta(minutes=59)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/2026/").status_code == 403  # a draft: anonymous again


@pytest.mark.parametrize("url", ["/anmelden/", "/admin/login/"])
def test_ueberlanger_benutzername(client, inhalt, url):
    """Django's sign-in form does not check the name's length; django-axes must still be
    able to record the attempt (PostgreSQL refuses more than 255 characters)."""
    client.raise_request_exception = False
    response = client.post(url, {"username": "ü" * 5000, "password": "falsch-falsch-falsch"})
    assert response.status_code == 200
    versuche = AccessAttempt.objects.filter(username="ü" * 150)
    # Our form refuses the name itself; the admin's form passes it on, cut to 150 characters.
    assert versuche.exists() == (url == "/admin/login/")


def test_demo_koordination_mit_veroeffentlichtem_zweiten_faktor(client, entwurf, settings):
    """The README's demo sign-in works: password, then a recovery code `demo-code-1` or the
    code of an app set up with the published key; `make run` restores the codes."""
    import base64

    from django.core.management import call_command

    settings.DEMO_BENUTZER_ERLAUBT = True
    call_command("demo_benutzer", verbosity=0)
    anmelden(client, "koordination", "demo-koordination-2024")
    assert client.post("/anmelden/zweiter-faktor/", {"code": "demo-code-1"}).status_code == 302
    assert client.get("/2026/geloescht/").status_code == 200

    schluessel = base64.b32decode("MRSW23ZNNFXHIZLHOJQXI2LPNZZWW33O")
    andere = Client()
    anmelden(andere, "admin", "demo-admin-2024", ziel="/admin/")
    app_code = f"{totp(schluessel):06d}"
    assert andere.post("/anmelden/zweiter-faktor/", {"code": app_code}).status_code == 302
    assert andere.get("/admin/").status_code == 200

    call_command("demo_benutzer", verbosity=0)
    assert StaticToken.objects.filter(
        device__user__username="koordination", token="demo-code-1"
    ).exists()
