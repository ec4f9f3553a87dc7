"""Issue 18 (rules of the house): translation writes that check a state do so on locked rows.

Real parallel connections (threads with a barrier) on PostgreSQL; SQLite serialises every
write, so there the tests say why they do not run.
"""

import threading

import pytest
from django.db import connection

from konzept import uebersetzung
from konzept.models import Edition, Uebersetzungsstatus
from massnahmen.models import Massnahme
from tests import fabrik

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def edition(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Nebenläufigkeit zeigt sich nur mit PostgreSQL (DATABASE_URL).")
    # The first test with a transactional database still finds the district built for the
    # session; after it the database is emptied, so the next one builds it again.
    edition = Edition.objects.filter(jahr=2024).first() or fabrik.laden()
    # Every measure machine-translated into both languages, each text it has.
    for massnahme in Massnahme.objects.in_edition(edition):
        for sprache in ("ar", "fa"):
            texte = {
                feld: f"{massnahme.quelltext(feld)} ({sprache})"
                for feld in massnahme.uebersetzbare_felder()
                if massnahme.quelltext(feld)
            }
            massnahme.uebersetzung_speichern(sprache, texte, Uebersetzungsstatus.MASCHINELL)
    return edition


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


def test_zwei_sprachen_gleichzeitig_behalten_beide_ihren_stand(edition):
    """Two translations of the same item saved at the same moment (say, an Arabic import and
    a Persian edit) both keep their state: neither overwrites the other's record."""
    pk = Massnahme.objects.in_edition(edition).first().pk
    for runde in range(5):

        def speichern(sprache, text):
            def aufgabe(schranke):
                massnahme = Massnahme.objects.get(pk=pk)  # read before the other writes
                schranke.wait()
                massnahme.uebersetzung_speichern(
                    sprache, {"titel": text}, Uebersetzungsstatus.GEPRUEFT
                )

            return aufgabe

        fehler = gleichzeitig(speichern("ar", f"عنوان {runde}"), speichern("fa", f"عنوان {runde}"))
        assert fehler == [None, None]
        massnahme = Massnahme.objects.get(pk=pk)
        assert massnahme.uebersetzungsstatus("ar") == "geprueft", runde
        assert massnahme.uebersetzungsstatus("fa") == "geprueft", runde
        for sprache in ("ar", "fa"):
            massnahme.uebersetzung_speichern(sprache, {}, Uebersetzungsstatus.MASCHINELL)


def test_markieren_und_aendern_gleichzeitig(edition):
    """Marking as reviewed while a chosen translation is changed: either everything is marked
    and the change comes after (its new text unreviewed), or nothing is marked; a text nobody
    saw in the preview is never marked as reviewed."""
    for runde in range(5):
        _markieren_und_aendern(edition, runde)


def _markieren_und_aendern(edition, runde):
    liste = uebersetzung.elemente(Edition.objects.get(pk=edition.pk))
    gewaehlt = [e for e in liste if e.art == "massnahme"][:3]
    for element in gewaehlt:
        element.objekt.uebersetzung_speichern("ar", {}, Uebersetzungsstatus.MASCHINELL)
    auswahl = {e.kennung: Massnahme.objects.get(pk=e.objekt.pk).pruefstand("ar") for e in gewaehlt}
    geaendert_pk, neu = gewaehlt[1].objekt.pk, f"نص جديد {runde}"

    def markieren(schranke):
        schranke.wait()
        uebersetzung.uebersetzungen_pruefen(edition=edition, sprache="ar", auswahl=auswahl)

    def aendern(schranke):
        massnahme = Massnahme.objects.get(pk=geaendert_pk)
        schranke.wait()
        massnahme.uebersetzung_speichern("ar", {"titel": neu}, Uebersetzungsstatus.MASCHINELL)

    fehler_markieren, fehler_aendern = gleichzeitig(markieren, aendern)
    assert fehler_aendern is None
    assert fehler_markieren is None or isinstance(fehler_markieren, uebersetzung.PruefungVeraltet)
    geaendert = Massnahme.objects.get(pk=geaendert_pk)
    assert geaendert.titel_ar == neu
    assert geaendert.uebersetzungsstatus("ar") == "maschinell", runde
    andere = {
        Massnahme.objects.get(pk=e.objekt.pk).uebersetzungsstatus("ar")
        for e in gewaehlt
        if e.objekt.pk != geaendert_pk
    }
    assert andere == ({"maschinell"} if fehler_markieren else {"geprueft"}), runde
