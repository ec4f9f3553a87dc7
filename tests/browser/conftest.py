"""Fixtures for the browser tests: headless Chromium through Playwright, against `live_server`."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from konzept.models import Edition
from konzept.services import inhalte_laden

# Playwright's sync API keeps an asyncio event loop running in the test thread; Django would
# otherwise refuse every ORM call made from the test (fixtures, expected counts).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Fail fast: a page of this app answers in milliseconds.
TIMEOUT_MS = 10_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


class Chromium:
    """One headless Chromium for the whole run, started by the first test that opens a context.

    Starting it inside the test (not in fixture setup) lets a missing Chromium skip the test,
    or, in CI, fail it, rather than error in setup.
    """

    def __init__(self):
        self._playwright = None
        self.browser = None

    def holen(self):
        if self.browser is None:
            if not CHROMIUM.exists():
                grund = (
                    f"Chromium fehlt unter {CHROMIUM}: die Browser-Tests brauchen das "
                    "Debian-Paket `chromium` (nicht `playwright install`)."
                )
                if _in_ci():
                    pytest.fail(f"{grund} In CI (CI={os.environ['CI']!r}) ist das ein Fehler.")
                pytest.skip(grund)

            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        return self.browser

    def beenden(self):
        if self.browser is not None:
            self.browser.close()
        if self._playwright is not None:
            self._playwright.stop()


@pytest.fixture(scope="session")
def chromium():
    laufend = Chromium()
    yield laufend
    laufend.beenden()


@pytest.fixture
def kontext(chromium):
    """Opens browser contexts with German locale and a short timeout; closes them afterwards."""
    offen = []

    def oeffnen(**optionen):
        optionen.setdefault("locale", "de-DE")
        optionen.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium.holen().new_context(**optionen)
        context.set_default_timeout(TIMEOUT_MS)
        offen.append(context)
        return context

    yield oeffnen
    for context in offen:
        context.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def inhalt(transactional_db):
    """The shipped content, committed so that the `live_server` thread sees it.

    Overrides the suite-wide `inhalt`, which uses `db` (a transaction the server never sees).
    """
    inhalte_laden(dateien=settings.INHALTE_DATEIEN)
    return Edition.objects.get(jahr=2024)
