"""Running in production: health check, error pages that say what happened, request limits,
logs without form input, the page cache for anonymous readers and compressed answers for
them.

The cache serves a page rendered for one anonymous reader to the next, until the content
changes. Its key holds the content version (`Inhaltsstand`), which every change of content
raises: a saved model of the content apps, and every successful POST of a signed-in user (so
that QuerySet.update(), which sends no signal, cannot leave a stale page either). Nothing is
cached for signed-in users, for readers with a session (messages), or for a response that
carries a CSRF token or sets a cookie.

A hit should cost no more than the plainest view: the middleware sits right after the
security and CSP middleware (a hit needs neither session nor sign-in), and each process reads
the content version from the database at most every INHALTSSTAND_SEKUNDEN, at once after a
change it made itself. Other processes and servers follow within that time.
"""

import hashlib
import re
import secrets
import struct
import sys
import time
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    QueryDict,
)
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.debug import SafeExceptionReporterFilter
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import seitenstil
from .models import Inhaltsstand

# The apps whose models are content: a change to any of them raises the content version.
INHALT_APPS = {"konzept", "themenfelder", "massnahmen", "beteiligung"}
# The pages served from the cache to anonymous readers (view names).
LESER_CACHE_SEITEN = {
    "konzept:edition_detail",
    "konzept:edition_list",
    "konzept:edition_vergleich",
    "konzept:impressum",
    "konzept:datenschutz",
    "konzept:barrierefreiheit",
    "themenfelder:themenfeld_detail",
    "massnahmen:massnahme_list",
    "massnahmen:massnahme_detail",
    "massnahmen:umsetzungsstand",
    "beteiligung:beteiligung_detail",
    "beteiligung:beteiligungsformat_detail",
    "beteiligung:abwaegung",
}
# The query parameters each of those pages reads (issue 14.16). Any other parameter is taken
# off the request before the page is rendered, so that `?r=1`, `?r=2` … are one entry of the
# cache, not one each that pushes real pages out and costs a full render.
LESER_CACHE_PARAMETER = {
    "massnahmen:massnahme_list": ("themenfeld", "status", "herkunft", "q", "seite"),
    "beteiligung:abwaegung": ("seite", "kommentar"),
}
NONCE_PLATZHALTER = b"\x00csp-nonce\x00"
DATENBANK_AUSFALL = (OperationalError, InterfaceError)


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 while this app server reaches its database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("datenbank nicht erreichbar\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """handler500: an unreachable database is a 503 (try again soon), anything else a 500.

    Rendered without context processors: they would ask the database that just failed. In
    the language of the address wherever the failure happened, even before LocaleMiddleware
    chose it (the reader cache asks the database first).
    """
    sprache = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(sprache):
        if isinstance(sys.exc_info()[1], DATENBANK_AUSFALL):
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
            response["Retry-After"] = "5"
            patch_cache_control(response, no_store=True)
            return response
        return HttpResponseServerError(loader.render_to_string("500.html"))


class AnfragenMiddleware:
    """Bodies over ANFRAGE_MAX_BYTES get 413 before anything reads them; a wrong method
    (405 from require_safe/require_POST, empty otherwise) gets a page that says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            laenge = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            laenge = -1
        # Before sign-in and session are read: pages without context processors.
        if laenge < 0:
            return HttpResponseBadRequest(loader.render_to_string("400.html"))
        if laenge > settings.ANFRAGE_MAX_BYTES:
            megabyte = settings.ANFRAGE_MAX_BYTES // (1024 * 1024)
            response = HttpResponse(
                loader.render_to_string("413.html", {"megabyte": megabyte}), status=413
            )
            # The unread body must not be taken for the next request on this connection.
            response["Connection"] = "close"
            return response
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            seite = render(request, "405.html", status=405)
            for name, wert in response.items():  # Allow, and the headers set on the way out
                if name.lower() not in ("content-type", "content-length"):
                    seite[name] = wert
            response = seite
        return response


class FormulareVerbergenFilter(SafeExceptionReporterFilter):
    """Error reports show the names of submitted fields, never their values: passwords,
    comments and everything else people type stay out of logs and e-mails."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)


# The content version.


# (version, when it was read) in this process; None: read it at the next request.
_gelesen: tuple[int, float] | None = None


def inhaltsstand() -> int:
    """The content version, at most INHALTSSTAND_SEKUNDEN old."""
    global _gelesen
    jetzt = time.monotonic()
    gelesen = _gelesen
    if gelesen is None or not 0 <= jetzt - gelesen[1] < settings.INHALTSSTAND_SEKUNDEN:
        gelesen = _gelesen = (_inhaltsstand_lesen(), jetzt)
    return gelesen[0]


def _inhaltsstand_lesen() -> int:
    # Raw SQL: the ORM's query building would cost more than the query.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {Inhaltsstand._meta.db_table} WHERE id = 1")
        zeile = cursor.fetchone()
    return zeile[0] if zeile else 0


def inhaltsstand_erhoehen():
    global _gelesen
    from django.db.models import F

    jetzt = timezone.now()
    if not Inhaltsstand.objects.filter(pk=1).update(version=F("version") + 1, geaendert_am=jetzt):
        Inhaltsstand.objects.get_or_create(pk=1, defaults={"version": 1, "geaendert_am": jetzt})
    _gelesen = None


def inhaltsstand_erhoehen_nach_commit():
    """Raises the version once per transaction, after it is committed (a copy of an edition
    saves thousands of rows and should not update the version thousands of times)."""
    if not connection.in_atomic_block:
        inhaltsstand_erhoehen()
    elif not any(aufruf is inhaltsstand_erhoehen for _ids, aufruf, _r in connection.run_on_commit):
        transaction.on_commit(inhaltsstand_erhoehen)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _inhalt_geaendert(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in INHALT_APPS and sender is not Inhaltsstand:
        inhaltsstand_erhoehen_nach_commit()


class LeserCacheMiddleware:
    """Serves anonymous readers rendered pages from the cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        schluessel = self._schluessel(request)
        if schluessel is not None:
            eintrag = cache.get(schluessel)
            if eintrag is not None:
                return self._aus_dem_cache(request, eintrag)
        response = self.get_response(request)
        if schluessel is not None:
            self._speichern(request, response, schluessel)
        if (
            getattr(request, "_leser_angemeldet", False)
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
        ):
            inhaltsstand_erhoehen_nach_commit()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Remembered now: a view may sign the user out (deleting the account) before the end.
        request._leser_angemeldet = request.user.is_authenticated

    @staticmethod
    def _schluessel(request) -> str | None:
        """The cache key of a page an anonymous reader may get from the cache, else None."""
        if (
            settings.LESER_CACHE_SEKUNDEN <= 0
            or request.method not in ("GET", "HEAD")
            # Signed in, or a message waiting: a page of one's own.
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return None
        # As LocaleMiddleware will: the language from the path, German without a prefix.
        sprache = translation.get_language_from_path(request.path_info)
        sprache = sprache or settings.LANGUAGE_CODE
        with translation.override(sprache):
            try:
                treffer = resolve(request.path_info)
            except Resolver404:
                return None
        if treffer.view_name not in LESER_CACHE_SEITEN:
            return None
        abfrage = _nur_bekannte_parameter(request, LESER_CACHE_PARAMETER.get(treffer.view_name, ()))
        adresse = hashlib.sha256(
            f"{request.scheme}://{request.get_host()}{request.path}?{abfrage}".encode()
        ).hexdigest()
        htmx = "".join(
            request.headers.get(name, "") for name in ("HX-Request", "HX-History-Restore-Request")
        )
        return (
            f"leser:{inhaltsstand()}:{sprache}:{treffer.kwargs.get('jahr', '-')}:{htmx}:{adresse}"
        )

    @staticmethod
    def _aus_dem_cache(request, eintrag) -> HttpResponse:
        body, kopfzeilen = eintrag
        response = HttpResponse(body.replace(NONCE_PLATZHALTER, str(request._csp_nonce).encode()))
        for name, wert in kopfzeilen:
            response[name] = wert
        return response

    @staticmethod
    def _speichern(request, response, schluessel):
        sitzung = getattr(request, "session", None)
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or sitzung is None
            or not sitzung.is_empty()
            or sitzung.modified
        ):
            return
        body = response.content
        nonce = request._csp_nonce
        if nonce:
            body = body.replace(str(nonce).encode(), NONCE_PLATZHALTER)
        kopfzeilen = [(name, wert) for name, wert in response.items()]
        cache.set(schluessel, (body, kopfzeilen), settings.LESER_CACHE_SEKUNDEN)


def _nur_bekannte_parameter(request, bekannt) -> str:
    """Leaves the request only the query parameters the page reads, without empty values, and
    returns them in a fixed order: the page and its cache key depend on those alone (links the
    page builds from the address, such as paging and sign-in, included)."""
    bleiben = QueryDict(mutable=True)
    for name in sorted(bekannt):
        for wert in request.GET.getlist(name):
            if wert:
                bleiben.appendlist(name, wert)
    abfrage = bleiben.urlencode()
    if abfrage != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = abfrage
        request.GET = QueryDict(abfrage)
    return abfrage


# Compression.

KOMPRIMIERBAR = re.compile(r"^(text/|application/(json|xml|javascript)|[^;]*\+(json|xml))")
AKZEPTIERT_GZIP = re.compile(r"\bgzip\b")
# Random bytes in the gzip header, at most this many (Django's GZipMiddleware does the same:
# "Heal the Breach"), so that the length of an answer says less about its content.
HTB_BYTES = 100


class KomprimierenMiddleware:
    """Issue 20.1: text answers gzip-compressed, but only those that hold no secret.

    BREACH reads a secret out of the length of compressed answers that also reflect what an
    attacker sends (a search, a form field). Answers for readers without a session hold no
    secret: no CSRF token, nothing personal. Everything else (signed in, a session, a CSRF
    token in the page, a cookie being set) goes out uncompressed, rather than weighing page
    by page what a secret is (second-factor key, recovery codes, personal data). Compressed
    answers carry Django's random header bytes too.

    The page's stylesheet is the same in every page: it is compressed once per process and
    spliced in (konzept/seitenstil.py), so a page costs the compression of its own HTML only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or len(response.content) < 200
            or response.has_header("Content-Encoding")
            or not KOMPRIMIERBAR.match(response.get("Content-Type", ""))
        ):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not AKZEPTIERT_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            return response
        response.content = gzip_komprimieren(response.content)
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


def gzip_komprimieren(body: bytes) -> bytes:
    """gzip of `body`; a page's stylesheet comes compressed in advance where there is one."""
    anfang = body.find(b"<style nonce=")
    stil = None
    if anfang >= 0:
        anfang = body.find(b">", anfang) + 1
        stil = seitenstil.vorkomprimiert(body, anfang)
    if stil is None:
        deflate = _deflate(body)
    else:
        text, bloecke = stil
        deflate = (
            seitenstil.deflate_roh(body[:anfang]) + bloecke + _deflate(body[anfang + len(text) :])
        )
    kopf = b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff"  # gzip, deflate, file name, no time
    name = b"a" * secrets.randbelow(HTB_BYTES) + b"\x00"
    return kopf + name + deflate + struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)


def _deflate(daten: bytes) -> bytes:
    kompressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return kompressor.compress(daten) + kompressor.flush()
