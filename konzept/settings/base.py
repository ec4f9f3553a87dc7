"""Settings shared by every environment; each environment module overrides only what differs."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    # Sign-in protection: lockout after failed attempts, second factor (TOTP, recovery codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Tasks stored in the database, run by `manage.py db_worker` (production).
    "django_tasks_db",
    "konzept",
    "themenfelder",
    "massnahmen",
    "beteiligung",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Answers for readers without a session, gzip-compressed (issue 20.1; BREACH: see there).
    # Outside the reader cache, whose hits are compressed too.
    "konzept.betrieb.KomprimierenMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # The API under /api/v1/: tokens instead of the session, limits, CORS, ETag, problem+json.
    "api.middleware.SchnittstelleMiddleware",
    # Rendered pages for anonymous readers, until the content changes (konzept/betrieb.py);
    # this early, a hit skips session, sign-in and the rest.
    "konzept.betrieb.LeserCacheMiddleware",
    # Persian digits, untranslated district words marked as German (issue 17.12); before
    # the reader cache stores the page.
    "konzept.sprachstellen.SprachstellenMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Oversized bodies and wrong methods get a page in the reader's language.
    "konzept.betrieb.AnfragenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "konzept.anmeldung.ZweiterFaktorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A form sent after the session ended keeps its text (issue 14.18).
    "konzept.anmeldung.SitzungAbgelaufenMiddleware",
    # Records the signed-in user on changes made outside the editing services (admin).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "konzept.urls"
WSGI_APPLICATION = "konzept.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "konzept.context_processors.landkreis",
                "konzept.rollen.rollen",
                "konzept.context_processors.sprachen",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# SQLite (development, `make run`): the write-ahead log lets readers go on while one writes;
# write transactions take the write lock when they begin (IMMEDIATE), so that two of them
# wait for each other (up to `timeout` seconds) instead of failing with "database is locked"
# when one of them has read first.
SQLITE_OPTIONEN = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONEN)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# OWASP ASVS 5.0 level 2 (V6.2): at least 12 characters, no common or context-specific
# passwords, no composition rules (so no NumericPasswordValidator), no forced rotation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out sign-in is refused before the password is checked: the
    # limit per address across all user names, then django-axes per name and address.
    "konzept.anmeldung.AdressBremse",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed attempts lock out that user name from that address (never the name everywhere,
# so nobody can lock out someone else), for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused unchecked and not counted: hammering on a locked
# name does not prolong its lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "konzept.anmeldung.gesperrt"
AXES_CLIENT_IP_CALLABLE = "konzept.anmeldung.client_ip"
AXES_USERNAME_CALLABLE = "konzept.anmeldung.benutzername"
# The sign-in log (user name, address, browser of each sign-in and failed attempt) is kept
# this many days, then deleted by the regular job (konzept/anmeldeprotokoll.py).
ANMELDEPROTOKOLL_TAGE = int(os.environ.get("ANMELDEPROTOKOLL_TAGE", "30"))
# Which create forms a person sent (against double submission, issue 14.12) is kept this long.
EINREICHUNG_TAGE = 2
# Across all user names, one address may fail this often within AXES_COOLOFF_TIME; then it is
# refused until the oldest of those failures is older than that (OWASP ASVS 5.0 § 6.3: a
# guess against every account costs the same as against one). High enough for the many
# people behind one authority's address.
ANMELDUNG_ADRESSE_LIMIT = int(os.environ.get("ANMELDUNG_ADRESSE_LIMIT", "20"))
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none).
PROXY_ANZAHL = int(os.environ.get("PROXY_ANZAHL", "0"))
# Sessions end after this much inactivity (every request renews them) and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("SITZUNG_MINUTEN", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The issuer shown in authenticator apps next to the user name.
OTP_TOTP_ISSUER = "Integrationskonzept"

# German is the source language of the content and of every interface string.
# Each language is named in its own language and script (the language switcher shows
# these names). A new language: add it here, run makemigrations/migrate (modeltranslation
# adds its columns), add locale/<code>/ and a content file in daten/uebersetzungen/.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
# Languages whose pages write numbers with their own digits (konzept/sprachstellen.py); their
# decimal and thousands separators are in konzept/formate/<code>/formats.py.
EIGENE_ZIFFERN = {"fa": "۰۱۲۳۴۵۶۷۸۹"}
FORMAT_MODULE_PATH = ["konzept.formate"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
LANGUAGE_COOKIE_NAME = "sprache"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# The district's content that `inhalte_laden` loads when given none (README "Ein anderer
# Landkreis"): folders (their *.toml files and, if there is one, their uebersetzungen/ folder)
# or files, separated by commas. Another district sets INHALTE to its own folder.
INHALTE = env_list("INHALTE", str(BASE_DIR / "daten"))
# Only development may create the demo sign-ins with their published passwords.
DEMO_BENUTZER_ERLAUBT = False

# Every asset is served from our own origin; no inline script or style attribute anywhere.
# Scripts run only with this response's nonce (`nonce="{{ csp_nonce }}"` on every <script>),
# not merely because they come from our origin. The page's stylesheet is the one <style>
# element, with the same nonce (konzept/seitenstil.py: no request before the first paint).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # KERN UX draws its icons as data: SVGs.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Messages travel in the session: one cookie less, and pages without them can be cached.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Request bodies: form fields at most 2.5 MB, a whole request (uploads included) at most 10 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
ANFRAGE_MAX_BYTES = 10 * 1024 * 1024
# Error reports and logs never carry what was typed into a form (passwords, comments).
DEFAULT_EXCEPTION_REPORTER_FILTER = "konzept.betrieb.FormulareVerbergenFilter"
# Anonymous readers get rendered pages from this cache, keyed by the content version
# (konzept/betrieb.py); 0 switches it off.
LESER_CACHE_SEKUNDEN = int(os.environ.get("LESER_CACHE_SEKUNDEN", "600"))
# How old the content version a process holds may be: after a change, other processes and
# servers serve the new page within this time (the process that made it at once).
INHALTSSTAND_SEKUNDEN = float(os.environ.get("INHALTSSTAND_SEKUNDEN", "1"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "konzept:startseite"
LOGOUT_REDIRECT_URL = "konzept:startseite"

# Work that must not block a request (e-mails) runs as a Django task. Development and
# tests run tasks at once; production configures a worker backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "integrationskonzept@localhost")
# An e-mail that could not be sent is tried again after these many seconds, one after the
# other (konzept/zustellung.py): a minute, five, half an hour, two hours, half a day.
MAIL_WIEDERHOLUNG_SEKUNDEN = (60, 300, 1800, 7200, 43200)
# Machine translation (konzept/maschinell.py, README "Maschinelle Übersetzung"): off unless
# MASCHINELL_DIENST names a backend, "libretranslate" (a server of the district's own at
# MASCHINELL_ADRESSE) or "deepl" (MASCHINELL_SCHLUESSEL). Nothing is sent anywhere while off.
MASCHINELL = {
    "dienst": os.environ.get("MASCHINELL_DIENST", "").strip().lower(),
    "adresse": os.environ.get("MASCHINELL_ADRESSE", "").strip(),
    "schluessel": os.environ.get("MASCHINELL_SCHLUESSEL", "").strip(),
    "zeitlimit": float(os.environ.get("MASCHINELL_ZEITLIMIT", "10")),
}
# A translation the service could not give (timeout, overloaded) is asked for again after these
# many seconds, one after the other; then it stays for people ("Übersetzung folgt").
MASCHINELL_WIEDERHOLUNG_SEKUNDEN = (60, 300, 1800, 7200)
# Rendered PDFs, kept under a fingerprint of their content (konzept/pdf.py). Several app
# servers share it when it lies on a shared volume; deleting it only costs rendering time.
PDF_CACHE_ORDNER = Path(os.environ.get("PDF_CACHE_ORDNER", VAR_DIR / "pdf"))
# A changed edition is rendered anew at most this often per language; in between readers get
# the latest rendering, staff always the current content (konzept/pdf.py). 0: always at once.
PDF_NEU_RENDERN_SEKUNDEN = int(os.environ.get("PDF_NEU_RENDERN_SEKUNDEN", "300"))
# How many comments one person may write per hour (abuse protection).
KOMMENTARE_PRO_STUNDE = int(os.environ.get("KOMMENTARE_PRO_STUNDE", "10"))
# How often one person may change their comments per hour: every change is kept in the history
# and makes the next PDF render again, so changes are limited like new comments (issue 14.11).
KOMMENTAR_AENDERUNGEN_PRO_STUNDE = int(os.environ.get("KOMMENTAR_AENDERUNGEN_PRO_STUNDE", "20"))

# Umsetzungsstand dashboard: staff see measures under way whose last report is older than this.
UMSETZUNGSSTAND_VERALTET_MONATE = 6
# The licence of the open data of adopted editions; another district may choose another.
# `url` is the licence's URI in the DCAT-AP.de vocabulary, which open-data portals expect.
OFFENE_DATEN_LIZENZ = {
    "kennung": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
}
# Contact persons (group `Umsetzung`) report on the measures their organisation leads; with
# this on, also on those it partners in.
UMSETZUNG_PARTNER_MELDEN = env_bool("UMSETZUNG_PARTNER_MELDEN", False)
# Reports of contact persons wait for staff review before they are public; off: at once.
UMSETZUNG_PRUEFUNG = env_bool("UMSETZUNG_PRUEFUNG", True)
# Invitation links for contact persons stay valid this many days.
EINLADUNG_GUELTIG_TAGE = int(os.environ.get("EINLADUNG_GUELTIG_TAGE", "14"))
# Reporting rounds: reminders this many days before the deadline and once after it.
ABFRAGE_ERINNERUNG_TAGE_VORHER = 3
# Contact persons of measures without an update for UMSETZUNGSSTAND_VERALTET_MONATE months
# are reminded automatically, at most once in this many days.
VERALTET_ERINNERUNG_ABSTAND_TAGE = 30
# The site's address for links in e-mails (sent by the worker, outside any request).
SEITEN_ADRESSE = os.environ.get("SEITEN_ADRESSE", "http://127.0.0.1:8000").rstrip("/")
# Each language of LANGUAGES in the EU's language vocabulary, for the DCAT-AP.de metadata
# (http://publications.europa.eu/resource/authority/language/DEU …).
OFFENE_DATEN_SPRACHCODES = {
    "de": "DEU",
    "en": "ENG",
    "ar": "ARA",
    "fa": "FAS",
    "uk": "UKR",
    "ru": "RUS",
    "tr": "TUR",
}


# Single sign-on with the authority's OpenID Connect provider (konzept/oidc.py, README "Anmelden
# mit dem Dienstkonto"): off unless OIDC_AUSSTELLER and OIDC_CLIENT_ID are set. Kept apart from
# the sign-in settings above so that it can be read (and merged) on its own.
def _gruppenzuordnung(text: str) -> dict[str, list[str]]:
    """OIDC_GRUPPEN: a JSON object from a value of the groups claim to the group (role) or
    groups it grants, e.g. {"ik-koordination": "Koordinierungsstelle"}."""
    try:
        zuordnung = json.loads(text or "{}")
    except json.JSONDecodeError as fehler:
        raise ImproperlyConfigured(f"OIDC_GRUPPEN ist kein gültiges JSON: {fehler}") from None
    if not isinstance(zuordnung, dict):
        raise ImproperlyConfigured("OIDC_GRUPPEN muss ein JSON-Objekt sein: {Claim-Wert: Gruppe}.")
    ergebnis = {}
    for wert, gruppen in zuordnung.items():
        gruppen = [gruppen] if isinstance(gruppen, str) else gruppen
        if not isinstance(gruppen, list) or not all(
            isinstance(gruppe, str) and gruppe.strip() for gruppe in gruppen
        ):
            raise ImproperlyConfigured(
                f"OIDC_GRUPPEN: {wert!r} muss auf einen Gruppennamen oder eine Liste davon zeigen."
            )
        ergebnis[wert] = [gruppe.strip() for gruppe in gruppen]
    return ergebnis


DIENSTKONTO = {
    # The issuer (https://login.landkreis.example/realms/verwaltung) or its discovery URL
    # (…/.well-known/openid-configuration).
    "aussteller": os.environ.get("OIDC_AUSSTELLER", "").strip(),
    "client_id": os.environ.get("OIDC_CLIENT_ID", "").strip(),
    "client_secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
    "scopes": os.environ.get("OIDC_SCOPES", "openid").strip(),
    # Where the groups stand among the claims; dots reach into objects (realm_access.roles).
    "gruppen_claim": os.environ.get("OIDC_GRUPPEN_CLAIM", "groups").strip(),
    "gruppen": _gruppenzuordnung(os.environ.get("OIDC_GRUPPEN", "")),
    # A sign-in counts as two-factor when the ID token's amr holds one of these (RFC 8176) or
    # its acr is one of those.
    "mfa_amr": env_list("OIDC_MFA_AMR", "mfa,otp,hwk"),
    "mfa_acr": env_list("OIDC_MFA_ACR", ""),
    "algorithmus": os.environ.get("OIDC_ALGORITHMUS", "RS256").strip(),
    "zeitlimit": float(os.environ.get("OIDC_ZEITLIMIT", "5")),
}
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "konzept.oidc.DienstkontoBackend"]

# The API (README, "Programmierschnittstelle (API)"): requests per minute and client (token,
# else address), largest body, longest validity of a personal token.
API_ANFRAGEN_PRO_MINUTE = 300
API_MAX_BYTES = 64 * 1024
API_TOKEN_MAX_TAGE = 365
