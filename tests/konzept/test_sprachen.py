"""Issue 4: every page and every content item in the languages of the people it concerns."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from konzept import uebersetzung
from konzept.models import Profil
from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle

SPRACHEN = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}
SEITEN = [
    "/2024/",
    "/2024/themenfelder/partizipation/",
    "/2024/massnahmen/",
    "/2024/massnahmen/partizipation.sprachfoerderung.weiterfuehrende-sprachkurse/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/anmelden/",
]


def in_sprache(url, sprache):
    return url if sprache == settings.LANGUAGE_CODE else f"/{sprache}{url}"


@pytest.mark.parametrize("sprache", SPRACHEN)
def test_jede_seite_in_jeder_sprache_mit_lang_und_dir(client, inhalt, sprache):
    for url in SEITEN:
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
    assert "Landkreis Wesermarsch" in response.text


def test_inhalte_in_der_sprache_des_lesers(client, inhalt):
    text = client.get("/ar/2024/themenfelder/partizipation/").text
    massnahme = Massnahme.objects.get(key="partizipation.zugang-arbeit.jobmessen")
    assert massnahme.titel_ar in text
    assert "maschinell" not in text  # the note itself is in Arabic
    assert text.count('class="uebersetzung-hinweis"') >= 10


def test_fehlende_uebersetzung_zeigt_deutsch_mit_hinweis(client, inhalt):
    Massnahme.objects.filter(key="partizipation.zugang-arbeit.jobmessen").update(titel_en="")
    text = client.get("/en/2024/themenfelder/partizipation/").text
    assert re.search(
        r'<span lang="de" dir="ltr">Jobmessen</span> '
        r'<small class="uebersetzung-hinweis">[^<]+</small>',
        text,
    )


def test_aenderung_der_quelle_macht_uebersetzungen_veraltet(staff_client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).get(titel_de="Jobmessen")
    entwurf_sprachen = [sprache for sprache in SPRACHEN if sprache != "de"]
    # The copy carries the translations over with their state.
    assert {massnahme.uebersetzungsstatus(s) for s in entwurf_sprachen} == {"maschinell"}
    from tests.konzept.test_bearbeiten import formulardaten

    staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, titel="Jobbörsen")
    )
    massnahme.refresh_from_db()
    assert massnahme.titel_de == "Jobbörsen"
    assert {massnahme.uebersetzungsstatus(s) for s in entwurf_sprachen} == {"veraltet"}


def test_bearbeiten_in_anderer_sprache_aendert_die_deutsche_quelle(client, entwurf):
    client.force_login(benutzer_mit_rolle("koord", "Koordinierungsstelle"))
    massnahme = Massnahme.objects.in_edition(entwurf).get(titel_de="Jobmessen")
    englisch = massnahme.titel_en
    from tests.konzept.test_bearbeiten import formulardaten

    formular = client.get(f"/en/bearbeiten/massnahme/{massnahme.pk}/").text
    assert "Jobmessen" in formular
    client.post(
        f"/en/bearbeiten/massnahme/{massnahme.pk}/", formulardaten(massnahme, titel="Jobbörsen")
    )
    massnahme.refresh_from_db()
    assert (massnahme.titel_de, massnahme.titel_en) == ("Jobbörsen", englisch)


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
    massnahme = Massnahme.objects.in_edition(entwurf).get(titel_de="Jobmessen")
    staff_client.post(
        f"/ar/bearbeiten/massnahme/{massnahme.pk}/umsetzungsstand/",
        {"datum": "2026-01-10", "text": "تم تنظيم أول معرض"},
    )
    notiz = massnahme.umsetzungsnotizen.get()
    assert notiz.sprache == "ar"
    text = staff_client.get(massnahme.get_absolute_url()).text
    assert 'lang="ar" dir="auto"' in text


def test_arbeitsbereich_zaehlt_und_filtert(staff_client, inhalt):
    Massnahme.objects.filter(key="partizipation.zugang-arbeit.jobmessen").update(titel_tr="")
    uebersicht = staff_client.get("/uebersetzung/2024/")
    assert uebersicht.status_code == 200 and "<progress" in uebersicht.text
    liste = staff_client.get("/uebersetzung/2024/tr/?status=fehlt")
    assert liste.status_code == 200
    assert "Jobmessen" in liste.text and "Sprachcafés" not in liste.text
    zahlen = uebersetzung.zaehlen(uebersetzung.elemente(inhalt), "tr")
    assert zahlen["fehlt"] == 1 and zahlen["maschinell"] == len(uebersetzung.elemente(inhalt)) - 1


def test_uebersetzung_im_arbeitsbereich_pruefen(staff_client, inhalt):
    massnahme = Massnahme.objects.get(key="partizipation.zugang-arbeit.jobmessen")
    url = f"/uebersetzung/2024/en/massnahme/{massnahme.pk}/"
    assert "Jobmessen" in staff_client.get(url).text
    staff_client.post(url, {"titel": "Job fairs", "status": "geprueft"})
    massnahme.refresh_from_db()
    assert massnahme.titel_en == "Job fairs"
    assert massnahme.uebersetzungsstatus("en") == "geprueft"


def test_xliff_hin_und_zurueck(staff_client, inhalt):
    datei = staff_client.get("/uebersetzung/2024/en/export.xlf")
    assert datei["Content-Type"] == "application/xliff+xml"
    xml = datei.content.decode()
    assert 'target-language="en"' in xml
    massnahme = Massnahme.objects.get(key="partizipation.zugang-arbeit.jobmessen")
    alt = (
        '<source xml:lang="de">Jobmessen</source><target xml:lang="en" '
        f'state="needs-review-translation" state-qualifier="mt-suggestion">{massnahme.titel_en}'
        "</target>"
    )
    assert f'<trans-unit id="massnahme:{massnahme.key}:titel"' in xml and alt in xml
    neu = alt.replace(massnahme.titel_en, "Job fairs in the district").replace(
        "needs-review-translation", "translated"
    )
    antwort = staff_client.post(
        "/uebersetzung/2024/en/import/",
        {"datei": SimpleUploadedFile("en.xlf", xml.replace(alt, neu).encode())},
    )
    assert antwort.status_code == 200
    massnahme.refresh_from_db()
    assert massnahme.titel_en == "Job fairs in the district"
    assert massnahme.uebersetzungsstatus("en") == "geprueft"


@pytest.mark.parametrize(
    ("aendern", "meldung"),
    [
        (
            lambda xml: xml.replace(
                "massnahme:partizipation.zugang-arbeit.jobmessen", "massnahme:gibt.es.nicht"
            ),
            "unbekannte ID",
        ),
        (
            lambda xml: xml.replace(">Jobmessen</source>", ">Jobbörsen</source>"),
            "geändert",
        ),
        (lambda xml: xml.replace('target-language="en"', 'target-language="tr"'), "erwartet"),
        (lambda xml: xml[: len(xml) // 2], "kein gültiges XML"),
        (lambda xml: '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "Entitäten"),
    ],
)
def test_xliff_import_lehnt_ab_und_aendert_nichts(staff_client, inhalt, aendern, meldung):
    xml = staff_client.get("/uebersetzung/2024/en/export.xlf").content.decode()
    xml = xml.replace("needs-review-translation", "translated")
    vorher = sorted(Massnahme.objects.values_list("titel_en", "uebersetzungsstand"))
    antwort = staff_client.post(
        "/uebersetzung/2024/en/import/",
        {"datei": SimpleUploadedFile("en.xlf", aendern(xml).encode())},
    )
    assert antwort.status_code == 422
    assert meldung in antwort.text
    assert sorted(Massnahme.objects.values_list("titel_en", "uebersetzungsstand")) == vorher


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
