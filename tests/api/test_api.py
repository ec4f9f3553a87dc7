"""Issue 19.2: the REST API. Reads as the pages show them, writes of the implementation state
through the pages' services with personal tokens, and every error as problem+json."""

import hashlib
import json

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from massnahmen.models import Massnahme, Messwert, Sachstandsbericht, Umsetzungsnotiz
from tests.api.conftest import kopf, token
from tests.conftest import benutzer_mit_rolle

PROBLEM = "application/problem+json"


def _massnahme_url(massnahme, pfad=""):
    return f"/api/v1/ausgaben/{massnahme.edition.jahr}/massnahmen/{massnahme.key}/{pfad}"


def _melden(client, massnahme, daten, klartext=None, **extra):
    if klartext:
        extra.update(kopf(klartext))
    return client.post(
        _massnahme_url(massnahme, "umsetzung/"),
        data=json.dumps(daten),
        content_type="application/json",
        **extra,
    )


def _ist_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    inhalt = response.json()
    assert inhalt["status"] == status and inhalt["title"] and inhalt["type"]
    return inhalt


# Reading, as the pages


def test_beschlossene_ausgaben_lesen_alle(client, inhalt, entwurf, massnahme):
    """Anonymous readers get the adopted edition and its measures, not the draft."""
    jahre = [a["jahr"] for a in client.get("/api/v1/ausgaben/").json()["eintraege"]]
    assert jahre == [inhalt.jahr]
    antwort = client.get(_massnahme_url(massnahme))
    assert antwort.status_code == 200
    assert antwort.json()["titel"] == massnahme.quelltext("titel")
    assert antwort.json()["federfuehrung"] == massnahme.federfuehrung.name
    detail = _ist_problem(client.get(f"/api/v1/ausgaben/{entwurf.jahr}/massnahmen/"), 403)
    assert "Entwurf" in detail["detail"]


@pytest.mark.parametrize(
    ("gruppe", "darf"),
    [("KMV", True), ("Ausschuss", True), ("Koordinierungsstelle", True), ("Umsetzung", False)],
)
def test_entwuerfe_nach_rolle(client, entwurf, gruppe, darf):
    """Drafts with a token of a role that reads drafts on the pages (konzept.rollen)."""
    klartext = token(benutzer_mit_rolle(f"api-{gruppe}", gruppe))
    antwort = client.get(f"/api/v1/ausgaben/{entwurf.jahr}/", **kopf(klartext))
    assert antwort.status_code == (200 if darf else 403)
    jahre = [
        a["jahr"] for a in client.get("/api/v1/ausgaben/", **kopf(klartext)).json()["eintraege"]
    ]
    assert (entwurf.jahr in jahre) is darf


def test_sitzung_zaehlt_nicht(staff_client, entwurf):
    """The API reads no browser session: signed in or not, without a token it is anonymous."""
    assert staff_client.get(f"/api/v1/ausgaben/{entwurf.jahr}/").status_code == 403


def test_blaettern(client, inhalt):
    alle = Massnahme.objects.in_edition(inhalt).count()
    assert alle >= 3
    erste = client.get(f"/api/v1/ausgaben/{inhalt.jahr}/massnahmen/?limit=2").json()
    zweite = client.get(f"/api/v1/ausgaben/{inhalt.jahr}/massnahmen/?limit=2&offset=2").json()
    assert erste["anzahl"] == zweite["anzahl"] == alle
    assert len(erste["eintraege"]) == 2
    keys = [m["key"] for m in erste["eintraege"] + zweite["eintraege"]]
    assert len(set(keys)) == len(keys)
    _ist_problem(client.get(f"/api/v1/ausgaben/{inhalt.jahr}/massnahmen/?limit=101"), 422)
    _ist_problem(client.get(f"/api/v1/ausgaben/{inhalt.jahr}/massnahmen/?offset=-1"), 422)


def test_alle_lesepfade(client, inhalt, massnahme):
    """Every read path answers for the adopted edition with the documented members."""
    from themenfelder.models import Leitziel, Teilziel

    jahr = inhalt.jahr
    # A level this district does not use gets one item, so each path shows its members.
    if not Teilziel.objects.filter(themenfeld__edition=inhalt).exists():
        Teilziel.objects.create(themenfeld=massnahme.themenfeld, key="tz", position=90, titel="Z")
    if not Leitziel.objects.filter(themenfeld__edition=inhalt).exists():
        Leitziel.objects.create(themenfeld=massnahme.themenfeld, key="lz", position=90, text="Z")
    for pfad, feld in [
        ("themenfelder/", "titel"),
        ("leitziele/", "text"),
        ("teilziele/", "titel"),
        ("massnahmen/", "status"),
    ]:
        antwort = client.get(f"/api/v1/ausgaben/{jahr}/{pfad}")
        assert antwort.status_code == 200, pfad
        assert antwort.json()["eintraege"] and feld in antwort.json()["eintraege"][0]
    feld = massnahme.themenfeld.key
    assert client.get(f"/api/v1/ausgaben/{jahr}/themenfelder/{feld}/").json()["key"] == feld
    gefiltert = client.get(f"/api/v1/ausgaben/{jahr}/massnahmen/?themenfeld={feld}").json()
    assert {m["themenfeld"] for m in gefiltert["eintraege"]} == {feld}
    _ist_problem(client.get(f"/api/v1/ausgaben/{jahr}/massnahmen/gibt-es-nicht/"), 404)
    _ist_problem(client.get("/api/v1/ausgaben/1999/"), 404)


def test_etag_und_304(client, inhalt, massnahme, koordination):
    url = _massnahme_url(massnahme)
    erste = client.get(url)
    etag = erste["ETag"]
    assert etag and "Authorization" in erste["Vary"]
    nicht_geaendert = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert nicht_geaendert.status_code == 304 and nicht_geaendert.content == b""
    assert nicht_geaendert["ETag"] == etag
    # Compressed answers carry the weak form; it matches as well.
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert _melden(client, massnahme, {"status": "umgesetzt"}, token(koordination, "umsetzung"))
    neu = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert neu.status_code == 200 and neu["ETag"] != etag


def test_cors_nur_zum_lesen(client, inhalt, massnahme, koordination):
    lesen = client.get("/api/v1/ausgaben/", HTTP_ORIGIN="https://andere.example")
    assert lesen["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in lesen
    assert "ETag" in lesen["Access-Control-Expose-Headers"]
    vorab = client.options(
        _massnahme_url(massnahme, "umsetzung/"),
        HTTP_ORIGIN="https://andere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert vorab.status_code == 204
    assert "POST" not in vorab["Access-Control-Allow-Methods"]
    schreiben = _melden(client, massnahme, {"noch_aktuell": True}, token(koordination, "umsetzung"))
    assert schreiben.status_code == 200
    assert "Access-Control-Allow-Origin" not in schreiben


# Writing the implementation state


def test_koordinierungsstelle_schreibt_mit_historie(client, inhalt, massnahme, koordination):
    """Staff write at once (200), through the page's services: one history record for the
    measure with the user, the note and the value stored."""
    from massnahmen.models import Indikator

    indikator = Indikator.objects.create(
        massnahme=massnahme, key="teilnehmende", name="Teilnehmende"
    )
    vorher = massnahme.history.count()
    antwort = _melden(
        client,
        massnahme,
        {
            "status": "in_umsetzung",
            "notiz": "Erste Jobmesse mit 40 Betrieben.",
            "messwerte": [{"indikator": "teilnehmende", "wert": "120,5", "quelle": "Zählung"}],
            "version": massnahme.version,
        },
        token(koordination, "umsetzung"),
    )
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["bericht"] == "freigegeben"
    assert antwort.json()["massnahme"]["status"] == "in_umsetzung"
    massnahme.refresh_from_db()
    assert massnahme.status == "in_umsetzung"
    eintrag = massnahme.history.first()
    assert massnahme.history.count() == vorher + 1
    assert eintrag.history_user == koordination and eintrag.status == "in_umsetzung"
    notiz = Umsetzungsnotiz.objects.get(massnahme=massnahme)
    assert notiz.text == "Erste Jobmesse mit 40 Betrieben." and notiz.autor == koordination
    assert notiz.history.first().history_user == koordination
    assert str(Messwert.objects.get(indikator=indikator).wert) == "120.50"
    notizen = client.get(f"/api/v1/ausgaben/{inhalt.jahr}/umsetzungsnotizen/").json()
    assert notizen["eintraege"][0]["text"] == notiz.text


def test_ansprechperson_meldet_nur_eigene(client, massnahme, andere_massnahme, kontakt):
    """Contact persons report on their organisation's measures; public after review (202)."""
    klartext = token(kontakt, "umsetzung")
    antwort = _melden(client, massnahme, {"status": "umgesetzt"}, klartext)
    assert antwort.status_code == 202, antwort.content
    assert antwort.json()["bericht"] == "eingereicht"
    bericht = Sachstandsbericht.objects.get(massnahme=massnahme)
    assert bericht.autor == kontakt and bericht.status == "eingereicht"
    massnahme.refresh_from_db()
    assert massnahme.status != "umgesetzt"  # not before staff approve
    if andere_massnahme.federfuehrung_id != massnahme.federfuehrung_id:
        _ist_problem(_melden(client, andere_massnahme, {"status": "umgesetzt"}, klartext), 403)


@pytest.mark.parametrize("gruppe", ["KMV", "Ausschuss"])
def test_andere_rollen_schreiben_nicht(client, massnahme, gruppe):
    """A write token does not widen a role: the pages' rule (darf_umsetzung_melden) decides."""
    user = benutzer_mit_rolle(f"api-{gruppe}", gruppe)
    from api.services import token_anlegen

    klartext = token_anlegen(user=user, name="x", bereich="umsetzung", tage=1)[1]
    _ist_problem(_melden(client, massnahme, {"status": "umgesetzt"}, klartext), 403)
    assert not Sachstandsbericht.objects.exists()


def test_entwurf_fuer_die_koordinierungsstelle(client, entwurf, koordination):
    """Drafts have a live implementation state for staff too, as on the pages."""
    massnahme = Massnahme.objects.in_edition(entwurf).first()
    antwort = _melden(client, massnahme, {"noch_aktuell": True}, token(koordination, "umsetzung"))
    assert antwort.status_code == 200


# Tokens


def test_token_lebenszyklus(client, massnahme, koordination):
    """Created on the page (shown once, stored as sha256 only), used, revoked: then refused."""
    from tests.conftest import zweiten_faktor_bestaetigen

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(koordination)
    zweiten_faktor_bestaetigen(browser, koordination)
    seite = browser.get("/meine-daten/api-tokens/")
    assert seite.status_code == 200
    assert 'href="/meine-daten/api-tokens/"' in browser.get("/meine-daten/").content.decode()
    # Without the CSRF token nothing is created.
    assert browser.post("/meine-daten/api-tokens/", {"name": "x"}).status_code == 403
    csrf = (
        seite.cookies["csrftoken"].value
        if "csrftoken" in seite.cookies
        else browser.cookies["csrftoken"].value
    )
    antwort = browser.post(
        "/meine-daten/api-tokens/",
        {
            "name": "Fachverfahren",
            "bereich": "umsetzung",
            "tage": "30",
            "csrfmiddlewaretoken": csrf,
        },
    )
    assert antwort.status_code == 200
    assert antwort["Cache-Control"] == "no-store"
    gespeichert = ApiToken.objects.get(user=koordination)
    import re

    klartext = re.search(r"ik_[\w-]{40,}", antwort.content.decode()).group(0)
    assert gespeichert.token_hash == hashlib.sha256(klartext.encode()).hexdigest()
    assert klartext not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert klartext not in browser.get("/meine-daten/api-tokens/").content.decode()
    assert _melden(client, massnahme, {"noch_aktuell": True}, klartext).status_code == 200
    gespeichert.refresh_from_db()
    assert gespeichert.zuletzt_benutzt_am is not None
    widerrufen = browser.post(
        f"/meine-daten/api-tokens/{gespeichert.pk}/widerrufen/", {"csrfmiddlewaretoken": csrf}
    )
    assert widerrufen.status_code == 302
    detail = _ist_problem(_melden(client, massnahme, {"noch_aktuell": True}, klartext), 401)
    assert "widerrufen" in detail["detail"]
    _ist_problem(client.get("/api/v1/ausgaben/", **kopf(klartext)), 401)


def test_fremdes_token_nicht_widerrufbar(client, koordination):
    from api.services import token_anlegen

    fremd = token_anlegen(
        user=benutzer_mit_rolle("fremd", "KMV"), name="x", bereich="lesen", tage=1
    )[0]
    client.force_login(koordination)
    assert client.post(f"/meine-daten/api-tokens/{fremd.pk}/widerrufen/").status_code == 404
    fremd.refresh_from_db()
    assert fremd.widerrufen_am is None


def test_lesetoken_nur_wer_nicht_schreiben_darf(client, db):
    """KMV members may read drafts by API, but are not offered the write scope."""
    client.force_login(benutzer_mit_rolle("api-kmv-seite", "KMV"))
    antwort = client.post(
        "/meine-daten/api-tokens/", {"name": "x", "bereich": "umsetzung", "tage": "30"}
    )
    assert antwort.status_code == 422
    assert not ApiToken.objects.exists()


def test_abgelaufen_falsch_und_lesetoken(client, massnahme, koordination):
    abgelaufen = token(koordination, "umsetzung")
    ApiToken.objects.update(gueltig_bis=timezone.now())
    assert (
        "abgelaufen"
        in _ist_problem(client.get("/api/v1/ausgaben/", **kopf(abgelaufen)), 401)["detail"]
    )
    _ist_problem(client.get("/api/v1/ausgaben/", **kopf("ik_falsch")), 401)
    _ist_problem(client.get("/api/v1/ausgaben/", HTTP_AUTHORIZATION="Basic abc"), 401)
    lesen = token(koordination, "lesen")
    assert client.get("/api/v1/ausgaben/", **kopf(lesen)).status_code == 200
    _ist_problem(_melden(client, massnahme, {"status": "umgesetzt"}, lesen), 403)
    _ist_problem(_melden(client, massnahme, {"status": "umgesetzt"}), 401)
    massnahme.refresh_from_db()
    assert massnahme.status != "umgesetzt"


# Bad input: a clear 4xx as problem+json, nothing changed


def test_schlechte_eingaben(client, massnahme, koordination, settings):
    klartext = token(koordination, "umsetzung")
    url = _massnahme_url(massnahme, "umsetzung/")
    version = massnahme.version

    def senden(body, content_type="application/json", **extra):
        return client.generic(
            "POST", url, body, content_type=content_type, **kopf(klartext), **extra
        )

    _ist_problem(senden("{"), 400)
    _ist_problem(senden("[]"), 422)
    _ist_problem(senden('{"status": "umgesetzt"}', "text/plain"), 415)
    _ist_problem(senden("status=umgesetzt", "application/x-www-form-urlencoded"), 415)
    _ist_problem(senden(json.dumps({"status": "umgesetzt", "x": 1})), 422)
    _ist_problem(senden(json.dumps({"status": "fertig"})), 422)
    _ist_problem(senden(json.dumps({"notiz": "x" * 2001})), 422)
    _ist_problem(senden(json.dumps({"beginn_tatsaechlich": "2999-01-01"})), 422)
    _ist_problem(senden(json.dumps({"messwerte": [{"indikator": "nein", "wert": "1"}]})), 422)
    _ist_problem(senden(json.dumps({"messwerte": [{"indikator": "a", "wert": "1e9999"}]})), 422)
    _ist_problem(senden(json.dumps({"notiz": "x" * (settings.API_MAX_BYTES + 1)})), 413)
    _ist_problem(senden(json.dumps({"status": "umgesetzt", "version": version + 1})), 409)
    _ist_problem(senden(json.dumps({"status": "umgesetzt"}), HTTP_ACCEPT="text/html"), 406)
    _ist_problem(client.put(url, "{}", content_type="application/json", **kopf(klartext)), 405)
    _ist_problem(client.delete("/api/v1/ausgaben/"), 405)
    massnahme.refresh_from_db()
    assert massnahme.version == version and massnahme.status != "umgesetzt"
    assert not Umsetzungsnotiz.objects.exists()


def test_zu_viele_anfragen(client, inhalt, settings):
    settings.API_ANFRAGEN_PRO_MINUTE = 2
    assert client.get("/api/v1/ausgaben/").status_code == 200
    assert client.get("/api/v1/ausgaben/").status_code == 200
    antwort = client.get("/api/v1/ausgaben/")
    _ist_problem(antwort, 429)
    assert int(antwort["Retry-After"]) > 0


# The description


def test_openapi_31_und_service_desc(client, inhalt):
    beschreibung = client.get("/api/v1/openapi.json").json()
    assert beschreibung["openapi"].startswith("3.1")
    schreiben = beschreibung["paths"]["/api/v1/ausgaben/{jahr}/massnahmen/{key}/umsetzung/"]
    assert "application/problem+json" in schreiben["post"]["responses"]["409"]["content"]
    seite = client.get(f"/{inhalt.jahr}/").content.decode()
    assert (
        '<link rel="service-desc" href="/api/v1/openapi.json" type="application/openapi+json">'
        in seite
    )
    api_seite = client.get("/api/")
    assert api_seite.status_code == 200 and "/api/v1/openapi.json" in api_seite.content.decode()


def test_fehler_je_feld_auf_deutsch(client, massnahme, koordination):
    antwort = _melden(
        client, massnahme, {"status": "fertig", "unbekannt": 1}, token(koordination, "umsetzung")
    )
    fehler = {tuple(f["ort"]): f for f in _ist_problem(antwort, 422)["fehler"]}
    assert fehler[("body", "eingabe", "unbekannt")]["meldung"] == "Dieses Feld gibt es nicht."
    assert "nicht vorgesehen" in fehler[("body", "eingabe", "status")]["meldung"]
    limit = _ist_problem(client.get("/api/v1/ausgaben/?limit=0"), 422)["fehler"][0]
    assert (
        limit["ort"] == ["query", "limit"]
        and limit["meldung"] == "Der Wert muss mindestens 1 sein."
    )


def test_head_wie_get(client, inhalt):
    get = client.get("/api/v1/ausgaben/")
    head = client.head("/api/v1/ausgaben/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Length"] == str(len(get.content))


def test_deaktiviertes_konto(client, inhalt, koordination):
    klartext = token(koordination)
    assert client.get("/api/v1/ausgaben/", **kopf(klartext)).status_code == 200
    koordination.is_active = False
    koordination.save(update_fields=["is_active"])
    _ist_problem(client.get("/api/v1/ausgaben/", **kopf(klartext)), 401)
