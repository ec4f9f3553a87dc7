"""A consultation phase prepared on a page read before an adoption never opens on the
adopted edition: creating it locks the edition's row, as adoption does, and adoption ends or
deletes every phase it finds.

Real parallel connections (threads with a barrier) on PostgreSQL; SQLite serialises every
write, so there the test says why it does not run.
"""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from beteiligung.models import Beschluss, Beteiligungsphase, Gremium
from beteiligung.services import beschluss_erfassen, phase_anlegen
from konzept.models import Edition
from konzept.services import edition_fortschreiben, edition_status_aendern
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from tests.konzept.test_edition_nebenlaeufig import gleichzeitig

pytestmark = pytest.mark.django_db(transaction=True)


def test_phase_und_beschluss_gleichzeitig(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit zeigt sich nur mit PostgreSQL (DATABASE_URL).")
    if not Edition.objects.filter(jahr=2024).exists():
        fabrik.laden()
    koordination = benutzer_mit_rolle("koordination", "Koordinierungsstelle")
    gremium = Gremium.objects.get(beschliesst=True)
    vorgaenger = Edition.objects.get(jahr=2024)
    for runde in range(8):
        edition = edition_fortschreiben(vorgaenger=vorgaenger, jahr=2026 + runde, user=None)
        edition = edition_status_aendern(edition=edition, status="beteiligung", grund="", user=None)

        def phase(schranke, pk=edition.pk, verzug=runde * 0.05):
            gelesen = Edition.objects.get(pk=pk)  # the page with the phase form
            schranke.wait()
            # From at once to well after the adoption has committed.
            time.sleep(verzug)
            jetzt = timezone.now()
            phase_anlegen(
                phase=Beteiligungsphase(
                    edition=gelesen,
                    zielgruppe="kmv",
                    beginn=jetzt - timedelta(hours=1),
                    ende=jetzt + timedelta(days=14),
                ),
                user=koordination,
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

        fehler = gleichzeitig(phase, annehmen)
        assert fehler[1] is None, fehler
        edition.refresh_from_db()
        assert edition.status == "beschlossen"
        # A phase created first was ended by the adoption; one created on the stale page
        # after it is refused, saying why.
        offen = Beteiligungsphase.objects.filter(edition=edition, ende__gt=timezone.now())
        assert not offen.exists(), (runde, list(offen.values("beginn", "ende")))
        if fehler[0] is not None:
            assert isinstance(fehler[0], ValidationError) and "beschlossen" in str(fehler[0])
        vorgaenger = edition
