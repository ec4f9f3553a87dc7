"""Issue 8: running in production. Health check, a 503 page while the database is away, clear
4xx pages for bad requests, nothing typed into a form in the logs, and the page cache for
anonymous readers that never serves a page older than the content."""

import logging
import re
import subprocess
import sys
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.views.debug import ExceptionReporter
from django_tasks_db.models import DBTaskResult

from beteiligung import tasks
from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben
from konzept.betrieb import LESER_CACHE_SEITEN, inhaltsstand
from konzept.models import Inhaltsstand
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

BASIS = Path(settings.BASE_DIR)


@contextmanager
def datenbank_weg():
    """Every query fails as if PostgreSQL were restarting."""

    def weg(*args, **kwargs):
        raise OperationalError("connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", weg)
        patch.setattr(CursorWrapper, "executemany", weg)
        yield


def test_healthz(client, db):
    """The load balancer's check: 200 with the database, 503 without."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"
    assert "no-store" in response["Cache-Control"]
    with datenbank_weg():
        assert client.get("/healthz").status_code == 503


@pytest.mark.parametrize("pfad", ["/healthz", "/2024/", "/ar/2024/massnahmen/"])
def test_head_fuer_monitore(client, inhalt, pfad):
    """Uptime monitors often ask with HEAD: the same answer as GET (the server drops the body)."""
    kopf, seite = client.head(pfad), client.get(pfad)
    assert kopf.status_code == seite.status_code == 200
    assert kopf["Content-Type"] == seite["Content-Type"]


@pytest.mark.parametrize("methode", ["get", "post"])
def test_ohne_datenbank_eine_503_seite(client, inhalt, methode):
    """A database outage is a 503 with a page that says so, not a 500."""
    client.raise_request_exception = False
    with datenbank_weg():
        response = getattr(client, methode)("/ar/2024/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert 'lang="ar" dir="rtl"' in response.text
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    ("pfad", "lang"), [("/ar/2024/", 'lang="ar" dir="rtl"'), ("/2024/", 'lang="de"')]
)
def test_503_seite_in_der_sprache_der_adresse_auch_vor_der_sprachwahl(
    client, inhalt, settings, pfad, lang
):
    """With the reader cache on, the content version is the first query of a request, asked
    before LocaleMiddleware chooses the language; the outage page still speaks the address's."""
    settings.LESER_CACHE_SEKUNDEN = 600
    client.raise_request_exception = False
    with datenbank_weg():
        response = client.get(pfad)
    assert response.status_code == 503
    assert lang in response.text


def test_anderer_fehler_bleibt_500(client, inhalt, monkeypatch):
    client.raise_request_exception = False
    monkeypatch.setattr("konzept.views.vergleichen", lambda edition: 1 / 0)
    from konzept.services import edition_fortschreiben

    edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    inhalt.__class__.objects.filter(jahr=2026).update(status="beschlossen")
    response = client.get("/2026/vergleich/")
    assert response.status_code == 500 and "Ein Fehler ist aufgetreten" in response.text


# Bad requests: a 4xx with a page, never a 500.


def test_falscher_host(client, inhalt):
    client.raise_request_exception = False
    response = client.get("/2024/", HTTP_HOST="angreifer.example")
    assert response.status_code == 400
    assert "Diese Anfrage kann nicht bearbeitet werden" in response.text


def test_zu_grosser_body(client, inhalt):
    """The stated limit: 10 MB per request; refused before anything reads the body."""
    response = client.generic(
        "POST",
        "/anmelden/",
        b"x" * 1024,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.ANFRAGE_MAX_BYTES + 1),
    )
    assert response.status_code == 413
    assert "höchstens 10 MB" in response.text


def test_zu_viele_formulardaten(client, inhalt):
    """Form fields beyond 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE): 400 with a page."""
    response = client.post("/anmelden/", {"username": "x" * 3_000_000, "password": "y"})
    assert response.status_code == 400
    assert "Diese Anfrage kann nicht bearbeitet werden" in response.text


@pytest.mark.parametrize("laenge", ["-5", "viel"])
def test_unsinnige_laengenangabe(client, inhalt, laenge):
    response = client.generic("POST", "/anmelden/", b"", CONTENT_LENGTH=laenge)
    assert response.status_code == 400


def test_falsche_methode(client, staff_client, inhalt):
    response = client.post("/2024/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "So lässt sich diese Adresse nicht aufrufen" in response.text
    assert staff_client.get("/2024/fortschreiben/").status_code == 405
    assert client.put("/2024/massnahmen/").status_code == 405
    assert client.delete("/impressum/").status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        b'--grenze\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc',  # never ends
        b"das ist kein multipart",
        b'--grenze\r\nContent-Disposition: form-data; name="datei"; filename="a"\r\n',
    ],
)
def test_kaputtes_multipart(staff_client, entwurf, body):
    url = f"/uebersetzung/{entwurf.jahr}/en/import/"
    response = staff_client.generic(
        "POST", url, body, content_type="multipart/form-data; boundary=grenze"
    )
    assert 400 <= response.status_code < 500
    assert "<h1" in response.text


def test_fehlende_grenze_im_multipart(staff_client, entwurf):
    url = f"/uebersetzung/{entwurf.jahr}/en/import/"
    response = staff_client.generic("POST", url, b"x", content_type="multipart/form-data")
    assert response.status_code == 400


# Logs and error reports


GEHEIM = "Passwort-das-nie-im-Log-steht-7"
KOMMENTAR = "Kommentar-der-nie-im-Log-steht-7"


def test_nichts_eingegebenes_im_log(client, entwurf, caplog):
    """Failed sign-ins, refused and failing requests: the log never holds a password or a
    comment text (issue 8, bad input)."""
    caplog.set_level(logging.DEBUG)
    client.raise_request_exception = False
    benutzer_mit_rolle("mitglied", "KMV")
    for _versuch in range(6):
        client.post("/anmelden/", {"username": "mitglied", "password": GEHEIM})
    client.post("/anmelden/", {"username": GEHEIM, "password": GEHEIM}, HTTP_HOST="boese.example")
    client.post("/2024/", {"text": KOMMENTAR})
    client.post("/kommentare/neu/massnahme/1/", {"text": KOMMENTAR * 100_000})
    client.force_login(benutzer_mit_rolle("zweites-mitglied", "KMV"))
    with datenbank_weg():
        response = client.post("/kommentare/neu/massnahme/1/", {"text": KOMMENTAR})
    assert response.status_code == 503
    assert caplog.records, "the failures above are logged"
    assert GEHEIM not in caplog.text and KOMMENTAR not in caplog.text


def test_fehlerbericht_ohne_formularwerte(rf):
    """Error reports (e-mails to ADMINS) show which fields were sent, not what was in them."""
    request = rf.post("/kommentare/neu/massnahme/1/", {"text": KOMMENTAR, "password": GEHEIM})
    try:
        raise ValueError("Test")
    except ValueError:
        bericht = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "text" in bericht and "password" in bericht
    assert KOMMENTAR not in bericht and GEHEIM not in bericht


# Production settings


def test_gunicorn_nimmt_das_geladene_aus_der_speicherbereinigung():
    """gunicorn.conf.py as gunicorn reads it: after loading the application, each worker
    freezes what it loaded, so that collections walk only what requests create (issue 20.3,
    README). In a process of its own: freezing would stay in this one."""
    skript = "\n".join(
        [
            "import gc, runpy",
            "from gunicorn.config import Config",
            "config = Config()",
            'haken = runpy.run_path("gunicorn.conf.py")["post_worker_init"]',
            # gunicorn checks that the hook takes a worker.
            'config.set("post_worker_init", haken)',
            "vorher = gc.get_freeze_count()",
            "config.post_worker_init(None)",
            "print(vorher, gc.get_freeze_count())",
        ]
    )
    ergebnis = subprocess.run(
        [sys.executable, "-c", skript], cwd=BASIS, capture_output=True, text=True, check=True
    )
    vorher, nachher = map(int, ergebnis.stdout.split())
    assert vorher == 0 < nachher


def test_check_deploy_mit_den_produktionseinstellungen(tmp_path):
    """`manage.py check --deploy --fail-level WARNING` passes with konzept.settings.prod."""
    umgebung = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "konzept.settings.prod",
        "SECRET_KEY": "nur-fuer-diesen-test-9f8e7d6c5b4a3210-zyxwvutsrqponmlkjihgfedcba",
        "ALLOWED_HOSTS": "integrationskonzept.example",
        "PATH": "/usr/bin:/bin",
    }
    ergebnis = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASIS,
        env=umgebung,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr


# The cache for anonymous readers


@pytest.fixture
def leser_cache(settings):
    settings.LESER_CACHE_SEKUNDEN = 600
    cache.clear()
    yield
    cache.clear()


def abfragen(client, url, **kopf):
    with CaptureQueriesContext(connection) as erfasst:
        response = client.get(url, **kopf)
    return response, len(erfasst)


def nonce(response):
    return re.search(r"'nonce-([\w-]+)'", response["Content-Security-Policy"]).group(1)


def test_jede_oeffentliche_seite_kommt_aus_dem_cache(client, inhalt, massnahme, leser_cache):
    """Every page in LESER_CACHE_SEITEN is served from the cache on the second request (one
    query: the content version), so none of them carries a CSRF token for anonymous readers;
    each answer has its own CSP nonce, in the header and on every script."""
    urls = {
        "konzept:edition_detail": "/2024/",
        "konzept:edition_list": "/ausgaben/",
        "konzept:impressum": "/impressum/",
        "konzept:datenschutz": "/datenschutz/",
        "konzept:barrierefreiheit": "/barrierefreiheit/",
        "themenfelder:themenfeld_detail": massnahme.themenfeld.get_absolute_url(),
        "massnahmen:massnahme_list": f"/2024/massnahmen/?status={massnahme.status}",
        "massnahmen:massnahme_detail": massnahme.get_absolute_url(),
        "massnahmen:umsetzungsstand": "/2024/umsetzungsstand/",
        "beteiligung:beteiligung_detail": "/2024/beteiligung/",
        "beteiligung:beteiligungsformat_detail": f"/2024/beteiligung/{fabrik.rolle('format_kmv')}/",
        "beteiligung:abwaegung": "/2024/abwaegung/",
    }
    # The comparison needs a predecessor; it is covered by the edit test below.
    assert set(urls) == LESER_CACHE_SEITEN - {"konzept:edition_vergleich"}
    for url in urls.values():
        erste, _anzahl = abfragen(client, url)
        zweite, anzahl = abfragen(client, url)
        assert erste.status_code == zweite.status_code == 200, url
        assert anzahl == 1, url
        assert nonce(erste) != nonce(zweite)
        for response in (erste, zweite):
            skripte = re.findall(r"<script\b[^>]*>", response.text)
            assert all(f'nonce="{nonce(response)}"' in skript for skript in skripte), url
        assert erste.text.replace(nonce(erste), "") == zweite.text.replace(nonce(zweite), "")
        assert not zweite.cookies


def test_head_kommt_aus_dem_cache(client, inhalt, leser_cache):
    """An uptime monitor's HEAD costs what a reader's GET from the cache costs."""
    client.get("/2024/")
    with CaptureQueriesContext(connection) as erfasst:
        kopf = client.head("/2024/")
    assert kopf.status_code == 200
    assert len(erfasst) == 1  # the content version


def test_cache_nach_einer_aenderung_nie_veraltet(
    client, massnahme, andere_massnahme, leser_cache, django_capture_on_commit_callbacks
):
    """A saved change raises the content version once per transaction, after the commit:
    the next anonymous reader gets the new text."""
    url = massnahme.themenfeld.get_absolute_url()
    assert massnahme.titel in client.get(url).text
    assert abfragen(client, url)[1] == 1
    neu = f"{massnahme.titel} mit Dolmetschenden"
    vorher = inhaltsstand()
    with django_capture_on_commit_callbacks(execute=True) as rueckrufe:
        for element in [massnahme, andere_massnahme] * 3:
            element.titel = f"{element.titel} mit Dolmetschenden"
            element.save()
    assert len(rueckrufe) == 1
    assert inhaltsstand() == vorher + 1
    response, anzahl = abfragen(client, url)
    assert anzahl > 1 and neu in response.text


def test_nichts_aus_dem_cache_fuer_angemeldete(staff_client, themenfeld, leser_cache):
    """Signed-in users get their own page (edit buttons), and it is never given to others."""
    url = themenfeld.get_absolute_url()
    # The header of a signed-in user: the sign-out form and the edit buttons.
    seite = staff_client.get(url).text
    assert 'action="/abmelden/"' in seite and "/bearbeiten/" in seite
    anonym, anzahl = abfragen(Client(), url)
    assert anzahl > 1  # rendered, not taken from the staff response
    assert "Abmelden" not in anonym.text and "/bearbeiten/" not in anonym.text
    _zweite, anzahl = abfragen(staff_client, url)
    assert anzahl > 1


def test_nichts_aus_dem_cache_mit_meldungen(client, inhalt, leser_cache):
    """A reader with a session (a message waiting) gets a freshly rendered page."""
    client.get("/2024/")
    session = client.session
    session["_messages"] = '[["__json_message",0,20,"Gespeichert."]]'
    session.save()
    _response, anzahl = abfragen(client, "/2024/")
    assert anzahl > 1


def test_kontoloeschen_per_update_erhoeht_den_inhaltsstand(
    client, inhalt, django_capture_on_commit_callbacks
):
    """QuerySet.update() sends no signal; a successful POST of a signed-in user still raises
    the version, even when it ends signed out (deleting the account)."""
    client.force_login(benutzer_mit_rolle("mitglied", "KMV"))
    vorher = inhaltsstand()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/meine-daten/konto-loeschen/", {"bestaetigung": "ja"})
    assert inhaltsstand() > vorher
    assert not Kommentar.objects.filter(autor__username="mitglied").exists()


def test_aufgaben_warten_in_der_datenbank_auf_den_worker(
    entwurf, settings, mailoutbox, monkeypatch
):
    """Production runs tasks through django-tasks-db: an e-mail enqueued is a row in the
    database (it survives a restart of the app server) until `manage.py db_worker` sends it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections between tasks; here that would end the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    autorin = benutzer_mit_rolle("amira", "KMV")
    autorin.email = "amira@example.org"
    autorin.save()
    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=1)
    )
    kommentar = kommentar_abgeben(
        user=autorin,
        element=Massnahme.objects.in_edition(entwurf).first(),
        text="Bitte auf Arabisch.",
        sprache="de",
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )
    tasks.kommentar_beantwortet.enqueue(kommentar.pk)
    assert mailoutbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [nachricht.to for nachricht in mailoutbox] == [["amira@example.org"]]


def test_jedes_skript_traegt_die_nonce():
    """script-src allows nothing but the response's nonce: every <script> in a template must
    carry it, or the browser refuses it (issue 8)."""
    vorlagen = [
        datei
        for ordner in ("templates", "konzept", "themenfelder", "massnahmen", "beteiligung")
        for datei in (BASIS / ordner).rglob("*.html")
    ]
    ohne = [
        f"{datei.relative_to(BASIS)}: {tag}"
        for datei in vorlagen
        for tag in re.findall(r"<script\b[^>]*>", datei.read_text())
        if 'nonce="{{ csp_nonce }}"' not in tag
    ]
    assert vorlagen and ohne == []


def test_ein_treffer_fragt_die_datenbank_nicht(
    client, massnahme, leser_cache, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Each process reads the content version at most every INHALTSSTAND_SEKUNDEN, so a hit
    asks the database nothing; a change made in this process shows at once, one made by
    another process or server within that time."""
    from konzept import betrieb

    settings.INHALTSSTAND_SEKUNDEN = 1
    uhr = [1000.0]
    monkeypatch.setattr(betrieb.time, "monotonic", lambda: uhr[0])
    monkeypatch.setattr(betrieb, "_gelesen", None)
    url = massnahme.themenfeld.get_absolute_url()
    client.get(url)
    assert abfragen(client, url)[1] == 0
    # Another server raised the version: after at most a second, the page is rendered anew.
    Inhaltsstand.objects.get_or_create(pk=1, defaults={"version": 0})
    Inhaltsstand.objects.filter(pk=1).update(version=F("version") + 1)
    assert abfragen(client, url)[1] == 0
    uhr[0] += 1
    assert abfragen(client, url)[1] > 1
    # A change in this process: the next reader gets the new page at once.
    neu = f"{massnahme.titel} im Landkreis"
    with django_capture_on_commit_callbacks(execute=True):
        massnahme.titel = neu
        massnahme.save()
    response, anzahl = abfragen(client, url)
    assert anzahl > 1 and neu in response.text
