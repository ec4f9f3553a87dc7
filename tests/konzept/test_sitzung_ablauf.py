"""Issue 14.18: a session that ends while someone types does not cost the text. An htmx form
sent after the end gets 401 and keeps its place; without JavaScript the answer shows the
typed text to copy; a warning before the end offers "Sitzung verlängern" (WCAG 2.2.1)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle
from tests.konzept.test_bearbeiten import formulardaten

TEXT = "Ein langer Absatz, an dem eine Stunde geschrieben wurde."


def _abgelaufen():
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))


def test_htmx_formular_nach_ablauf_bleibt_stehen(staff_client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).first()
    _abgelaufen()
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(massnahme, beschreibung=TEXT),
        headers={"HX-Request": "true"},
    )
    assert antwort.status_code == 401
    assert antwort["HX-Reswap"] == "none"
    assert antwort["HX-Trigger"] == "sitzungAbgelaufen"
    assert "<main" not in antwort.text and "<h1" not in antwort.text
    massnahme.refresh_from_db()
    assert massnahme.beschreibung != TEXT


def test_kommentar_mit_htmx_nach_ablauf(client, entwurf):
    from tests.conftest import kommentar_in_offener_phase

    kommentar_in_offener_phase(entwurf, "andere")
    mitglied = benutzer_mit_rolle("mitglied", "KMV")
    client.force_login(mitglied)
    ziel = Massnahme.objects.in_edition(entwurf).first()
    _abgelaufen()
    antwort = client.post(
        f"/kommentare/neu/massnahme/{ziel.pk}/",
        {"text": TEXT, "einreichung": "5b0f7f6e-1d1c-4a3e-9f7c-2c2f9b1f1a11"},
        headers={"HX-Request": "true"},
    )
    assert antwort.status_code == 401 and antwort["HX-Reswap"] == "none"


def test_ohne_javascript_zeigt_die_seite_den_text(staff_client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).first()
    _abgelaufen()
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, beschreibung=TEXT)
    )
    assert antwort.status_code == 401
    assert TEXT in antwort.text
    assert antwort.text.count("<main") == 1 and antwort.text.count("<h1") == 1
    assert "/anmelden/?next=" in antwort.text
    assert "csrfmiddlewaretoken" not in antwort.text.split("<main", 1)[1].split("</main>")[0]
    assert antwort["Cache-Control"] == "no-store"


def test_angemeldete_sehen_die_warnung_vor_dem_ende(staff_client, entwurf, settings):
    seite = staff_client.get(f"/{entwurf.jahr}/").text
    assert f'data-sitzung-sekunden="{settings.SESSION_COOKIE_AGE}"' in seite
    assert 'id="sitzung-warnung"' in seite and "Sitzung verlängern" in seite
    assert "js/sitzung.js" in seite
    assert seite.count("<main") == 1 and seite.count("<h1") == 1


def test_sitzung_verlaengern(staff_client, entwurf):
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=2))
    assert staff_client.post("/sitzung/verlaengern/").status_code == 204
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=50)
    assert Client().post("/sitzung/verlaengern/").status_code == 401


def test_sitzung_status_mit_neuem_csrf_token(staff_client):
    stand = staff_client.get("/sitzung/").json()
    assert stand["angemeldet"] is True and len(stand["csrf"]) >= 32
    assert Client().get("/sitzung/").json()["angemeldet"] is False
