"""Issue 19.1: single sign-on with the authority's OpenID Connect provider.

Every flow here runs against a real, certified provider (panva's oidc-provider, tests/anbieter.py)
through the app's own views: the Django test client starts the sign-in, the provider's own sign-in
and consent pages are filled in as a browser would, and the provider's answer comes back to the
callback. Bad answers are made by tampering with what the provider really sent (its ID token)
before the app checks it against the provider's real keys (JWKS).
"""

import base64
import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from konzept import oidc
from konzept.models import Dienstkonto
from konzept.settings.base import _gruppenzuordnung
from tests.anbieter import (
    KONTEN,
    SCHLUESSEL,
    Anbieter,
    beim_anbieter_anmelden,
    freier_port,
    warten_bis_beendet,
)
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def dienstkonto(settings, anbieter):
    settings.DIENSTKONTO = anbieter.einstellungen()
    return anbieter


def starten(client, ziel="/2024/", sprache=""):
    antwort = client.get(f"{sprache}/anmelden/dienstkonto/?next={ziel}")
    assert antwort.status_code == 302, antwort.content
    return antwort["Location"]


def zurueck(client, url):
    teile = urlsplit(url)
    return client.get(f"{teile.path}?{teile.query}")


def anmelden(client, login, ziel="/2024/", sprache="", **optionen):
    """The whole sign-in: start here, the provider's pages, back to the callback."""
    rueckkehr = beim_anbieter_anmelden(starten(client, ziel, sprache), login, **optionen)
    return zurueck(client, rueckkehr)


def konto(login):
    return Dienstkonto.objects.filter(subjekt=KONTEN[login]["sub"]).select_related("user").first()


def angemeldet(client):
    return "_auth_user_id" in client.session


def nichts_gespeichert(login):
    return konto(login) is None and not User.objects.filter(username__contains=login).exists()


# Switched off


def test_ohne_konfiguration_sieht_die_anmeldung_aus_wie_bisher(client, settings):
    """19.1: without a provider configured there is no button, and its URLs do not exist."""
    settings.DIENSTKONTO = {**settings.DIENSTKONTO, "aussteller": "", "client_id": ""}
    seite = client.get("/anmelden/").text
    assert "Mit Dienstkonto anmelden" not in seite and "Mit Benutzername und Passwort" not in seite
    assert 'name="username"' in seite
    assert client.get("/anmelden/dienstkonto/").status_code == 404
    assert client.get("/anmelden/dienstkonto/rueckkehr/?state=x&code=y").status_code == 404


def test_mit_konfiguration_bietet_die_anmeldung_beides(client, dienstkonto):
    """19.1: the button leads to the provider; the password form stays (KMV members)."""
    seite = client.get("/anmelden/?next=/2024/").text
    assert "Mit Dienstkonto anmelden" in seite and 'name="username"' in seite
    assert 'href="/anmelden/dienstkonto/?next=/2024/"' in seite
    ziel = urlsplit(starten(client))
    parameter = parse_qs(ziel.query)
    assert f"{ziel.scheme}://{ziel.netloc}" == dienstkonto.aussteller
    assert parameter["redirect_uri"] == ["http://testserver/anmelden/dienstkonto/rueckkehr/"]
    assert parameter["code_challenge_method"] == ["S256"] and parameter["nonce"]
    assert parameter["scope"] == ["openid groups"]


# Signing in, roles, the link


def test_koordination_mit_mfa_beim_anbieter_ohne_lokalen_zweiten_faktor(client, dienstkonto):
    """19.1: the provider asserts MFA (amr "mfa"): signed in with the mapped role, no local second
    factor asked; linked by issuer and subject only."""
    antwort = anmelden(client, "koordination")
    assert antwort.status_code == 302 and antwort["Location"] == "/2024/"
    assert angemeldet(client)
    verknuepft = konto("koordination")
    assert verknuepft.aussteller == dienstkonto.aussteller
    user = verknuepft.user
    assert set(user.groups.values_list("name", flat=True)) == {"Koordinierungsstelle"}
    # Nothing personal from the provider: no name, no e-mail, no password.
    assert "koordination" not in user.username and user.username.startswith("dienstkonto-")
    assert (user.email, user.first_name, user.last_name) == ("", "", "")
    assert not user.has_usable_password()
    # Signed in with both factors: an edit page opens, no detour to the second factor.
    seite = client.get("/2024/geloescht/")
    assert seite.status_code == 200


def test_ohne_mfa_fragt_die_anwendung_den_lokalen_zweiten_faktor(client, dienstkonto):
    """19.1: no MFA asserted (amr "pwd" only): staff set up and give the local second factor."""
    antwort = anmelden(client, "ohne-mfa")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/anmelden/zweiter-faktor/einrichten/?next=")
    assert client.get("/2024/geloescht/")["Location"].startswith("/anmelden/zweiter-faktor/")
    user = konto("ohne-mfa").user
    assert "Authenticator-App" in client.get(antwort["Location"]).text
    geraet = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(geraet.bin_key, step=geraet.step):06d}"
    einrichten = client.post(antwort["Location"], {"code": code})
    assert einrichten.status_code == 200 and "Wiederherstellungscodes" in einrichten.text
    assert client.get("/2024/geloescht/").status_code == 200

    # The next sign-in asks for the code of the app now set up.
    andere = Client()
    antwort = anmelden(andere, "ohne-mfa")
    assert antwort["Location"].startswith("/anmelden/zweiter-faktor/?next=")
    assert andere.get("/2024/geloescht/").status_code == 302


def test_acr_zaehlt_nur_wenn_konfiguriert(client, dienstkonto, settings):
    """19.1: an acr value counts as MFA only when OIDC_MFA_ACR names it."""
    antwort = anmelden(client, "acr-hoch")
    assert antwort["Location"].startswith("/anmelden/zweiter-faktor/einrichten/")
    settings.DIENSTKONTO = dienstkonto.einstellungen(mfa_acr=["urn:landkreis:loa:hoch"])
    antwort = anmelden(Client(), "acr-hoch")
    assert antwort["Location"] == "/2024/"


def test_amr_zaehlt_nur_wenn_konfiguriert(client, dienstkonto, settings):
    """19.1: which amr values count is configurable: without "mfa" in the list, the local second
    factor is asked even though the provider says "mfa"."""
    settings.DIENSTKONTO = dienstkonto.einstellungen(mfa_amr=["hwk"])
    antwort = anmelden(client, "koordination")
    assert antwort["Location"].startswith("/anmelden/zweiter-faktor/einrichten/")


def test_jede_gruppe_laesst_sich_zuordnen(client, dienstkonto):
    """19.1: the mapping names any group (here the contact persons' `Umsetzung`, created when
    first granted); unmapped claim values grant nothing; no second factor for a role that
    does not edit the concept."""
    antwort = anmelden(client, "umsetzung")
    assert antwort["Location"] == "/2024/"
    user = konto("umsetzung").user
    assert set(user.groups.values_list("name", flat=True)) == {"Umsetzung"}
    assert not Group.objects.filter(name="kantine").exists()

    ausschuss = Client()
    assert anmelden(ausschuss, "gremium")["Location"] == "/2024/"
    assert set(konto("gremium").user.groups.values_list("name", flat=True)) == {"Ausschuss"}


def test_rollen_folgen_den_claims_bei_jeder_anmeldung(client, dienstkonto, settings):
    """19.1: the roles are mapped anew at every sign-in: a role withdrawn at the provider is gone,
    one granted is there; groups the mapping does not manage stay as the administration set
    them. The same subject is the same user."""
    anmelden(client, "koordination")
    user = konto("koordination").user
    user.groups.add(Group.objects.create(name="Sonderrolle"))

    settings.DIENSTKONTO = dienstkonto.einstellungen(
        gruppen={"ik-koordination": ["Ausschuss"], "ik-gremien": ["Koordinierungsstelle"]}
    )
    antwort = anmelden(Client(), "koordination")
    assert antwort.status_code == 302
    assert konto("koordination").user == user
    assert Dienstkonto.objects.filter(user=user).count() == 1
    assert set(user.groups.values_list("name", flat=True)) == {"Ausschuss", "Sonderrolle"}


def test_verknuepft_nie_ueber_benutzername_oder_email(client, dienstkonto):
    """19.1: accounts are linked by issuer and subject, never by name or e-mail: a local account
    named like the provider's login (with an e-mail address) stays untouched and separate."""
    lokal = benutzer_mit_rolle("koordination", "KMV")
    lokal.email = "koordination@landkreis.example"
    lokal.save()
    anmelden(client, "koordination")
    verknuepft = konto("koordination").user
    assert verknuepft != lokal
    assert not Dienstkonto.objects.filter(user=lokal).exists()
    assert set(lokal.groups.values_list("name", flat=True)) == {"KMV"}
    assert int(client.session["_auth_user_id"]) == verknuepft.pk


def test_administration_verknuepft_ein_vorhandenes_konto(client, admin_client, dienstkonto):
    """19.1: an existing local account is linked by hand in the admin (issuer and the person's
    `sub`); the next sign-in with the service account lands in it, with the mapped roles."""
    lokal = benutzer_mit_rolle("k.mustermann", "KMV")
    antwort = admin_client.post(
        "/admin/konzept/dienstkonto/add/",
        {
            "user": lokal.pk,
            "aussteller": dienstkonto.aussteller,
            "subjekt": KONTEN["gremium"]["sub"],
        },
    )
    assert antwort.status_code == 302
    anmelden(client, "gremium")
    assert int(client.session["_auth_user_id"]) == lokal.pk
    assert set(lokal.groups.values_list("name", flat=True)) == {"KMV", "Ausschuss"}


def test_claims_ohne_rolle_klare_absage_und_nichts_sonst(client, dienstkonto):
    """19.1, bad input: claims that map to no role get a clear page (403) in the reader's
    language, and nothing else: no account, no link, not signed in."""
    benutzer = User.objects.count()
    antwort = anmelden(client, "ohne-rolle")
    assert antwort.status_code == 403
    assert "keine Rolle im Integrationskonzept" in antwort.text
    assert not angemeldet(client) and User.objects.count() == benutzer
    assert nichts_gespeichert("ohne-rolle")

    arabisch = anmelden(Client(), "ohne-rolle", sprache="/ar")
    assert arabisch.status_code == 403
    assert '<html lang="ar" dir="rtl">' in arabisch.text
    assert "keine Rolle" not in arabisch.text


def test_gesperrtes_konto_wird_abgewiesen(client, dienstkonto):
    """19.1: a linked account that the administration deactivated cannot sign in (403), its
    roles stay as they were."""
    anmelden(client, "koordination")
    user = konto("koordination").user
    user.is_active = False
    user.save()
    antwort = anmelden(Client(), "koordination")
    assert antwort.status_code == 403 and "gesperrt" in antwort.text
    assert set(user.groups.values_list("name", flat=True)) == {"Koordinierungsstelle"}
    # Its running session ends too (Django's rule, kept by the backend).
    assert client.get("/2024/geloescht/").status_code == 302


def test_anmeldung_in_der_sprache_der_seite(client, dienstkonto):
    """19.1: a sign-in started on an Arabic page comes back to where it started."""
    antwort = anmelden(client, "gremium", ziel="/ar/2024/", sprache="/ar")
    assert antwort["Location"] == "/ar/2024/"


def test_ziel_auf_fremder_seite_wird_nicht_angesteuert(client, dienstkonto):
    """19.1: `next` to another site is dropped (open redirect)."""
    antwort = anmelden(client, "gremium", ziel="https://boese.example/")
    assert antwort["Location"] == "/"


def test_meine_daten_nennen_die_verknuepfung(client, dienstkonto):
    """19.1, data protection: the export of one's data names the link (issuer and subject)."""
    anmelden(client, "gremium")
    daten = json.loads(client.get("/meine-daten/export.json").content)
    assert daten["dienstkonten"] == [
        {"aussteller": dienstkonto.aussteller, "subjekt": KONTEN["gremium"]["sub"]}
    ]


def test_konto_loeschen_loescht_die_verknuepfung(client, dienstkonto):
    """19.1, data protection: deleting one's account deletes the link; the next sign-in with
    the service account starts afresh."""
    anmelden(client, "gremium")
    alt = konto("gremium").user
    assert client.post("/meine-daten/konto-loeschen/", {"bestaetigung": "ja"}).status_code == 302
    assert not User.objects.filter(pk=alt.pk).exists() and konto("gremium") is None
    anmelden(Client(), "gremium")
    assert konto("gremium").user.pk != alt.pk


# Forged, expired, replayed answers (checked against the provider's real keys)


def _teile(token):
    kopf, nutzlast, signatur = token.split(".")
    laden = lambda teil: json.loads(base64.urlsafe_b64decode(teil + "=" * (-len(teil) % 4)))  # noqa: E731
    return laden(kopf), laden(nutzlast), signatur


def _b64(daten):
    return base64.urlsafe_b64encode(json.dumps(daten).encode()).rstrip(b"=").decode()


def _mit_anbieterschluessel(nutzlast, **aenderungen):
    """Signed with the provider's own key (tests/oidc/schluessel.json): only what was changed
    can make the app refuse it."""
    schluessel = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(SCHLUESSEL))
    kopf = {"kid": SCHLUESSEL["kid"]}
    return jwt.encode({**nutzlast, **aenderungen}, schluessel, algorithm="RS256", headers=kopf)


def _nutzlast_getauscht(token):
    kopf, nutzlast, signatur = _teile(token)
    nutzlast["sub"] = KONTEN["koordination"]["sub"]
    return f"{_b64(kopf)}.{_b64(nutzlast)}.{signatur}"


def _falscher_schluessel(token):
    _kopf, nutzlast, _signatur = _teile(token)
    fremd = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(nutzlast, fremd, algorithm="RS256", headers={"kid": SCHLUESSEL["kid"]})


def _abgelaufen(token):
    jetzt = int(time.time())
    return _mit_anbieterschluessel(_teile(token)[1], iat=jetzt - 7200, exp=jetzt - 3600)


def _fremde_anwendung(token):
    return _mit_anbieterschluessel(_teile(token)[1], aud="andere-anwendung")


def _fremder_aussteller(token):
    return _mit_anbieterschluessel(_teile(token)[1], iss="https://anmeldung.boese.example")


def _andere_nonce(token):
    return _mit_anbieterschluessel(_teile(token)[1], nonce="aus-einer-anderen-anmeldung")


def _ohne_signatur(token):
    _kopf, nutzlast, _signatur = _teile(token)
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(nutzlast)}."


def _hs256_mit_oeffentlichem_schluessel(token):
    """Algorithm confusion: HMAC keyed with the provider's public key."""
    _kopf, nutzlast, _signatur = _teile(token)
    oeffentlich = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(SCHLUESSEL)).public_key()
    from cryptography.hazmat.primitives import serialization

    pem = oeffentlich.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    kopf = _b64({"alg": "HS256", "typ": "JWT", "kid": SCHLUESSEL["kid"]})
    import hashlib
    import hmac

    signatur = hmac.new(pem, f"{kopf}.{_b64(nutzlast)}".encode(), hashlib.sha256).digest()
    return f"{kopf}.{_b64(nutzlast)}.{base64.urlsafe_b64encode(signatur).rstrip(b'=').decode()}"


def _kaputt(token):
    return "kein.jwt"


@pytest.fixture
def token_aendern(monkeypatch):
    """Changes the ID token of the provider's real token response before the app checks it."""

    def setzen(aendern):
        echt = oidc.DienstkontoBackend.get_token

        def get_token(self, payload):
            antwort = echt(self, payload)
            antwort["id_token"] = aendern(antwort["id_token"])
            return antwort

        monkeypatch.setattr(oidc.DienstkontoBackend, "get_token", get_token)

    return setzen


def test_neu_signiertes_echtes_token_wird_angenommen(client, dienstkonto, token_aendern):
    """Control for the cases below: the provider's claims signed again with its own key pass,
    so each refusal below comes from the one thing changed."""
    token_aendern(lambda token: _mit_anbieterschluessel(_teile(token)[1]))
    assert anmelden(client, "gremium")["Location"] == "/2024/"


@pytest.mark.parametrize(
    "aendern",
    [
        _nutzlast_getauscht,
        _falscher_schluessel,
        _abgelaufen,
        _fremde_anwendung,
        _fremder_aussteller,
        _andere_nonce,
        _ohne_signatur,
        _hs256_mit_oeffentlichem_schluessel,
        _kaputt,
    ],
)
def test_gefaelschtes_oder_abgelaufenes_id_token(client, dienstkonto, token_aendern, aendern):
    """19.1, bad input: a forged, expired, foreign or replayed ID token is refused with a clear
    page (403), nothing stored, nobody signed in, never a server error."""
    token_aendern(aendern)
    antwort = anmelden(client, "gremium")
    assert antwort.status_code == 403
    assert "ließ sich nicht bestätigen" in antwort.text
    assert not angemeldet(client)
    assert nichts_gespeichert("gremium") and nichts_gespeichert("koordination")


def test_benutzerinformationen_ueber_jemand_anderen(client, dienstkonto, monkeypatch):
    """19.1 (OpenID Connect Core 5.3.2): userinfo that names another subject than the ID token
    is not used: 403, nothing stored."""
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    echt = OIDCAuthenticationBackend.get_userinfo

    def fremd(self, access_token, id_token, payload):
        return {**echt(self, access_token, id_token, payload), "sub": KONTEN["koordination"]["sub"]}

    monkeypatch.setattr(OIDCAuthenticationBackend, "get_userinfo", fremd)
    antwort = anmelden(client, "gremium")
    assert antwort.status_code == 403 and not angemeldet(client)
    assert nichts_gespeichert("gremium") and nichts_gespeichert("koordination")


# State, replay, cancel


def test_fremder_oder_fehlender_state(client, dienstkonto):
    """19.1, bad input: an answer whose state this browser never started (or none) gets 400."""
    rueckkehr = beim_anbieter_anmelden(starten(Client()), "gremium")
    antwort = zurueck(client, rueckkehr)
    assert antwort.status_code == 400 and "Anmeldung abgelaufen" in antwort.text
    assert not angemeldet(client) and nichts_gespeichert("gremium")
    assert client.get("/anmelden/dienstkonto/rueckkehr/").status_code == 400


def test_manipulierter_state(client, dienstkonto):
    """19.1, bad input: the callback with its state changed gets 400, nothing stored."""
    rueckkehr = beim_anbieter_anmelden(starten(client), "gremium")
    antwort = zurueck(client, rueckkehr.replace("state=", "state=x"))
    assert antwort.status_code == 400
    assert not angemeldet(client) and nichts_gespeichert("gremium")


def test_dieselbe_antwort_gilt_einmal(client, dienstkonto):
    """19.1: a replayed answer finds its state used up (400); the first one signed in."""
    rueckkehr = beim_anbieter_anmelden(starten(client), "gremium")
    assert zurueck(client, rueckkehr).status_code == 302
    client.logout()
    assert zurueck(client, rueckkehr).status_code == 400
    assert not angemeldet(client)


def test_abgelaufene_anmeldung(client, dienstkonto):
    """19.1: a sign-in left at the provider for more than 15 minutes is over (400)."""
    rueckkehr = beim_anbieter_anmelden(starten(client), "gremium")
    sitzung = client.session
    for eintrag in sitzung["oidc_states"].values():
        eintrag["added_on"] -= 16 * 60
    sitzung.save()
    assert zurueck(client, rueckkehr).status_code == 400
    assert not angemeldet(client)


def test_abbruch_beim_anbieter(client, dienstkonto):
    """19.1: who cancels at the provider's consent page comes back to a clear page (400)."""
    antwort = anmelden(client, "gremium", zustimmen=False)
    assert antwort.status_code == 400 and "abgebrochen" in antwort.text
    assert not angemeldet(client) and nichts_gespeichert("gremium")


def test_antwort_eines_anderen_anbieters(client, dienstkonto):
    """19.1 (RFC 9207): an answer naming another issuer is refused before the code is used."""
    rueckkehr = beim_anbieter_anmelden(starten(client), "gremium")
    antwort = zurueck(client, rueckkehr.replace("iss=", "iss=x"))
    assert antwort.status_code == 403 and nichts_gespeichert("gremium")


# The provider down


def test_anbieter_nicht_erreichbar_beim_start(client, settings, anbieter):
    """19.1, bad input: the provider does not answer (discovery unreachable): 503 with
    Retry-After, in the reader's language; the password sign-in still works."""
    settings.DIENSTKONTO = anbieter.einstellungen(
        aussteller=f"http://127.0.0.1:{freier_port()}", zeitlimit=2.0
    )
    antwort = client.get("/anmelden/dienstkonto/?next=/2024/")
    assert antwort.status_code == 503 and antwort["Retry-After"] == "60"
    assert "Anmeldedienst nicht erreichbar" in antwort.text
    arabisch = client.get("/ar/anmelden/dienstkonto/")
    assert arabisch.status_code == 503 and '<html lang="ar" dir="rtl">' in arabisch.text
    benutzer_mit_rolle("mitglied", "KMV")
    lokal = client.post("/anmelden/", {"username": "mitglied", "password": "geheim-und-lang-2024"})
    assert lokal.status_code == 302 and angemeldet(client)


def test_discovery_eines_anderen_ausstellers(client, settings, anbieter):
    """19.1: a discovery document that names another issuer is not trusted (503)."""
    settings.DIENSTKONTO = anbieter.einstellungen(aussteller=anbieter.aussteller + "/realm")
    assert client.get("/anmelden/dienstkonto/").status_code == 503


def test_discovery_url_als_aussteller(client, settings, anbieter):
    """19.1: OIDC_AUSSTELLER may name the discovery URL instead of the issuer."""
    settings.DIENSTKONTO = anbieter.einstellungen(
        aussteller=anbieter.aussteller + "/.well-known/openid-configuration"
    )
    assert anmelden(client, "gremium")["Location"] == "/2024/"


def test_anbieter_faellt_waehrend_der_anmeldung_aus(client, settings):
    """19.1, bad input: the provider goes down between the start and the callback (its token
    endpoint unreachable): 503, nothing stored, not signed in."""
    eigener = Anbieter(["http://testserver/anmelden/dienstkonto/rueckkehr/"])
    try:
        settings.DIENSTKONTO = eigener.einstellungen(zeitlimit=2.0)
        rueckkehr = beim_anbieter_anmelden(starten(client), "gremium")
    finally:
        warten_bis_beendet(eigener)
    antwort = zurueck(client, rueckkehr)
    assert antwort.status_code == 503 and "nicht erreichbar" in antwort.text
    assert not angemeldet(client) and nichts_gespeichert("gremium")
    cache.clear()


# Configuration


def test_gruppenzuordnung_aus_der_umgebung():
    """19.1: OIDC_GRUPPEN is JSON from claim value to group name(s); anything else stops the
    start with a message that says what is wrong."""
    assert _gruppenzuordnung('{"cn=ik,ou=gruppen": "Umsetzung", "b": ["KMV", "Ausschuss"]}') == {
        "cn=ik,ou=gruppen": ["Umsetzung"],
        "b": ["KMV", "Ausschuss"],
    }
    assert _gruppenzuordnung("") == {}
    for falsch in ("{kein json", '["Umsetzung"]', '{"a": 3}', '{"a": [""]}'):
        with pytest.raises(ImproperlyConfigured, match="OIDC_GRUPPEN"):
            _gruppenzuordnung(falsch)


def test_gruppen_claim_mit_pfad_und_einzelwert(settings):
    """19.1: the groups claim may sit inside an object (Keycloak: realm_access.roles) or be a
    single string."""
    settings.DIENSTKONTO = {
        **settings.DIENSTKONTO,
        "gruppen_claim": "realm_access.roles",
        "gruppen": {"ik-umsetzung": ["Umsetzung"]},
    }
    assert oidc.gruppen_aus_claims({"realm_access": {"roles": ["x", "ik-umsetzung"]}}) == {
        "Umsetzung"
    }
    assert oidc.gruppen_aus_claims({"realm_access": {"roles": "ik-umsetzung"}}) == {"Umsetzung"}
    assert oidc.gruppen_aus_claims({"realm_access": "ik-umsetzung"}) == set()
    assert oidc.gruppen_aus_claims({"realm_access": {"roles": [{"a": 1}, 7]}}) == set()
