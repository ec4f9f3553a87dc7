"""Issue 20.3: a field page places the provenance of all its items in two queries
(`herkunft_einordnen`); what it places is what each item's `herkunft` holds, in the formats'
order, and the page shows it so."""

from django.urls import reverse
from django.utils.html import escape

from beteiligung.models import Beteiligungsformat, herkunft_einordnen
from massnahmen.models import Massnahme
from themenfelder.models import Leitziel, Teilziel


def _alle_formate_umgekehrt(themenfeld) -> list:
    """Gives every item of the field all of the edition's formats, after turning their
    positions around (so that neither their keys nor the links' order give the formats'
    order), and returns the formats by position."""
    formate = list(themenfeld.edition.beteiligungsformate.order_by("pk"))
    for format in formate:  # first out of the way: positions are unique per edition
        Beteiligungsformat.objects.filter(pk=format.pk).update(position=format.position + 1000)
    for nummer, format in enumerate(reversed(formate), 1):
        Beteiligungsformat.objects.filter(pk=format.pk).update(position=nummer)
    for modell in (Leitziel, Teilziel, Massnahme):
        for element in modell.objects.filter(themenfeld=themenfeld):
            element.herkunft.set(formate)
    return formate[::-1]


def test_jedes_element_bekommt_seine_formate_nach_position(themenfeld, kmv_massnahme):
    elemente = [
        *Leitziel.objects.filter(themenfeld=themenfeld),
        *Teilziel.objects.filter(themenfeld=themenfeld),
        *Massnahme.objects.filter(themenfeld=themenfeld),
    ]
    ohne = elemente[-1]
    ohne.herkunft.clear()
    assert {type(element) for element in elemente} >= {Leitziel, Massnahme}

    herkunft_einordnen(elemente, themenfeld.edition)

    for element in elemente:
        erwartet = list(element.herkunft.order_by("position", "pk"))
        assert element.herkunft_formate == erwartet, element
        assert element.ist_kmv == any(format.art.migrationsvertretung for format in erwartet)
    assert ohne.herkunft_formate == []


def test_zwei_abfragen_fuer_alle_ebenen(themenfeld, django_assert_num_queries):
    _alle_formate_umgekehrt(themenfeld)
    elemente = [
        *Leitziel.objects.filter(themenfeld=themenfeld),
        *Teilziel.objects.filter(themenfeld=themenfeld),
        *Massnahme.objects.filter(themenfeld=themenfeld),
    ]
    with django_assert_num_queries(2):
        herkunft_einordnen(elemente, themenfeld.edition)
        for element in elemente:
            assert element.herkunft_formate and element.ist_kmv in (True, False)


def test_ohne_elemente_keine_abfrage(inhalt, django_assert_num_queries):
    with django_assert_num_queries(0):
        herkunft_einordnen([], inhalt)


def test_die_seite_zeigt_die_formate_in_ihrer_reihenfolge(client, themenfeld):
    formate = _alle_formate_umgekehrt(themenfeld)
    assert len(formate) >= 2
    text = client.get(themenfeld.get_absolute_url()).text
    links = [
        f'href="{reverse("beteiligung:beteiligungsformat_detail", args=[2024, format.key])}">'
        f"{escape(format.titel)}</a>"
        for format in formate
    ]
    reihe = ", ".join(f'<a class="kern-link" {link}' for link in links)
    anzahl = Leitziel.objects.filter(themenfeld=themenfeld).count()
    anzahl += Teilziel.objects.filter(themenfeld=themenfeld).count()
    assert text.count(reihe) == anzahl
    # Every measure card is marked as the migrant council's: one of its formats is.
    assert any(format.art.migrationsvertretung for format in formate)
    karten = Massnahme.objects.filter(themenfeld=themenfeld).count()
    assert text.count('class="massnahme massnahme--vertretung"') == karten


def test_ohne_einordnung_liest_das_element_selbst(kmv_massnahme):
    massnahme = Massnahme.objects.get(pk=kmv_massnahme.pk)
    assert massnahme.herkunft_formate == list(
        Beteiligungsformat.objects.filter(massnahmen=massnahme).order_by("position", "pk")
    )
    assert massnahme.ist_kmv


def test_nur_eine_art_von_elementen(massnahme, django_assert_num_queries):
    """A district whose fields hold only measures: the links come from one table alone."""
    elemente = list(Massnahme.objects.filter(themenfeld=massnahme.themenfeld))
    edition = massnahme.themenfeld.edition
    with django_assert_num_queries(2):
        herkunft_einordnen(elemente, edition)
    for element in elemente:
        assert element.herkunft_formate == list(element.herkunft.order_by("position", "pk"))
    assert any(element.herkunft_formate for element in elemente)
