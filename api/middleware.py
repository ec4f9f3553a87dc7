"""What every answer under /api/v1/ shares, whatever view (or none) answers it: the browser
session is not read, requests are counted and limited, bodies are limited and must be JSON,
reads are open to other origins (CORS) and carry an ETag, every error is problem+json."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .probleme import ist_problem, problem

PRAEFIX = "/api/v1/"
LESEND = ("GET", "HEAD")
# What a client may accept: JSON, problem details, or anything.
NULLGEWICHT = ("q=0", "q=0.0", "q=0.00", "q=0.000")
ANNEHMBAR = ("application/json", "application/problem+json", "application/*", "*/*")


def _annehmbar(accept: str) -> bool:
    if not accept.strip():
        return True
    for teil in accept.split(","):
        art, *parameter = (stueck.strip().lower() for stueck in teil.split(";"))
        # "q=0" means "not this one".
        abgelehnt = any(p.replace(" ", "") in NULLGEWICHT for p in parameter)
        if (art in ANNEHMBAR or art.endswith("+json")) and not abgelehnt:
            return True
    return False


class SchnittstelleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PRAEFIX):
            return self.get_response(request)
        # The API knows tokens only: a browser session neither signs a request in nor needs
        # a CSRF token (a page of another site cannot act in someone's name).
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        request.COOKIES.pop(settings.CSRF_COOKIE_NAME, None)
        kopf = request.method == "HEAD"
        if kopf:
            # HEAD answers as GET, without the body (the operations are declared for GET).
            request.method = "GET"
        response = self._vorab(request)
        if response is None:
            response = self.get_response(request)
        response = self._abschliessen(request, response)
        if kopf and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    def _vorab(self, request):
        """An answer before any view: preflight, limits, media types."""
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if (zu_viele := self._zaehlen(request)) is not None:
            return zu_viele
        try:
            laenge = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem(400, _("Die Angabe Content-Length ist keine Zahl."))
        if laenge > settings.API_MAX_BYTES:
            response = problem(
                413,
                _("Der Inhalt der Anfrage ist größer als %(kb)s KB.")
                % {"kb": settings.API_MAX_BYTES // 1024},
            )
            # The unread body must not be taken for the next request on this connection.
            response["Connection"] = "close"
            return response
        if not _annehmbar(request.META.get("HTTP_ACCEPT", "")):
            return problem(406, _("Die Schnittstelle antwortet nur mit JSON."))
        return None

    def _zaehlen(self, request):
        """A fixed window of one minute per token (its hash), else per address."""
        kopf = request.META.get("HTTP_AUTHORIZATION", "")
        kennung = (
            hashlib.sha256(kopf.encode()).hexdigest()
            if kopf
            else request.META.get("REMOTE_ADDR", "")
        )
        fenster = int(time.time() // 60)
        schluessel = f"api-anfragen:{kennung}:{fenster}"
        cache.add(schluessel, 0, timeout=120)
        try:
            anzahl = cache.incr(schluessel)
        except ValueError:  # evicted between add and incr
            anzahl = 1
        if anzahl <= settings.API_ANFRAGEN_PRO_MINUTE:
            return None
        response = problem(
            429,
            _("Höchstens %(anzahl)s Anfragen je Minute; bitte warten Sie einen Moment.")
            % {"anzahl": settings.API_ANFRAGEN_PRO_MINUTE},
        )
        response["Retry-After"] = str(60 - int(time.time()) % 60)
        return response

    def _abschliessen(self, request, response):
        if response.status_code >= 400 and not ist_problem(response):
            ersatz = problem(response.status_code)
            for name in ("Allow", "Retry-After", "Connection"):
                if name in response:
                    ersatz[name] = response[name]
            response = ersatz
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        patch_vary_headers(response, ["Authorization"])
        if request.method in LESEND or request.method == "OPTIONS":
            # Open to every origin, without credentials: the API reads no cookie anyway.
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if request.method in LESEND and response.status_code == 200 and not response.streaming:
            response = self._etag(request, response)
        return response

    @staticmethod
    def _etag(request, response):
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
        gesendet = request.META.get("HTTP_IF_NONE_MATCH", "")
        # Weak comparison (RFC 9110, 13.1.2): a compressed answer carries W/"…".
        kandidaten = {teil.strip().removeprefix("W/") for teil in gesendet.split(",")}
        if gesendet.strip() == "*" or etag in kandidaten:
            nicht_geaendert = HttpResponse(status=304)
            for name in (
                "ETag",
                "Cache-Control",
                "Vary",
                "Access-Control-Allow-Origin",
                "Access-Control-Expose-Headers",
                "X-Frame-Options",
            ):
                if name in response:
                    nicht_geaendert[name] = response[name]
            return nicht_geaendert
        return response
