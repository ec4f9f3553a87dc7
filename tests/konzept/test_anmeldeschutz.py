"""Issue 14.14: sign-in throttling per address across user names as well as per name and
address (OWASP ASVS 5.0 § 6.3), and a second factor every role can set up. Everything goes
through the real sign-in form."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import benutzer_mit_rolle
from tests.konzept.test_anmeldung import anmelden, code

FALSCH = "falsch-falsch-falsch"


def test_eine_adresse_probiert_nicht_jedes_konto_durch(client, entwurf, settings):
    """Four wrong passwords per name stay below the lock of each name; across names the
    address is stopped at ANMELDUNG_ADRESSE_LIMIT, with the lockout page, and not even a
    right password is checked from there; another address is not affected."""
    settings.ANMELDUNG_ADRESSE_LIMIT = 8
    for nummer in range(4):
        benutzer_mit_rolle(f"mitglied{nummer}", "KMV")
    for nummer in range(2):
        for _versuch in range(4):
            assert anmelden(client, f"mitglied{nummer}", FALSCH).status_code == 200
    gestoppt = anmelden(client, "mitglied2", FALSCH)
    assert gestoppt.status_code == 429
    assert "von Ihrer Adresse aus" in gestoppt.text
    assert gestoppt["Retry-After"] == str(15 * 60)
    assert anmelden(client, "mitglied3").status_code == 429
    assert "_auth_user_id" not in client.session
    # Refused attempts are not recorded: they do not prolong the stop.
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 8

    andere = Client()
    assert anmelden(andere, "mitglied3", ip="10.0.0.9").status_code == 302


def test_stopp_der_adresse_endet_von_selbst(client, entwurf, settings):
    settings.ANMELDUNG_ADRESSE_LIMIT = 4
    for nummer in range(2):
        benutzer_mit_rolle(f"mitglied{nummer}", "KMV")
        for _versuch in range(2):
            anmelden(client, f"mitglied{nummer}", FALSCH)
    assert anmelden(client, "mitglied0").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert anmelden(client, "mitglied0").status_code == 302


def test_voreinstellung_bremst_das_durchprobieren(client, entwurf, settings):
    """With the shipped setting, one address gets far fewer guesses than four per account."""
    assert settings.ANMELDUNG_ADRESSE_LIMIT <= 20
    for nummer in range(settings.ANMELDUNG_ADRESSE_LIMIT // 4 + 1):
        benutzer_mit_rolle(f"mitglied{nummer}", "KMV")
        for _versuch in range(4):
            letzte = anmelden(client, f"mitglied{nummer}", FALSCH)
    assert letzte.status_code == 429


def test_kmv_kann_einen_zweiten_faktor_einrichten_und_braucht_ihn_dann(client, entwurf):
    """A KMV member sets up an app from "Meine Daten"; from then on the password alone
    reaches nothing but the code."""
    user = benutzer_mit_rolle("mitglied", "KMV")
    anmelden(client, "mitglied")
    seite = client.get("/meine-daten/")
    assert "Zweiten Faktor einrichten" in seite.text
    einrichten = client.get("/anmelden/zweiter-faktor/einrichten/?next=/meine-daten/")
    assert einrichten.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    eingerichtet = client.post(
        "/anmelden/zweiter-faktor/einrichten/", {"code": code(device), "next": "/meine-daten/"}
    )
    assert eingerichtet.status_code == 200 and "Wiederherstellungscodes" in eingerichtet.text
    client.post("/abmelden/")

    response = anmelden(client, "mitglied")
    assert response["Location"].startswith("/anmelden/zweiter-faktor/?next=")
    assert client.get("/2026/").status_code == 302  # back to the code
    device.refresh_from_db()
    assert (
        client.post(
            "/anmelden/zweiter-faktor/", {"code": code(device, schritt=1), "next": "/2026/"}
        ).status_code
        == 302
    )
    assert client.get("/2026/").status_code == 200


def test_ohne_eingerichtete_app_bleibt_es_freiwillig(client, entwurf):
    for gruppe in ("KMV", "Ausschuss", "Umsetzung"):
        benutzer_mit_rolle(f"person-{gruppe}", gruppe)
        response = anmelden(Client(), f"person-{gruppe}")
        assert "zweiter-faktor" not in response["Location"], gruppe
