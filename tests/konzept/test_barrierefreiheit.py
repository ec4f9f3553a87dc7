"""Issue 17.12: the accessibility statement has every part BITV 2.0 § 7 and NBGG § 9b ask for,
as data: a prescribed status, the barriers known today, a feedback mechanism with the
district's contact, and the arbitration body linked; the contact also stands in the footer."""

import re

import pytest
from django.test import Client

from konzept.models import Landkreis


def test_kontakt_in_fusszeile_und_erklaerung(client, inhalt):
    Landkreis.objects.update(
        kontakt_email="integration@example.org",
        kontakt_telefon="01234 567-0",
        anschrift="Kreishaus\nHauptstraße 1",
    )
    startseite = client.get(inhalt.get_absolute_url()).text
    fuss = startseite[startseite.index('<footer class="site-footer">') :]
    assert 'href="mailto:integration@example.org"' in fuss
    assert 'href="tel:01234567-0"' in fuss
    erklaerung = client.get("/barrierefreiheit/").text
    assert "Kontakt für Rückmeldungen zur Barrierefreiheit" in erklaerung
    assert re.search(r'href="mailto:integration@example.org\?subject=Barriere', erklaerung)


def test_ohne_kontaktdaten_sagt_die_erklaerung_es(client, inhalt):
    Landkreis.objects.update(kontakt_email="", kontakt_telefon="", anschrift="")
    erklaerung = client.get("/barrierefreiheit/").text
    assert "noch nicht eingetragen" in erklaerung
    assert "mailto:" not in erklaerung


@pytest.mark.ausgeliefert
def test_ausgelieferte_erklaerung_hat_alle_pflichtteile(leer):
    from konzept.laden import eingestellte_dateien, inhalte_laden

    inhalte_laden(dateien=eingestellte_dateien())
    for sprache in ("", "/ar"):
        text = Client().get(f"{sprache}/barrierefreiheit/").text
        if not sprache:
            # One of the prescribed statuses, and the barriers known today, PDFs included.
            assert re.search(r"(vollständig|teilweise|nicht) vereinbar", text)
            assert "PDF" in text and "maschinell" in text
        # The arbitration body, linked.
        assert '<a href="https://www.behindertenbeauftragte-niedersachsen.de"' in text
        assert 'id="kontakt"' in text
