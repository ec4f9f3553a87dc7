"""Issue 15.1 and 15.2: agreed content stays frozen, the implementation state of the edition in
force stays live; the schedule as data (planned months, overdue)."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from beteiligung.models import Beschluss, Gremium
from beteiligung.services import beschluss_erfassen
from konzept.models import Edition
from massnahmen.forms import MassnahmeForm
from massnahmen.models import Massnahme
from massnahmen.services import umsetzung_speichern
from massnahmen.zeitraum import lesen
from tests.conftest import benutzer_mit_rolle


def erste(edition):
    """The edition's first measure not yet begun, so that every change of state shows."""
    return Massnahme.objects.in_edition(edition).filter(status="geplant").order_by("pk").first()


def formular(massnahme, **werte):
    heute = timezone.localdate()
    daten = {
        "status": massnahme.status,
        "datum": heute.isoformat(),
        "version": massnahme.version,
        "einreichung": "3f0c7a4e-8c55-4f0f-9a41-0f7d3f6c2a11",
    }
    daten.update(werte)
    return daten


def annehmen(edition, user=None):
    """Adopts an edition by the deciding committee's decision, as the app does."""
    beschluss_erfassen(
        beschluss=Beschluss(
            edition=edition,
            gremium=Gremium.objects.filter(beschliesst=True).first(),
            datum=timezone.localdate(),
            ergebnis="beschlossen",
        ),
        user=user,
    )


def test_in_kraft_ist_die_neueste_beschlossene(inhalt, entwurf):
    """Issue 15.1: the edition in force is the newest adopted one; a draft is not in force."""
    assert Edition.objects.in_kraft() == inhalt
    assert inhalt.umsetzung_offen and entwurf.umsetzung_offen


def test_umsetzungsstand_der_geltenden_ausgabe_bleibt_bearbeitbar(
    staff_client, inhalt, koordination
):
    """Issue 15.1: on the edition in force staff change status, actual dates, a dated note and
    "still current"; each change is dated, attributed and in the history. Agreed content stays
    frozen (403)."""
    massnahme = erste(inhalt)
    heute = timezone.localdate()
    url = f"/bearbeiten/massnahme/{massnahme.pk}/umsetzung/"
    assert staff_client.get(url).status_code == 200
    antwort = staff_client.post(
        url,
        formular(
            massnahme,
            status="in_umsetzung",
            beginn_tatsaechlich=datetime.date(inhalt.jahr, 2, 1).isoformat(),
            notiz="Erste Schulung mit 12 Teilnehmenden.",
            noch_aktuell="on",
        ),
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    massnahme.refresh_from_db()
    assert massnahme.status == "in_umsetzung"
    assert massnahme.beginn_tatsaechlich == datetime.date(inhalt.jahr, 2, 1)
    assert massnahme.bestaetigt_am == heute
    notiz = massnahme.umsetzungsnotizen.get()
    assert (notiz.autor, notiz.datum) == (koordination, heute)
    eintrag = massnahme.history.first()
    assert eintrag.history_user == koordination and eintrag.status == "in_umsetzung"
    seite = staff_client.get(massnahme.get_absolute_url()).text
    assert "Erste Schulung mit 12 Teilnehmenden." in seite
    assert "geplant → in Umsetzung" in seite
    # The agreed content of the same measure stays frozen.
    antwort = staff_client.post(f"/bearbeiten/massnahme/{massnahme.pk}/", {"titel": "Neu"})
    assert antwort.status_code == 403


def test_nach_beschluss_der_naechsten_ausgabe_nur_noch_lesbar(
    client, staff_client, inhalt, entwurf, koordination
):
    """Issue 15.1: once the next edition is adopted, the previous one's implementation state is
    read-only (403 with a reason) and stays readable as history; the new one is live."""
    massnahme = erste(inhalt)
    umsetzung_speichern(
        massnahme=massnahme,
        eingabe={"status": "in_umsetzung", "notiz": "Läuft."},
        user=koordination,
        sprache="de",
    )
    annehmen(entwurf, koordination)
    assert Edition.objects.in_kraft() == entwurf
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/", {"status": "umgesetzt", "version": 2}
    )
    assert antwort.status_code == 403 and "gilt nicht mehr" in antwort.text
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/umsetzung/",
        formular(massnahme, status="umgesetzt"),
    )
    assert antwort.status_code == 403
    massnahme.refresh_from_db()
    assert massnahme.status == "in_umsetzung"
    seite = client.get(massnahme.get_absolute_url()).text
    assert "Läuft." in seite and f"/bearbeiten/massnahme/{massnahme.pk}/umsetzung/" not in seite
    # The new edition in force is live.
    neue = erste(entwurf)
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{neue.pk}/status/", {"status": "umgesetzt", "version": 1}
    )
    assert antwort.status_code == 302
    with pytest.raises(PermissionDenied):
        umsetzung_speichern(
            massnahme=massnahme, eingabe={"status": "umgesetzt"}, user=koordination, sprache="de"
        )


def test_entwuerfe_wie_bisher(staff_client, entwurf):
    """Issue 15.1: drafts behave as before: status in one click, agreed content editable."""
    massnahme = erste(entwurf)
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/status/",
        {"status": "in_umsetzung", "version": massnahme.version},
    )
    assert antwort.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.status == "in_umsetzung"


@pytest.mark.parametrize(
    ("werte", "feld", "meldung"),
    [
        (
            {"beginn_tatsaechlich": "2024-05-01", "ende_tatsaechlich": "2024-03-01"},
            "ende",
            "vor dem Beginn",
        ),
        ({"beginn_tatsaechlich": "2999-01-01"}, "beginn", "Zukunft"),
        ({"datum": "2019-01-01"}, "datum", "außerhalb der Laufzeit"),
        ({"datum": "kein Datum"}, "datum", "gültiges Datum"),
    ],
)
def test_falsche_daten_mit_meldung_und_nichts_verloren(staff_client, inhalt, werte, feld, meldung):
    """Issue 15, bad input: end before start, future dates, dates outside the edition's term,
    nonsense: a clear message next to the field, the input kept, nothing saved."""
    massnahme = erste(inhalt)
    daten = formular(massnahme, notiz="Bitte nicht verlieren", **werte)
    antwort = staff_client.post(f"/bearbeiten/massnahme/{massnahme.pk}/umsetzung/", daten)
    assert antwort.status_code == 422
    assert meldung in antwort.text
    assert "Bitte nicht verlieren" in antwort.text
    massnahme.refresh_from_db()
    assert massnahme.version == 1 and not massnahme.umsetzungsnotizen.exists()


def test_andere_rollen_duerfen_nicht(client, inhalt):
    """Issue 15.4: committee members and anonymous readers cannot write implementation state."""
    massnahme = erste(inhalt)
    url = f"/bearbeiten/massnahme/{massnahme.pk}/umsetzung/"
    assert client.post(url, formular(massnahme)).status_code == 302
    client.force_login(benutzer_mit_rolle("ausschuss", "Ausschuss"))
    assert client.post(url, formular(massnahme, status="umgesetzt")).status_code == 403
    vorher = massnahme.status
    massnahme.refresh_from_db()
    assert massnahme.status == vorher


@pytest.mark.parametrize(
    ("text", "beginn", "ende"),
    [
        ("2024–2025", (2024, 1), (2025, 12)),
        ("ab 2024", (2024, 1), None),
        ("bis 2026", None, (2026, 12)),
        ("2. Halbjahr 2024", (2024, 7), (2024, 12)),
        ("Q1 2025", (2025, 1), (2025, 3)),
        ("03/2025–06/2026", (2025, 3), (2026, 6)),
        ("März 2025", (2025, 3), (2025, 3)),
    ],
)
def test_zeitraum_wird_gelesen(text, beginn, ende):
    """Issue 15.2: the free-text Zeitraum becomes planned start and end months where it parses."""
    monat = lambda paar: datetime.date(*paar, 1) if paar else None  # noqa: E731
    assert lesen(text) == (monat(beginn), monat(ende))


@pytest.mark.parametrize("text", ["fortlaufend", "nach Bedarf", "2026–2024", "13/2025", ""])
def test_zeitraum_ohne_datum_bleibt_text(text):
    """Issue 15.2: what is no period stays text (and is shown, see the migration)."""
    assert lesen(text) is None


def test_migration_liest_und_behaelt(inhalt):
    """Issue 15.2: the data migration sets the months where the text parses and clears it;
    where it does not, the text stays visibly."""
    from importlib import import_module

    from django.apps import apps as django_apps

    migration = import_module("massnahmen.migrations.0005_zeitraum_lesen")
    a, b = Massnahme.objects.in_edition(inhalt).order_by("pk")[:2]
    Massnahme.objects.filter(pk=a.pk).update(
        zeitraum="2024–2025", zeitraum_de="2024–2025", zeitraum_en="2024–2025"
    )
    Massnahme.objects.filter(pk=b.pk).update(zeitraum="fortlaufend", zeitraum_de="fortlaufend")
    migration.zeitraum_lesen(django_apps, None)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.beginn_geplant, a.ende_geplant) == (
        datetime.date(2024, 1, 1),
        datetime.date(2025, 12, 1),
    )
    assert a.zeitraum_de == "" and a.zeitraum_en == ""
    assert (b.beginn_geplant, b.ende_geplant, b.zeitraum_de) == (None, None, "fortlaufend")


def test_geplante_monate_im_entwurf_und_ende_vor_beginn(entwurf):
    """Issue 15.2: planned months are agreed content, edited in drafts; end before start is
    refused with a message."""
    from tests.konzept.test_bearbeiten import formulardaten

    massnahme = erste(entwurf)
    form = MassnahmeForm(
        formulardaten(massnahme, beginn_geplant="2026-05", ende_geplant="2026-02"),
        instance=massnahme,
        edition=entwurf,
    )
    assert not form.is_valid() and "vor dem Beginn" in str(form.errors["ende_geplant"])
    form = MassnahmeForm(
        formulardaten(massnahme, beginn_geplant="2026-05", ende_geplant="2027-02"),
        instance=massnahme,
        edition=entwurf,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ende_geplant"] == datetime.date(2027, 2, 1)


def test_ueberfaellig_fuer_koordinierungsstelle_und_auf_der_seite(staff_client, inhalt):
    """Issue 15.2: a measure whose planned end month has passed and that is not done is flagged
    overdue; a done one is not."""
    a, b = Massnahme.objects.in_edition(inhalt).order_by("pk")[:2]
    Massnahme.objects.filter(pk__in=[a.pk, b.pk]).update(ende_geplant=datetime.date(2024, 6, 1))
    Massnahme.objects.filter(pk=b.pk).update(status="umgesetzt")
    assert list(Massnahme.objects.in_edition(inhalt).ueberfaellig()) == [a]
    assert "überfällig" in staff_client.get(a.get_absolute_url()).text
    assert "überfällig" not in staff_client.get(b.get_absolute_url()).text
    seite = staff_client.get(f"/{inhalt.jahr}/umsetzungsstand/").text
    assert "Überfällig: Maßnahmen" in seite and a.titel in seite


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="braucht echte parallele Verbindungen"
)
@pytest.mark.django_db(transaction=True)
def test_beschluss_waehrend_des_speicherns(django_db_setup):
    """Issue 15.1, race: the next edition is adopted while someone saves the implementation
    state of the old one. The save waits for the adoption's lock on the edition row, then
    re-checks and is refused: nothing reaches an edition no longer in force."""
    from konzept.services import edition_fortschreiben
    from tests import fabrik

    # The database is emptied after each test of this kind: it builds its sample district.
    fabrik.laden()
    inhalt = Edition.objects.get(jahr=2024)
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    massnahme = erste(inhalt)
    beschluss_haelt = threading.Event()
    ergebnis = {}

    def beschliessen():
        try:
            with transaction.atomic():
                annehmen(entwurf)
                beschluss_haelt.set()
                time.sleep(1)
        finally:
            connection.close()

    def speichern():
        beschluss_haelt.wait(5)
        try:
            umsetzung_speichern(
                massnahme=massnahme, eingabe={"status": "umgesetzt"}, user=None, sprache="de"
            )
            ergebnis["speichern"] = "gespeichert"
        except PermissionDenied:
            ergebnis["speichern"] = "abgelehnt"
        finally:
            connection.close()

    faeden = [threading.Thread(target=beschliessen), threading.Thread(target=speichern)]
    for faden in faeden:
        faden.start()
    for faden in faeden:
        faden.join(10)
    assert ergebnis == {"speichern": "abgelehnt"}
    massnahme.refresh_from_db()
    assert massnahme.status == "geplant"
