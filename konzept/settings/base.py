"""Settings shared by every environment; each environment module overrides only what differs."""

import os
from pathlib import Path

import dj_database_url
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
    "konzept",
    "themenfelder",
    "massnahmen",
    "beteiligung",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user on changes made outside the editing services (admin).
    "simple_history.middleware.HistoryRequestMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

# The content files `inhalte_laden` reads when given none; another district replaces these.
INHALTE_DATEIEN = [
    BASE_DIR / "daten" / "landkreis-wesermarsch.toml",
    BASE_DIR / "daten" / "integrationskonzept-2024.toml",
    *sorted((BASE_DIR / "daten" / "uebersetzungen").glob("*.toml")),
]
# Only development may create the demo sign-ins with their published passwords.
DEMO_BENUTZER_ERLAUBT = False

# Every asset is served from our own origin; no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # KERN UX draws its icons as data: SVGs.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "konzept:startseite"
LOGOUT_REDIRECT_URL = "konzept:startseite"

# Work that must not block a request (e-mails) runs as a Django task. Development and
# tests run tasks at once; production configures a worker backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "integrationskonzept@localhost")
# Rendered PDFs, kept under a fingerprint of their content (konzept/pdf.py). Several app
# servers share it when it lies on a shared volume; deleting it only costs rendering time.
PDF_CACHE_ORDNER = Path(os.environ.get("PDF_CACHE_ORDNER", VAR_DIR / "pdf"))
# How many comments one person may write per hour (abuse protection).
KOMMENTARE_PRO_STUNDE = 10

# Umsetzungsstand dashboard: staff see measures under way whose last report is older than this.
UMSETZUNGSSTAND_VERALTET_MONATE = 6
# The licence of the open data (JSON) of adopted editions; another district may choose another.
OFFENE_DATEN_LIZENZ = {
    "kennung": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
