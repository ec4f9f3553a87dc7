"""The test suite: fast hashing, SQLite in memory unless DATABASE_URL points elsewhere."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test rolls back its transaction, so the content version never rises: the cache for
# anonymous readers is off here and switched on by the tests of it.
LESER_CACHE_SEKUNDEN = 0
# Several test clients stand for several servers: each request reads the content version.
INHALTSSTAND_SEKUNDEN = 0
# Rendered PDFs of the suite stay out of the working tree, one folder per parallel worker.
PDF_CACHE_ORDNER = (
    Path(tempfile.gettempdir())
    / f"integrationskonzept-test-pdf-{os.environ.get('PYTEST_XDIST_WORKER', 'einzeln')}"
)
# Every change a new PDF at once; the tests of the render limit switch it on.
PDF_NEU_RENDERN_SEKUNDEN = 0
# Single sign-on is off whatever the environment says; the tests of it point it at the real
# provider they start (tests/anbieter.py).
DIENSTKONTO = {**DIENSTKONTO, "aussteller": "", "client_id": ""}  # noqa: F405
# Machine translation is off whatever the environment says; its tests point it at the local
# stand-ins of the services they start (tests/konzept/test_maschinell.py).
MASCHINELL = {**MASCHINELL, "dienst": "", "adresse": "", "schluessel": ""}  # noqa: F405
