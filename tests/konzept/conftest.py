import pytest

from tests.anbieter import RUECKKEHR, Anbieter


@pytest.fixture(scope="session")
def anbieter():
    """The real OpenID provider (tests/anbieter.py) for the Django test client (`testserver`),
    started by the first test that needs it."""
    laufend = Anbieter([f"http://testserver{RUECKKEHR}"])
    yield laufend
    laufend.beenden()
