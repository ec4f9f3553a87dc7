"""Issue 2: the measure list filters as a plain GET form and in place with htmx."""

import pytest

URL = "/2024/massnahmen/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def titel(response):
    return [massnahme.titel for massnahme in response.context["massnahmen"]]


def test_ohne_filter_alle_massnahmen(client, inhalt):
    response = client.get(URL)
    assert len(titel(response)) == 52
    assert "52 Maßnahmen" in response.text
    assert "<html" in response.text


@pytest.mark.parametrize(
    ("parameter", "erwartet"),
    [
        ({"themenfeld": "gesundheit"}, 7),
        ({"herkunft": "kmv"}, 1),
        ({"q": "sprach"}, 17),
        ({"q": "SPRACHCAF"}, 1),
        ({"themenfeld": "partizipation", "q": "sprach"}, 7),
        ({"status": "geplant"}, 52),
        ({"status": "umgesetzt"}, 0),
    ],
)
def test_filter_ohne_javascript(client, inhalt, parameter, erwartet):
    response = client.get(URL, parameter)
    assert response.status_code == 200
    assert len(titel(response)) == erwartet
    assert "<html" in response.text


def test_filter_nach_status(client, inhalt):
    from massnahmen.models import Massnahme

    Massnahme.objects.filter(titel="Jobmessen").update(status="umgesetzt")
    assert titel(client.get(URL, {"status": "umgesetzt"})) == ["Jobmessen"]


def test_filter_mit_htmx_liefert_nur_die_liste(client, inhalt):
    response = client.get(URL, {"herkunft": "kmv"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.strip().startswith('<section id="liste"')
    assert "Weiterführende Sprachkurse" in response.text
    assert "1 Maßnahme" in response.text
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
        ({"themenfeld": "gibt-es-nicht"}, "Themenfeld"),
        ({"herkunft": "<script>"}, "Herkunft"),
        ({"q": "x" * 201}, "Suchbegriff"),
    ],
)
def test_ungueltige_filter_werden_ignoriert_und_benannt(client, inhalt, parameter, label):
    for extra in ({}, HTMX):
        response = client.get(URL, parameter, **extra)
        assert response.status_code == 200
        assert len(titel(response)) == 52
        assert "Ungültige Filterwerte wurden nicht angewandt" in response.text
        assert label in response.text
        assert "<script>" not in response.text


def test_gueltige_filter_gelten_neben_ungueltigen(client, inhalt):
    response = client.get(URL, {"status": "erledigt", "themenfeld": "gesundheit"})
    assert len(titel(response)) == 7


def test_gewaehlter_filter_bleibt_ausgewaehlt(client, inhalt):
    text = client.get(URL, {"themenfeld": "gesundheit"}).text
    assert '<option value="gesundheit" selected>' in text
