"""Issue 5: how the concept was made, the KMV statement, decisions and the edition workflow."""

import pytest

from beteiligung.models import Beschluss, Beteiligungsformat, Gremium
from konzept.begriffe import begriffe
from konzept.models import Edition
from massnahmen.models import Massnahme


def kmv_format(edition):
    """The edition's participation format of the district's migrant council."""
    return edition.beteiligungsformate.get(art__migrationsvertretung=True)


def beschluss_daten(daten):
    """Form data for a decision, with the district's bodies in place of their roles:
    "beschliessend" is the body whose decision adopts an edition, "beratend" another one."""
    gremien = {
        "beschliessend": Gremium.objects.get(beschliesst=True),
        "beratend": Gremium.objects.filter(beschliesst=False).first(),
    }
    return {
        name: (gremien[wert].pk if name == "gremium" and wert in gremien else wert)
        for name, wert in daten.items()
    }


def versteckte_felder(antwort) -> dict:
    """The hidden fields of the confirmation form on a page: the decision as entered, its
    submission id, the state the page showed."""
    from bs4 import BeautifulSoup

    html = BeautifulSoup(antwort.text, "html.parser")
    return {
        feld["name"]: feld.get("value", "") for feld in html.select("main form input[type=hidden]")
    }


def mit_bestaetigung(client, url, daten):
    """Sends a decision; where the answer asks to confirm an adoption (issue 17.4), confirms
    it as the page does, with the fields it carries."""
    antwort = client.post(url, daten)
    if antwort.status_code == 200 and 'name="bestaetigt"' in antwort.text:
        antwort = client.post(url, {**versteckte_felder(antwort), "bestaetigt": "1"})
    return antwort


def test_beteiligungsseite_zeigt_formate_und_was_daraus_kam(
    client, inhalt, massnahme, kmv_massnahme
):
    kmv = kmv_format(inhalt)
    # Exactly one measure from the migrant council, so that the singular shows too.
    for andere in Massnahme.objects.filter(herkunft=kmv).exclude(pk=kmv_massnahme.pk):
        andere.herkunft.remove(kmv)
    text = client.get("/2024/beteiligung/").text
    for format in inhalt.beteiligungsformate.all():
        assert format.titel_de in text
        karte = text.split(f'id="beteiligungsformat-{format.pk}"')[1].split("</article>")[0]
        # The kind of participation, as the district names it.
        assert f'kern-preline">{format.art.name_de}<' in karte
        anzahl = Massnahme.objects.filter(herkunft=format).count()
        wort = begriffe()["massnahme"].mehrzahl
        # Issue 17.6: no "0" at a format; the page says once what is not recorded.
        if anzahl:
            assert f"{wort} aus diesem Format: {anzahl}<" in karte
        else:
            assert "aus diesem Format:" not in karte and "Was aus diesem Format kam" in karte
    assert (
        f"{begriffe()['massnahme'].mehrzahl} aus diesem Format: 1<"
        in text.split(f'id="beteiligungsformat-{kmv.pk}"')[1].split("</article>")[0]
    )
    seite = client.get(f"/2024/beteiligung/{kmv.key}/").text
    assert kmv_massnahme.titel_de in seite
    assert massnahme.titel_de not in seite


def test_format_im_browser_bearbeiten(staff_client, entwurf):
    format = kmv_format(entwurf)
    url = f"/bearbeiten/beteiligungsformat/{format.pk}/"
    daten = {
        "version": format.version,
        "art": format.art_id,
        "titel": format.titel_de,
        "methode": "Sitzungen",
        "beteiligte": format.beteiligte_de or "",
        "beginn": "2025-03-01",
        "ende": "2025-02-01",
        "teilnehmende": "12",
        "zusammenfassung": "",
    }
    fehler = staff_client.post(url, daten)
    assert fehler.status_code == 422  # ends before it begins
    staff_client.post(url, {**daten, "ende": "2025-04-30"})
    format.refresh_from_db()
    assert (format.teilnehmende, str(format.ende), format.methode_de) == (
        12,
        "2025-04-30",
        "Sitzungen",
    )
    assert "12" in staff_client.get("/2026/beteiligung/").text


def test_stellungnahme_auf_der_ausgabenseite(staff_client, entwurf):
    staff_client.post(
        "/2026/stellungnahmen/neu/", {"datum": "2026-02-01", "text": "Die KMV begrüßt das Konzept."}
    )
    text = staff_client.get("/2026/").text
    assert "Die KMV begrüßt das Konzept." in text and "01.02.2026" in text


def test_arbeitsablauf_schritt_fuer_schritt(staff_client, entwurf):
    assert staff_client.post("/2026/status/", {"status": "beratung"}).status_code == 302
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf"  # no skipping
    staff_client.post("/2026/status/", {"status": "beteiligung"})
    entwurf.refresh_from_db()
    assert entwurf.status == "beteiligung"
    antwort = staff_client.post("/2026/status/", {"status": "entwurf"}, follow=True)
    entwurf.refresh_from_db()
    assert entwurf.status == "beteiligung" and "Begründung" in antwort.text
    staff_client.post("/2026/status/", {"status": "entwurf", "grund": "Texte fehlen noch"})
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf"
    assert entwurf.history.first().history_change_reason == "Texte fehlen noch"
    staff_client.post("/2026/status/", {"status": "beschlossen"})
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf"  # adoption only by a Kreistag decision


def test_kreistagsbeschluss_macht_die_ausgabe_zur_beschlossenen(staff_client, entwurf):
    for status in ("beteiligung", "beratung"):
        staff_client.post("/2026/status/", {"status": status})
    staff_client.post(
        "/2026/beschluesse/neu/",
        beschluss_daten(
            {
                "gremium": "beratend",
                "datum": "2026-05-01",
                "ergebnis": "empfohlen",
                "vorlage": "V/1",
            }
        ),
    )
    entwurf.refresh_from_db()
    assert entwurf.status == "beratung"
    mit_bestaetigung(
        staff_client,
        "/2026/beschluesse/neu/",
        beschluss_daten(
            {
                "gremium": "beschliessend",
                "datum": "2026-06-01",
                "ergebnis": "beschlossen",
                "vorlage": "V/2",
            }
        ),
    )
    entwurf.refresh_from_db()
    assert entwurf.status == "beschlossen" and str(entwurf.beschlossen_am) == "2026-06-01"
    text = staff_client.get("/2026/").text
    assert text.index("01.05.2026") < text.index("01.06.2026")  # a timeline
    # Each entry names its body, as the district names it.
    beratend, beschliessend = (beschluss.gremium for beschluss in entwurf.beschluesse.all())
    zeitleiste = staff_client.get("/2026/beteiligung/").text
    assert f"01.05.2026</time> · {beratend.name_de}<" in zeitleiste
    assert f"01.06.2026</time> · {beschliessend.name_de}<" in zeitleiste
    assert Edition.objects.beschlossen().order_by("-jahr").first() == entwurf
    # Now frozen: no further decisions.
    assert staff_client.get("/2026/beschluesse/neu/").status_code == 403


@pytest.mark.parametrize(
    ("daten", "feld"),
    [
        ({"gremium": "stadtrat", "datum": "2026-05-01", "ergebnis": "empfohlen"}, "gremium"),
        ({"gremium": "beschliessend", "datum": "3026-05-01", "ergebnis": "beschlossen"}, "datum"),
        (
            {
                "gremium": "beschliessend",
                "datum": "2026-05-01",
                "ergebnis": "beschlossen",
                "link": "javascript:alert(1)",
            },
            "link",
        ),
    ],
)
def test_ungueltige_beschluesse(staff_client, entwurf, daten, feld):
    antwort = staff_client.post("/2026/beschluesse/neu/", beschluss_daten(daten))
    assert antwort.status_code == 422
    assert f'id="id_{feld}_error"' in antwort.text
    assert not Beschluss.objects.filter(edition=entwurf).exists()
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf"


@pytest.mark.parametrize("rolle", [None, "KMV", "Ausschuss"])
def test_nur_die_koordinierungsstelle_erfasst(client, entwurf, rolle):
    from tests.conftest import benutzer_mit_rolle

    formate = Beteiligungsformat.objects.filter(edition=entwurf).count()
    if rolle:
        client.force_login(benutzer_mit_rolle("jemand", rolle))
    for url in ("/2026/beschluesse/neu/", "/2026/stellungnahmen/neu/", "/2026/status/"):
        antwort = client.post(
            url,
            beschluss_daten(
                {
                    "gremium": "beschliessend",
                    "datum": "2026-05-01",
                    "ergebnis": "beschlossen",
                    "status": "beteiligung",
                }
            ),
        )
        assert antwort.status_code == (302 if rolle is None else 403)
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf" and not Beschluss.objects.filter(edition=entwurf).exists()
    assert Beteiligungsformat.objects.filter(edition=entwurf).count() == formate


def test_ziele_zeigen_ihre_herkunft(staff_client, entwurf):
    from themenfelder.models import Leitziel

    leitziel = Leitziel.objects.filter(themenfeld__edition=entwurf).first()
    format = entwurf.beteiligungsformate.filter(art__migrationsvertretung=False).last()
    leitziel.herkunft.set([format])
    seite = staff_client.get(leitziel.themenfeld.get_absolute_url()).text
    assert f'Herkunft: <a class="kern-link" href="/2026/beteiligung/{format.key}/">' in seite
    format_seite = staff_client.get(f"/2026/beteiligung/{format.key}/").text
    assert leitziel.text_de in format_seite
