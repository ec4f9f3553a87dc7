"""Issue 2: the public pages render the whole concept, in the site's layout, safely."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.template.defaultfilters import floatformat
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from konzept.begriffe import begriffe, migrationsvertretung
from konzept.models import Edition, Landkreis, Seite
from massnahmen.models import Massnahme


def test_startseite_fuehrt_zur_aktuellen_ausgabe(client, inhalt):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/2024/"


def test_startseite_ohne_inhalt(client, leer):
    response = client.get("/")
    assert response.status_code == 200
    assert "inhalte_laden" in response.text


def test_uebersicht_zeigt_ausgangssituation_hintergrund_beteiligung_und_felder(client, inhalt):
    inhalt.beteiligungsformate.update(methode="Fragebogen", beteiligte="Kreistag und Ausschüsse")
    text = client.get(inhalt.get_absolute_url()).text
    erwartet = [inhalt.titel]
    for kennzahl in inhalt.kennzahlen.all():
        wert = floatformat(kennzahl.wert, "-2g")
        einheit = kennzahl.einheit if kennzahl.einheit == "%" else f"&nbsp;{kennzahl.einheit}"
        erwartet += [f"{wert}{einheit}" if kennzahl.einheit else wert, kennzahl.bezeichnung]
        if kennzahl.stichtag:
            erwartet.append(kennzahl.stichtag.strftime("%d.%m.%Y"))
        if kennzahl.quelle:
            erwartet.append(kennzahl.quelle)
    for grundlage in inhalt.rechtsgrundlagen.all():
        erwartet.append(f'<span lang="de" dir="ltr">{grundlage.kuerzel}</span> – {grundlage.titel}')
    for absatz in (inhalt.ausgangssituation, inhalt.hintergrund, inhalt.leitgedanke):
        erwartet += [zeile.strip() for zeile in absatz.splitlines() if zeile.strip()]
    erwartet += ["Fragebogen", "Kreistag und Ausschüsse"]
    woerter = begriffe()
    felder = list(inhalt.themenfelder.mit_zahlen())
    for themenfeld in felder:
        erwartet.append(themenfeld.titel)
        anzahl = f"{woerter['massnahme'].mehrzahl}: {themenfeld.anzahl_massnahmen}"
        if themenfeld.anzahl_leitziele:
            anzahl = (
                f"{woerter['leitziel'].mehrzahl}: {themenfeld.anzahl_leitziele} · "
                + (
                    f"{woerter['teilziel'].mehrzahl}: {themenfeld.anzahl_teilziele} · "
                    if themenfeld.anzahl_teilziele
                    else ""
                )
                + anzahl
            )
        erwartet.append(anzahl)
    for inhalt_text in erwartet:
        assert escape(inhalt_text) in text or inhalt_text in text, inhalt_text
    assert text.count('class="kern-card karte') == len(felder)
    assert text.count('class="kern-card karte karte--quer"') == sum(
        themenfeld.themenunabhaengig for themenfeld in felder
    )


def test_kopf_und_fuss_aus_daten(client, inhalt):
    bisher = Landkreis.aktuell().name
    Landkreis.objects.update(name="Landkreis Anderswo")
    text = client.get("/2024/").text
    assert "Landkreis Anderswo" in text
    assert f"{bisher}</span>" not in text
    for name in ("konzept:impressum", "konzept:datenschutz", "konzept:barrierefreiheit"):
        assert f'href="{reverse(name)}"' in text
    assert 'href="#inhalt"' in text and 'id="inhalt"' in text
    assert 'aria-label="Brotkrümelnavigation"' in text


def test_themenfeld_seite_zeigt_ziele_teilziele_massnahmen_und_kmv(
    client, themenfeld, kmv_massnahme
):
    text = client.get(themenfeld.get_absolute_url()).text
    massnahmen = list(Massnahme.objects.filter(themenfeld=themenfeld))
    for inhalt_text in (
        *(leitziel.text for leitziel in themenfeld.leitziele.all()),
        *(teilziel.titel for teilziel in themenfeld.teilziele.all()),
        *(massnahme.titel for massnahme in massnahmen),
        "Legende",
    ):
        assert escape(inhalt_text) in text, inhalt_text
    # Provenance from the migrant council: colour (class) and a text label, on exactly its
    # measures. In the body: the page's stylesheet in the head names the class too (issue 20.1).
    von_der_vertretung = [massnahme for massnahme in massnahmen if massnahme.ist_kmv]
    assert kmv_massnahme in von_der_vertretung
    assert text.split("</head>", 1)[1].count("massnahme--vertretung") == len(von_der_vertretung)
    kennzeichen = migrationsvertretung().kennzeichen
    assert (
        text.count(f'<span class="vertretung-kennzeichen">{escape(kennzeichen)}</span>')
        == len(von_der_vertretung) + 1
    )  # + legend
    for status in {massnahme.status for massnahme in massnahmen}:
        assert text.count(f"status status--{status}") == sum(
            massnahme.status == status for massnahme in massnahmen
        )


def test_massnahmen_seite(client, massnahme):
    text = client.get(massnahme.get_absolute_url()).text
    assert escape(massnahme.titel) in text
    assert escape(massnahme.beschreibung) in text
    assert f"{floatformat(massnahme.budget, '2g')}&nbsp;€" in text
    assert escape(massnahme.federfuehrung.name) in text
    for partner in massnahme.partner.all():
        assert escape(partner.name) in text
    # The goal it serves, named on its page.
    eltern = massnahme.teilziel or massnahme.leitziel
    assert escape(eltern.titel if massnahme.teilziel else eltern.text) in text
    assert massnahme.get_status_display() in text


def test_pflichtseiten(client, inhalt):
    """Imprint, privacy and accessibility statement show the district's texts."""
    for art in ("impressum", "datenschutz", "barrierefreiheit"):
        seite = Seite.objects.get(art=art)
        text = client.get(reverse(f"konzept:{art}")).text
        assert escape(seite.titel) in text and escape(seite.einleitung) in text
        for abschnitt in seite.abschnitte.all():
            assert escape(abschnitt.ueberschrift) in text and escape(abschnitt.text) in text


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
    assert Landkreis.aktuell().name in response.text


def test_seiten_ohne_geladene_pflichtseite_sind_404(client, leer):
    assert client.get("/impressum/").status_code == 404


def test_nur_get(client, inhalt):
    assert client.post("/2024/").status_code in (403, 405)


def test_strenge_csp_und_keine_fremden_quellen(client, inhalt):
    themenfeld = inhalt.themenfelder.last()
    for url in ("/2024/", themenfeld.get_absolute_url(), "/2024/massnahmen/", "/impressum/"):
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
