import pytest
from django.core.cache import cache

from api.services import token_anlegen
from massnahmen.models import Organisation
from tests.conftest import benutzer_mit_rolle


@pytest.fixture(autouse=True)
def anfragen_frei(settings):
    """Each test counts its requests from zero (the limit itself: test_zu_viele_anfragen)."""
    cache.clear()
    settings.API_ANFRAGEN_PRO_MINUTE = 10_000


def token(user, bereich="lesen", tage=30) -> str:
    return token_anlegen(user=user, name=f"Test {bereich}", bereich=bereich, tage=tage)[1]


def kopf(klartext) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {klartext}"}


@pytest.fixture
def kontakt(massnahme):
    """A contact person of the organisation that leads `massnahme`."""
    user = benutzer_mit_rolle("api-kontakt", "Umsetzung")
    Organisation.objects.get(pk=massnahme.federfuehrung_id).ansprechpersonen.add(user)
    return user
