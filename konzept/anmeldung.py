"""Signing in beyond the password: the second factor for staff, lockout after failed attempts.

The Koordinierungsstelle and administrators sign in with a password and a one-time code from an
authenticator app (TOTP, django-otp). Whoever has signed in with the password only may do
nothing but enter the code (or set up the app the first time): `ZweiterFaktorMiddleware` sends
every other request there. Ten recovery codes, each valid once, stand in for a lost phone.
"""

import base64
import io

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import KernForm
from .rollen import braucht_zweiten_faktor

WIEDERHERSTELLUNGSCODES = 10
# What someone who has given the password but not yet the code may reach.
OHNE_ZWEITEN_FAKTOR = {"zweiter_faktor", "zweiter_faktor_einrichten", "logout", "sprache_waehlen"}


def verifiziert(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _ziel(request, standard=None) -> str:
    ziel = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would take a bare word for a view name.
    if ziel.startswith("/") and url_has_allowed_host_and_scheme(
        ziel, {request.get_host()}, request.is_secure()
    ):
        return ziel
    return standard or reverse(settings.LOGIN_REDIRECT_URL)


def _zum_zweiten_faktor(user, ziel: str):
    name = "zweiter_faktor" if _totp(user) else "zweiter_faktor_einrichten"
    return redirect(f"{reverse(name)}?{urlencode({'next': ziel})}")


def _totp(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def zweiter_faktor_weiterleitung(request, response):
    """After the password: staff go on to the second factor, everybody else where they wanted."""
    user = request.user
    if braucht_zweiten_faktor(user) and not verifiziert(user):
        return _zum_zweiten_faktor(user, response["Location"])
    return response


class ZweiterFaktorMiddleware:
    """Staff signed in with the password only reach nothing but the second-factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not braucht_zweiten_faktor(user) or verifiziert(user):
            return None
        if request.resolver_match.url_name in OHNE_ZWEITEN_FAKTOR:
            return None
        return _zum_zweiten_faktor(user, request.get_full_path())


class CodeForm(KernForm, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "Die sechs Ziffern aus Ihrer Authenticator-App oder einer Ihrer "
            "Wiederherstellungscodes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def _code_pruefen(user, code: str):
    """The device that accepts the code: the app for six digits, else a recovery code."""
    totp = code.isdigit() and len(code) == 6
    for device in devices_for_user(user):
        if isinstance(device, TOTPDevice) == totp:
            bestaetigt = verify_token(user, device.persistent_id, code)
            if bestaetigt is not None:
                return bestaetigt
    return None


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def zweiter_faktor(request):
    """Second step of signing in: the code from the app or a recovery code."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    ziel = _ziel(request)
    if verifiziert(user) or (not braucht_zweiten_faktor(user) and _totp(user) is None):
        return redirect(ziel)
    if _totp(user) is None:
        return _zum_zweiten_faktor(user, ziel)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = _code_pruefen(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(ziel)
        form.add_error(
            "code",
            _(
                "Dieser Code stimmt nicht oder ist abgelaufen. Nach mehreren falschen Codes "
                "müssen Sie etwas warten, bevor der nächste geprüft wird."
            ),
        )
    return render(
        request,
        "konzept/zweiter_faktor_form.html",
        {"form": form, "next": ziel},
        status=422 if form.errors else 200,
    )


def _qr_code(device) -> str:
    """The app's set-up link as an SVG image in a data: URL (allowed by the CSP's img-src).

    An image file, unlike SVG inline in HTML, is drawn only with its namespace: segno's
    svg_inline() leaves it out, save() writes it (svgns)."""
    puffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        puffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True
    )
    return "data:image/svg+xml;base64," + base64.b64encode(puffer.getvalue()).decode()


def _schluessel(device) -> str:
    """The secret in Base32, in groups of four, for typing it into an app by hand."""
    geheim = base64.b32encode(device.bin_key).decode()
    return " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4))


def wiederherstellungscodes_erzeugen(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        device, _angelegt = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Wiederherstellungscodes"}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _nummer in range(WIEDERHERSTELLUNGSCODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# The page shows the app's secret, the answer to it the recovery codes: kept in no cache.
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def zweiter_faktor_einrichten(request):
    """First sign-in of staff: connect an authenticator app, then get the recovery codes."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    ziel = _ziel(request)
    if _totp(user) is not None:
        # Replacing a confirmed app would let a stolen password take over the account.
        return redirect(ziel) if verifiziert(user) else _zum_zweiten_faktor(user, ziel)
    device = _totp(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name=_("Authenticator-App"), confirmed=False
    )
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if verify_token(user, device.persistent_id, form.cleaned_data["code"]) is not None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = wiederherstellungscodes_erzeugen(user)
            request.session.cycle_key()
            otp_login(request, device)
            return render(
                request,
                "konzept/wiederherstellungscodes.html",
                {"codes": codes, "next": ziel, "eingerichtet": True},
            )
        form.add_error("code", _("Dieser Code stimmt nicht. Bitte geben Sie den aktuellen ein."))
    return render(
        request,
        "konzept/zweiter_faktor_einrichten.html",
        {
            "form": form,
            "next": ziel,
            "qr_code": _qr_code(device),
            "schluessel": _schluessel(device),
        },
        status=422 if form.errors else 200,
    )


@never_cache
@require_POST
def wiederherstellungscodes_neu(request):
    """New recovery codes for someone signed in with both factors."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("beteiligung:meine_daten"))
    if not verifiziert(request.user):
        return _zum_zweiten_faktor(request.user, reverse("beteiligung:meine_daten"))
    return render(
        request,
        "konzept/wiederherstellungscodes.html",
        {
            "codes": wiederherstellungscodes_erzeugen(request.user),
            "next": reverse("beteiligung:meine_daten"),
        },
    )


def gesperrt(request, original_response=None, credentials=None):
    """django-axes: too many failed sign-ins for this name from this address, or (AdressBremse)
    from this address at all."""
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    antwort = render(
        request,
        "registration/gesperrt.html",
        {"minuten": minuten, "adresse": getattr(request, "adresse_gebremst", False)},
        status=429,
    )
    antwort["Retry-After"] = str(minuten * 60)
    return antwort


def fehlversuche_der_adresse(request) -> int:
    """Failed sign-ins from the request's address within the cool-off, over all user names."""
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    return (
        AccessAttempt.objects.filter(
            ip_address=client_ip(request) or None,
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        ).aggregate(summe=Sum("failures_since_start"))["summe"]
        or 0
    )


class AdressBremse(ModelBackend):
    """The limit per address across user names (issue 14.14): django-axes locks a name from an
    address after five failures, so without this one address could try four passwords on
    every account every 15 minutes. Placed before the other backends, it refuses the password
    check once the address has failed ANMELDUNG_ADRESSE_LIMIT times within the cool-off; the
    refusal shows the lockout page (429) and lasts only while those failures are recent."""

    def authenticate(self, request, **credentials):
        if request is None or not client_ip(request):
            return None
        if fehlversuche_der_adresse(request) >= settings.ANMELDUNG_ADRESSE_LIMIT:
            request.adresse_gebremst = True
            request.axes_locked_out = True
            raise PermissionDenied
        # The password is checked by the backends after django-axes; reading the user of a
        # session (Django names the first backend in tests' force_login) is ModelBackend's.
        return None


def benutzername(request, credentials=None) -> str:
    """The user name django-axes records: as sent, cut to what a user name can be (Django's
    sign-in form does not check its length), without NUL (PostgreSQL refuses it)."""
    quelle = credentials or request.POST
    name = str(quelle.get("username") or "")
    return name.replace("\x00", "")[:150]


def client_ip(request) -> str:
    """The reader's address: behind PROXY_ANZAHL proxies, the one the outermost proxy saw.

    Only addresses added by our own proxies count; what the client wrote into
    X-Forwarded-For itself stands further left and is ignored.
    """
    anzahl = settings.PROXY_ANZAHL
    if anzahl:
        kette = [
            teil.strip()
            for teil in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if teil.strip()
        ]
        if len(kette) >= anzahl:
            return kette[-anzahl]
    return request.META.get("REMOTE_ADDR", "")


# An expired session never costs typed text (issue 14.18).


def _zur_anmeldung(request, response) -> bool:
    """Whether the answer sends an anonymous POST to the sign-in page (the session ended)."""
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    if request.method != "POST" or response.status_code != 302 or request.user.is_authenticated:
        return False
    # Only who had a session lost it; a stranger's POST is simply sent to the sign-in.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        return resolve(urlsplit(response["Location"]).path).url_name == "login"
    except Resolver404:
        return False


# Posted fields that are no typed text.
NICHT_ZEIGEN = {"csrfmiddlewaretoken", "einreichung", "version", "next", "password", "mit_pfad"}


class SitzungAbgelaufenMiddleware:
    """A form sent after the session ended does not become the sign-in page.

    With htmx the answer is 401 with `HX-Reswap: none`: the form stays in place, with what was
    typed, and static/js/sitzung.js offers signing in again in a new tab, then sends the same
    form again. Without JavaScript the answer is a page that shows every typed text to copy
    and links to the sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _zur_anmeldung(request, response):
            return response
        if request.headers.get("HX-Request") == "true":
            antwort = HttpResponse(
                _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."),
                status=401,
                content_type="text/plain; charset=utf-8",
            )
            antwort["HX-Reswap"] = "none"
            antwort["HX-Trigger"] = "sitzungAbgelaufen"
            antwort["Cache-Control"] = "no-store"
            return antwort
        texte = [
            wert
            for name, werte in request.POST.lists()
            if name.rpartition("-")[2] not in NICHT_ZEIGEN
            for wert in werte
            if len(wert.strip()) > 1 and not wert.strip().isdigit()
        ]
        antwort = render(
            request,
            "registration/sitzung_abgelaufen.html",
            {"texte": texte, "anmelden": response["Location"]},
            status=401,
        )
        antwort["Cache-Control"] = "no-store"
        return antwort


@require_safe
def sitzung_status(request):
    """For static/js/sitzung.js: whether someone is signed in, and the CSRF token of now (it
    changes with every sign-in, so a page open from before needs the new one)."""
    antwort = JsonResponse(
        {"angemeldet": request.user.is_authenticated, "csrf": get_token(request)}
    )
    antwort["Cache-Control"] = "no-store"
    return antwort


@require_POST
def sitzung_verlaengern(request):
    """ "Sitzung verlängern": any request renews the session (SESSION_SAVE_EVERY_REQUEST); this
    one does nothing else."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session.modified = True
    return HttpResponse(status=204)
