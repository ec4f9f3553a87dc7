"""The test content itself (tests/fabrik.py): both sample districts and the generated content
of the benchmarks are complete, so that tests and measurements stand on what they assume."""

from konzept import baum, uebersetzung
from konzept.models import Edition
from massnahmen.models import Massnahme
from tests import fabrik


def test_jede_rolle_gibt_es_im_beispiel(inhalt):
    for name, key in fabrik.ROLLEN[fabrik.beispiel()].items():
        if name == "organisation":
            assert Massnahme.objects.filter(federfuehrung__name=key).exists()
            continue
        if name.startswith("format"):
            assert inhalt.beteiligungsformate.filter(key=key).exists(), name
            continue
        gefunden = [
            ebene
            for ebene in baum.EBENEN
            if ebene.model.objects.filter(**{ebene.edition_pfad: inhalt, "key": key}).exists()
        ]
        assert gefunden, (name, key)


def test_die_rollen_haben_was_sie_versprechen(massnahme, kmv_massnahme, andere_massnahme):
    assert massnahme.federfuehrung and massnahme.partner.exists() and massnahme.budget
    assert massnahme.herkunft.exists()
    assert kmv_massnahme.ist_kmv and not massnahme.ist_kmv
    assert andere_massnahme.themenfeld_id != massnahme.themenfeld_id


def test_erzeugte_inhalte_fuer_die_messungen(leer):
    edition = fabrik.erzeugen(jahr=2030, felder=2, teilziele=2, massnahmen=3)
    assert Edition.objects.get(jahr=2030) == edition
    assert Massnahme.objects.in_edition(edition).count() == 12
    for sprache in ("en", "ar", "fa", "uk", "ru", "tr"):
        zahlen = uebersetzung.zaehlen(uebersetzung.elemente(edition), sprache)
        assert zahlen["maschinell"] >= 2 + 4 + 4 + 12, (sprache, zahlen)
