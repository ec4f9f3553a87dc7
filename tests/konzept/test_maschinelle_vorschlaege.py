"""Issue 18.3: machine translation for new or changed content items, as "maschinell, ungeprüft"
suggestions staff accept in the translation workspace.

One button asks, for a draft and one language, the service for every missing or outdated text;
a task stores the answers. A reviewed translation is never replaced, a German text changed
meanwhile not overwritten with a translation of its earlier wording, a failing service leaves
everything as it was. The service is a local stand-in (tests/uebersetzungsdienste.py).
"""

import logging

import pytest

from konzept import maschinell
from konzept.models import Uebersetzungsstatus
from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle

SPRACHE = "ar"
KNOPF = "Fehlende und veraltete Texte maschinell vorschlagen"
MELDUNG = "Vorschläge werden erstellt; sie erscheinen als „maschinell, ungeprüft“."


@pytest.fixture
def vier(entwurf):
    """Four measures of the draft, one in each state of their Arabic translation:
    (maschinell, geprüft, veraltet, fehlt)."""
    massnahmen = list(Massnahme.objects.in_edition(entwurf).order_by("pk")[:4])
    for nummer, massnahme in enumerate(massnahmen):
        # The title alone, so that one translated field is the whole translation.
        Massnahme.objects.filter(pk=massnahme.pk).update(
            titel=f"Maßnahme {nummer}",
            titel_de=f"Maßnahme {nummer}",
            **{
                f"{feld}{endung}": ""
                for feld in ("beschreibung", "zeitraum", "indikatoren")
                for endung in ("", "_de")
            },
        )
        massnahme.refresh_from_db()
        massnahme.uebersetzung_speichern(
            SPRACHE,
            {"titel": f"الإجراء {nummer}"},
            Uebersetzungsstatus.GEPRUEFT if nummer == 1 else Uebersetzungsstatus.MASCHINELL,
        )
    Massnahme.objects.filter(pk=massnahmen[2].pk).update(titel_de="Maßnahme 2, neu")
    Massnahme.objects.filter(pk=massnahmen[3].pk).update(titel_ar="")
    for massnahme in massnahmen:
        massnahme.refresh_from_db()
    erwartet = ["maschinell", "geprueft", "veraltet", "fehlt"]
    assert [m.uebersetzungsstatus(SPRACHE) for m in massnahmen] == erwartet
    return massnahmen


def liste_url(edition):
    return f"/uebersetzung/{edition.jahr}/{SPRACHE}/"


def vorschlagen_url(edition):
    return f"/uebersetzung/{edition.jahr}/{SPRACHE}/vorschlagen/"


def stand(massnahme):
    massnahme.refresh_from_db()
    return massnahme.uebersetzungsstatus(SPRACHE), massnahme.titel_ar


def vorschlagen(client, edition, rueckrufe_erfassen):
    with rueckrufe_erfassen(execute=True):
        antwort = client.post(vorschlagen_url(edition))
    return antwort


def test_ausgeschaltet_kein_knopf_und_nichts_gesendet(
    libretranslate, settings, vier, entwurf, staff_client, django_capture_on_commit_callbacks
):
    settings.MASCHINELL = {**settings.MASCHINELL, "dienst": ""}
    seite = staff_client.get(liste_url(entwurf))
    assert seite.status_code == 200 and KNOPF not in seite.text
    antwort = vorschlagen(staff_client, entwurf, django_capture_on_commit_callbacks)
    assert antwort.status_code == 302
    seite = staff_client.get(antwort.url)
    assert "nicht eingeschaltet" in seite.text and MELDUNG not in seite.text
    assert libretranslate.anfragen == []
    assert stand(vier[3]) == ("fehlt", "")


def test_eingeschaltet_fehlende_und_veraltete_werden_maschinell(
    libretranslate, vier, entwurf, staff_client, django_capture_on_commit_callbacks
):
    seite = staff_client.get(liste_url(entwurf))
    assert KNOPF in seite.text
    assert f'action="{vorschlagen_url(entwurf)}"' in seite.text
    assert 'name="csrfmiddlewaretoken"' in seite.text
    antwort = vorschlagen(staff_client, entwurf, django_capture_on_commit_callbacks)
    assert antwort.status_code == 302
    assert MELDUNG in staff_client.get(antwort.url).text

    # Missing and outdated: the service's text, as a machine translation from German.
    assert stand(vier[3]) == ("maschinell", "[ar] Maßnahme 3")
    assert stand(vier[2]) == ("maschinell", "[ar] Maßnahme 2, neu")
    # Reviewed and current machine translations: untouched, and not even sent.
    assert stand(vier[1]) == ("geprueft", "الإجراء 1")
    assert stand(vier[0]) == ("maschinell", "الإجراء 0")
    gesendet = [anfrage["koerper"] for anfrage in libretranslate.anfragen]
    assert {"q": "Maßnahme 3", "source": "de", "target": "ar", "format": "text"} in gesendet
    assert not {"Maßnahme 0", "Maßnahme 1"} & {koerper["q"] for koerper in gesendet}
    assert all(k["source"] == "de" and k["target"] == SPRACHE for k in gesendet)
    # The suggestions are offered for review like any machine translation.
    seite = staff_client.get(liste_url(entwurf) + "?status=maschinell")
    assert "[ar] Maßnahme 3" in seite.text
    # Nothing left to suggest: the button goes.
    assert KNOPF not in staff_client.get(liste_url(entwurf)).text


def test_geaenderter_ausgangstext_wird_nicht_ueberschrieben(
    libretranslate, vier, entwurf, staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    """The German title of one measure changes while the service translates it: its
    translation of the earlier wording is not stored; the others are."""
    uebersetzen = maschinell.uebersetzen

    def waehrenddessen_geaendert(text, *, von, nach):
        if text == "Maßnahme 3":
            Massnahme.objects.filter(pk=vier[3].pk).update(titel_de="Maßnahme 3, geändert")
        return uebersetzen(text, von=von, nach=nach)

    monkeypatch.setattr(maschinell, "uebersetzen", waehrenddessen_geaendert)
    vorschlagen(staff_client, entwurf, django_capture_on_commit_callbacks)
    assert stand(vier[3]) == ("fehlt", "")
    assert stand(vier[2]) == ("maschinell", "[ar] Maßnahme 2, neu")


def test_inzwischen_von_person_uebersetzt_bleibt(
    libretranslate, vier, entwurf, staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    """A person translates the measure while the service does: the person's text wins."""
    uebersetzen = maschinell.uebersetzen

    def person_war_schneller(text, *, von, nach):
        if text == "Maßnahme 3":
            Massnahme.objects.get(pk=vier[3].pk).uebersetzung_speichern(
                SPRACHE, {"titel": "ترجمة بشرية"}, Uebersetzungsstatus.GEPRUEFT
            )
        return uebersetzen(text, von=von, nach=nach)

    monkeypatch.setattr(maschinell, "uebersetzen", person_war_schneller)
    vorschlagen(staff_client, entwurf, django_capture_on_commit_callbacks)
    assert stand(vier[3]) == ("geprueft", "ترجمة بشرية")


def test_dienst_faellt_aus_alles_bleibt(
    libretranslate, vier, entwurf, staff_client, caplog, django_capture_on_commit_callbacks
):
    libretranslate.zustand["fehler"] = 500
    with caplog.at_level(logging.ERROR, logger="konzept.maschinell"):
        antwort = vorschlagen(staff_client, entwurf, django_capture_on_commit_callbacks)
    assert antwort.status_code == 302
    assert staff_client.get(antwort.url).status_code == 200
    assert libretranslate.anfragen, "the service was asked"
    assert [stand(m)[0] for m in vier] == ["maschinell", "geprueft", "veraltet", "fehlt"]
    assert stand(vier[3]) == ("fehlt", "")
    assert "keine maschinelle Übersetzung" in caplog.text


@pytest.mark.parametrize("rolle", ["KMV", "Ausschuss", "Umsetzung"])
def test_nur_koordinierungsstelle(
    libretranslate, rolle, vier, entwurf, client, django_capture_on_commit_callbacks
):
    client.force_login(benutzer_mit_rolle(f"person-{rolle.lower()}", rolle))
    antwort = vorschlagen(client, entwurf, django_capture_on_commit_callbacks)
    assert antwort.status_code == 403
    client.logout()
    antwort = vorschlagen(client, entwurf, django_capture_on_commit_callbacks)
    assert antwort.status_code == 302 and "/anmelden/" in antwort.url
    assert libretranslate.anfragen == []
    assert stand(vier[3]) == ("fehlt", "")


def test_ohne_csrf_abgelehnt(libretranslate, vier, entwurf, koordination):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(koordination)
    assert client.post(vorschlagen_url(entwurf)).status_code == 403
    assert libretranslate.anfragen == []


def test_beschlossene_ausgabe_ohne_knopf(
    libretranslate, inhalt, staff_client, django_capture_on_commit_callbacks
):
    assert KNOPF not in staff_client.get(liste_url(inhalt)).text
    antwort = vorschlagen(staff_client, inhalt, django_capture_on_commit_callbacks)
    assert antwort.status_code == 403
    assert libretranslate.anfragen == []
