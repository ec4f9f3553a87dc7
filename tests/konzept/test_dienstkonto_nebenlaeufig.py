"""Issue 19.1 (rules of the house): two first sign-ins of the same person at the same moment
(two tabs, a double click) make one account and one link, never two, and no error.

Real parallel connections (threads with a barrier) on PostgreSQL; SQLite serialises every
write, so there the test says why it does not run.
"""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection

from konzept.models import Dienstkonto
from konzept.oidc import DienstkontoBackend

pytestmark = pytest.mark.django_db(transaction=True)

ID_TOKEN = {
    "iss": "https://anmeldung.landkreis.example",
    "sub": "gleichzeitig-1",
    "aud": "integrationskonzept",
    "groups": ["ik-gremien"],
}


def test_zwei_erste_anmeldungen_gleichzeitig_ein_konto(settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit zeigt sich nur mit PostgreSQL (DATABASE_URL).")
    settings.DIENSTKONTO = {**settings.DIENSTKONTO, "gruppen": {"ik-gremien": ["Ausschuss"]}}
    # The claims as the provider would have sent them; what is tested is the link.
    monkeypatch.setattr(DienstkontoBackend, "get_userinfo", lambda self, a, i, nutzlast: nutzlast)
    schranke = threading.Barrier(2)
    ergebnisse, fehler = [], []

    def anmelden():
        try:
            schranke.wait()
            user = DienstkontoBackend().get_or_create_user("", "", dict(ID_TOKEN))
            ergebnisse.append(user.pk)
        except Exception as ausnahme:  # reported to the test
            fehler.append(ausnahme)
        finally:
            connection.close()

    for _runde in range(3):
        threads = [threading.Thread(target=anmelden) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert fehler == []
    assert len(set(ergebnisse)) == 1 and len(ergebnisse) == 6
    assert Dienstkonto.objects.filter(subjekt="gleichzeitig-1").count() == 1
    assert User.objects.filter(username__startswith="dienstkonto-").count() == 1
    assert list(User.objects.get(pk=ergebnisse[0]).groups.values_list("name", flat=True)) == [
        "Ausschuss"
    ]
