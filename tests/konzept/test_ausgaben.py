"""Issue 6: the next edition is a complete copy; the old one stays readable and frozen."""

import re

import pytest
from django.utils.html import escape

from beteiligung.models import Beteiligungsformat
from konzept import baum
from konzept.models import Edition, Kennzahl, Landkreis, Rechtsgrundlage
from massnahmen.models import Massnahme, Organisation, Umsetzungsnotiz
from themenfelder.models import Teilziel

# Each kind, and the path from it to its edition.
ARTEN = {
    Kennzahl: "edition",
    Rechtsgrundlage: "edition",
    Beteiligungsformat: "edition",
    **{ebene.model: ebene.edition_pfad for ebene in baum.EBENEN},
}
# Kinds the second sample district does without (it has no legal bases and no sub-goals).
NUR_MUSTERLAND = {Rechtsgrundlage, Teilziel}
# What differs by design between an item and its copy.
EIGEN = {"id", "edition", "themenfeld", "leitziel", "teilziel", "version"}


def inhalt_von(model, edition) -> dict:
    """Every item of a kind by key: all its values (every language) and its relations."""
    felder = [
        feld.attname
        for feld in model._meta.concrete_fields
        if feld.name not in EIGEN and feld.attname.removesuffix("_id") not in EIGEN
    ]
    items = model.objects.filter(**{ARTEN[model]: edition})
    inhalt = {item["key"]: item for item in items.values(*felder)}
    if hasattr(model, "herkunft"):
        for key, format_key in items.values_list("key", "herkunft__key"):
            inhalt[key].setdefault("herkunft", set()).add(format_key)
    return inhalt


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(model, marks=[pytest.mark.musterland] if model in NUR_MUSTERLAND else [])
        for model in ARTEN
    ],
    ids=lambda model: model.__name__,
)
def test_kopie_ist_vollstaendig(inhalt, entwurf, model):
    alt, neu = inhalt_von(model, inhalt), inhalt_von(model, entwurf)
    assert alt, model
    assert alt.keys() == neu.keys()
    assert alt == neu


def test_kopie_nimmt_partner_federfuehrung_und_umsetzungsstand_mit(inhalt, massnahme):
    from konzept.services import edition_fortschreiben

    partner = sorted([*massnahme.partner.values_list("name", flat=True), "IHK"])
    agentur = Organisation.objects.create(name="Agentur für Arbeit")
    Massnahme.objects.filter(pk=massnahme.pk).update(federfuehrung=agentur, zeitraum="2025")
    massnahme.partner.add(Organisation.objects.create(name="IHK"))
    Umsetzungsnotiz.objects.create(massnahme=massnahme, datum="2025-05-01", text="Erste Messe")
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    kopie = Massnahme.objects.in_edition(entwurf).get(key=massnahme.key)
    assert kopie.pk != massnahme.pk
    assert kopie.federfuehrung == agentur and kopie.zeitraum == "2025"
    assert sorted(p.name for p in kopie.partner.all()) == partner
    assert [n.text for n in kopie.umsetzungsnotizen.all()] == ["Erste Messe"]


def test_neue_ausgabe_ist_entwurf_mit_vorgaenger(inhalt, entwurf):
    assert (entwurf.jahr, entwurf.status, entwurf.vorgaenger) == (2026, "entwurf", inhalt)
    assert entwurf.titel == inhalt.titel.replace("2024", "2026") != inhalt.titel
    assert entwurf.ausgangssituation == inhalt.ausgangssituation
    inhalt.refresh_from_db()
    assert inhalt.status == Edition.Status.BESCHLOSSEN


def test_alte_ausgabe_bleibt_lesbar_und_eingefroren(
    client, staff_client, inhalt, massnahme, entwurf
):
    status = massnahme.status
    assert client.get("/2024/").status_code == 200
    assert client.get(massnahme.get_absolute_url()).status_code == 200
    seite = staff_client.get(massnahme.themenfeld.get_absolute_url()).text
    # Agreed content has no edit buttons; the status (implementation state) stays live.
    assert f'href="/bearbeiten/massnahme/{massnahme.pk}/"' not in seite
    response = staff_client.post(f"/bearbeiten/massnahme/{massnahme.pk}/loeschen/")
    assert response.status_code == 403
    assert "beschlossen" in response.text
    massnahme.refresh_from_db()
    assert massnahme.status == status
    # Starting a second draft from the same edition is refused with a message.
    response = staff_client.post("/2024/fortschreiben/", {"jahr": str(entwurf.jahr)}, follow=True)
    assert "Für 2026 gibt es bereits eine Ausgabe." in response.text
    assert Edition.objects.filter(jahr=2026).count() == 1


def test_fortschreibung_mit_anderem_jahr(staff_client, inhalt):
    """The district's update cycle is the default the page offers; the district may choose
    another year."""
    naechstes = inhalt.jahr + Landkreis.aktuell().fortschreibung_jahre
    seite = staff_client.get("/2024/").text
    assert f'name="jahr" value="{naechstes}"' in seite and 'min="2025" max="2034"' in seite
    anderes = naechstes + 1
    response = staff_client.post("/2024/fortschreiben/", {"jahr": str(anderes)}, follow=True)
    assert response.redirect_chain[-1][0] == f"/{anderes}/"
    assert Edition.objects.get(jahr=anderes).vorgaenger == inhalt


@pytest.mark.parametrize(
    ("jahr", "meldung"),
    [
        ("2024", "zwischen 2025 und 2034"),
        ("2040", "zwischen 2025 und 2034"),
        ("zwanzig", "ganze Zahl"),
        ("", "Dieses Feld ist zwingend erforderlich"),
        ("<script>alert(1)</script>", "ganze Zahl"),
        ("2026\x00", "ganze Zahl"),
    ],
)
def test_fortschreibung_mit_ungueltigem_jahr(staff_client, inhalt, jahr, meldung):
    """The page again, the year as typed, the error next to the field and linked to it."""
    response = staff_client.post("/2024/fortschreiben/", {"jahr": jahr})
    assert response.status_code == 400
    fehler = re.search(r'<p class="kern-error" id="id_jahr_error">(.*?)</p>', response.text, re.S)
    assert fehler and meldung in fehler.group(1)
    eingabe = re.search(r'<input[^>]*name="jahr"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in eingabe
    if jahr and "\x00" not in jahr:
        assert f'value="{escape(jahr)}"' in eingabe  # as typed, escaped
    assert 'aria-describedby="id_jahr_helptext id_jahr_error"' in eingabe
    assert Edition.objects.count() == 1


@pytest.mark.parametrize(
    ("jahr", "meldung"),
    [
        # Both start 2026: the second meets the unique year.
        (2026, "Für 2026 gibt es bereits eine Ausgabe"),
        # One starts 2026, the other 2027: an edition has one successor.
        (2027, "Die Ausgabe 2024 wurde bereits fortgeschrieben"),
    ],
)
def test_zwei_gleichzeitige_fortschreibungen(inhalt, jahr, meldung):
    """Both pass the check before either has saved: the second gets the message that fits,
    not a server error, and nothing of it stays."""
    from konzept import services

    services.edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    with (
        pytest.MonkeyPatch.context() as patch,
        pytest.raises(services.EditionFehler, match=meldung),
    ):
        patch.setattr(services, "_fortschreibung_frei", _frei_beim_ersten_mal())
        services.edition_fortschreiben(vorgaenger=inhalt, jahr=jahr, user=None)
    assert list(Edition.objects.filter(vorgaenger=inhalt).values_list("jahr", flat=True)) == [2026]


def _frei_beim_ersten_mal():
    """The check as in the moment before the other request saved: passes the first time."""
    from konzept.services import _fortschreibung_frei

    aufrufe = []

    def pruefen(vorgaenger, jahr):
        aufrufe.append(jahr)
        if len(aufrufe) > 1:
            _fortschreibung_frei(vorgaenger, jahr)

    return pruefen
