"""Issue 4: every page and every content item in the languages of the people it concerns."""

import re
from xml.sax.saxutils import escape as xml_escape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from konzept import uebersetzung
from konzept.models import Landkreis, Profil
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

SPRACHEN = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}


def seiten(inhalt, themenfeld, massnahme):
    return [
        inhalt.get_absolute_url(),
        themenfeld.get_absolute_url(),
        f"/{inhalt.jahr}/massnahmen/",
        massnahme.get_absolute_url(),
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/anmelden/",
    ]


def in_sprache(url, sprache):
    return url if sprache == settings.LANGUAGE_CODE else f"/{sprache}{url}"


@pytest.mark.parametrize("sprache", SPRACHEN)
def test_jede_seite_in_jeder_sprache_mit_lang_und_dir(
    client, inhalt, themenfeld, kmv_massnahme, sprache
):
    for url in seiten(inhalt, themenfeld, kmv_massnahme):
        response = client.get(in_sprache(url, sprache))
        assert response.status_code == 200, url
        richtung = "rtl" if sprache in RTL else "ltr"
        assert f'<html lang="{sprache}" dir="{richtung}">' in response.text, url
        # Alternates for every language, each pointing at the same page.
        for andere in SPRACHEN:
            assert f'hreflang="{andere}"' in response.text


def test_unbekanntes_sprachpraefix_ist_404_im_layout(client, inhalt):
    response = client.get("/xx/2024/")
    assert response.status_code == 404
    assert Landkreis.aktuell().name in response.text


def test_inhalte_in_der_sprache_des_lesers(client, themenfeld, massnahme, andere_massnahme):
    fabrik.vollstaendig_uebersetzen(massnahme, ["ar"])
    massnahme.refresh_from_db()
    text = client.get(f"/ar{themenfeld.get_absolute_url()}").text
    assert escape(massnahme.titel_ar) in text
    # A machine translation is marked after the item's title, in the reader's language.
    marke = re.search(
        re.escape(escape(massnahme.titel_ar)) + r'<span class="uebersetzung-marke" title="([^"]+)"',
        text,
    )
    assert marke and "maschinell" not in marke.group(1)
    # What is not translated is shown in German and says so, in Arabic.
    hinweise = re.findall(r'<small class="uebersetzung-hinweis">([^<]+)</small>', text)
    assert hinweise and not any("übersetzt" in hinweis for hinweis in hinweise)


def test_fehlende_uebersetzung_zeigt_deutsch_mit_hinweis(client, themenfeld, massnahme):
    Massnahme.objects.filter(pk=massnahme.pk).update(titel_en="")
    text = client.get(f"/en{themenfeld.get_absolute_url()}").text
    assert re.search(
        rf'<span lang="de" dir="ltr">{re.escape(escape(massnahme.titel_de))}</span> '
        r'<small class="uebersetzung-hinweis">[^<]+</small>',
        text,
    )


def test_aenderung_der_quelle_macht_uebersetzungen_veraltet(staff_client, massnahme):
    andere_sprachen = [sprache for sprache in SPRACHEN if sprache != "de"]
    fabrik.vollstaendig_uebersetzen(massnahme, andere_sprachen)
    entwurf = edition_fortschreiben(vorgaenger=massnahme.themenfeld.edition, jahr=2026, user=None)
    kopie = Massnahme.objects.in_edition(entwurf).get(key=massnahme.key)
    # The copy carries the translations over with their state.
    assert {kopie.uebersetzungsstatus(s) for s in andere_sprachen} == {"maschinell"}
    from tests.konzept.test_bearbeiten import formulardaten

    staff_client.post(
        f"/bearbeiten/massnahme/{kopie.pk}/", formulardaten(kopie, titel="Neuer Titel")
    )
    kopie.refresh_from_db()
    assert kopie.titel_de == "Neuer Titel"
    assert {kopie.uebersetzungsstatus(s) for s in andere_sprachen} == {"veraltet"}


def im_entwurf(entwurf):
    """The sample measure (`massnahme`) in the draft, by its key."""
    return Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))


def test_bearbeiten_in_anderer_sprache_aendert_die_deutsche_quelle(client, entwurf):
    client.force_login(benutzer_mit_rolle("koord", "Koordinierungsstelle"))
    massnahme = im_entwurf(entwurf)
    englisch = massnahme.titel_en
    from tests.konzept.test_bearbeiten import formulardaten

    formular = client.get(f"/en/bearbeiten/massnahme/{massnahme.pk}/").text
    assert escape(massnahme.titel_de) in formular
    client.post(
        f"/en/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, titel="Neuer Titel")
    )
    massnahme.refresh_from_db()
    assert (massnahme.titel_de, massnahme.titel_en) == ("Neuer Titel", englisch)


def test_sprachwahl_bleibt_auf_der_seite_und_wird_gemerkt(client, inhalt):
    response = client.post("/sprache/", {"language": "uk", "next": "/2024/massnahmen/"})
    assert response["Location"] == "/uk/2024/massnahmen/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    assert client.get("/")["Location"] == "/uk/2024/"


def test_sprachwahl_im_profil_und_nach_der_anmeldung(client, inhalt):
    user = benutzer_mit_rolle("leserin", "KMV")
    client.force_login(user)
    client.post("/sprache/", {"language": "fa", "next": "/2024/"})
    assert Profil.objects.get(user=user).sprache == "fa"
    client.logout()
    client.cookies.clear()
    response = client.post(
        "/anmelden/",
        {"username": "leserin", "password": "geheim-und-lang-2024", "next": "/2024/massnahmen/"},
    )
    assert response["Location"] == "/fa/2024/massnahmen/"


def test_sprachumschalter_nennt_jede_sprache_in_eigener_schrift(client, inhalt):
    text = client.get("/2024/").text
    for code, name in settings.LANGUAGES:
        assert f'lang="{code}"' in text and name in text


def test_notizen_behalten_ihre_sprache(staff_client, entwurf):
    massnahme = im_entwurf(entwurf)
    staff_client.post(
        f"/ar/bearbeiten/massnahme/{massnahme.pk}/umsetzungsstand/",
        {"datum": "2026-01-10", "text": "تم تنظيم أول معرض"},
    )
    notiz = massnahme.umsetzungsnotizen.get()
    assert notiz.sprache == "ar"
    text = staff_client.get(massnahme.get_absolute_url()).text
    assert 'lang="ar" dir="auto"' in text


def test_arbeitsbereich_zaehlt_und_filtert(staff_client, inhalt, massnahme, andere_massnahme):
    """Everything machine-translated into Turkish but one measure: the workspace counts it
    as the one missing and lists it, and only it, under "fehlt"."""
    elemente = uebersetzung.elemente(inhalt)
    for element in elemente:
        if element.objekt != massnahme:
            fabrik.vollstaendig_uebersetzen(element.objekt, ["tr"])
    uebersicht = staff_client.get("/uebersetzung/2024/")
    assert uebersicht.status_code == 200 and "<progress" in uebersicht.text
    liste = staff_client.get("/uebersetzung/2024/tr/?status=fehlt")
    assert liste.status_code == 200
    assert escape(massnahme.titel_de) in liste.text
    assert escape(andere_massnahme.titel_de) not in liste.text
    zahlen = uebersetzung.zaehlen(uebersetzung.elemente(inhalt), "tr")
    assert zahlen["fehlt"] == 1 and zahlen["maschinell"] == len(elemente) - 1


def test_uebersetzung_im_arbeitsbereich_pruefen(staff_client, massnahme):
    url = f"/uebersetzung/2024/en/massnahme/{massnahme.pk}/"
    assert escape(massnahme.titel_de) in staff_client.get(url).text
    texte = {
        feld: f"{massnahme.quelltext(feld)} (en)"
        for feld in massnahme.uebersetzbare_felder()
        if massnahme.quelltext(feld)
    }
    staff_client.post(url, {**texte, "titel": "Job fairs", "status": "geprueft"})
    massnahme.refresh_from_db()
    assert massnahme.titel_en == "Job fairs"
    assert massnahme.uebersetzungsstatus("en") == "geprueft"


def als_geprueft(xml: str, massnahme) -> str:
    """The file with every unit of `massnahme` marked as checked by a person."""
    return re.sub(
        rf'<trans-unit id="massnahme:{re.escape(massnahme.key)}:.*?</trans-unit>',
        lambda einheit: einheit.group(0).replace("needs-review-translation", "translated"),
        xml,
        flags=re.S,
    )


def test_xliff_hin_und_zurueck(staff_client, massnahme):
    fabrik.vollstaendig_uebersetzen(massnahme, ["en"])
    massnahme.refresh_from_db()
    datei = staff_client.get("/uebersetzung/2024/en/export.xlf")
    assert datei["Content-Type"] == "application/xliff+xml"
    xml = datei.content.decode()
    assert 'target-language="en"' in xml
    alt = (
        f'<source xml:lang="de">{xml_escape(massnahme.titel_de)}</source><target xml:lang="en" '
        'state="needs-review-translation" state-qualifier="mt-suggestion">'
        f"{xml_escape(massnahme.titel_en)}</target>"
    )
    assert f'<trans-unit id="massnahme:{massnahme.key}:titel"' in xml and alt in xml
    neu = alt.replace(xml_escape(massnahme.titel_en), "Job fairs in the district").replace(
        "needs-review-translation", "translated"
    )
    # A person checked every text of the measure, its title changed.
    xml = als_geprueft(xml, massnahme).replace(
        alt.replace("needs-review-translation", "translated"), neu
    )
    assert "Job fairs in the district" in xml
    antwort = staff_client.post(
        "/uebersetzung/2024/en/import/", {"datei": SimpleUploadedFile("en.xlf", xml.encode())}
    )
    assert antwort.status_code == 200
    massnahme.refresh_from_db()
    assert massnahme.titel_en == "Job fairs in the district"
    assert massnahme.uebersetzungsstatus("en") == "geprueft"


@pytest.mark.parametrize(
    ("aendern", "meldung"),
    [
        (
            lambda xml, m: xml.replace(f"massnahme:{m.key}:", "massnahme:gibt.es.nicht:"),
            "unbekannte ID",
        ),
        (
            lambda xml, m: xml.replace(
                f">{xml_escape(m.titel_de)}</source>", ">Anderer Titel</source>"
            ),
            "geändert",
        ),
        (lambda xml, m: xml.replace('target-language="en"', 'target-language="tr"'), "erwartet"),
        (lambda xml, m: xml[: len(xml) // 2], "kein gültiges XML"),
        (lambda xml, m: '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "Entitäten"),
    ],
)
def test_xliff_import_lehnt_ab_und_aendert_nichts(staff_client, massnahme, aendern, meldung):
    fabrik.vollstaendig_uebersetzen(massnahme, ["en"])
    massnahme.refresh_from_db()
    xml = staff_client.get("/uebersetzung/2024/en/export.xlf").content.decode()
    xml = xml.replace("needs-review-translation", "translated")
    geaendert = aendern(xml, massnahme)
    assert geaendert != xml
    vorher = sorted(map(repr, Massnahme.objects.values_list("titel_en", "uebersetzungsstand")))
    antwort = staff_client.post(
        "/uebersetzung/2024/en/import/",
        {"datei": SimpleUploadedFile("en.xlf", geaendert.encode())},
    )
    assert antwort.status_code == 422
    assert meldung in antwort.text
    assert (
        sorted(map(repr, Massnahme.objects.values_list("titel_en", "uebersetzungsstand"))) == vorher
    )


def test_arbeitsbereich_nur_fuer_die_koordinierungsstelle(client, inhalt):
    client.force_login(benutzer_mit_rolle("ausschuss", "Ausschuss"))
    assert client.get("/uebersetzung/2024/").status_code == 403
    assert client.get("/uebersetzung/2024/en/export.xlf").status_code == 403


@pytest.mark.parametrize(
    ("von", "nach", "ziel"),
    [
        ("/ar/2024/themenfelder/partizipation/", "de", "/2024/themenfelder/partizipation/"),
        ("/ar/2024/themenfelder/partizipation/", "fa", "/fa/2024/themenfelder/partizipation/"),
        ("/2024/massnahmen/", "ru", "/ru/2024/massnahmen/"),
    ],
)
def test_sprachwahl_von_jeder_sprache_in_jede(client, inhalt, von, nach, ziel):
    response = client.post("/sprache/", {"language": nach, "next": von})
    assert response["Location"] == ziel


@pytest.mark.parametrize("sprache", ["de", "ar"])
def test_sprachadressen_wie_translate_url(client, inhalt, themenfeld, massnahme, sprache):
    """The switcher and the alternates name this page in every language: the view the request
    was resolved to, reversed per language (issue 20.3), as Django's `translate_url` would
    find it, query string included; a page that resolved to no view keeps its address."""
    from django.urls import translate_url
    from django.utils import translation

    wort = massnahme.titel.split()[0]
    for url in [
        *seiten(inhalt, themenfeld, massnahme),
        f"/{inhalt.jahr}/suche/?q={wort}&art=massnahme&seite=2",
        f"/{inhalt.jahr}/massnahmen/?status=geplant&seite=1",
        "/2024/gibt-es-nicht/",
    ]:
        adresse = in_sprache(url, sprache)
        response = client.get(adresse)
        assert response.status_code in (200, 404), adresse
        for andere in SPRACHEN:
            with translation.override(sprache):  # as the page resolved it
                erwartet = translate_url(adresse, andere)
            assert f'hreflang="{andere}" href="http://testserver{escape(erwartet)}"' in (
                response.text
            ), (adresse, andere)
