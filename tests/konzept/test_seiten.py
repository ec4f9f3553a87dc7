"""Issue 2: the public pages render the whole concept, in the site's layout, safely."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from konzept.models import Edition, Landkreis


def test_startseite_fuehrt_zur_aktuellen_ausgabe(client, inhalt):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/2024/"


def test_startseite_ohne_inhalt(client, leer):
    response = client.get("/")
    assert response.status_code == 200
    assert "inhalte_laden" in response.text


def test_uebersicht_zeigt_ausgangssituation_hintergrund_beteiligung_und_felder(client, inhalt):
    text = client.get("/2024/").text
    for inhalt_text in (
        "Integrationskonzept 2024",
        "10.055",
        "11%",
        "31.12.2023",
        "Ausländerzentralregister (AZR)",
        "Asylgesetz (AsylG)",
        "Aufenthaltsgesetz (AufenthG)",
        "Aufnahmegesetz (AufnG)",
        "Integration als kommunale Gesamtaufgabe.",
        "Fortschreibung und Aktualisierung: alle zwei Jahre",
        "Fragebogen",
        "Workshops",
        "Kreisausschuss und Kreistag",
        "Themenunabhängige Maßnahmen",
        "10 Maßnahmen",
        "4 übergeordnete Ziele",
    ):
        assert inhalt_text in text, inhalt_text
    assert text.count('class="kern-card karte') == 7


def test_kopf_und_fuss_aus_daten(client, inhalt):
    Landkreis.objects.update(name="Landkreis Musterland")
    text = client.get("/2024/").text
    assert "Landkreis Musterland" in text
    assert "Wesermarsch</span>" not in text
    for name in ("konzept:impressum", "konzept:datenschutz", "konzept:barrierefreiheit"):
        assert f'href="{reverse(name)}"' in text
    assert 'href="#inhalt"' in text and 'id="inhalt"' in text
    assert 'aria-label="Brotkrümelnavigation"' in text


def test_themenfeld_seite_zeigt_ziele_teilziele_massnahmen_und_kmv(client, inhalt):
    text = client.get("/2024/themenfelder/partizipation/").text
    for inhalt_text in (
        "Ausreichende Integrations- und Sprachkurseangebote schaffen.",
        "Sprachförderung ausbauen",
        "Ausbau des Angebotes an Integrationskursen",
        "Sprachcafés",
        "Weiterführende Sprachkurse",
        "Legende",
    ):
        assert inhalt_text in text
    # KMV provenance: colour (class) and a text label, on exactly the one measure.
    # In the body: the page's stylesheet in the head names the class too (issue 20.1).
    assert text.split("</head>", 1)[1].count("massnahme--vertretung") == 1
    assert (
        text.count('<span class="vertretung-kennzeichen">Vorschlag der KMV</span>') == 2
    )  # + legend
    assert text.count("status status--geplant") == 10


def test_massnahmen_seite(client, inhalt):
    massnahme = inhalt.themenfelder.get(themenunabhaengig=True).teilziele.last().massnahmen.get()
    text = client.get(massnahme.get_absolute_url()).text
    assert "mindestens 10.000 € zur Wahrnehmung" in text
    assert "10.000,00&nbsp;€" in text
    assert "Förderung des lokalen Integrationsmanagements" in text
    assert "geplant" in text


def test_pflichtseiten(client, inhalt):
    assert "Herausgeber" in client.get("/impressum/").text
    assert "DSGVO" in client.get("/datenschutz/").text
    erklaerung = client.get("/barrierefreiheit/").text
    # The sections § 9b NBGG asks an accessibility statement to have.
    for abschnitt in (
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontakt",
        "Schlichtungsverfahren",
    ):
        assert abschnitt in erklaerung


@pytest.mark.parametrize(
    "url",
    [
        "/2099/",
        "/2024/themenfelder/gibt-es-nicht/",
        "/2024/massnahmen/gibt.es.nicht/",
        "/1999/massnahmen/",
        "/irgendwas/",
        "/impressum/unterseite/",
    ],
)
def test_unbekannte_adressen_sind_404_im_layout(client, inhalt, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    assert "Landkreis Wesermarsch" in response.text


def test_seiten_ohne_geladene_pflichtseite_sind_404(client, leer):
    assert client.get("/impressum/").status_code == 404


def test_nur_get(client, inhalt):
    assert client.post("/2024/").status_code in (403, 405)


def test_strenge_csp_und_keine_fremden_quellen(client, inhalt):
    for url in ("/2024/", "/2024/themenfelder/gesundheit/", "/2024/massnahmen/", "/impressum/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        # Issue 8: scripts only with this response's nonce, which every script tag carries.
        nonce = re.search(r"script-src 'nonce-([\w-]+)'(;|$)", csp).group(1)
        skripte = re.findall(r"<script\b[^>]*>", response.text)
        assert skripte and all(f'nonce="{nonce}"' in skript for skript in skripte)
        assert "unsafe" not in csp
        # Nothing is loaded from another origin; nothing is inline but the stylesheet.
        fremd = [
            url
            for url in re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', response.text)
            if not url.split("//", 1)[1].startswith("testserver/")
        ]
        assert not fremd
        # Issue 20.1: the page's stylesheet is its one <style>, allowed by the same nonce.
        assert re.search(r"style-src [^;]*'nonce-" + nonce, csp)
        assert re.findall(r"<style\b[^>]*>", response.text) == [f'<style nonce="{nonce}">']
        assert " style=" not in response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)


def test_von_nutzern_geschriebenes_wird_escaped(client, inhalt):
    Edition.objects.filter(jahr=2024).update(titel="<script>alert(1)</script>")
    text = client.get("/2024/").text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@override_settings(DEMO_BENUTZER_ERLAUBT=True)
def test_demo_benutzer_zweimal_anlegbar(db):
    from django.contrib.auth.models import User

    call_command("demo_benutzer", verbosity=0)
    call_command("demo_benutzer", verbosity=0)
    for name, gruppe in (
        ("koordination", "Koordinierungsstelle"),
        ("ausschuss", "Ausschuss"),
        ("kmv", "KMV"),
    ):
        user = User.objects.get(username=name)
        assert list(user.groups.values_list("name", flat=True)) == [gruppe]
        assert not user.is_staff
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.count() == 4


@override_settings(DEMO_BENUTZER_ERLAUBT=False)
def test_demo_benutzer_nie_in_produktion(db):
    from django.contrib.auth.models import User

    with pytest.raises(CommandError, match="nicht erlaubt"):
        call_command("demo_benutzer", verbosity=0)
    assert not User.objects.exists()


def manage(*argumente, **umgebung):
    return subprocess.run(
        [sys.executable, "manage.py", *argumente],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "konzept.settings.prod", **umgebung},
        capture_output=True,
        text=True,
        check=False,
    )


def test_produktion_legt_nie_demo_benutzer_an(tmp_path):
    ergebnis = manage(
        "demo_benutzer", SECRET_KEY="x" * 50, DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3"
    )
    assert ergebnis.returncode != 0
    assert "nicht erlaubt" in ergebnis.stderr


def test_produktion_braucht_einen_geheimen_schluessel():
    ergebnis = manage("check", SECRET_KEY="")
    assert ergebnis.returncode != 0
    assert "SECRET_KEY" in ergebnis.stderr
