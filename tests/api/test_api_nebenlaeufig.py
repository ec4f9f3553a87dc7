"""Issue 19.2: two programs writing the same measure's implementation state with the same
version at the same moment: one wins, the other gets 409; the row lock decides, not timing.

Real parallel connections (threads with a barrier) on PostgreSQL; SQLite serialises every
write, so there the test says why it does not run."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from massnahmen.models import Massnahme
from tests import fabrik
from tests.api.conftest import token
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def massnahme(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit zeigt sich nur mit PostgreSQL (DATABASE_URL).")
    from konzept.models import Edition

    # Built for the whole run, unless a transactional test before this one emptied it.
    if not Edition.objects.exists():
        fabrik.laden()
    return Massnahme.objects.in_edition(Edition.objects.in_kraft()).first()


def test_gleiche_version_gleichzeitig(massnahme, settings):
    settings.API_ANFRAGEN_PRO_MINUTE = 10_000
    klartext = token(benutzer_mit_rolle("api-parallel", "Koordinierungsstelle"), "umsetzung")
    url = f"/api/v1/ausgaben/{massnahme.edition.jahr}/massnahmen/{massnahme.key}/umsetzung/"
    for runde in range(3):
        version = Massnahme.objects.get(pk=massnahme.pk).version
        eintraege = massnahme.history.count()
        schranke = threading.Barrier(2)
        status = []

        def schreiben(notiz, version=version, schranke=schranke, status=status):
            try:
                schranke.wait()
                antwort = Client().post(
                    url,
                    json.dumps({"notiz": notiz, "version": version}),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {klartext}",
                )
                status.append(antwort.status_code)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=schreiben, args=(f"Runde {runde}, {n}",)) for n in (1, 2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(status) == [200, 409], runde
        assert Massnahme.objects.get(pk=massnahme.pk).version == version + 1
        assert massnahme.history.count() == eintraege + 1
        assert massnahme.umsetzungsnotizen.filter(text__startswith=f"Runde {runde},").count() == 1
