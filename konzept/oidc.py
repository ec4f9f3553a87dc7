"""Single sign-on with the authority's OpenID Connect provider (issue 19.1).

Staff and contact persons sign in with their service account (Dienstkonto) at the authority's
provider; members of the migrant council and everyone else without such an account keep the
password sign-in. Built on mozilla-django-oidc (README "Anmelden mit dem Dienstkonto" says why
this library): its start view (state, nonce and PKCE in the session), its token exchange and its
ID token signature check against the provider's keys. This module adds what the library leaves
to the site:

- the provider's endpoints from its discovery document, read when needed, never at start-up, so
  that the password sign-in works while the provider is down;
- the ID token's issuer, audience, expiry and issue time checked as well as its signature;
- accounts linked by issuer and subject (`Dienstkonto`), never by e-mail address;
- the roles from a configured claim on every sign-in, and a refusal when they map to none;
- the local second factor skipped only when the provider asserts multi-factor authentication;
- every failure as a page in the reader's language with a 4xx or 503 status, nothing changed.

Configuration: `settings.DIENSTKONTO`, filled from environment variables (settings/base.py).
"""

import functools
import hashlib
import logging
import time

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import View
from django_otp.middleware import is_verified
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .models import Dienstkonto

logger = logging.getLogger(__name__)

BACKEND = "konzept.oidc.DienstkontoBackend"
DISCOVERY = "/.well-known/openid-configuration"
# The language the sign-in started in: the provider sends the reader back to one fixed URL.
SPRACHE = "dienstkonto_sprache"
# How long a started sign-in may take at the provider.
ANMELDUNG_GUELTIG_SEKUNDEN = 15 * 60
DISCOVERY_CACHE_SEKUNDEN = 60 * 60
LEEWAY_SEKUNDEN = 60
# Claims that only the ID token may assert; a userinfo response cannot override them.
NUR_AUS_DEM_ID_TOKEN = frozenset(
    ["iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "auth_time", "amr", "acr"]
)


class AnbieterNichtErreichbar(Exception):
    """The provider did not answer, or answered with something that is not a provider."""


class AnmeldungAbgelehnt(Exception):
    """The provider's answer does not hold: forged, expired, for another client, replayed."""


class KeineRolle(Exception):
    """The claims map to no role of this site."""


class KontoGesperrt(Exception):
    """The linked account was deactivated here."""


def einstellungen() -> dict:
    return settings.DIENSTKONTO


def eingerichtet() -> bool:
    """Single sign-on is offered only when a provider and a client are configured."""
    return bool(einstellungen()["aussteller"] and einstellungen()["client_id"])


def aussteller() -> str:
    """The issuer as configured; a discovery URL names its issuer without the well-known part."""
    wert = einstellungen()["aussteller"]
    return wert.removesuffix(DISCOVERY) if wert.endswith(DISCOVERY) else wert.rstrip("/")


def anbieter() -> dict:
    """The provider's discovery document (OpenID Connect Discovery 1.0), cached for an hour."""
    schluessel = "dienstkonto:discovery:" + hashlib.sha256(aussteller().encode()).hexdigest()
    dokument = cache.get(schluessel)
    if dokument is not None:
        return dokument
    try:
        antwort = requests.get(aussteller() + DISCOVERY, timeout=einstellungen()["zeitlimit"])
        antwort.raise_for_status()
        dokument = antwort.json()
    except (requests.RequestException, ValueError) as fehler:
        raise AnbieterNichtErreichbar(str(fehler)) from fehler
    # Discovery 4.3: the document must name exactly the issuer it was fetched for.
    if not isinstance(dokument, dict) or dokument.get("issuer") != aussteller():
        raise AnbieterNichtErreichbar("Das Discovery-Dokument nennt einen anderen Aussteller.")
    if not all(
        isinstance(dokument.get(feld), str)
        for feld in ("authorization_endpoint", "token_endpoint", "jwks_uri")
    ):
        raise AnbieterNichtErreichbar("Dem Discovery-Dokument fehlen Endpunkte.")
    cache.set(schluessel, dokument, DISCOVERY_CACHE_SEKUNDEN)
    return dokument


def mozilla_einstellung(name, *vorgabe):
    """mozilla-django-oidc's settings, from DIENSTKONTO and the discovery document."""
    feste = {
        "OIDC_RP_CLIENT_ID": lambda: einstellungen()["client_id"],
        "OIDC_RP_CLIENT_SECRET": lambda: einstellungen()["client_secret"],
        "OIDC_RP_SCOPES": lambda: einstellungen()["scopes"],
        "OIDC_RP_SIGN_ALGO": lambda: einstellungen()["algorithmus"],
        "OIDC_TIMEOUT": lambda: einstellungen()["zeitlimit"],
        "OIDC_OP_AUTHORIZATION_ENDPOINT": lambda: anbieter()["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": lambda: anbieter()["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": lambda: anbieter().get("userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": lambda: anbieter()["jwks_uri"],
        "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "dienstkonto_rueckkehr",
        "OIDC_USE_NONCE": lambda: True,
        "OIDC_USE_PKCE": lambda: True,
        "OIDC_ALLOW_UNSECURED_JWT": lambda: False,
        "OIDC_RP_IDP_SIGN_KEY": lambda: None,
        # Nothing of the provider's tokens is kept (data protection, README).
        "OIDC_STORE_ACCESS_TOKEN": lambda: False,
        "OIDC_STORE_ID_TOKEN": lambda: False,
        # client_secret_basic, the default client authentication of OpenID Connect.
        "OIDC_TOKEN_USE_BASIC_AUTH": lambda: True,
    }
    if name in feste:
        return feste[name]()
    return import_from_settings(name, *vorgabe)


def mfa_bestaetigt(id_token: dict) -> bool:
    """The provider asserts multi-factor authentication: `amr` (RFC 8176) holds a configured
    method, or `acr` is a configured level. Only the ID token counts."""
    amr = id_token.get("amr") or []
    amr = [amr] if isinstance(amr, str) else amr
    if not isinstance(amr, list):
        return False
    if set(einstellungen()["mfa_amr"]) & {methode for methode in amr if isinstance(methode, str)}:
        return True
    acr = id_token.get("acr")
    return isinstance(acr, str) and acr in einstellungen()["mfa_acr"]


def verwaltete_gruppen() -> set[str]:
    """The groups the mapping grants: only these follow the claims at each sign-in."""
    return {gruppe for gruppen in einstellungen()["gruppen"].values() for gruppe in gruppen}


def gruppen_aus_claims(claims: dict) -> set[str]:
    """The groups (roles) the claims grant, through the configured claim and mapping."""
    wert = claims
    for teil in einstellungen()["gruppen_claim"].split("."):
        wert = wert.get(teil) if isinstance(wert, dict) else None
    werte = [wert] if isinstance(wert, str) else wert if isinstance(wert, list) else []
    zuordnung = einstellungen()["gruppen"]
    return {gruppe for wert in werte if isinstance(wert, str) for gruppe in zuordnung.get(wert, [])}


def _benutzername(iss: str, sub: str) -> str:
    """A user name without personal data: the link is what identifies the person."""
    kennung = hashlib.sha256(f"{iss}\n{sub}".encode()).hexdigest()[:12]
    User = get_user_model()
    name, nummer = f"dienstkonto-{kennung}", 1
    while User.objects.filter(username=name).exists():
        nummer += 1
        name = f"dienstkonto-{kennung}-{nummer}"
    return name


class DienstkontoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with discovery, full ID token checks and the link by
    issuer and subject. It takes part in no password sign-in: `authenticate()` answers None,
    only the callback view signs in through `anmelden()` (so django-axes never counts it)."""

    def __init__(self, *args, **kwargs):
        # Nothing is read here: Django builds the backends for every password sign-in too.
        self.UserModel = get_user_model()
        self.konto = None
        self.mfa = False

    get_settings = staticmethod(mozilla_einstellung)
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: mozilla_einstellung("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: mozilla_einstellung("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: mozilla_einstellung("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: mozilla_einstellung("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: mozilla_einstellung("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: mozilla_einstellung("OIDC_RP_SIGN_ALGO"))
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        return None

    def get_user(self, user_id):
        # Django's rule, not the library's: a deactivated user's session ends.
        return ModelBackend.get_user(self, user_id)

    def anmelden(self, request, *, nonce: str, code_verifier: str | None):
        """Exchanges the code, checks the ID token, links and updates the user (the library's
        flow, calling the methods below)."""
        return OIDCAuthenticationBackend.authenticate(
            self, request, nonce=nonce, code_verifier=code_verifier
        )

    def _verify_jws(self, payload, key):
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise AnmeldungAbgelehnt(f"Unerwarteter Algorithmus {alg!r}.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=aussteller(),
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
                # The provider's clock and ours may differ by a little.
                leeway=LEEWAY_SEKUNDEN,
            )
        except jwt.PyJWTError as fehler:
            raise AnmeldungAbgelehnt(str(fehler)) from fehler

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed by the userinfo endpoint where there is one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            # OpenID Connect Core 5.3.2: userinfo about someone else must not be used.
            if not isinstance(info, dict) or info.get("sub") != payload.get("sub"):
                raise AnmeldungAbgelehnt("Die Benutzerinformationen gehören zu jemand anderem.")
            claims.update(
                {name: wert for name, wert in info.items() if name not in NUR_AUS_DEM_ID_TOKEN}
            )
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        iss, sub = payload["iss"], payload["sub"]
        if not isinstance(sub, str) or not sub:
            raise AnmeldungAbgelehnt("Das ID-Token nennt kein Subjekt.")
        gruppen = gruppen_aus_claims(claims)
        if not gruppen:
            raise KeineRolle
        try:
            with transaction.atomic():
                user = self._verknuepfen(iss, sub, gruppen)
        except IntegrityError:
            # Two first sign-ins of the same person at once: the other one linked first.
            with transaction.atomic():
                user = self._verknuepfen(iss, sub, gruppen)
        self.mfa = mfa_bestaetigt(payload)
        return user

    def _verknuepfen(self, iss: str, sub: str, gruppen: set[str]):
        konto = (
            Dienstkonto.objects.select_for_update()
            .select_related("user")
            .filter(aussteller=iss, subjekt=sub)
            .first()
        )
        if konto is None:
            user = self.UserModel.objects.create_user(username=_benutzername(iss, sub))
            konto = Dienstkonto.objects.create(
                user=user, aussteller=iss, subjekt=sub, name="Dienstkonto"
            )
        user = konto.user
        if not user.is_active:
            raise KontoGesperrt
        verwaltet = verwaltete_gruppen()
        bisher = set(user.groups.filter(name__in=verwaltet).values_list("name", flat=True))
        if bisher != gruppen:
            user.groups.remove(*Group.objects.filter(name__in=bisher - gruppen))
            user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in gruppen))
        self.konto = konto
        return user


class _Anfrage(OIDCAuthenticationRequestView):
    """The library's start of the sign-in, with the endpoint read when a request needs it."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    get_settings = staticmethod(mozilla_einstellung)
    OIDC_OP_AUTH_ENDPOINT = property(
        lambda self: mozilla_einstellung("OIDC_OP_AUTHORIZATION_ENDPOINT")
    )
    OIDC_RP_CLIENT_ID = property(lambda self: mozilla_einstellung("OIDC_RP_CLIENT_ID"))


def _fehlerseiten() -> dict[str, tuple[int, str, str]]:
    """Status, heading and text of each way a sign-in can fail, in the active language."""
    return {
        "abgelaufen": (
            400,
            _("Anmeldung abgelaufen"),
            _(
                "Diese Anmeldung ist abgelaufen, wurde schon verwendet oder in einem anderen "
                "Browser begonnen. Bitte melden Sie sich noch einmal an."
            ),
        ),
        "abgebrochen": (
            400,
            _("Anmeldung abgebrochen"),
            _(
                "Die Anmeldung beim Anmeldedienst wurde abgebrochen oder abgelehnt. Sie sind "
                "nicht angemeldet."
            ),
        ),
        "abgelehnt": (
            403,
            _("Anmeldung nicht bestätigt"),
            _(
                "Die Antwort des Anmeldedienstes ließ sich nicht bestätigen. Sie sind nicht "
                "angemeldet. Bitte melden Sie sich noch einmal an; geschieht das wieder, wenden "
                "Sie sich an die IT der Verwaltung."
            ),
        ),
        "keine_rolle": (
            403,
            _("Keine Rolle im Integrationskonzept"),
            _(
                "Sie sind beim Anmeldedienst angemeldet, aber Ihr Dienstkonto hat keine Rolle im "
                "Integrationskonzept. Wenn Sie hier mitarbeiten sollen, wenden Sie sich an die "
                "Koordinierungsstelle."
            ),
        ),
        "gesperrt": (
            403,
            _("Konto gesperrt"),
            _(
                "Ihr Konto im Integrationskonzept ist gesperrt. Wenden Sie sich an die "
                "Administration."
            ),
        ),
        "nicht_erreichbar": (
            503,
            _("Anmeldedienst nicht erreichbar"),
            _(
                "Der Anmeldedienst der Verwaltung antwortet gerade nicht. Bitte versuchen Sie es "
                "in einigen Minuten noch einmal. Haben Sie ein Passwort für das "
                "Integrationskonzept, können Sie sich auch damit anmelden."
            ),
        ),
    }


def _fehler(request, art: str, grund=None):
    if grund is not None:
        logger.warning("Anmeldung mit dem Dienstkonto: %s: %r", art, grund)
    status, titel, text = _fehlerseiten()[art]
    response = render(
        request, "konzept/dienstkonto_fehler.html", {"titel": titel, "text": text}, status=status
    )
    if status == 503:
        response["Retry-After"] = "60"
    return response


@never_cache
@require_safe
def dienstkonto_anmelden(request):
    """To the provider's sign-in; back at `dienstkonto_rueckkehr`."""
    if not eingerichtet():
        raise Http404
    try:
        response = _Anfrage.as_view()(request)
    except AnbieterNichtErreichbar as fehler:
        return _fehler(request, "nicht_erreichbar", fehler)
    request.session[SPRACHE] = translation.get_language()
    return response


@never_cache
@require_safe
def dienstkonto_rueckkehr(request):
    """Back from the provider: signs in, or says in the reader's language why not."""
    if not eingerichtet():
        raise Http404
    sprache = request.session.get(SPRACHE)
    if sprache in dict(settings.LANGUAGES):
        translation.activate(sprache)
        request.LANGUAGE_CODE = sprache
    staende = request.session.get("oidc_states")
    eintrag = staende.pop(request.GET.get("state", ""), None) if isinstance(staende, dict) else None
    if eintrag is None:
        return _fehler(request, "abgelaufen")
    # Used up whatever follows: a second use of the same answer finds nothing.
    request.session.modified = True
    if time.time() - eintrag.get("added_on", 0) > ANMELDUNG_GUELTIG_SEKUNDEN:
        return _fehler(request, "abgelaufen")
    if request.GET.get("error") or not request.GET.get("code"):
        return _fehler(request, "abgebrochen")
    # RFC 9207: an answer that names another provider is a mix-up, whatever else it says.
    if "iss" in request.GET and request.GET["iss"] != aussteller():
        return _fehler(request, "abgelehnt", "iss der Antwort")
    backend = DienstkontoBackend()
    try:
        user = backend.anmelden(
            request, nonce=eintrag.get("nonce"), code_verifier=eintrag.get("code_verifier")
        )
    except AnbieterNichtErreichbar as fehler:
        return _fehler(request, "nicht_erreichbar", fehler)
    except requests.HTTPError as fehler:
        # The provider refused the code (4xx: used, expired, not ours) or failed (5xx).
        status = getattr(fehler.response, "status_code", 500)
        return _fehler(request, "abgelehnt" if status < 500 else "nicht_erreichbar", fehler)
    except requests.RequestException as fehler:
        return _fehler(request, "nicht_erreichbar", fehler)
    except KeineRolle:
        return _fehler(request, "keine_rolle")
    except KontoGesperrt:
        return _fehler(request, "gesperrt")
    except (AnmeldungAbgelehnt, SuspiciousOperation, jwt.PyJWTError, KeyError, TypeError) as fehler:
        return _fehler(request, "abgelehnt", fehler)
    if user is None:
        return _fehler(request, "abgelehnt", "keine Antwort")
    # As django-otp's middleware does for every request: with MFA asserted, django-otp records
    # the link as the session's second factor (on user_logged_in); without it, none.
    user.otp_device = backend.konto if backend.mfa else None
    user.is_verified = functools.partial(is_verified, user)
    ziel = request.session.pop("oidc_login_next", None) or resolve_url(settings.LOGIN_REDIRECT_URL)
    auth.login(request, user, backend=BACKEND)
    # The sign-in page imports this module (for its button), so this import waits until here.
    from .views import nach_der_anmeldung

    return nach_der_anmeldung(request, redirect(ziel))
