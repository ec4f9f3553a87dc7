"""Issue 19.4: valid HTML on every page, checked by the Nu HTML Checker (vnu.jar).

Every page type is rendered through Django's test client, in German and in Arabic (right to
left), for each role whose pages differ: anonymous readers, the migrant council (KMV),
committee members (Ausschuss) and staff (Koordinierungsstelle). The pages are those of the
permission matrix's REGISTER (tests/test_berechtigungsmatrix.py), which names a sample URL for
every URL pattern, so a new view is checked here as soon as it has its line there (and without
one, both tests fail). Each URL is read for the draft and for the adopted edition; besides:

- every form sent empty where the matrix expects its errors (422) or the page again (200);
- the edit and the new-item form of every kind of item, sent empty and with an outdated version
  (the conflict page), the item's history;
- htmx answers for staff: fragments are not whole documents, so each is wrapped into a minimal
  one (`einbetten`);
- what staff see after uploading a file: previews and refusals (measures, a whole edition,
  a translation);
- the pages of the special states: the second step of signing in, a locked sign-in, the error
  pages (400, 404, 405, 413, 500, 503), a PDF that cannot be made, a message after a redirect,
  a site without content.

The Django admin (Django's own templates) is left out, and so are the PDF's templates (issue
19.5 checks the PDF).

A page template that none of this renders fails the test. The pages stay in pytest's
temporary folder (`seite-NNNN.html`, named in the failure) for a look with vnu or a browser.

All pages go into one temporary folder and through ONE run of vnu.jar (one JVM start); the
test fails with every error, listed per page. vnu.jar comes from npm, pinned in
tests/vnu/package.json (`npm ci --prefix tests/vnu --ignore-scripts`), and runs on the system's
Java (Debian: `default-jre-headless`). Where either is missing the test skips with the reason;
in CI (env CI set) it fails instead.
"""

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import translate_url
from django.utils import timezone, translation

from beteiligung.models import Kommentar
from konzept import baum
from konzept.bearbeitung import ARTEN
from konzept.betrieb import server_error
from konzept.models import Edition
from konzept.oidc import _fehler as dienstkonto_fehler
from konzept.pdf import PdfFehler
from massnahmen.benachrichtigungen import token_hash
from massnahmen.models import Einladung, Massnahme
from massnahmen.services import ansprechperson_einladen
from massnahmen.tabellen import SPALTEN
from tests.konzept.test_vorlage import mit_jahr
from tests.test_berechtigungsmatrix import REGISTER, muster
from tests.test_berechtigungsmatrix import daten as matrix_daten  # noqa: F401 (a fixture)

VNU = Path(__file__).parent / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SPRACHEN = ["de", "ar"]
# Staff first: they may read every URL, so files (PDF, spreadsheets, JSON) are found once and
# not requested again for the other roles and the other language. Whether a role reads the
# adopted edition too: the migrant council and the committees see its pages as everybody does,
# with their own header, which their pages of the draft show already.
ROLLEN = {"Koordinierungsstelle": True, "KMV": False, "Ausschuss": False, "anonym": True}
# Tokens that differ from request to request; pages equal but for them are checked once.
WECHSELND = re.compile(r'(nonce="|value="|"X-CSRFToken": ")[\w+/=-]{20,}')


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


def vnu_befehl() -> list[str]:
    """`java -jar vnu.jar`, or skip (fail in CI) naming what is missing."""
    java = shutil.which("java")
    fehlt = []
    if java is None:
        fehlt.append("Java (Debian: `apt-get install default-jre-headless`)")
    if not VNU.exists():
        fehlt.append(
            f"{VNU.relative_to(settings.BASE_DIR)} (`npm ci --prefix tests/vnu --ignore-scripts`)"
        )
    if fehlt:
        grund = "Der Nu HTML Checker braucht " + " und ".join(fehlt) + "."
        if _in_ci():
            pytest.fail(f"{grund} In CI (CI={os.environ['CI']!r}) ist das ein Fehler.")
        pytest.skip(grund)
    return [java, "-jar", str(VNU)]


def einbetten(fragment: str, sprache: str) -> str:
    """An htmx fragment in a minimal document, as the page it is swapped into holds it."""
    richtung = "rtl" if translation.get_language_info(sprache)["bidi"] else "ltr"
    return (
        f'<!doctype html>\n<html lang="{sprache}" dir="{richtung}"><head><meta charset="utf-8">'
        f"<title>htmx-Fragment</title></head><body>\n{fragment}\n</body></html>\n"
    )


@dataclass
class Seiten:
    """The rendered pages, one file per distinct page, and the templates they came from."""

    ordner: Path
    # file name -> the requests that answered with it
    dateien: dict[str, list[str]] = field(default_factory=dict)
    vorlagen: set[str] = field(default_factory=set)
    # Pages asked for in one language that came in another: the sample would miss its point.
    falsche_sprache: list[str] = field(default_factory=list)
    _nach_inhalt: dict[str, str] = field(default_factory=dict)

    def aufnehmen(self, bezeichnung: str, html: str) -> None:
        schluessel = hashlib.sha256(WECHSELND.sub(r"\1", html).encode()).hexdigest()
        datei = self._nach_inhalt.get(schluessel)
        if datei is None:
            datei = f"seite-{len(self._nach_inhalt):04d}.html"
            (self.ordner / datei).write_text(html, encoding="utf-8")
            self._nach_inhalt[schluessel] = datei
            self.dateien[datei] = []
        self.dateien[datei].append(bezeichnung)

    def antwort(self, bezeichnung: str, response, *, sprache: str, htmx=False) -> bool:
        """Takes an HTML answer; False for anything else (a file, JSON, a redirect)."""
        self.vorlagen.update(t.name.split("#")[0] for t in response.templates if t.name)
        if (
            getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or not response.content
        ):
            return False
        html = response.content.decode(response.charset or "utf-8")
        bezeichnung = f"{bezeichnung} → {response.status_code}"
        if not htmx and not re.search(rf'<html lang="{sprache}"', html):
            self.falsche_sprache.append(bezeichnung)
        if htmx and not html.lstrip()[:15].lower().startswith("<!doctype"):
            self.aufnehmen(f"{bezeichnung} (htmx-Fragment)", einbetten(html, sprache))
        else:
            self.aufnehmen(bezeichnung, html)
        return True

    def direkt(self, bezeichnung: str, vorlage: str, html: str) -> None:
        """A page rendered by a handler outside the request cycle (handler500)."""
        self.vorlagen.add(vorlage)
        self.aufnehmen(bezeichnung, html)


def beispiel_url(eintrag, beispiel) -> str:
    """The register's sample URL in German (the source), whatever the last request activated."""
    with translation.override(settings.LANGUAGE_CODE):
        return eintrag.url(beispiel)


def in_sprache(url: str, sprache: str) -> str:
    """The German URL in that language; unchanged for a URL outside i18n_patterns."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, sprache)


def sprachen(url: str) -> list[str]:
    """The languages a URL has: every one under i18n_patterns, German only outside."""
    return [s for s in SPRACHEN if s == settings.LANGUAGE_CODE or in_sprache(url, s) != url]


def anfragen(seiten, client, rolle, methode, url, sprache, *, daten=None, htmx=False, **extra):
    """One request for the German `url` in `sprache`; its answer goes to `seiten`."""
    adresse = in_sprache(url, sprache)
    if htmx:
        extra["HTTP_HX_REQUEST"] = "true"
    # For the URLs outside i18n_patterns (and what answers before the language is chosen).
    extra.setdefault("HTTP_ACCEPT_LANGUAGE", sprache)
    response = getattr(client, methode)(adresse, daten or {}, **extra)
    ist_seite = seiten.antwort(
        f"{rolle} {methode.upper()} {adresse}", response, sprache=sprache, htmx=htmx
    )
    return response, ist_seite


def beispiele(daten) -> list[SimpleNamespace]:
    """The matrix's sample data (a draft) and the same for the adopted edition."""
    massnahme = Massnahme.objects.in_edition(daten.inhalt).get(key=daten.massnahme.key)
    beschlossen = SimpleNamespace(
        **{**vars(daten), "entwurf": daten.inhalt, "massnahme": massnahme}
    )
    return [daten, beschlossen]


def register_seiten(seiten, client, rolle, daten, dateien: set[str]) -> list[str]:
    """Every URL of the register, read (and its form sent empty) as this role; returns the
    sample URLs that do not answer as the matrix expects (then a page would go unchecked)."""
    fehler = []
    varianten = beispiele(daten) if ROLLEN[rolle] else [daten]
    for name, eintrag in REGISTER.items():
        urls = dict.fromkeys(beispiel_url(eintrag, beispiel) for beispiel in varianten)
        for url in urls:
            if url in dateien:
                continue
            for sprache in sprachen(url):
                response, ist_seite = anfragen(seiten, client, rolle, "get", url, sprache)
                soll = eintrag.erwartet(rolle, "get")
                if (
                    url == beispiel_url(eintrag, daten)
                    and soll == 200
                    and response.status_code != 200
                ):
                    fehler.append(f"{name}: {rolle} GET {url} → {response.status_code} statt 200")
                if response.status_code == 200 and not ist_seite:
                    dateien.add(url)
                    break
        # Changes (deletes, withdrawals) stay out: an empty form shows its errors.
        if not eintrag.zuletzt and eintrag.erwartet(rolle, "post") in (200, 400, 422):
            url = beispiel_url(eintrag, daten)
            for sprache in sprachen(url):
                anfragen(seiten, client, rolle, "post", url, sprache)
    return fehler


def beispiel_von(art, edition):
    if art.name == "edition":
        return edition
    pfad = art.ebene.edition_pfad if art.ebene else "edition"
    return art.model.objects.filter(**{pfad: edition}).order_by("pk").first()


def formularfelder(html: str) -> dict:
    """What the browser sends for the form that carries a version, as it stands."""
    form = BeautifulSoup(html, "html.parser").find("input", {"name": "version"}).find_parent("form")
    werte: dict[str, list[str]] = {}
    for feld in form.find_all(["input", "select", "textarea"]):
        name = feld.get("name")
        if not name or feld.get("type") in ("submit", "button", "file"):
            continue
        if feld.name == "select":
            gewaehlt = [
                o.get("value", o.text) for o in feld.find_all("option") if o.has_attr("selected")
            ]
            werte.setdefault(name, []).extend(gewaehlt)
        elif feld.name == "textarea":
            werte.setdefault(name, []).append(feld.text.removeprefix("\n"))
        elif feld.get("type") in ("checkbox", "radio"):
            if feld.has_attr("checked"):
                werte.setdefault(name, []).append(feld.get("value", "on"))
        else:
            werte.setdefault(name, []).append(feld.get("value", ""))
    return werte


def bearbeiten_seiten(seiten, client, edition) -> None:
    """The edit and new-item forms of every kind of item, for staff: as read, sent empty, sent
    with an outdated version (conflict), its history, and the htmx answers."""
    rolle = "Koordinierungsstelle"
    for art in ARTEN.values():
        instanz = beispiel_von(art, edition)
        if instanz is None:
            continue  # a district may have none (Beispielkreis: no legal bases)
        url = f"/bearbeiten/{art.name}/{instanz.pk}/"
        neu = None
        if art.eltern:
            feld = baum.ebene_von(instanz).eltern_feld_von(instanz) if art.ebene else "edition"
            neu = f"/bearbeiten/{art.name}/neu/{feld}/{getattr(instanz, f'{feld}_id')}/"
        for sprache in SPRACHEN:
            response, _ = anfragen(seiten, client, rolle, "get", url, sprache)
            # Someone else saved meanwhile: the form's version is no longer the item's.
            veraltet = {**formularfelder(response.text), "version": [str(instanz.version + 1)]}
            anfragen(seiten, client, rolle, "post", url, sprache)
            anfragen(seiten, client, rolle, "post", url, sprache, daten=veraltet)
            anfragen(seiten, client, rolle, "get", f"{url}historie/", sprache)
            if neu:
                anfragen(seiten, client, rolle, "get", neu, sprache)
                anfragen(seiten, client, rolle, "post", neu, sprache)
        # The htmx answers in German: fragments of the pages above.
        anfragen(seiten, client, rolle, "get", url, "de", htmx=True)
        anfragen(seiten, client, rolle, "post", url, "de", daten=veraltet, htmx=True)
        if art.anzeige:
            anfragen(seiten, client, rolle, "get", f"{url}?abbrechen=1", "de", htmx=True)
        if neu:
            anfragen(seiten, client, rolle, "post", neu, "de", htmx=True)


def htmx_seiten(seiten, client, daten, dateien) -> None:
    """Every register URL as htmx asks for it, for staff (who see every editing control); in
    German: the fragments are parts of the pages checked in both languages."""
    for eintrag in REGISTER.values():
        url = beispiel_url(eintrag, daten)
        if url not in dateien:
            anfragen(seiten, client, "Koordinierungsstelle", "get", url, "de", htmx=True)


def tabelle_geaendert(inhalt: bytes, **neu) -> bytes:
    """The exported measures with the first measure's cells changed (by column name)."""
    mappe = openpyxl.load_workbook(io.BytesIO(inhalt))
    blatt = mappe.worksheets[0]
    namen = [spalte.name for spalte in SPALTEN]
    koepfe = [str(spalte.bezeichnung) for spalte in SPALTEN]
    zeilen = blatt.iter_rows()
    for zeile in zeilen:
        if [zelle.value for zelle in zeile[: len(koepfe)]] == koepfe:
            break
    erste = next(zeilen)
    for name, wert in neu.items():
        erste[namen.index(name)].value = wert
    ausgabe = io.BytesIO()
    mappe.save(ausgabe)
    return ausgabe.getvalue()


def hochladen_seiten(seiten, client, daten) -> None:
    """What staff see after uploading a file: the previews and the refusals, each file the
    app's own export (changed where a change is to be shown)."""
    rolle = "Koordinierungsstelle"
    jahr = daten.entwurf.jahr
    massnahmen = client.get(f"/{jahr}/massnahmen/export.xlsx").content
    vorlage = client.get(f"/{jahr}/vorlage.xlsx").content
    xliff = client.get(f"/uebersetzung/{jahr}/en/export.xlf").content
    dateien = {
        f"/{jahr}/massnahmen/import/": [
            massnahmen,
            tabelle_geaendert(massnahmen, titel="Ein neuer Titel"),
            tabelle_geaendert(massnahmen, status="gibt es nicht"),
        ],
        "/ausgaben/import/": [mit_jahr(vorlage, jahr + 10), vorlage, massnahmen],
        f"/uebersetzung/{jahr}/en/import/": [xliff, b"<xliff>kaputt"],
    }
    for url, inhalte in dateien.items():
        for inhalt in inhalte:
            for sprache in SPRACHEN:
                datei = SimpleUploadedFile("hochgeladen", inhalt)
                anfragen(seiten, client, rolle, "post", url, sprache, daten={"datei": datei})


def sonderseiten(seiten, daten, monkeypatch) -> None:
    """The pages of special states, each reached as a reader reaches it."""
    for sprache in SPRACHEN:
        anonym = Client()
        praefix = "" if sprache == settings.LANGUAGE_CODE else f"/{sprache}"
        anfragen(seiten, anonym, "anonym", "get", f"{praefix}/gibt-es-nicht/", sprache)
        anfragen(seiten, anonym, "anonym", "post", "/anmelden/", sprache, CONTENT_LENGTH="-1")
        zu_gross = str(settings.ANFRAGE_MAX_BYTES + 1)
        anfragen(seiten, anonym, "anonym", "post", "/anmelden/", sprache, CONTENT_LENGTH=zu_gross)
        # Signing in: the second step (password given, code not yet), then a locked sign-in.
        koordination = daten.benutzer["Koordinierungsstelle"]
        anfragen(
            seiten,
            anonym,
            "anonym",
            "post",
            "/anmelden/",
            sprache,
            daten={"username": koordination.username, "password": "geheim-und-lang-2024"},
        )
        anfragen(seiten, anonym, "halb angemeldet", "get", "/anmelden/zweiter-faktor/", sprache)
        anfragen(seiten, anonym, "halb angemeldet", "post", "/anmelden/zweiter-faktor/", sprache)
        falsch = {"username": f"niemand-{sprache}", "password": "falsch-falsch-falsch"}
        # Each language from an address of its own: one address is limited across names.
        adresse = f"192.0.2.{SPRACHEN.index(sprache) + 1}"
        for _versuch in range(settings.AXES_FAILURE_LIMIT + 1):
            response, _ = anfragen(
                seiten,
                Client(),
                "anonym",
                "post",
                "/anmelden/",
                sprache,
                daten=falsch,
                REMOTE_ADDR=adresse,
            )
        assert response.status_code == 429, "Die Anmeldung sperrt nicht"
        # A form sent after the session ended: the typed text to copy (issue 14.18).
        from django.contrib.sessions.models import Session

        abgelaufen = Client()
        abgelaufen.force_login(koordination)
        Session.objects.filter(session_key=abgelaufen.session.session_key).delete()
        response, _ = anfragen(
            seiten,
            abgelaufen,
            "abgelaufen",
            "post",
            f"/bearbeiten/massnahme/{daten.massnahme.pk}/",
            sprache,
            daten={"titel": "Ein getippter Titel", "beschreibung": "Ein getippter Text"},
        )
        assert response.status_code == 401, "Die abgelaufene Sitzung zeigt den Text nicht"
        # Errors of the server: handler500 renders them without the request cycle.
        anfrage = RequestFactory().get(in_sprache(f"/{daten.inhalt.jahr}/", sprache))
        seiten.direkt(f"handler500 {anfrage.path}", "500.html", server_error(anfrage).text)
        try:
            raise OperationalError("Datenbank nicht erreichbar")
        except OperationalError:
            antwort = server_error(anfrage)
        seiten.direkt(f"handler500 bei Datenbankausfall {anfrage.path}", "503.html", antwort.text)

    def pdf_fehler(**kwargs):
        raise PdfFehler("Die PDF-Datei kann gerade nicht erzeugt werden.")

    monkeypatch.setattr("konzept.views.pdf_oeffnen", pdf_fehler)
    staff, kmv = Client(), Client()
    staff.force_login(daten.benutzer["Koordinierungsstelle"])
    kmv.force_login(daten.benutzer["KMV"])
    for sprache in SPRACHEN:
        pdf = f"/{daten.entwurf.jahr}/pdf/"
        anfragen(seiten, staff, "Koordinierungsstelle", "get", pdf, sprache)
        # A message after a redirect: deleting the account without the confirmation.
        loeschen = "/meine-daten/konto-loeschen/"
        anfragen(seiten, kmv, "KMV", "post", loeschen, sprache, follow=True)
    # A contact person's invitation link (issue 15): the page to choose a password, sent once
    # empty for its errors.
    einladung = ansprechperson_einladen(
        email="kontakt@html.example",
        vorname="Kim",
        nachname="Beispiel",
        organisationen=[],
        sprache="de",
        user=None,
    )
    token = secrets.token_urlsafe(32)
    Einladung.objects.filter(pk=einladung.pk).update(
        token_hash=token_hash(token), gueltig_bis=timezone.now() + timedelta(days=1)
    )
    for sprache in SPRACHEN:
        anfragen(seiten, Client(), "anonym", "get", f"/einladung/{token}/", sprache)
        anfragen(seiten, Client(), "anonym", "post", f"/einladung/{token}/", sprache)
        # A refused sign-in with the authority's account (issue 19.1), as its callback renders it.
        with translation.override(sprache):
            anfrage = RequestFactory().get(in_sprache("/anmelden/dienstkonto/", sprache))
            anfrage.LANGUAGE_CODE = sprache
            seite = dienstkonto_fehler(anfrage, "keine_rolle")
        seiten.direkt(
            f"Dienstkonto ohne Rolle {sprache}", "konzept/dienstkonto_fehler.html", seite.text
        )


def annahme_seiten(seiten, daten) -> None:
    """The question before an adopting decision (issue 17.4): blocked by the comment awaiting
    moderation, then with its consequences, asked again after a change, and the form again
    as it was filled. Nothing is adopted."""
    from beteiligung.models import Gremium

    staff = Client()
    staff.force_login(daten.benutzer["Koordinierungsstelle"])
    url = f"/{daten.entwurf.jahr}/beschluesse/neu/"
    eingaben = {
        "gremium": Gremium.objects.get(beschliesst=True).pk,
        "datum": timezone.localdate().isoformat(),
        "ergebnis": "beschlossen",
        "vorlage": "V/1",
    }
    for sprache in SPRACHEN:
        anfragen(seiten, staff, "Koordinierungsstelle", "post", url, sprache, daten=eingaben)
    daten.entwurf.kommentare.filter(status=Kommentar.Status.NEU).update(
        status=Kommentar.Status.VERBORGEN
    )
    for sprache in SPRACHEN:
        for mehr in ({}, {"bestaetigt": "1", "stand": "veraltet"}, {"bearbeiten": "1"}):
            response, _ = anfragen(
                seiten, staff, "Koordinierungsstelle", "post", url, sprache, daten=eingaben | mehr
            )
            assert response.status_code == (409 if "bestaetigt" in mehr else 200)


def leere_seiten(seiten) -> None:
    """A site before any content is loaded (last: it deletes every edition)."""
    Kommentar.objects.all().delete()  # they protect their edition
    for edition in Edition.objects.order_by("-jahr"):
        edition.delete()
    for sprache in SPRACHEN:
        anfragen(seiten, Client(), "anonym", "get", "/", sprache)


def vnu_pruefen(befehl: list[str], seiten: Seiten) -> list[dict]:
    """ONE run of vnu.jar over every page: its messages (errors only)."""
    ergebnis = subprocess.run(
        [*befehl, "--format", "json", "--errors-only", str(seiten.ordner)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(ergebnis.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(
            f"vnu.jar antwortet nicht mit JSON (Exit {ergebnis.returncode}):\n"
            + ergebnis.stderr[:3000]
        )


def fehlerbericht(meldungen: list[dict], seiten: Seiten) -> str:
    """Every error, per page: which requests answered with it, line and message."""
    je_datei: dict[str, list[str]] = {}
    for meldung in meldungen:
        datei = Path(meldung.get("url", "")).name
        zeile = meldung.get("lastLine", "?")
        auszug = " ".join(meldung.get("extract", "").split())[:160]
        je_datei.setdefault(datei, []).append(
            f"    Zeile {zeile}: {meldung.get('message', '')}  [{auszug}]"
        )
    teile = []
    for datei, fehler in sorted(je_datei.items()):
        quellen = seiten.dateien.get(datei, [datei])
        weitere = f" (und {len(quellen) - 1} gleiche Seiten)" if len(quellen) > 1 else ""
        teile.append(f"{quellen[0]}{weitere} [{datei}]:\n" + "\n".join(fehler))
    return "\n".join(teile)


def seitenvorlagen() -> set[str]:
    """The templates of whole pages: those that extend the site's frames or are documents of
    their own. The PDF's templates are checked as a PDF (issue 19.5), not as a web page."""
    rahmen = {"base.html", "schlichte_seite.html"}
    ordner = [Path(o) for o in settings.TEMPLATES[0]["DIRS"]]
    ordner += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).parent == settings.BASE_DIR  # the project's apps, not the libraries'
    ]
    vorlagen = set()
    for wurzel in ordner:
        if not wurzel.is_dir():
            continue
        for datei in wurzel.rglob("*.html"):
            name = datei.relative_to(wurzel).as_posix()
            text = datei.read_text(encoding="utf-8")
            seite = re.search(r'{%\s*extends\s+"(base|schlichte_seite)\.html"', text) or (
                "<!doctype html>" in text.lower()
            )
            # E-mails are not pages: tests/mails.py checks their HTML parts.
            if (
                seite
                and name not in rahmen
                and "/pdf/" not in f"/{name}"
                and "/mail/" not in f"/{name}"
            ):
                vorlagen.add(name)
    return vorlagen


def test_jedes_muster_hat_eine_beispielseite():
    """Issue 19.4: every URL pattern has a sample URL in the matrix's REGISTER, so its page is
    among the checked ones."""
    alle = {name for name, _muster, _route in muster() if not name.startswith("admin:")}
    assert alle - set(REGISTER) == set(), "URL-Muster ohne Beispiel in REGISTER"


def test_jede_seite_ist_gueltiges_html(matrix_daten, tmp_path, monkeypatch):  # noqa: F811
    """Issue 19.4: the Nu HTML Checker finds no error on any page, in German and Arabic, for
    every role, forms with their errors and htmx fragments included; every page template is
    among the checked pages (a new one needs a sample)."""
    befehl = vnu_befehl()
    daten = matrix_daten  # users of every role, a draft with a comment in an open phase
    seiten = Seiten(tmp_path)
    dateien: set[str] = set()
    ohne_seite = []
    for rolle in ROLLEN:
        client = Client()
        if daten.benutzer[rolle] is not None:
            client.force_login(daten.benutzer[rolle])
        ohne_seite += register_seiten(seiten, client, rolle, daten, dateien)
        if rolle == "Koordinierungsstelle":
            htmx_seiten(seiten, client, daten, dateien)
            bearbeiten_seiten(seiten, client, daten.entwurf)
            hochladen_seiten(seiten, client, daten)
    sonderseiten(seiten, daten, monkeypatch)
    annahme_seiten(seiten, daten)
    leere_seiten(seiten)
    assert ohne_seite == [], "Beispiel-URLs ohne ihre Seite:\n" + "\n".join(ohne_seite)
    assert seitenvorlagen() - seiten.vorlagen == set(), "Seitenvorlagen ohne Beispiel"
    assert seiten.falsche_sprache == [], "In falscher Sprache:\n" + "\n".join(
        seiten.falsche_sprache
    )

    meldungen = vnu_pruefen(befehl, seiten)
    fehler = [meldung for meldung in meldungen if meldung.get("type") != "info"]
    assert fehler == [], (
        f"{len(fehler)} Fehler auf {len({m.get('url') for m in fehler})} von "
        f"{len(seiten.dateien)} Seiten:\n" + fehlerbericht(fehler, seiten)
    )
