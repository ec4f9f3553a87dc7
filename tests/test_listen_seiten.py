"""Issue 20.2: lists that grow with the content come in pages with a stable, shareable address
that works without JavaScript: at ten times the content a list page holds as many entries and
asks the database as often as at today's content."""

import html
import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.views import KOMMENTARE_PRO_SEITE, MODERATION_PRO_SEITE
from konzept import betrieb, uebersetzung
from konzept.models import Edition, Uebersetzungsstatus
from konzept.views import UEBERSETZUNG_PRO_SEITE
from massnahmen.models import Massnahme
from massnahmen.views import MASSNAHMEN_PRO_SEITE
from tests import fabrik
from tests.conftest import benutzer_mit_rolle
from tests.fabrik import verzehnfachen


def karten(html: str) -> int:
    return len(re.findall(r'<article id="massnahme-\d+"', html))


def hauptteil(text: str) -> int:
    """The bytes of a page's own content (its <main>): the head and stylesheet are the same on
    every page."""
    return len(text[text.index("<main") : text.index("</main>")].encode())


def assert_begrenzt(einfach: str, zehnfach: str, eintraege: int, pro_seite: int):
    """A list page at 10× content weighs at most 1.5× today's page, counted as a full page
    where today's list is shorter than one (issue 20.2)."""
    voll = hauptteil(einfach) * max(1, pro_seite / max(eintraege, 1))
    assert hauptteil(zehnfach) <= 1.5 * voll, (hauptteil(zehnfach), voll)


def test_massnahmenliste_in_seiten_bei_zehnfachem_inhalt(client, inhalt):
    adresse = f"/{inhalt.jahr}/massnahmen/"
    # Once before counting: per-process constants (the district's words) are read then.
    client.get(adresse)
    with CaptureQueriesContext(connection) as vorher:
        einfach = client.get(adresse)
    verzehnfachen(inhalt)
    alle = Massnahme.objects.in_edition(inhalt).count()
    assert alle > MASSNAHMEN_PRO_SEITE
    with CaptureQueriesContext(connection) as nachher:
        zehnfach = client.get(adresse)
    assert karten(zehnfach.text) == MASSNAHMEN_PRO_SEITE
    assert len(nachher) == len(vorher)
    assert_begrenzt(einfach.text, zehnfach.text, karten(einfach.text), MASSNAHMEN_PRO_SEITE)
    # The last page holds the rest; every measure is on exactly one page.
    gesehen = set()
    seite = 1
    while True:
        antwort = client.get(adresse, {"seite": seite})
        gesehen |= set(re.findall(r'<article id="massnahme-(\d+)"', antwort.text))
        if 'rel="next"' not in antwort.text:
            break
        seite += 1
    assert len(gesehen) == alle
    assert karten(einfach.text) <= MASSNAHMEN_PRO_SEITE


def test_blaettern_behaelt_die_filter_und_geht_ohne_javascript(client, inhalt):
    verzehnfachen(inhalt)
    antwort = client.get(f"/{inhalt.jahr}/massnahmen/", {"status": "geplant", "seite": 1})
    geplant = Massnahme.objects.in_edition(inhalt).filter(status="geplant").count()
    if geplant <= MASSNAHMEN_PRO_SEITE:
        return
    weiter = re.search(r'rel="next" href="([^"]+)"', antwort.text).group(1)
    assert "status=geplant" in weiter and "seite=2" in weiter
    zweite = client.get(f"/{inhalt.jahr}/massnahmen/{weiter.replace('&amp;', '&')}")
    assert zweite.status_code == 200
    assert "Seite 2 von" in zweite.text


def test_ungueltige_seite_zeigt_die_letzte_oder_erste(client, inhalt):
    for wert in ("999", "null", "-1"):
        assert client.get(f"/{inhalt.jahr}/massnahmen/", {"seite": wert}).status_code == 200


# The comment lists and the translation workspace (issue 20.2): each page holds at most a page
# size of entries and asks the database as often at ten times the content as at today's.

KOMMENTAR_ID = re.compile(r'id="kommentar-(\d+)"')


@pytest.fixture
def wie_im_betrieb(settings, monkeypatch):
    """Counted as in operation (tests/test_abfragen.py): the content version read once per
    request, the district's words once per version. Returns how to ask for a page once it was
    served before: the version is read again, as at the next request after a while."""
    settings.INHALTSSTAND_SEKUNDEN = 3600

    def wieder(client, adresse, **parameter):
        client.get(adresse, parameter)
        monkeypatch.setattr(betrieb, "_gelesen", None)

    return wieder


@pytest.fixture
def mit_kommentaren(inhalt):
    """The sample edition with a comment on every item, by three members of the migrant
    council (no full names: their role names them, read per author), the first of them
    signed in; `mehr()` brings it to ten times the content, with ten times the comments."""
    autoren = [benutzer_mit_rolle(f"mitglied-{nummer}", "KMV") for nummer in range(3)]
    fabrik.kommentieren(inhalt, autoren)

    def mehr():
        verzehnfachen(inhalt)
        fabrik.kommentieren(inhalt, autoren)

    return SimpleNamespace(edition=inhalt, autoren=autoren, mehr=mehr)


def kommentarlisten(edition, autor):
    """Name → (address, its comments in the list's order, page size, signed in as)."""
    kommentare = Kommentar.objects.filter(edition=edition)
    alt_zuerst = ("erstellt_am", "pk")
    return {
        **{
            f"moderation-{status}": (
                f"/{edition.jahr}/kommentare/?status={status}",
                kommentare.filter(status=status).order_by(*alt_zuerst),
                MODERATION_PRO_SEITE,
                "staff",
            )
            for status in Kommentar.Status.values
        },
        "abwaegung": (
            f"/{edition.jahr}/abwaegung/",
            kommentare.oeffentlich().order_by(*alt_zuerst),
            KOMMENTARE_PRO_SEITE,
            "anonym",
        ),
        "meine": (
            "/kommentare/meine/",
            autor.kommentare.order_by("-erstellt_am", "-pk"),
            KOMMENTARE_PRO_SEITE,
            "autor",
        ),
    }


@pytest.fixture
def browser(client, koordination, mit_kommentaren):
    """A browser for each kind of reader of the lists."""
    clients = {"anonym": client, "staff": Client(), "autor": Client()}
    clients["staff"].force_login(koordination)
    clients["autor"].force_login(mit_kommentaren.autoren[0])
    return clients


def alle_seiten(client, adresse) -> list[str]:
    """Every comment the list shows, page by page, following its "next page" links."""
    gesehen = []
    antwort = client.get(adresse)
    while True:
        assert antwort.status_code == 200
        gesehen += KOMMENTAR_ID.findall(antwort.text)
        weiter = re.search(r'rel="next" href="([^"]+)"', antwort.text)
        if weiter is None:
            return gesehen
        antwort = client.get(urljoin(adresse, html.unescape(weiter.group(1))))


@pytest.mark.parametrize(
    "liste", [*(f"moderation-{s}" for s in Kommentar.Status.values), "abwaegung", "meine"]
)
def test_kommentarlisten_in_seiten_bei_zehnfachem_inhalt(
    liste, mit_kommentaren, browser, wie_im_betrieb, django_assert_num_queries
):
    """Moderation queue, Abwägungstabelle and "Meine Kommentare": at 10× content a page holds
    a page size of comments and costs as many queries as at 1×; following "next page" shows
    every comment once, in the list's order."""
    edition, autor = mit_kommentaren.edition, mit_kommentaren.autoren[0]
    adresse, _kommentare, pro_seite, wer = kommentarlisten(edition, autor)[liste]
    client = browser[wer]
    wie_im_betrieb(client, adresse)
    with CaptureQueriesContext(connection) as einfach:
        erste = client.get(adresse)
        assert erste.status_code == 200
    # Counted at once: the connection keeps only the last few thousand queries.
    anzahl = len(einfach)
    mit_kommentaren.mehr()
    adresse, kommentare, pro_seite, wer = kommentarlisten(edition, autor)[liste]
    erwartet = [str(pk) for pk in kommentare.values_list("pk", flat=True)]
    assert len(erwartet) > pro_seite
    wie_im_betrieb(client, adresse)
    with django_assert_num_queries(anzahl):
        zehnfach = client.get(adresse)
    assert KOMMENTAR_ID.findall(zehnfach.text) == erwartet[:pro_seite]
    assert_begrenzt(erste.text, zehnfach.text, len(KOMMENTAR_ID.findall(erste.text)), pro_seite)
    assert alle_seiten(client, adresse) == erwartet


@pytest.mark.parametrize("liste", ["moderation-neu", "abwaegung", "meine"])
def test_kommentarlisten_hinter_der_letzten_seite(liste, mit_kommentaren, browser):
    """A page beyond the last shows the last, as the other lists do; a page that is no number
    shows the first."""
    mit_kommentaren.mehr()
    adresse, kommentare, pro_seite, wer = kommentarlisten(
        mit_kommentaren.edition, mit_kommentaren.autoren[0]
    )[liste]
    client = browser[wer]
    erwartet = [str(pk) for pk in kommentare.values_list("pk", flat=True)]
    letzte = (len(erwartet) - 1) // pro_seite * pro_seite
    hinter = client.get(adresse, {"seite": 999})
    assert hinter.status_code == 200
    assert KOMMENTAR_ID.findall(hinter.text) == erwartet[letzte:]
    assert 'rel="next"' not in hinter.text
    assert client.get(adresse, {"seite": -1}).status_code == 200
    for wert in ("null", "2x"):
        antwort = client.get(adresse, {"seite": wert})
        assert antwort.status_code == 200
        assert KOMMENTAR_ID.findall(antwort.text) == erwartet[:pro_seite]


@pytest.mark.parametrize("liste", ["moderation-beantwortet", "abwaegung", "meine"])
def test_link_auf_einen_kommentar_findet_seine_seite(liste, mit_kommentaren, browser):
    """A link to one comment (`?kommentar=<pk>`, as the e-mails carry it) opens the list at the
    page that holds it, however the list has grown since; the page links then name the page
    and keep the list's filter, not the comment."""
    mit_kommentaren.mehr()
    adresse, kommentare, pro_seite, wer = kommentarlisten(
        mit_kommentaren.edition, mit_kommentaren.autoren[0]
    )[liste]
    client = browser[wer]
    pks = list(kommentare.values_list("pk", flat=True))
    gesucht = pks[pro_seite + 1]  # on the second page
    trenner = "&" if "?" in adresse else "?"
    antwort = client.get(f"{adresse}{trenner}kommentar={gesucht}")
    assert antwort.status_code == 200
    assert f'id="kommentar-{gesucht}"' in antwort.text
    assert KOMMENTAR_ID.findall(antwort.text) == [str(pk) for pk in pks[pro_seite : 2 * pro_seite]]
    links = re.findall(r'rel="(?:prev|next)" href="([^"]+)"', antwort.text)
    assert links and not any("kommentar=" in link for link in links)
    if "status=" in adresse:
        assert all("status=beantwortet" in link for link in links)
    # A comment the list does not hold (one that is gone, another's, hidden from the public):
    # the first page. (The queue opens in the state the comment is in: see below.)
    werte = [10**9, "x", "9" * 5000]
    if not liste.startswith("moderation"):
        werte.append(Kommentar.objects.exclude(pk__in=pks).values_list("pk", flat=True).first())
    for wert in werte:
        antwort = client.get(f"{adresse}{trenner}kommentar={wert}")
        assert antwort.status_code == 200
        assert KOMMENTAR_ID.findall(antwort.text) == [str(pk) for pk in pks[:pro_seite]]


def warteschlange(mit_kommentaren, status) -> list[int]:
    """The comments of the queue of one state, in its order."""
    listen = kommentarlisten(mit_kommentaren.edition, mit_kommentaren.autoren[0])
    return list(listen[f"moderation-{status}"][1].values_list("pk", flat=True))


def test_warteschlange_oeffnet_beim_kommentar_in_seinem_stand(mit_kommentaren, browser):
    """The daily summary links a new comment into the queue; answered meanwhile, the link
    still finds it, in the queue of answered comments."""
    mit_kommentaren.mehr()
    edition = mit_kommentaren.edition
    gesucht = warteschlange(mit_kommentaren, "beantwortet")[-1]
    antwort = browser["staff"].get(
        f"/{edition.jahr}/kommentare/", {"status": "neu", "kommentar": gesucht}
    )
    assert f'id="kommentar-{gesucht}"' in antwort.text
    assert re.search(r'href="[^"]*\?status=beantwortet"[^>]*aria-current="page"', antwort.text)
    assert "Seite" in antwort.text and 'rel="next"' not in antwort.text  # the last page


def test_antwort_mit_fehlern_auf_der_seite_des_kommentars(mit_kommentaren, browser):
    """An answer sent with errors comes back on the page of the queue that holds the comment,
    with what was typed; the page links lead to the queue, not to the form's address."""
    mit_kommentaren.mehr()
    edition = mit_kommentaren.edition
    kommentar = Kommentar.objects.get(
        pk=warteschlange(mit_kommentaren, "neu")[MODERATION_PRO_SEITE + 2]
    )
    antwort = browser["staff"].post(
        f"/kommentare/{kommentar.pk}/beantworten/",
        {
            f"k{kommentar.pk}-einstufung": "",
            f"k{kommentar.pk}-antwort": "Halb getippt",
            f"k{kommentar.pk}-version": kommentar.version,
        },
    )
    assert antwort.status_code == 422
    assert f'id="kommentar-{kommentar.pk}"' in antwort.text and "Halb getippt" in antwort.text
    liste = f"/{edition.jahr}/kommentare/"
    vorher = re.search(r'rel="prev" href="([^"]+)"', antwort.text).group(1)
    assert html.unescape(vorher) == f"{liste}?status=neu&seite=1"
    assert f'href="{liste}?status=beantwortet"' in antwort.text


def test_mail_link_auf_einen_kommentar_weit_hinten(mit_kommentaren, browser, koordination):
    """The e-mail about an answer links "Meine Kommentare" at the comment: with more comments
    than a page holds, the link still opens the page with the comment."""
    from beteiligung.benachrichtigungen import _links_zum_kommentar

    mit_kommentaren.mehr()
    autor = mit_kommentaren.autoren[0]
    aelteste = autor.kommentare.order_by("erstellt_am", "pk").first()
    link = _links_zum_kommentar(aelteste)["link"]
    teile = urlsplit(link)
    antwort = browser["autor"].get(f"{teile.path}?{teile.query}")
    assert f'id="{teile.fragment}"' in antwort.text
    assert 'rel="next"' not in antwort.text  # the oldest stands on the last page


def test_nach_dem_aendern_zurueck_zum_kommentar(mit_kommentaren, browser):
    """After changing a comment, "Meine Kommentare" opens at it, wherever it stands."""
    mit_kommentaren.mehr()
    autor = mit_kommentaren.autoren[0]
    aeltester = autor.kommentare.filter(status="neu").order_by("erstellt_am", "pk").first()
    # In consultation: the edition a draft, its phase open.
    Edition.objects.filter(pk=mit_kommentaren.edition.pk).update(status=Edition.Status.BETEILIGUNG)
    Beteiligungsphase.objects.filter(pk=aeltester.phase_id).update(
        beginn=timezone.now() - timedelta(days=1), ende=timezone.now() + timedelta(days=1)
    )
    antwort = browser["autor"].post(
        f"/kommentare/{aeltester.pk}/bearbeiten/",
        {"text": "Geändert", "einreichung": str(aeltester.einreichung)},
        follow=True,
    )
    adresse, _status = antwort.redirect_chain[-1]
    assert adresse == f"/kommentare/meine/?kommentar={aeltester.pk}#kommentar-{aeltester.pk}"
    assert f'id="kommentar-{aeltester.pk}"' in antwort.text and "Geändert" in antwort.text
    assert 'rel="prev"' in antwort.text  # not on the first page


# The translation workspace

ZEILE = re.compile(r'href="/uebersetzung/\d+/[a-z]+/(\w+)/(\d+)/[^"]*"')


def test_uebersetzungsliste_in_seiten_bei_zehnfachem_inhalt(
    staff_client, inhalt, wie_im_betrieb, django_assert_num_queries
):
    """The workspace of one language: at 10× content a page holds a page size of texts and
    costs as many queries as at 1×; the counts per state stay those of the whole edition;
    following "next page" shows every text once, in reading order."""
    adresse = f"/uebersetzung/{inhalt.jahr}/en/"
    wie_im_betrieb(staff_client, adresse)
    with CaptureQueriesContext(connection) as einfach:
        erste = staff_client.get(adresse)
    anzahl = len(einfach)  # at once: the connection keeps only the last few thousand queries
    verzehnfachen(inhalt)
    alle = [(e.art, str(e.objekt.pk)) for e in uebersetzung.elemente(inhalt)]
    assert len(alle) > UEBERSETZUNG_PRO_SEITE
    wie_im_betrieb(staff_client, adresse)
    with django_assert_num_queries(anzahl):
        zehnfach = staff_client.get(adresse)
    assert ZEILE.findall(zehnfach.text) == alle[:UEBERSETZUNG_PRO_SEITE]
    assert_begrenzt(
        erste.text, zehnfach.text, len(ZEILE.findall(erste.text)), UEBERSETZUNG_PRO_SEITE
    )
    assert f'max="{len(alle)}"' in zehnfach.text  # the progress bar counts the whole edition
    gesehen, antwort = [], zehnfach
    while True:
        gesehen += ZEILE.findall(antwort.text)
        weiter = re.search(r'rel="next" href="([^"]+)"', antwort.text)
        if weiter is None:
            break
        antwort = staff_client.get(adresse + html.unescape(weiter.group(1)).split("#")[0])
    assert gesehen == alle
    hinter = staff_client.get(adresse, {"seite": 999})
    assert (
        ZEILE.findall(hinter.text)
        == alle[(len(alle) - 1) // UEBERSETZUNG_PRO_SEITE * UEBERSETZUNG_PRO_SEITE :]
    )


def test_staende_wie_die_elemente(inhalt):
    """The workspace counts and filters from the texts read as values (`staende`): the same
    items in the same order with the same states as the loaded items say, for every kind of
    item and every state, at 10× content."""
    verzehnfachen(inhalt)
    liste = uebersetzung.elemente(inhalt)
    # Every state among the measures: reviewed, machine, outdated (German changed since),
    # missing (the translation emptied).
    massnahmen = [e.objekt for e in liste if e.art == "massnahme"][:8]
    for nummer, massnahme in enumerate(massnahmen):
        massnahme.uebersetzung_speichern(
            "en",
            {feld: f"Text {feld}" for feld in massnahme.uebersetzbare_felder()},
            Uebersetzungsstatus.GEPRUEFT if nummer % 2 else Uebersetzungsstatus.MASCHINELL,
        )
    Massnahme.objects.filter(pk=massnahmen[2].pk).update(titel_de="Neu", titel="Neu")
    Massnahme.objects.filter(pk=massnahmen[3].pk).update(titel_en="")
    liste = uebersetzung.elemente(inhalt)
    for sprache in ("en", "ar", "de"):
        erwartet = [(e.art, e.objekt.pk, e.objekt.uebersetzungsstatus(sprache)) for e in liste]
        gelesen = [(s.art, s.pk, s.status) for s in uebersetzung.staende(inhalt, sprache)]
        assert gelesen == erwartet
    staende_en = {s.status for s in uebersetzung.staende(inhalt, "en")}
    assert staende_en == set(Uebersetzungsstatus.values)
    seite = uebersetzung.staende(inhalt, "en")[40:90]
    assert [(e.art, e.objekt.pk) for e in uebersetzung.elemente_fuer(inhalt, seite)] == [
        (s.art, s.pk) for s in seite
    ]


def test_uebersetzungsliste_blaettert_im_filter_und_kehrt_dorthin_zurueck(staff_client, inhalt):
    """Paging keeps the filter by state; editing a text from page 2 comes back to page 2 of
    the same filter, the bulk action counts the whole filter, not the page."""
    verzehnfachen(inhalt)
    sprache = "en"
    adresse = f"/uebersetzung/{inhalt.jahr}/{sprache}/"
    fehlt = [
        e
        for e in uebersetzung.elemente(inhalt)
        if e.objekt.uebersetzungsstatus(sprache) == Uebersetzungsstatus.FEHLT
    ]
    if len(fehlt) <= UEBERSETZUNG_PRO_SEITE:
        pytest.skip("Zu wenige fehlende Übersetzungen für eine zweite Seite.")
    zweite = staff_client.get(adresse, {"status": "fehlt", "seite": 2})
    zeilen = ZEILE.findall(zweite.text)
    assert (
        zeilen
        == [(e.art, str(e.objekt.pk)) for e in fehlt][
            UEBERSETZUNG_PRO_SEITE : 2 * UEBERSETZUNG_PRO_SEITE
        ]
    )
    vorher = html.unescape(re.search(r'rel="prev" href="([^"]+)"', zweite.text).group(1))
    assert "status=fehlt" in vorher and "seite=1" in vorher
    art, pk = zeilen[0]
    bearbeiten = f"{adresse}{art}/{pk}/?status=fehlt&seite=2"
    assert f'href="{bearbeiten.replace("&", "&amp;")}"' in zweite.text
    formular = staff_client.get(bearbeiten)
    assert f'href="{adresse}?status=fehlt&amp;seite=2"' in formular.text
    element = next(e for e in fehlt if e.art == art and str(e.objekt.pk) == pk)
    daten = {feld: f"Text {feld}" for feld in element.felder()}
    gespeichert = staff_client.post(bearbeiten, {**daten, "status": "geprueft"})
    assert gespeichert.status_code == 302
    assert gespeichert["Location"] == f"{adresse}?status=fehlt&seite=2"
    # Only parameters go back, never an address.
    fremd = staff_client.get(f"{adresse}{art}/{pk}/?status=//evil.example&seite=x")
    assert f'href="{adresse}"' in fremd.text
