"""Issue 14.9: pages and PDFs name people by their name or, without one, by their role; the
user name, half of what signing in takes, appears on none of them."""

import uuid
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from beteiligung.models import Beteiligungsphase
from beteiligung.services import kommentar_abgeben, kommentar_beantworten
from konzept.models import Landkreis
from konzept.rollen import anzeigename
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from tests.konzept.test_bearbeiten import formulardaten


def test_anzeigename_nie_der_benutzername(db):
    ohne_namen = benutzer_mit_rolle("k.mueller", "Koordinierungsstelle")
    # The office by the name the district gives it.
    assert anzeigename(ohne_namen) == Landkreis.aktuell().koordinierungsstelle
    assert anzeigename(benutzer_mit_rolle("rat.7", "KMV")).startswith("Mitglied")
    mit_namen = benutzer_mit_rolle("k.schmidt", "Koordinierungsstelle")
    mit_namen.first_name, mit_namen.last_name = "Karla", "Schmidt"
    assert anzeigename(mit_namen) == "Karla Schmidt"


def test_abwaegungstabelle_ohne_benutzernamen(entwurf):
    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )
    kommentar = kommentar_abgeben(
        user=benutzer_mit_rolle("rat.mitglied.7", "KMV"),
        element=Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme")),
        text="Bitte auch auf Arabisch.",
        sprache="de",
        name_zeigen=True,
        einreichung=uuid.uuid4(),
    )
    # The public table shows answered comments only (issue 14.2).
    kommentar_beantworten(
        kommentar=kommentar,
        user=benutzer_mit_rolle("k.mueller", "Koordinierungsstelle"),
        antwort="Wird aufgenommen.",
        einstufung="beruecksichtigt",
        bezug="",
        version=kommentar.version,
    )
    leser = Client()
    leser.force_login(benutzer_mit_rolle("gremium", "Ausschuss"))
    seite = leser.get(f"/{entwurf.jahr}/abwaegung/")
    assert seite.status_code == 200 and "Bitte auch auf Arabisch." in seite.text
    assert "rat.mitglied.7" not in seite.text


def test_historie_nennt_rolle_statt_benutzername(entwurf):
    client = Client()
    client.force_login(benutzer_mit_rolle("k.mueller", "Koordinierungsstelle"))
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    neuer_status = "verstetigt" if massnahme.status == "umgesetzt" else "umgesetzt"
    client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, status=neuer_status)
    )
    seite = client.get(f"/bearbeiten/massnahme/{massnahme.pk}/historie/")
    assert seite.status_code == 200
    assert "k.mueller" not in seite.text
    assert f"· {Landkreis.aktuell().koordinierungsstelle}" in seite.text
