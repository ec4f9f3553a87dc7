"""The implementation pages and e-mails speak the district's own word for a measure (issue 16.2):
a district that calls them "Vorhaben" never reads "Maßnahme" there."""

import pytest
from django.core import mail

from beteiligung.benachrichtigungen import sprache_von
from konzept.models import Begriff
from massnahmen import benachrichtigungen
from massnahmen.services import ansprechperson_einladen
from themenfelder.models import Themenfeld


@pytest.fixture
def vorhaben(inhalt):
    Begriff.objects.update_or_create(
        ebene="massnahme", defaults={"einzahl": "Vorhaben", "mehrzahl": "Vorhaben"}
    )
    # Titles are the district's content: only the interface's own words are checked here.
    for themenfeld in Themenfeld.objects.filter(edition=inhalt, titel__contains="Maßnahme"):
        themenfeld.titel = themenfeld.titel.replace("Maßnahme", "Vorhaben")
        themenfeld.save()


def test_umsetzungsstand_der_koordinierungsstelle_mit_eigenem_wort(vorhaben, inhalt, staff_client):
    seite = staff_client.get(f"/{inhalt.jahr}/umsetzungsstand/")

    assert seite.status_code == 200
    text = seite.content.decode()
    assert "Vorhaben ohne aktuellen Umsetzungsstand" in text
    assert "Maßnahme" not in text


def test_einladung_mit_eigenem_wort(
    vorhaben, jobcenter, koordination, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        einladung = ansprechperson_einladen(
            email="neu@jobcenter.example",
            vorname="Nora",
            nachname="Neu",
            organisationen=[jobcenter],
            sprache="de",
            user=koordination,
        )
    benachrichtigungen.einladung_senden(einladung.pk)

    (nachricht,) = mail.outbox
    assert sprache_von(einladung.user) == "de"
    assert "Umsetzung der Vorhaben Ihrer Organisation" in nachricht.body
    assert "Maßnahme" not in nachricht.body
