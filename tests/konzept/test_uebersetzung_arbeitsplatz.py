"""Issue 18.5: translators work in the right direction and in bulk.

The fields of the workspace carry the language and direction of what is typed into them; the
list counts machine, reviewed, outdated and missing translations per language and filters by
each; several translations are marked as reviewed at once, after a preview, without
JavaScript.
"""

import re

import pytest

from konzept import uebersetzung
from konzept.models import Uebersetzungsstatus
from massnahmen.models import Massnahme

SPRACHE = "ar"


@pytest.fixture
def vier(inhalt):
    """Four measures, one in each state of their Arabic translation:
    (maschinell, geprüft, veraltet, fehlt)."""
    massnahmen = list(Massnahme.objects.in_edition(inhalt)[:4])
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


def liste_url(inhalt, sprache=SPRACHE):
    return f"/uebersetzung/{inhalt.jahr}/{sprache}/"


def status(massnahme):
    massnahme.refresh_from_db()
    return massnahme.uebersetzungsstatus(SPRACHE)


# Direction


@pytest.mark.parametrize(("sprache", "richtung"), [("ar", "rtl"), ("fa", "rtl"), ("uk", "ltr")])
def test_felder_tragen_sprache_und_richtung_der_uebersetzung(
    staff_client, inhalt, sprache, richtung
):
    """Issue 18.5: each text field of the edit form carries the target language's lang and dir;
    the German source beside it lang="de" dir="ltr"; the labels stay in the page's language."""
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    text = staff_client.get(f"/uebersetzung/{inhalt.jahr}/{sprache}/massnahme/{massnahme.pk}/").text
    felder = re.findall(r"<textarea[^>]*>", text)
    assert felder
    for feld in felder:
        assert f'lang="{sprache}"' in feld and f'dir="{richtung}"' in feld, feld
    assert f'<p class="kern-body" lang="de" dir="ltr">{massnahme.titel_de}</p>' in text
    assert not re.search(r'<div class="uebersetzung-paar__ziel"[^>]*lang=', text)


def test_liste_zeigt_uebersetzungen_in_ihrer_richtung(staff_client, inhalt, vier):
    """Issue 18.5: in the list, German cells are lang="de" dir="ltr", Arabic ones dir="rtl"."""
    text = staff_client.get(liste_url(inhalt)).text
    assert '<td class="kern-table__cell" lang="ar" dir="rtl">' in text
    assert '<td class="kern-table__cell" lang="de" dir="ltr">' in text
    assert 'dir="auto"' not in text


def test_richtungszeichen_im_formular_abgelehnt(staff_client, inhalt, vier):
    """Issue 18.5, bad input: an override of the direction is refused next to the field."""
    url = f"/uebersetzung/{inhalt.jahr}/{SPRACHE}/massnahme/{vier[0].pk}/"
    antwort = staff_client.post(url, {"titel": "\u202eتم", "status": "geprueft"})
    assert antwort.status_code == 422
    assert "U+202E" in antwort.text
    assert status(vier[0]) == "maschinell"


# Counts and filters


def test_zahlen_je_stand_mit_filter(staff_client, inhalt, vier):
    """Issue 18.5: per language the workspace counts machine, reviewed, outdated and missing
    translations; each count links to the list filtered by that state, which shows exactly
    the items in it."""
    zahlen = uebersetzung.zaehlen(uebersetzung.elemente(inhalt), SPRACHE)
    assert all(zahlen[s] for s in ("maschinell", "geprueft", "veraltet", "fehlt"))
    for seite in (f"/uebersetzung/{inhalt.jahr}/", liste_url(inhalt)):
        text = staff_client.get(seite).text
        for wert, bezeichnung in Uebersetzungsstatus.choices:
            link = f'href="{liste_url(inhalt)}?status={wert}"'
            assert re.search(
                rf"{re.escape(link)}[^>]*>{re.escape(str(bezeichnung))}: "
                rf"<strong>{zahlen[wert]}</strong>",
                text,
            ), (seite, wert)
    for massnahme, wert in zip(vier, ["maschinell", "geprueft", "veraltet", "fehlt"], strict=True):
        text = staff_client.get(f"{liste_url(inhalt)}?status={wert}").text
        assert f'?status={wert}" aria-current="true"' in text
        assert text.count("uebersetzungsstatus--" + wert) == zahlen[wert]
        for anderer in vier:
            assert (f"massnahme/{anderer.pk}/" in text) == (anderer is massnahme)


def test_auswahl_nur_bei_pruefbaren(staff_client, inhalt, vier):
    """Issue 18.5: machine and outdated translations can be chosen, missing and reviewed ones
    not (nothing to check, or checked already)."""
    text = staff_client.get(liste_url(inhalt)).text
    assert f'value="massnahme:{vier[0].pk}"' in text
    assert f'value="massnahme:{vier[2].pk}"' in text
    assert f'value="massnahme:{vier[1].pk}"' not in text
    assert f'value="massnahme:{vier[3].pk}"' not in text


# Marking as reviewed


def test_mehrere_als_geprueft_markieren_mit_vorschau(staff_client, inhalt, vier):
    """Issue 18.5: the chosen translations are shown once more (nothing changed yet), the
    missing and reviewed ones set apart as not marked; confirming marks exactly those shown."""
    pruefen = f"{liste_url(inhalt)}pruefen/"
    antwort = staff_client.post(pruefen, {"auswahl": [f"massnahme:{m.pk}" for m in vier]})
    assert antwort.status_code == 200
    vorschau = antwort.text
    assert "Diese 2 Übersetzungen werden als geprüft markiert" in vorschau
    assert "Nicht markiert" in vorschau
    assert [status(m) for m in vier] == ["maschinell", "geprueft", "veraltet", "fehlt"]
    wert = re.search(r'name="auswahl" value="([^"]+)"', vorschau)[1]
    assert sorted(e.rsplit(":", 1)[0] for e in wert.split()) == sorted(
        [f"massnahme:{vier[0].pk}", f"massnahme:{vier[2].pk}"]
    )
    antwort = staff_client.post(f"{pruefen}bestaetigen/", {"auswahl": wert}, follow=True)
    assert antwort.redirect_chain[-1] == (liste_url(inhalt), 302)
    assert "2 Übersetzungen als geprüft markiert" in antwort.text
    assert [status(m) for m in vier] == ["geprueft", "geprueft", "geprueft", "fehlt"]


def test_alle_mit_einem_stand_markieren(staff_client, inhalt, vier):
    """Issue 18.5: all translations of the filtered list, e.g. every machine translation, go
    into the preview in one step (no ticking of each box, no JavaScript)."""
    liste = staff_client.get(f"{liste_url(inhalt)}?status=maschinell").text
    assert '<input type="hidden" name="status" value="maschinell">' in liste
    antwort = staff_client.post(f"{liste_url(inhalt)}pruefen/", {"status": "maschinell"})
    anzahl = uebersetzung.zaehlen(uebersetzung.elemente(inhalt), SPRACHE)["maschinell"]
    assert f"Diese {anzahl} Übersetzungen werden als geprüft markiert" in antwort.text
    wert = re.search(r'name="auswahl" value="([^"]+)"', antwort.text)[1]
    antwort = staff_client.post(f"{liste_url(inhalt)}pruefen/bestaetigen/", {"auswahl": wert})
    assert antwort.status_code == 302
    inhalt.refresh_from_db()  # the edition itself is one of the items
    zahlen = uebersetzung.zaehlen(uebersetzung.elemente(inhalt), SPRACHE)
    assert zahlen["maschinell"] == 0 and zahlen["veraltet"] == 1


def test_aenderung_nach_der_vorschau_markiert_nichts(staff_client, inhalt, vier):
    """Issue 18.5: a translation changed after the preview is not marked unseen: nothing is
    marked (409), the preview shows the translations as they are now and names the changed."""
    pruefen = f"{liste_url(inhalt)}pruefen/"
    vorschau = staff_client.post(
        pruefen, {"auswahl": [f"massnahme:{vier[0].pk}", f"massnahme:{vier[2].pk}"]}
    ).text
    wert = re.search(r'name="auswahl" value="([^"]+)"', vorschau)[1]
    vier[0].uebersetzung_speichern(SPRACHE, {"titel": "نص آخر"}, Uebersetzungsstatus.MASCHINELL)
    antwort = staff_client.post(f"{pruefen}bestaetigen/", {"auswahl": wert})
    assert antwort.status_code == 409
    assert "Nichts wurde markiert" in antwort.text
    assert "نص آخر" in antwort.text
    assert [status(m) for m in vier] == ["maschinell", "geprueft", "veraltet", "fehlt"]
    # Confirmed again from the fresh preview, it goes through.
    wert = re.search(r'name="auswahl" value="([^"]+)"', antwort.text)[1]
    assert staff_client.post(f"{pruefen}bestaetigen/", {"auswahl": wert}).status_code == 302
    assert [status(m) for m in vier] == ["geprueft", "geprueft", "geprueft", "fehlt"]


@pytest.mark.parametrize(
    ("pfad", "daten", "meldung"),
    [
        ("pruefen/", {}, "mindestens eine"),
        ("pruefen/", {"auswahl": "massnahme:999999"}, "gültige"),
        ("pruefen/", {"status": "geprueft"}, "gültige"),
        ("pruefen/bestaetigen/", {"auswahl": "massnahme:1:kaputt"}, "unvollständig"),
        ("pruefen/bestaetigen/", {}, "erforderlich"),
    ],
)
def test_schlechte_auswahl_wird_erklaert(staff_client, inhalt, vier, pfad, daten, meldung):
    """Issue 18.5, bad input: an empty, unknown or garbled choice gets a message (422), marks
    nothing, and never a server error."""
    antwort = staff_client.post(f"{liste_url(inhalt)}{pfad}", daten)
    assert antwort.status_code == 422
    assert meldung in antwort.text
    assert [status(m) for m in vier] == ["maschinell", "geprueft", "veraltet", "fehlt"]


def test_vorschau_ohne_pruefbares(staff_client, inhalt, vier):
    """Issue 18.5: choosing only reviewed and missing translations says there is nothing to
    mark, and offers no confirmation."""
    antwort = staff_client.post(
        f"{liste_url(inhalt)}pruefen/",
        {"auswahl": [f"massnahme:{vier[1].pk}", f"massnahme:{vier[3].pk}"]},
    )
    assert antwort.status_code == 422
    assert "keine maschinelle oder veraltete Übersetzung" in antwort.text
    assert "bestaetigen/" not in antwort.text
