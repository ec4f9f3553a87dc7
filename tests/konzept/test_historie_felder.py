"""Issue 14.3 and 14.19: the history page reads every kind of field (relations, many-to-many,
choices, dates, numbers) from the history's own objects, also where what it points to has been
deleted since; the page answers and a former state can be restored."""

from django.conf import settings
from django.utils import formats, translation

from konzept.bearbeitung import ARTEN, aenderungen
from massnahmen.models import Massnahme, Organisation
from tests import fabrik
from tests.konzept.test_bearbeiten import formulardaten


def _mit_partnern(edition):
    """The sample measure with a lead, partners and a budget, in `edition`."""
    return Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme"))


def _betrag(wert) -> str:
    with translation.override("de"):
        return formats.number_format(wert, 2, use_l10n=True, force_grouping=True)


def _felder(massnahme) -> dict:
    """The newest change of the measure, field label to (before, after)."""
    zeilen = aenderungen(ARTEN["massnahme"], massnahme.history.all()[:2])
    return {str(feld["label"]): (feld["alt"], feld["neu"]) for feld in zeilen[0]["felder"]}


def test_jede_feldart_lesbar_und_wiederherstellbar(staff_client, entwurf):
    massnahme = _mit_partnern(entwurf)
    alt_partner = sorted(o.name for o in massnahme.partner.all())
    alte_federfuehrung = massnahme.federfuehrung.name
    alter_status = massnahme.get_status_display()
    neuer_status = "verstetigt" if massnahme.status == "umgesetzt" else "umgesetzt"
    alter_beginn = massnahme.beginn_geplant
    alter_betrag = _betrag(massnahme.budget) if massnahme.budget is not None else "–"
    neu = Organisation.objects.create(name="Partnerverein Neustadt")
    # A format the measure did not come from, so its provenance changes.
    formate = list(
        entwurf.beteiligungsformate.exclude(pk__in=massnahme.herkunft.all()).order_by("position")
    )
    erster = massnahme.history.first()
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(
            massnahme,
            partner=[neu.pk],
            herkunft=[formate[0].pk],
            federfuehrung="",
            status=neuer_status,
            beginn_geplant="2026-03",
            budget="12345.5",
        ),
    )
    assert antwort.status_code == 302
    massnahme.refresh_from_db()
    felder = _felder(massnahme)
    assert felder["Partner"] == (", ".join(alt_partner), "Partnerverein Neustadt")
    assert felder["Herkunft"][1] == str(formate[0])
    # An empty foreign key is empty, not a deleted object.
    assert felder["Federführung"] == (alte_federfuehrung, "–")
    assert felder["Status"] == (alter_status, neuer_status)
    alter_beginn = f"{alter_beginn:%d.%m.%Y}" if alter_beginn else "–"
    assert felder["Geplanter Beginn"] == (alter_beginn, "01.03.2026")
    assert felder["Budget (Euro)"] == (alter_betrag, "12.345,50")

    seite = staff_client.get(f"/bearbeiten/massnahme/{massnahme.pk}/historie/")
    assert seite.status_code == 200
    assert "Partnerverein Neustadt" in seite.text and "01.03.2026" in seite.text

    # What the history points to may be deleted since: it is named as it was, marked deleted.
    neu.delete()
    seite = staff_client.get(f"/bearbeiten/massnahme/{massnahme.pk}/historie/")
    assert seite.status_code == 200
    assert "Partnerverein Neustadt (gelöscht)" in seite.text

    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/historie/{erster.history_id}/wiederherstellen/"
    )
    assert antwort.status_code == 302
    massnahme.refresh_from_db()
    assert sorted(o.name for o in massnahme.partner.all()) == alt_partner
    assert massnahme.federfuehrung.name == alte_federfuehrung
    assert massnahme.beginn_geplant == erster.beginn_geplant
    assert staff_client.get(f"/bearbeiten/massnahme/{massnahme.pk}/historie/").status_code == 200


def test_historie_der_kmv_massnahme_in_jeder_sprache(staff_client, kmv_massnahme):
    """Issue 14.19: the measure the migrant council brought in got its provenance after it was
    created, so its history holds a many-to-many change, which the page read as ids; it
    answered 500 in every language. Now it answers and names the format."""
    titel = kmv_massnahme.herkunft.get().titel_de
    assert _felder(kmv_massnahme)["Herkunft"] == ("–", titel)
    for sprache, _name in settings.LANGUAGES:
        praefix = "" if sprache == settings.LANGUAGE_CODE else f"/{sprache}"
        seite = staff_client.get(f"{praefix}/bearbeiten/massnahme/{kmv_massnahme.pk}/historie/")
        assert seite.status_code == 200, sprache
        assert titel in seite.text, sprache
