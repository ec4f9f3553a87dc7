"""Issue 14.7 (stale reads): a step back in the workflow that read the edition before an
adoption committed never turns the adopted edition into a draft again.

Real parallel connections (threads with a barrier) on PostgreSQL; SQLite serialises every
write, so there the test says why it does not run.
"""

import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from beteiligung.models import Beschluss, Gremium
from beteiligung.services import beschluss_erfassen
from konzept.models import Edition
from konzept.services import EditionFehler, edition_fortschreiben, edition_status_aendern
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

pytestmark = pytest.mark.django_db(transaction=True)


def gleichzeitig(*aufgaben):
    """Runs each task in its own thread and connection, all released at the same moment;
    returns what each raised (or None)."""
    schranke = threading.Barrier(len(aufgaben))
    fehler = [None] * len(aufgaben)

    def laufen(nummer, aufgabe):
        try:
            aufgabe(schranke)
        except Exception as ausnahme:  # reported to the test
            fehler[nummer] = ausnahme
        finally:
            connection.close()

    threads = [threading.Thread(target=laufen, args=(n, a)) for n, a in enumerate(aufgaben)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return fehler


def test_schritt_zurueck_und_beschluss_gleichzeitig(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit zeigt sich nur mit PostgreSQL (DATABASE_URL).")
    if not Edition.objects.filter(jahr=2024).exists():
        fabrik.laden()
    koordination = benutzer_mit_rolle("koordination", "Koordinierungsstelle")
    gremium = Gremium.objects.get(beschliesst=True)
    vorgaenger = Edition.objects.get(jahr=2024)
    for runde in range(8):
        edition = edition_fortschreiben(vorgaenger=vorgaenger, jahr=2026 + runde, user=None)
        for status in ("beteiligung", "beratung"):
            edition = edition_status_aendern(edition=edition, status=status, grund="", user=None)

        def zurueck(schranke, pk=edition.pk, verzug=runde * 0.05):
            gelesen = Edition.objects.get(pk=pk)  # the page with "one step back"
            schranke.wait()
            # From at once to well after the adoption has committed: the rounds cover both
            # the overlapping writes and the page read before an adoption, sent after it.
            time.sleep(verzug)
            edition_status_aendern(
                edition=gelesen, status="beteiligung", grund="Noch ein Gespräch", user=koordination
            )

        def annehmen(schranke, edition=edition):
            schranke.wait()
            beschluss_erfassen(
                beschluss=Beschluss(
                    edition=edition,
                    gremium=gremium,
                    datum=timezone.localdate(),
                    ergebnis="beschlossen",
                ),
                user=koordination,
            )

        fehler = gleichzeitig(zurueck, annehmen)
        assert fehler[1] is None, fehler
        edition.refresh_from_db()
        # Adopted either way: a step back that came first was a step within the draft; one
        # that read the edition before the adoption is refused, saying so.
        assert edition.status == "beschlossen", (runde, fehler)
        if fehler[0] is not None:
            assert isinstance(fehler[0], EditionFehler) and "beschlossen" in str(fehler[0])
        assert Beschluss.objects.filter(edition=edition).count() == 1
        vorgaenger = edition
