"""Fixtures for the browser tests: headless Chromium through Playwright, against `live_server`."""

import os
from pathlib import Path

import pytest

from tests import fabrik

from .chromium import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API keeps an asyncio event loop running in the test thread; Django would
# otherwise refuse every ORM call made from the test (fixtures, expected counts).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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


AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Reports every CSP violation of every page to the test (issue 8: zero violations).
CSP_MELDEN = """document.addEventListener("securitypolicyviolation", (e) => {
    const was = e.blockedURI || "inline";
    window.cspVerstoss(`${e.effectiveDirective} blockiert ${was} auf ${e.documentURI}`);
});"""


@pytest.fixture
def kontext(chromium):
    """Opens browser contexts with German locale and a short timeout; closes them afterwards.

    Every context enforces the app's CSP, and every violation on any page fails the test.
    axe-core comes as an init script, which the browser runs outside the page's CSP: no
    context needs to bypass the CSP for it (a `bypass_csp` option is ignored).
    """
    offen = []
    verstoesse = []

    def oeffnen(**optionen):
        optionen.pop("bypass_csp", None)
        optionen.setdefault("locale", "de-DE")
        optionen.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium.holen().new_context(**optionen)
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_function("cspVerstoss", lambda meldung: verstoesse.append(meldung))
        context.add_init_script(script=CSP_MELDEN)
        context.add_init_script(path=AXE)
        offen.append(context)
        return context

    oeffnen.verstoesse = verstoesse
    yield oeffnen
    for context in offen:
        context.close()
    assert verstoesse == [], "CSP-Verstöße:\n" + "\n".join(verstoesse)


def zweiter_faktor(page, benutzername: str) -> None:
    """On the second-factor page after the password: signs in with a fresh recovery code.

    (The authenticator-app path is tested with computed codes in tests/konzept.)
    """
    if "/zweiter-faktor/" not in page.url:
        return
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    geraet, _neu = StaticDevice.objects.get_or_create(
        user=User.objects.get(username=benutzername), name="Wiederherstellungscodes"
    )
    code = geraet.token_set.create(token=StaticToken.random_token()).token
    page.get_by_label("Code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen").click()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def inhalt(transactional_db):
    """This run's sample district (tests/fabrik.py), committed so that the `live_server`
    thread sees it.

    Overrides the suite-wide `inhalt`, which uses `db` (a transaction the server never sees).
    The database of a test with `transactional_db` is emptied after it; the first one still
    finds the district built for the whole session (tests/conftest.py), so it is emptied here
    too: every browser test starts from a freshly built district.
    """
    from django.core.management import call_command

    from konzept.models import Landkreis

    if Landkreis.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    return fabrik.laden()
