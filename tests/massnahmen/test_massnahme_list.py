"""Issue 2: the measure list filters as a plain GET form and in place with htmx."""

import re
from collections import defaultdict

import pytest

from konzept.begriffe import begriffe
from massnahmen.models import Massnahme

URL = "/2024/massnahmen/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def titel(response):
    return [massnahme.titel for massnahme in response.context["massnahmen"]]


def anzahl_text(anzahl):
    """A count as the page says it ("Maßnahmen: 7"), in the district's word."""
    return f"{begriffe()['massnahme'].mehrzahl}: {anzahl}"


def alle(edition):
    return list(
        Massnahme.objects.in_edition(edition)
        .select_related("themenfeld", "teilziel", "leitziel")
        .prefetch_related("herkunft__art")
    )


def passend(edition, *, themenfeld=None, status=None, herkunft=None, q=None):
    """The titles a filter must find, worked out here measure by measure."""

    def passt(massnahme):
        return (
            (themenfeld is None or massnahme.themenfeld.key == themenfeld)
            and (status is None or massnahme.status == status)
            and (herkunft is None or any(f.art.key == herkunft for f in massnahme.herkunft.all()))
            and (q is None or any(q.lower() in text.lower() for text in texte(massnahme)))
        )

    return sorted(massnahme.titel_de for massnahme in alle(edition) if passt(massnahme))


def texte(massnahme):
    """The texts the search looks in: title, description and the goals above."""
    return [
        massnahme.titel_de,
        massnahme.beschreibung_de or "",
        massnahme.teilziel.titel_de if massnahme.teilziel else "",
        massnahme.leitziel.text_de if massnahme.leitziel else "",
    ]


def suchwort_in_mehreren_feldern(edition, themenfeld):
    """A word of the measures' texts that occurs in `themenfeld` and in other fields."""
    felder = defaultdict(set)
    for massnahme in alle(edition):
        for wort in re.findall(r"\w{4,}", " ".join(texte(massnahme))):
            felder[wort.lower()].add(massnahme.themenfeld.key)
    return next(
        wort for wort in sorted(felder) if themenfeld in felder[wort] and len(felder[wort]) > 1
    )


def kmv_art(edition):
    """The key of the district's migrant council as a kind of participation."""
    return edition.beteiligungsformate.filter(art__migrationsvertretung=True).first().art.key


def test_ohne_filter_alle_massnahmen(client, inhalt):
    anzahl = len(alle(inhalt))
    response = client.get(URL)
    assert len(titel(response)) == anzahl
    assert anzahl_text(anzahl) in response.text
    assert "<html" in response.text


# Each filter, with values taken from the sample district: a field, the migrant council, part
# of a word (in other case: the search ignores it), a whole title, a word of the goal above a
# measure, a field with a word that occurs in other fields too, a status measures have, a
# status none has.
FILTER = {
    "themenfeld": lambda m, andere: {"themenfeld": andere.themenfeld.key},
    "herkunft-kmv": lambda m, andere: {"herkunft": kmv_art(m.edition)},
    "suchwort": lambda m, andere: {"q": m.titel_de.split()[0][:5].lower()},
    "ganzer-titel-gross": lambda m, andere: {"q": andere.titel_de.upper()},
    "wort-des-ziels": lambda m, andere: {"q": max(m.eltern.titeltext.split(), key=len).strip(".,")},
    "themenfeld-und-suchwort": lambda m, andere: {
        "themenfeld": m.themenfeld.key,
        "q": suchwort_in_mehreren_feldern(m.edition, m.themenfeld.key).upper(),
    },
    "status": lambda m, andere: {"status": m.status},
    "status-ohne-treffer": lambda m, andere: {"status": "umgesetzt"},
}


@pytest.mark.parametrize("filter", FILTER)
def test_filter_ohne_javascript(client, inhalt, massnahme, andere_massnahme, filter):
    """Issue 2: each filter finds exactly the measures it should, without JavaScript."""
    parameter = FILTER[filter](massnahme, andere_massnahme)
    erwartet = passend(inhalt, **parameter)
    if filter == "status-ohne-treffer":
        assert erwartet == []
    elif filter != "status":
        # The filter has something to find and something to leave out.
        assert 0 < len(erwartet) < len(alle(inhalt))
    if filter == "wort-des-ziels":
        # Found through the goal above it, not through its own texts.
        assert (
            parameter["q"].lower()
            not in f"{massnahme.titel_de} {massnahme.beschreibung_de}".lower()
        )
        assert massnahme.titel_de in erwartet
    if filter == "themenfeld-und-suchwort":
        # Both apply: the field narrows what the word finds.
        assert len(erwartet) < len(passend(inhalt, q=parameter["q"]))
    response = client.get(URL, parameter)
    assert response.status_code == 200
    assert sorted(titel(response)) == erwartet
    assert "<html" in response.text


def test_filter_nach_status(client, inhalt, massnahme):
    Massnahme.objects.filter(pk=massnahme.pk).update(status="umgesetzt")
    assert titel(client.get(URL, {"status": "umgesetzt"})) == [massnahme.titel]


def test_filter_mit_htmx_liefert_nur_die_liste(client, inhalt, kmv_massnahme):
    art = kmv_art(inhalt)
    response = client.get(URL, {"herkunft": art}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.strip().startswith('<section id="liste"')
    assert kmv_massnahme.titel_de in response.text
    assert anzahl_text(len(passend(inhalt, herkunft=art))) in response.text
    assert "HX-Request" in response["Vary"]


def test_vary_auch_bei_ganzer_seite(client, inhalt):
    assert "HX-Request" in client.get(URL)["Vary"]


def test_history_restore_bekommt_die_ganze_seite(client, inhalt):
    response = client.get(URL, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.text


def test_formular_funktioniert_ohne_javascript(client, inhalt):
    text = client.get(URL).text
    assert 'method="get"' in text and f'action="{URL}"' in text
    assert f'data-hx-get="{URL}"' in text and 'data-hx-push-url="true"' in text
    assert 'type="submit"' in text


@pytest.mark.parametrize(
    ("parameter", "label"),
    [
        ({"status": "erledigt"}, "Status"),
        ({"themenfeld": "gibt-es-nicht"}, "themenfeld"),  # the district's word for the level
        ({"herkunft": "<script>"}, "Herkunft"),
        ({"q": "x" * 201}, "Suchbegriff"),
    ],
)
def test_ungueltige_filter_werden_ignoriert_und_benannt(client, inhalt, parameter, label):
    for extra in ({}, HTMX):
        response = client.get(URL, parameter, **extra)
        assert response.status_code == 200
        assert len(titel(response)) == len(alle(inhalt))
        assert "Ungültige Filterwerte wurden nicht angewandt" in response.text
        assert (begriffe()[label].einzahl if label in begriffe() else label) in response.text
        assert "<script>" not in response.text


def test_gueltige_filter_gelten_neben_ungueltigen(client, inhalt, andere_massnahme):
    key = andere_massnahme.themenfeld.key
    response = client.get(URL, {"status": "erledigt", "themenfeld": key})
    assert sorted(titel(response)) == passend(inhalt, themenfeld=key)


def test_gewaehlter_filter_bleibt_ausgewaehlt(client, inhalt, andere_massnahme):
    key = andere_massnahme.themenfeld.key
    text = client.get(URL, {"themenfeld": key}).text
    assert f'<option value="{key}" selected>' in text
