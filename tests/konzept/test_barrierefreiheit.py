"""Issue 17.12: the accessibility statement has every part BITV 2.0 § 7 and NBGG § 9b ask for,
as data: a status in one of the three prescribed wordings, the barriers known today with reason
and alternative, when and how it was made, a feedback mechanism with the district's contact,
and the arbitration body linked, in the order of the EU's model statement; the contact also
stands in the footer. The statement loads from the district's files like every page."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext

from konzept.laden import InhaltFehler, inhalte_laden
from konzept.models import Barriere, Landkreis, Seite, Uebersetzungsstatus
from konzept.sprachstellen import ziffern_tauschen
from tests.konzept.test_inhalte_laden import schreibe

# The parts, by the ids of their headings, in the order of the model statement.
TEILE = ["vereinbarkeit", "barrieren", "erstellung", "kontakt", "schlichtung"]
# The three statuses of the model statement (Implementing Decision (EU) 2018/1523), verbatim.
VORGESCHRIEBEN = {"vollständig vereinbar", "teilweise vereinbar", "nicht vereinbar"}


def erklaerung() -> Seite:
    return Seite.objects.get(art="barrierefreiheit")


def andere_sprache() -> str:
    """A language the sample district has translated one of its barriers into."""
    barrieren = erklaerung().barrieren.all()
    return next(
        code
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE and any(b.uebersetzung("text", code) for b in barrieren)
    )


def test_die_musterdaten_haben_eine_vollstaendige_erklaerung(inhalt):
    """The sample district's statement (tests/fabrik.py, or the second district's files) has
    every part as data, at least two barriers, and a translation of one of them."""
    seite = erklaerung()
    assert seite.get_vereinbarkeit_display() in VORGESCHRIEBEN
    assert seite.erstellt_am <= seite.geprueft_am
    assert seite.methode in Seite.Methode.values
    assert seite.schlichtungsstelle and seite.schlichtungsstelle_url.startswith("https://")
    barrieren = list(seite.barrieren.all())
    assert len(barrieren) >= 2
    assert all(barriere.text and barriere.grund for barriere in barrieren)
    assert andere_sprache()
    assert Landkreis.aktuell().kontakt_email


def test_vorgeschriebene_wortlaute():
    assert {str(label) for _wert, label in Seite.Vereinbarkeit.choices} == VORGESCHRIEBEN


@pytest.mark.parametrize("sprache", ["de", "andere"])
def test_die_erklaerung_zeigt_jeden_pflichtteil(client, inhalt, sprache):
    if sprache == "andere":
        sprache = andere_sprache()
    seite = erklaerung()
    landkreis = Landkreis.aktuell()
    praefix = "" if sprache == settings.LANGUAGE_CODE else f"/{sprache}"
    html = client.get(f"{praefix}/barrierefreiheit/").text
    assert f'<html lang="{sprache}"' in html
    main = html[html.index("<main") : html.index("</main>")]

    # Every part, in the order of the model statement.
    stellen = [main.index(f'<h2 id="{teil}"') for teil in TEILE]
    assert stellen == sorted(stellen)

    with translation.override(sprache):
        # The status, in its prescribed wording (translated where the catalogues have it).
        status = gettext(
            "Diese Website ist mit den Anforderungen an die Barrierefreiheit %(stand)s."
        )
        assert escape(status % {"stand": seite.get_vereinbarkeit_display()}) in main
        # When and how it was made.
        # In the language's short form, with its own digits where it writes them.
        for datum in (seite.erstellt_am, seite.geprueft_am):
            assert ziffern_tauschen(date_format(datum, "SHORT_DATE_FORMAT"), sprache) in main
        methode = {
            "selbstbewertung": "Sie beruht auf einer Selbstbewertung.",
            "dritte": "Sie beruht auf einer Bewertung durch Dritte.",
        }[seite.methode]
        assert escape(gettext(methode)) in main
        # Feedback: the district's contact and an e-mail with its subject.
        betreff = quote(gettext("Barriere auf dem Integrationskonzept"), safe="/")
        mailto = f"mailto:{landkreis.kontakt_email}?subject={betreff}"
        assert main.count(f'href="{mailto}"') == 2  # in the address and as the button
        assert escape(gettext("Barriere per E-Mail melden")) in main
    for zeile in landkreis.anschrift.splitlines():
        assert escape(zeile) in main
    if landkreis.kontakt_telefon:
        assert f'href="tel:{landkreis.kontakt_telefon.replace(" ", "")}"' in main
    # The arbitration body, named and linked.
    name = seite.uebersetzung("schlichtungsstelle", sprache) or seite.schlichtungsstelle
    assert re.search(
        rf'<a href="{re.escape(seite.schlichtungsstelle_url)}" class="kern-link">'
        rf"(<span lang=\"de\" dir=\"ltr\">)?{re.escape(escape(name))}",
        main,
    )
    # Each barrier with its reason and alternative, in the reader's language where translated
    # and otherwise in German, marked as such.
    for barriere in seite.barrieren.all():
        for feld in ("text", "grund", "alternative"):
            deutsch = getattr(barriere, f"{feld}_{settings.LANGUAGE_CODE}")
            uebersetzt = barriere.uebersetzung(feld, sprache)
            if uebersetzt:
                assert escape(uebersetzt) in main
            elif deutsch:
                assert f'<span lang="de" dir="ltr">{escape(deutsch)}</span>' in main
    if sprache == settings.LANGUAGE_CODE:
        assert re.search(r"(vollständig|teilweise|nicht) vereinbar", main)
    else:
        # A machine-translated barrier is marked after its text.
        assert "uebersetzung-marke" in main


def test_kontakt_in_fusszeile_und_erklaerung(client, inhalt):
    Landkreis.objects.update(
        kontakt_email="integration@example.org",
        kontakt_telefon="01234 567-0",
        anschrift="Kreishaus\nHauptstraße 1",
    )
    startseite = client.get(inhalt.get_absolute_url()).text
    fuss = startseite[startseite.index('<footer class="site-footer">') :]
    assert 'href="mailto:integration@example.org"' in fuss
    assert 'href="tel:01234567-0"' in fuss
    erklaerung_html = client.get("/barrierefreiheit/").text
    assert "Feedback und Kontaktangaben" in erklaerung_html
    assert re.search(r'href="mailto:integration@example.org\?subject=Barriere', erklaerung_html)


def test_ohne_kontaktdaten_sagt_die_erklaerung_es(client, inhalt):
    Landkreis.objects.update(kontakt_email="", kontakt_telefon="", anschrift="")
    erklaerung_html = client.get("/barrierefreiheit/").text
    assert "noch nicht eingetragen" in erklaerung_html
    assert "mailto:" not in erklaerung_html


def test_was_fehlt_benennt_die_erklaerung(client, inhalt):
    """A statement without its data (as files of 2024 load it) says which part is missing,
    rather than leaving the part out."""
    Seite.objects.filter(art="barrierefreiheit").update(
        vereinbarkeit="",
        erstellt_am=None,
        geprueft_am=None,
        methode="",
        schlichtungsstelle="",
        schlichtungsstelle_url="",
    )
    Barriere.objects.all().delete()
    main = client.get("/barrierefreiheit/").text
    for teil in TEILE:
        assert f'<h2 id="{teil}"' in main
    for hinweis in (
        "Der Stand der Vereinbarkeit ist noch nicht eingetragen.",
        "Die nicht barrierefreien Inhalte sind noch nicht eingetragen.",
        "Datum und Methode dieser Erklärung sind noch nicht eingetragen.",
        "Die Schlichtungsstelle ist noch nicht eingetragen.",
    ):
        assert hinweis in main


def test_vollstaendig_vereinbar_ohne_barrieren(client, inhalt):
    Seite.objects.filter(art="barrierefreiheit").update(vereinbarkeit="vollstaendig")
    Barriere.objects.all().delete()
    main = client.get("/barrierefreiheit/").text
    assert "Barrierefreiheit vollständig vereinbar." in main
    assert 'id="barrieren"' not in main


def test_nur_die_erklaerung_hat_ihre_teile(inhalt):
    impressum = Seite.objects.get(art="impressum")
    impressum.vereinbarkeit = "teilweise"
    with pytest.raises(ValidationError) as fehler:
        impressum.full_clean()
    assert "vereinbarkeit" in fehler.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        impressum.save()
    barriere = Barriere(seite=Seite.objects.get(art="impressum"), position=1, text="x", grund="y")
    with pytest.raises(ValidationError):
        barriere.full_clean()


def test_pruefung_nicht_vor_der_erstellung(inhalt):
    seite = erklaerung()
    seite.geprueft_am = seite.erstellt_am.replace(year=seite.erstellt_am.year - 1)
    with pytest.raises(ValidationError) as fehler:
        seite.full_clean()
    assert "geprueft_am" in fehler.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        seite.save()


def test_nur_vorgeschriebene_stande(inhalt):
    with pytest.raises(IntegrityError), transaction.atomic():
        Seite.objects.filter(art="barrierefreiheit").update(vereinbarkeit="weitgehend")


# Loading the statement from a district's files (docs/inhalte.md).

ERKLAERUNG = """
[landkreis]
name = "Landkreis Testhausen"
kontakt_email = "barrierefrei@testhausen.example"

[[seite]]
art = "barrierefreiheit"
titel = "Erklärung zur Barrierefreiheit"
einleitung = "Testhausen ist bemüht …"
vereinbarkeit = "teilweise"
erstellt_am = 2025-01-10
geprueft_am = 2025-06-30
methode = "dritte"
schlichtungsstelle = "Schlichtungsstelle Testland"
schlichtungsstelle_url = "https://schlichtung.testland.example/"

[[seite.barriere]]
text = "Alte PDF-Dateien sind nicht getaggt."
grund = "Sie stammen von vor 2020."
alternative = "Auf Anfrage in anderer Form."

[[seite.barriere]]
text = "Die Karte ist nicht mit der Tastatur bedienbar."
grund = "Unverhältnismäßige Belastung."

[[seite.abschnitt]]
ueberschrift = "Weiteres"
text = "Ein freier Abschnitt."
"""

ERKLAERUNG_EN = """
sprache = "en"

[seite.barrierefreiheit]
titel = "Accessibility statement"
schlichtungsstelle = "Testland conciliation body"

[[seite.barrierefreiheit.barriere]]
text = "Old PDF files are not tagged."
grund = "They date from before 2020."

[[seite.barrierefreiheit.barriere]]
text = "The map cannot be used with a keyboard."
"""


@pytest.fixture
def dateien(leer, tmp_path):
    return [
        schreibe(tmp_path, "landkreis.toml", ERKLAERUNG),
        schreibe(tmp_path / "uebersetzungen", "en.toml", ERKLAERUNG_EN),
    ]


def test_laden_und_zuruecklesen(dateien):
    """What the file says is what the database holds, field by field (a round trip), and the
    translation file's barriers land on the barriers in their order."""
    import tomllib

    inhalte_laden(dateien=dateien)
    datei = tomllib.loads(ERKLAERUNG)["seite"][0]
    seite = erklaerung()
    for feld in (*Seite.ERKLAERUNG_FELDER, "titel", "einleitung"):
        assert getattr(seite, feld) == datei[feld], feld
    gelesen = [
        {feld: wert for feld in ("text", "grund", "alternative") if (wert := getattr(b, feld))}
        for b in seite.barrieren.order_by("position")
    ]
    assert gelesen == datei["barriere"]
    assert [a.ueberschrift for a in seite.abschnitte.all()] == ["Weiteres"]
    erste, zweite = seite.barrieren.order_by("position")
    assert erste.uebersetzung("text", "en") == "Old PDF files are not tagged."
    assert erste.uebersetzungsstatus("en") == Uebersetzungsstatus.FEHLT  # no alternative yet
    assert erste.feldstatus("text", "en") == Uebersetzungsstatus.MASCHINELL
    assert zweite.uebersetzung("text", "en") == "The map cannot be used with a keyboard."
    assert seite.uebersetzung("schlichtungsstelle", "en") == "Testland conciliation body"
    # The page shows what was loaded, in German and in English.
    deutsch = Client().get("/barrierefreiheit/").text
    assert "Bewertung durch Dritte" in deutsch and "30.06.2025" in deutsch
    assert '<a href="https://schlichtung.testland.example/" class="kern-link">' in deutsch
    assert "mailto:barrierefrei@testhausen.example?subject=" in deutsch
    englisch = Client().get("/en/barrierefreiheit/").text
    assert "Old PDF files are not tagged." in englisch
    assert "Testland conciliation body" in englisch


def test_zweimal_laden_aendert_nichts_ersetzen_laedt_neu(dateien):
    inhalte_laden(dateien=dateien)
    Barriere.objects.filter(position=1).update(text_de="Im Browser geändert.")
    inhalte_laden(dateien=dateien)
    assert erklaerung().barrieren.get(position=1).text == "Im Browser geändert."
    inhalte_laden(dateien=dateien, ersetzen=True)
    assert erklaerung().barrieren.get(position=1).text == "Alte PDF-Dateien sind nicht getaggt."
    assert erklaerung().barrieren.count() == 2


@pytest.mark.parametrize(
    ("von", "durch", "meldung"),
    [
        ('vereinbarkeit = "teilweise"', 'vereinbarkeit = "weitgehend"', "vereinbarkeit"),
        ("geprueft_am = 2025-06-30", "geprueft_am = 2024-06-30", "geprueft_am"),
        ('methode = "dritte"', 'methode = "gefuehlt"', "methode"),
        ('schlichtungsstelle_url = "https://', 'schlichtungsstelle_url = "kein link ', "url"),
        ('grund = "Unverhältnismäßige Belastung."', "", "grund"),
        ('art = "barrierefreiheit"', 'art = "impressum"', "Nur die Erklärung"),
    ],
)
def test_fehlerhafte_erklaerung_wird_abgelehnt(leer, tmp_path, von, durch, meldung):
    assert von in ERKLAERUNG
    datei = schreibe(tmp_path, "landkreis.toml", ERKLAERUNG.replace(von, durch, 1))
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=[datei])
    assert meldung in str(fehler.value)
    assert not Seite.objects.exists()


def test_barrieren_nur_in_der_erklaerung(leer, tmp_path):
    impressum = """
    [[seite]]
    art = "impressum"
    titel = "Impressum"

    [[seite.barriere]]
    text = "Eine Barriere am falschen Ort."
    grund = "Versehen."
    """
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=[schreibe(tmp_path, "landkreis.toml", impressum)])
    assert "Barrieren nennt nur die Erklärung zur Barrierefreiheit" in str(fehler.value)
    assert not Seite.objects.exists()


def test_uebersetzung_einer_barriere_nur_mit_ihren_feldern(leer, tmp_path):
    datei = schreibe(tmp_path, "landkreis.toml", ERKLAERUNG)
    falsch = schreibe(
        tmp_path / "uebersetzungen",
        "en.toml",
        ERKLAERUNG_EN.replace('grund = "They date', 'ueberschrift = "They date'),
    )
    with pytest.raises(InhaltFehler) as fehler:
        inhalte_laden(dateien=[datei, falsch])
    assert "seite.barrierefreiheit.barriere[1]" in str(fehler.value)
    assert not Seite.objects.exists()


@pytest.mark.ausgeliefert
def test_ausgelieferte_erklaerung_hat_alle_pflichtteile(leer):
    from konzept.laden import eingestellte_dateien

    inhalte_laden(dateien=eingestellte_dateien())
    seite = erklaerung()
    assert seite.get_vereinbarkeit_display() in VORGESCHRIEBEN
    assert seite.erstellt_am and seite.geprueft_am and seite.methode
    for sprache in ("", "/ar"):
        text = Client().get(f"{sprache}/barrierefreiheit/").text
        for teil in TEILE:
            assert f'<h2 id="{teil}"' in text
        if not sprache:
            # One of the prescribed statuses, and the barriers known today, PDFs included.
            assert re.search(r"(vollständig|teilweise|nicht) vereinbar", text)
            assert "PDF" in text and "maschinell" in text
        # The arbitration body, linked.
        assert '<a href="https://www.behindertenbeauftragte-niedersachsen.de"' in text
    # Every barrier comes translated into every language.
    for barriere in seite.barrieren.all():
        for code, _name in settings.LANGUAGES[1:]:
            assert barriere.uebersetzung("text", code), (barriere.text, code)


def test_in_der_administration_bearbeitbar(admin_client, inhalt):
    """The statement's data and its barriers are edited where the fixed pages are: the admin's
    page form, with the barriers inline (only on this page)."""
    seite = erklaerung()
    formular = admin_client.get(f"/admin/konzept/seite/{seite.pk}/change/").text
    for feld in Seite.ERKLAERUNG_FELDER:
        assert f'name="{feld}' in formular, feld
    assert 'name="barrieren-TOTAL_FORMS"' in formular
    assert 'name="barrieren-0-grund_de"' in formular
    impressum = Seite.objects.get(art="impressum")
    formular = admin_client.get(f"/admin/konzept/seite/{impressum.pk}/change/").text
    assert 'name="barrieren-TOTAL_FORMS"' not in formular
