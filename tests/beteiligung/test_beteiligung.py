"""Issue 5: how the concept was made, the KMV statement, decisions and the edition workflow."""

import pytest

from beteiligung.models import Beschluss, Beteiligungsformat
from konzept.models import Edition


def test_beteiligungsseite_zeigt_formate_und_was_daraus_kam(client, inhalt):
    text = client.get("/2024/beteiligung/").text
    for titel in inhalt.beteiligungsformate.values_list("titel_de", flat=True):
        assert titel in text
    assert "Was daraus kam: 1 Maßnahme" in text  # the KMV's further language courses
    kmv = client.get("/2024/beteiligung/kmv/").text
    assert "Weiterführende Sprachkurse" in kmv
    assert "Jobmessen" not in kmv


def test_format_im_browser_bearbeiten(staff_client, entwurf):
    format = entwurf.beteiligungsformate.get(art="kmv")
    url = f"/bearbeiten/beteiligungsformat/{format.pk}/"
    daten = {
        "version": format.version,
        "art": "kmv",
        "titel": format.titel_de,
        "methode": "Sitzungen",
        "beteiligte": format.beteiligte_de,
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
        {"gremium": "ausschuss", "datum": "2026-05-01", "ergebnis": "empfohlen", "vorlage": "V/1"},
    )
    entwurf.refresh_from_db()
    assert entwurf.status == "beratung"
    staff_client.post(
        "/2026/beschluesse/neu/",
        {"gremium": "kreistag", "datum": "2026-06-01", "ergebnis": "beschlossen", "vorlage": "V/2"},
    )
    entwurf.refresh_from_db()
    assert entwurf.status == "beschlossen" and str(entwurf.beschlossen_am) == "2026-06-01"
    text = staff_client.get("/2026/").text
    assert text.index("01.05.2026") < text.index("01.06.2026")  # a timeline
    assert Edition.objects.beschlossen().order_by("-jahr").first() == entwurf
    # Now frozen: no further decisions.
    assert staff_client.get("/2026/beschluesse/neu/").status_code == 403


@pytest.mark.parametrize(
    ("daten", "feld"),
    [
        ({"gremium": "stadtrat", "datum": "2026-05-01", "ergebnis": "empfohlen"}, "gremium"),
        ({"gremium": "kreistag", "datum": "3026-05-01", "ergebnis": "beschlossen"}, "datum"),
        (
            {
                "gremium": "kreistag",
                "datum": "2026-05-01",
                "ergebnis": "beschlossen",
                "link": "javascript:alert(1)",
            },
            "link",
        ),
    ],
)
def test_ungueltige_beschluesse(staff_client, entwurf, daten, feld):
    antwort = staff_client.post("/2026/beschluesse/neu/", daten)
    assert antwort.status_code == 422
    assert f'id="id_{feld}_error"' in antwort.text
    assert not Beschluss.objects.exists()
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf"


@pytest.mark.parametrize("rolle", [None, "KMV", "Ausschuss"])
def test_nur_die_koordinierungsstelle_erfasst(client, entwurf, rolle):
    from tests.conftest import benutzer_mit_rolle

    if rolle:
        client.force_login(benutzer_mit_rolle("jemand", rolle))
    for url in ("/2026/beschluesse/neu/", "/2026/stellungnahmen/neu/", "/2026/status/"):
        antwort = client.post(
            url,
            {
                "gremium": "kreistag",
                "datum": "2026-05-01",
                "ergebnis": "beschlossen",
                "status": "beteiligung",
            },
        )
        assert antwort.status_code == (302 if rolle is None else 403)
    entwurf.refresh_from_db()
    assert entwurf.status == "entwurf" and not Beschluss.objects.exists()
    assert Beteiligungsformat.objects.filter(edition=entwurf).count() == 4


def test_ziele_zeigen_ihre_herkunft(staff_client, entwurf):
    from themenfelder.models import Leitziel

    leitziel = Leitziel.objects.filter(themenfeld__edition=entwurf).first()
    leitziel.herkunft.set(entwurf.beteiligungsformate.filter(art="extern"))
    seite = staff_client.get(leitziel.themenfeld.get_absolute_url()).text
    assert 'Herkunft: <a class="kern-link" href="/2026/beteiligung/externe-akteure/">' in seite
    format_seite = staff_client.get("/2026/beteiligung/externe-akteure/").text
    assert leitziel.text_de in format_seite
