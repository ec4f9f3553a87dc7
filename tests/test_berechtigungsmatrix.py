"""Issue 8: every URL pattern of the project × every role × GET and POST, with the security
headers and cookie attributes of every answer.

`REGISTER` names every URL pattern (by view name, `namespace:name`): how to build its URL from
the test data, and what each role gets for GET and for an empty POST. The suite enumerates the
project's URL patterns; a pattern without an entry fails `test_jedes_muster_steht_im_register`,
so a new view cannot arrive without someone stating (and this test checking) who may use it.

A new view: add one line to `REGISTER`, e.g.
    "konzept:edition_pdf": Eintrag(lambda d: f"/{d.entwurf.jahr}/pdf/", entwuerfe()),
using the helpers below (`oeffentlich`, `entwuerfe`, `angemeldet`, `koordination`) or a
function `(rolle, methode) -> erwartet` of its own. The Django admin is checked generically.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from konzept import baum
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle, kommentar_in_offener_phase

ROLLEN = ["anonym", "KMV", "Ausschuss", "Umsetzung", "Koordinierungsstelle", "admin"]
METHODEN = ["get", "head", "post"]

# Expected answers besides a status code.
ANMELDEN = "zur Anmeldung"  # 302 to /anmelden/?next=…
ADMIN_ANMELDEN = "zur Admin-Anmeldung"  # 302 to /admin/login/?next=…


@dataclass(frozen=True)
class Eintrag:
    url: Callable[[SimpleNamespace], str]
    erwartet: Callable[[str, str], object]
    # Changes what later URLs need (deletes, withdraws): checked after all others.
    zuletzt: bool = False


def _je_methode(get, post):
    return lambda methode: post if methode == "post" else get


def oeffentlich(get=200, post=405):
    """Everybody, signed in or not."""
    status = _je_methode(get, post)
    return lambda rolle, methode: status(methode)


def entwuerfe(get=200, post=405):
    """A page of a draft: the roles read it, anonymous readers are refused (403)."""
    status = _je_methode(get, post)

    def erwartet(rolle, methode):
        # Contact persons (Umsetzung) read the plan in force, not drafts.
        if status(methode) == 405 or rolle not in ("anonym", "Umsetzung"):
            return status(methode)
        return 403

    return erwartet


def angemeldet(get=200, post=422, **je_rolle):
    """Every signed-in role; anonymous readers are sent to sign in. `je_rolle` overrides
    the status for single roles, e.g. `KMV=(200, 422)`."""
    status = _je_methode(get, post)

    def erwartet(rolle, methode):
        if status(methode) == 405:
            return 405
        if rolle == "anonym":
            return ANMELDEN
        if rolle in je_rolle:
            return _je_methode(*je_rolle[rolle])(methode)
        return status(methode)

    return erwartet


def koordination(get=200, post=422):
    """Staff only (nur_koordinierungsstelle): sign in, or 403 for the other roles."""
    status = _je_methode(get, post)

    def erwartet(rolle, methode):
        if status(methode) == 405:
            return 405
        if rolle == "anonym":
            return ANMELDEN
        if rolle in ("KMV", "Ausschuss", "Umsetzung"):
            return 403
        return status(methode)

    return erwartet


def ansprechpersonen(get=200, post=422):
    """Staff, and contact persons (Umsetzung) for their own measures of the plan in force."""
    status = _je_methode(get, post)

    def erwartet(rolle, methode):
        if status(methode) == 405:
            return 405
        if rolle == "anonym":
            return ANMELDEN
        if rolle in ("KMV", "Ausschuss"):
            return 403
        return status(methode)

    return erwartet


# Signing in to and out of the admin is open to everybody.
ADMIN_OFFEN = {"admin:login", "admin:logout"}


def admin_bereich(rolle, methode):
    """The Django admin: only administrators (is_staff); everyone else to its sign-in. For
    administrators the admin's own rules apply (read-only models 403, a missing object 404,
    a wrong method 405): what counts here is that they get in and nothing fails."""
    return {200, 302, 403, 404, 405} if rolle == "admin" else ADMIN_ANMELDEN


def _massnahme_url(d, pfad=""):
    return f"/bearbeiten/massnahme/{d.massnahme.pk}/{pfad}"


def _neu_unter_url(massnahme):
    """A new measure beside `massnahme`, under its parent (a sub-goal, goal or field)."""
    ebene = baum.ebene_von(massnahme)
    feld = ebene.eltern_feld_von(massnahme)
    return f"/bearbeiten/massnahme/neu/{feld}/{getattr(massnahme, f'{feld}_id')}/"


REGISTER: dict[str, Eintrag] = {
    "healthz": Eintrag(lambda d: "/healthz", oeffentlich()),
    "sprache_waehlen": Eintrag(lambda d: "/sprache/?next=/2024/", oeffentlich(405, 302)),
    "login": Eintrag(
        lambda d: "/anmelden/",
        lambda rolle, methode: 200 if rolle == "anonym" else 302,
    ),
    "zweiter_faktor": Eintrag(lambda d: "/anmelden/zweiter-faktor/", angemeldet(302, 302)),
    # Issue 14.18: the state of the session for static/js/sitzung.js, and extending it.
    "sitzung_status": Eintrag(lambda d: "/sitzung/", oeffentlich(200, 405)),
    "sitzung_verlaengern": Eintrag(
        lambda d: "/sitzung/verlaengern/",
        lambda rolle, methode: 405 if methode == "get" else (401 if rolle == "anonym" else 204),
    ),
    "zweiter_faktor_einrichten": Eintrag(
        lambda d: "/anmelden/zweiter-faktor/einrichten/",
        angemeldet(302, 302, KMV=(200, 422), Ausschuss=(200, 422), Umsetzung=(200, 422)),
    ),
    "wiederherstellungscodes_neu": Eintrag(
        lambda d: "/anmelden/wiederherstellungscodes/",
        angemeldet(405, 200, KMV=(405, 302), Ausschuss=(405, 302), Umsetzung=(405, 302)),
    ),
    "logout": Eintrag(lambda d: "/abmelden/", oeffentlich(405, 302), zuletzt=True),
    # Single sign-on is not configured in the suite's settings: its pages do not exist
    # (tests/konzept/test_dienstkonto.py runs them against a real provider).
    "dienstkonto_anmelden": Eintrag(lambda d: "/anmelden/dienstkonto/", oeffentlich(404, 405)),
    "dienstkonto_rueckkehr": Eintrag(
        lambda d: "/anmelden/dienstkonto/rueckkehr/?state=x&code=y", oeffentlich(404, 405)
    ),
    # konzept
    "konzept:startseite": Eintrag(lambda d: "/", oeffentlich(302)),
    # Staff's workspace (issue 17.2).
    "konzept:arbeitsplatz": Eintrag(lambda d: "/arbeitsplatz/", koordination(200, 405)),
    "konzept:edition_detail": Eintrag(lambda d: f"/{d.entwurf.jahr}/", entwuerfe()),
    "konzept:edition_list": Eintrag(lambda d: "/ausgaben/", oeffentlich()),
    "konzept:vorlage_leer": Eintrag(lambda d: "/ausgaben/vorlage.xlsx", koordination(200, 405)),
    "konzept:vorlage_edition": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/vorlage.xlsx", koordination(200, 405)
    ),
    "konzept:edition_import": Eintrag(lambda d: "/ausgaben/import/", koordination(200, 422)),
    # Without a signed preview nothing is created: the page again with the reason.
    "konzept:edition_import_uebernehmen": Eintrag(
        lambda d: "/ausgaben/import/uebernehmen/", koordination(405, 400)
    ),
    "konzept:edition_vergleich": Eintrag(lambda d: f"/{d.entwurf.jahr}/vergleich/", entwuerfe()),
    "konzept:edition_fortschreiben": Eintrag(
        lambda d: f"/{d.inhalt.jahr}/fortschreiben/", koordination(405, 302)
    ),
    "konzept:geloescht_liste": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/geloescht/", koordination(200, 405)
    ),
    "konzept:edition_status": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/status/", koordination(200, 302)
    ),
    "konzept:edition_pdf": Eintrag(lambda d: f"/{d.entwurf.jahr}/pdf/", entwuerfe()),
    # Open data exist for adopted editions only: a draft is not found, for everybody.
    "konzept:offene_daten": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/offene-daten.json", oeffentlich(404)
    ),
    "konzept:offene_daten_dcat": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/offene-daten.ttl", oeffentlich(404)
    ),
    # The catalogue lists adopted editions only, and is for everybody.
    "konzept:offene_daten_katalog": Eintrag(lambda d: "/offene-daten/katalog.ttl", oeffentlich()),
    "konzept:offene_daten_schema": Eintrag(
        lambda d: reverse("konzept:offene_daten_schema"), oeffentlich()
    ),
    "konzept:suche": Eintrag(lambda d: "/suche/?q=Sprache", oeffentlich()),
    "konzept:suche_edition": Eintrag(lambda d: f"/{d.entwurf.jahr}/suche/?q=Sprache", entwuerfe()),
    "konzept:impressum": Eintrag(lambda d: "/impressum/", oeffentlich()),
    "konzept:datenschutz": Eintrag(lambda d: "/datenschutz/", oeffentlich()),
    "konzept:barrierefreiheit": Eintrag(lambda d: "/barrierefreiheit/", oeffentlich()),
    "konzept:uebersetzung_uebersicht": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/", koordination(200, 405)
    ),
    "konzept:uebersetzung_liste": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/", koordination(200, 405)
    ),
    "konzept:uebersetzung_export": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/export.xlf", koordination(200, 405)
    ),
    "konzept:uebersetzung_import": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/import/", koordination(405, 422)
    ),
    "konzept:uebersetzung_pruefen": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/pruefen/", koordination(405, 422)
    ),
    "konzept:uebersetzung_pruefen_bestaetigen": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/pruefen/bestaetigen/",
        koordination(405, 422),
    ),
    # The service is off in the tests: staff are sent back to the list with a message.
    "konzept:uebersetzung_vorschlagen": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/vorschlagen/", koordination(405, 302)
    ),
    "konzept:uebersetzung_bearbeiten": Eintrag(
        lambda d: f"/uebersetzung/{d.entwurf.jahr}/en/massnahme/{d.massnahme.pk}/",
        koordination(200, 422),
    ),
    "konzept:element_bearbeiten": Eintrag(lambda d: _massnahme_url(d), koordination(200, 422)),
    "konzept:element_anlegen": Eintrag(
        lambda d: _neu_unter_url(d.massnahme),
        koordination(200, 422),
    ),
    "konzept:element_loeschen": Eintrag(
        lambda d: _massnahme_url(d, "loeschen/"), koordination(200, 302), zuletzt=True
    ),
    "konzept:element_verschieben": Eintrag(
        lambda d: _massnahme_url(d, "verschieben/hoch/"), koordination(405, 302)
    ),
    "konzept:element_historie": Eintrag(
        lambda d: _massnahme_url(d, "historie/"), koordination(200, 405)
    ),
    "konzept:element_wiederherstellen": Eintrag(
        lambda d: _massnahme_url(d, f"historie/{d.historie.history_id}/wiederherstellen/"),
        koordination(200, 302),
    ),
    # themenfelder, massnahmen
    "themenfelder:themenfeld_detail": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/themenfelder/{fabrik.rolle('themenfeld')}/", entwuerfe()
    ),
    "massnahmen:massnahme_list": Eintrag(lambda d: f"/{d.entwurf.jahr}/massnahmen/", entwuerfe()),
    "massnahmen:massnahme_detail": Eintrag(lambda d: d.massnahme.get_absolute_url(), entwuerfe()),
    "massnahmen:umsetzungsstand": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/umsetzungsstand/", entwuerfe()
    ),
    "massnahmen:export_xlsx": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/massnahmen/export.xlsx", entwuerfe()
    ),
    "massnahmen:export_csv": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/massnahmen/export.csv", entwuerfe()
    ),
    "massnahmen:import": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/massnahmen/import/", koordination(200, 422)
    ),
    # Without a signed preview nothing is applied.
    "massnahmen:import_uebernehmen": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/massnahmen/import/uebernehmen/", koordination(405, 400)
    ),
    "massnahmen:status_aendern": Eintrag(
        lambda d: _massnahme_url(d, "status/"), koordination(405, 302)
    ),
    "massnahmen:umsetzungsstand_hinzufuegen": Eintrag(
        lambda d: _massnahme_url(d, "umsetzungsstand/"), koordination(405, 422)
    ),
    # The implementation of the plan in force (issue 15)
    "massnahmen:umsetzung_bearbeiten": Eintrag(
        lambda d: _massnahme_url(d, "umsetzung/"), koordination(200, 422)
    ),
    "massnahmen:indikator_anlegen": Eintrag(
        lambda d: f"/umsetzung/indikatoren/neu/massnahme/{d.massnahme.pk}/", koordination(200, 422)
    ),
    "massnahmen:indikator_bearbeiten": Eintrag(
        lambda d: f"/umsetzung/indikatoren/{d.indikator.pk}/", koordination(200, 422)
    ),
    "massnahmen:messwert_erfassen": Eintrag(
        lambda d: f"/umsetzung/messwerte/indikator/{d.indikator.pk}/", koordination(200, 422)
    ),
    "massnahmen:ansprechpersonen": Eintrag(
        lambda d: "/umsetzung/ansprechpersonen/", koordination(200, 422)
    ),
    "massnahmen:einladung_erneut": Eintrag(
        lambda d: f"/umsetzung/ansprechpersonen/{d.eingeladen.pk}/einladen/", koordination(405, 302)
    ),
    # An unknown or used-up link: gone, for everybody.
    "massnahmen:einladung_annehmen": Eintrag(
        lambda d: "/einladung/kein-gueltiger-link/", oeffentlich(410, 410)
    ),
    # Signed out, a POST keeps what was typed and asks to sign in again (200).
    "massnahmen:melden": Eintrag(
        lambda d: "/umsetzung/melden/",
        lambda rolle, methode: (
            {"get": ANMELDEN, "head": ANMELDEN, "post": 200}[methode]
            if rolle == "anonym"
            else 403
            if rolle in ("KMV", "Ausschuss")
            else {"get": 200, "head": 200, "post": 422}[methode]
        ),
    ),
    "massnahmen:umsetzung_uebersicht": Eintrag(lambda d: "/umsetzung/", koordination(200, 422)),
    "massnahmen:abfrage_detail": Eintrag(
        lambda d: f"/umsetzung/sachstandsabfragen/{d.abfrage.pk}/", koordination(200, 405)
    ),
    "massnahmen:abfrage_erinnern": Eintrag(
        lambda d: f"/umsetzung/sachstandsabfragen/{d.abfrage.pk}/erinnern/{d.kontakt.pk}/",
        koordination(405, 302),
    ),
    "massnahmen:abfrage_schliessen": Eintrag(
        lambda d: f"/umsetzung/sachstandsabfragen/{d.abfrage.pk}/schliessen/",
        koordination(405, 302),
        zuletzt=True,
    ),
    # Without a decision nothing happens: back with a message.
    "massnahmen:bericht_pruefen": Eintrag(
        lambda d: f"/umsetzung/berichte/{d.bericht.pk}/pruefen/", koordination(405, 302)
    ),
    "massnahmen:umsetzungsbericht": Eintrag(
        lambda d: f"/{d.inhalt.jahr}/umsetzungsberichte/{d.geschlossen.pk}/", oeffentlich()
    ),
    "massnahmen:umsetzungsbericht_pdf": Eintrag(
        lambda d: f"/{d.inhalt.jahr}/umsetzungsberichte/{d.geschlossen.pk}/pdf/", oeffentlich()
    ),
    "massnahmen:feed_edition": Eintrag(lambda d: f"/{d.entwurf.jahr}/umsetzung.atom", entwuerfe()),
    "massnahmen:feed_themenfeld": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/themenfelder/{d.massnahme.themenfeld.key}/umsetzung.atom",
        entwuerfe(),
    ),
    # beteiligung
    "beteiligung:beteiligung_detail": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/beteiligung/", entwuerfe()
    ),
    "beteiligung:beteiligungsformat_detail": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/beteiligung/{fabrik.rolle('format_kmv')}/", entwuerfe()
    ),
    "beteiligung:beschluss_anlegen": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/beschluesse/neu/", koordination(200, 422)
    ),
    "beteiligung:stellungnahme_anlegen": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/stellungnahmen/neu/", koordination(200, 422)
    ),
    "beteiligung:phase_anlegen": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/phasen/neu/", koordination(200, 422)
    ),
    # Only the KMV may comment in this phase; the others are told so (422). Contact persons do not
    # read drafts at all (403).
    "beteiligung:kommentar_anlegen": Eintrag(
        lambda d: f"/kommentare/neu/massnahme/{d.massnahme.pk}/",
        angemeldet(422, 422, KMV=(200, 422), Umsetzung=(403, 403)),
    ),
    "beteiligung:meine_kommentare": Eintrag(lambda d: "/kommentare/meine/", angemeldet(200, 405)),
    # Only the author finds her comment; for everybody else it does not exist.
    "beteiligung:kommentar_bearbeiten": Eintrag(
        lambda d: f"/kommentare/{d.kommentar.pk}/bearbeiten/",
        angemeldet(404, 404, KMV=(200, 422)),
    ),
    "beteiligung:kommentar_zurueckziehen": Eintrag(
        lambda d: f"/kommentare/{d.kommentar.pk}/zurueckziehen/",
        angemeldet(404, 404, KMV=(200, 302)),
        zuletzt=True,
    ),
    "beteiligung:kommentar_beantworten": Eintrag(
        lambda d: f"/kommentare/{d.kommentar.pk}/beantworten/", koordination(405, 422)
    ),
    "beteiligung:kommentar_verbergen": Eintrag(
        lambda d: f"/kommentare/{d.kommentar.pk}/verbergen/", koordination(405, 302)
    ),
    "beteiligung:kommentar_deutsch": Eintrag(
        lambda d: f"/kommentare/{d.kommentar.pk}/deutsch/", koordination(405, 422)
    ),
    "beteiligung:moderation": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/kommentare/", koordination(200, 405)
    ),
    "beteiligung:kommentare_export": Eintrag(
        lambda d: f"/{d.entwurf.jahr}/kommentare/export.xlsx", koordination(200, 405)
    ),
    "beteiligung:abwaegung": Eintrag(lambda d: f"/{d.entwurf.jahr}/abwaegung/", entwuerfe()),
    # Only staff choose notifications; the others see the page again.
    "beteiligung:meine_daten": Eintrag(
        lambda d: "/meine-daten/",
        angemeldet(200, 302, KMV=(200, 200), Ausschuss=(200, 200), Umsetzung=(200, 200)),
    ),
    "beteiligung:meine_daten_json": Eintrag(
        lambda d: "/meine-daten/export.json", angemeldet(200, 405)
    ),
    # Without the confirmation nothing is deleted: back to "Meine Daten" with a message.
    "beteiligung:konto_loeschen": Eintrag(
        lambda d: "/meine-daten/konto-loeschen/", angemeldet(405, 302)
    ),
}


# The API (issue 19.2): it reads no session, so without a token every role is anonymous there:
# the draft's data 403, the adopted edition's 200 (tests/api/). With tokens: test_api_mit_token.


def _api(pfad=""):
    return lambda d: f"/api/v1/ausgaben/{d.entwurf.jahr}/{pfad}"


def api_entwurf(rolle, methode):
    """A read of the draft without a token: refused for everyone; other methods 405."""
    return 405 if methode == "post" else 403


def _fremdes_token(d) -> int:
    from api.services import token_anlegen

    fremd = User.objects.get_or_create(username="matrix-fremd")[0]
    return token_anlegen(user=fremd, name="fremd", bereich="lesen", tage=1)[0].pk


def token_widerrufen(rolle, methode):
    """Only POST; signed in, someone else's token is not found (404)."""
    if methode != "post":
        return 405
    return ANMELDEN if rolle == "anonym" else 404


REGISTER.update(
    {
        "schnittstelle:openapi-json": Eintrag(lambda d: "/api/v1/openapi.json", oeffentlich()),
        "schnittstelle:api-root": Eintrag(lambda d: "/api/v1/", oeffentlich(404, 404)),
        "schnittstelle:ausgabe_list": Eintrag(lambda d: "/api/v1/ausgaben/", oeffentlich()),
        "schnittstelle:ausgabe_detail": Eintrag(_api(), api_entwurf),
        "schnittstelle:themenfeld_list": Eintrag(_api("themenfelder/"), api_entwurf),
        "schnittstelle:themenfeld_detail": Eintrag(
            lambda d: _api(f"themenfelder/{d.massnahme.themenfeld.key}/")(d), api_entwurf
        ),
        "schnittstelle:leitziel_list": Eintrag(_api("leitziele/"), api_entwurf),
        "schnittstelle:teilziel_list": Eintrag(_api("teilziele/"), api_entwurf),
        "schnittstelle:massnahme_list": Eintrag(_api("massnahmen/"), api_entwurf),
        "schnittstelle:massnahme_detail": Eintrag(
            lambda d: _api(f"massnahmen/{d.massnahme.key}/")(d), api_entwurf
        ),
        "schnittstelle:indikator_list": Eintrag(_api("indikatoren/"), api_entwurf),
        "schnittstelle:umsetzungsnotiz_list": Eintrag(_api("umsetzungsnotizen/"), api_entwurf),
        # Writing needs a token: without one 401.
        "schnittstelle:umsetzung_melden": Eintrag(
            lambda d: _api(f"massnahmen/{d.massnahme.key}/umsetzung/")(d), oeffentlich(405, 401)
        ),
        "api:seite": Eintrag(lambda d: "/api/", oeffentlich()),
        "api:token_list": Eintrag(lambda d: "/meine-daten/api-tokens/", angemeldet(200, 422)),
        "api:token_widerrufen": Eintrag(
            lambda d: f"/meine-daten/api-tokens/{_fremdes_token(d)}/widerrufen/",
            token_widerrufen,
        ),
    }
)


# The URL patterns of the project


def muster(resolver=None, namespace="", route="") -> Iterator[tuple[str, URLPattern, str]]:
    """(view name, pattern, route) of every URL pattern, through includes and i18n_patterns."""
    resolver = resolver or get_resolver()
    for eintrag in resolver.url_patterns:
        pfad = route + str(eintrag.pattern)
        if isinstance(eintrag, URLResolver):
            unter = f"{namespace}{eintrag.namespace}:" if eintrag.namespace else namespace
            yield from muster(eintrag, unter, pfad)
        else:
            yield f"{namespace}{eintrag.name or eintrag.pattern}", eintrag, pfad


def admin_urls() -> Iterator[tuple[str, str]]:
    """A URL for every pattern of the Django admin, with real objects where it needs one."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    for name, eintrag, route in muster():
        if not name.startswith("admin:"):
            continue
        kwargs = {}
        parameter = set(eintrag.pattern.regex.groupindex)
        if eintrag.pattern.regex.groups > len(parameter):  # simple_history: object, entry
            app_label, model_name = route.removeprefix("admin/").split("/")[:2]
            objekt = apps.get_model(app_label, model_name).objects.first()
            stand = objekt.history.first() if objekt else None
            argumente = [objekt.pk if objekt else 1, stand.history_id if stand else 1]
            yield name, reverse(name, args=argumente)
            continue
        if "app_label" in parameter:
            kwargs["app_label"] = "konzept"
        if "content_type_id" in parameter:
            kwargs["content_type_id"] = ContentType.objects.get_for_model(Massnahme).pk
            kwargs["object_id"] = Massnahme.objects.first().pk
        elif parameter & {"object_id", "id", "pk"}:
            app_label, model_name = route.removeprefix("admin/").split("/")[:2]
            objekt = apps.get_model(app_label, model_name).objects.first()
            kwargs[(parameter & {"object_id", "id", "pk"}).pop()] = objekt.pk if objekt else 1
        if eintrag.name:
            yield name, reverse(name, kwargs=kwargs)
        elif "object_id" in kwargs:  # the model admin's redirect to the change page
            yield name, "/" + route.replace("<path:object_id>", str(kwargs["object_id"]))
        else:  # the admin's catch-all
            yield name, "/admin/gibt-es-nicht/"


def test_jedes_muster_steht_im_register():
    """A URL pattern without an entry in REGISTER fails here: say who may use it."""
    alle = {name for name, _muster, _route in muster() if not name.startswith("admin:")}
    assert alle - set(REGISTER) == set(), "URL-Muster ohne Eintrag in REGISTER"
    assert set(REGISTER) - alle == set(), "Einträge in REGISTER ohne URL-Muster"


# Headers and cookies of every answer (issue 8, security settings)


@pytest.fixture
def produktion(settings, monkeypatch):
    """The security settings of konzept.settings.prod, for HTTPS requests."""
    import importlib

    monkeypatch.setenv("SECRET_KEY", "nur-fuer-die-tests-der-produktionseinstellungen-0123456789")
    prod = importlib.import_module("konzept.settings.prod")
    for name in dir(prod):
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_")):
            setattr(settings, name, getattr(prod, name))
    settings.SECURE_SSL_REDIRECT = False  # every request below is HTTPS already
    return prod


CSP_PFLICHT = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]


def kopfzeilen_pruefen(response, url) -> list[str]:
    fehler = []
    csp = response.get("Content-Security-Policy", "")
    for direktive in CSP_PFLICHT:
        if direktive not in csp:
            fehler.append(f"{url}: CSP ohne {direktive}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        fehler.append(f"{url}: CSP mit unsafe-…")
    skript = re.search(r"script-src ([^;]*)", csp)
    if skript and not re.fullmatch(r"'nonce-[\w-]+'", skript.group(1).strip()):
        fehler.append(f"{url}: script-src nicht nur eine Nonce: {skript.group(1)}")
    soll = {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for name, wert in soll.items():
        if response.get(name) != wert:
            fehler.append(f"{url}: {name} ist {response.get(name)!r}")
    for name, cookie in response.cookies.items():
        if not cookie.value:
            continue  # a deleted cookie
        if not name.startswith("__Host-"):
            fehler.append(f"{url}: Cookie {name} ohne __Host-")
        if not cookie["secure"] or cookie["path"] != "/" or cookie["domain"]:
            fehler.append(f"{url}: Cookie {name} nicht Secure/Path=//ohne Domain")
        if not cookie["httponly"] or cookie["samesite"] != "Lax":
            fehler.append(f"{url}: Cookie {name} nicht HttpOnly/SameSite=Lax")
    return fehler


# The matrix


@pytest.fixture
def daten(entwurf, inhalt):
    import uuid

    from django.utils import timezone

    from massnahmen.models import (
        Einladung,
        Indikator,
        Organisation,
        Sachstandsabfrage,
        Sachstandsbericht,
    )

    kommentar = kommentar_in_offener_phase(entwurf, "matrix-kmv")
    massnahme, kmv = kommentar.massnahme, kommentar.autor
    # A contact person whose organisation leads a measure of the plan in force.
    kontakt = benutzer_mit_rolle("matrix-umsetzung", "Umsetzung")
    organisation = Organisation.objects.create(name="Matrix-Organisation")
    organisation.ansprechpersonen.add(kontakt)
    eigene = Massnahme.objects.in_edition(inhalt).first()
    Massnahme.objects.filter(pk=eigene.pk).update(federfuehrung=organisation)
    eingeladen = User.objects.create_user("matrix-eingeladen@example.org", is_active=False)
    organisation.ansprechpersonen.add(eingeladen)
    Einladung.objects.create(
        user=eingeladen, token_hash="0" * 64, gueltig_bis=timezone.now(), eingeladen_von=None
    )
    geschlossen = Sachstandsabfrage.objects.create(
        edition=inhalt, frist=timezone.localdate(), nachricht="Alt"
    )
    from massnahmen.services import abfrage_schliessen

    abfrage_schliessen(abfrage=geschlossen, user=None)
    abfrage = Sachstandsabfrage.objects.create(
        edition=inhalt, frist=timezone.localdate(), nachricht="Bitte berichten"
    )
    return SimpleNamespace(
        inhalt=inhalt,
        entwurf=entwurf,
        massnahme=massnahme,
        historie=massnahme.history.first(),
        kommentar=kommentar,
        indikator=Indikator.objects.create(massnahme=massnahme, key="matrix", name="Matrix"),
        eingeladen=eingeladen,
        kontakt=kontakt,
        abfrage=abfrage,
        geschlossen=geschlossen,
        bericht=Sachstandsbericht.objects.create(
            massnahme=eigene, autor=kontakt, daten={"noch_aktuell": True}, einreichung=uuid.uuid4()
        ),
        benutzer={
            "anonym": None,
            "KMV": kmv,
            "Ausschuss": benutzer_mit_rolle("matrix-ausschuss", "Ausschuss"),
            "Umsetzung": kontakt,
            "Koordinierungsstelle": benutzer_mit_rolle("matrix-koord", "Koordinierungsstelle"),
            "admin": User.objects.create_superuser("matrix-admin", "a@example.org", "x" * 20),
        },
    )


def vergleichen(response, soll, url) -> str | None:
    if soll == ANMELDEN:
        if response.status_code == 302 and response["Location"].startswith("/anmelden/?next="):
            return None
    elif soll == ADMIN_ANMELDEN:
        if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
            return None
    elif isinstance(soll, set):
        if response.status_code in soll:
            return None
    elif response.status_code == soll:
        return None
    ort = response.get("Location", "")
    return f"{url}: {response.status_code} {ort} statt {soll}"


@pytest.mark.parametrize("rolle", ROLLEN)
def test_berechtigungsmatrix(client, daten, produktion, rolle):
    """Every URL pattern, GET, HEAD and an empty POST, for this role: the expected status (HEAD
    as GET, or 405), no 500, and on every answer the security headers and cookie attributes."""
    user = daten.benutzer[rolle]
    client.raise_request_exception = False

    def anmelden():
        if user is not None:
            client.force_login(user)

    anmelden()
    eintraege = sorted(REGISTER.items(), key=lambda paar: paar[1].zuletzt)
    aufrufe = [(name, eintrag.url(daten), eintrag.erwartet) for name, eintrag in eintraege]
    aufrufe += [
        (
            name,
            url,
            oeffentlich({200, 302, 405}, {200, 302}) if name in ADMIN_OFFEN else admin_bereich,
        )
        for name, url in admin_urls()
    ]
    fehler = []
    for name, url, erwartet in aufrufe:
        for methode in METHODEN:
            response = getattr(client, methode)(url, secure=True)
            meldung = vergleichen(response, erwartet(rolle, methode), f"{methode.upper()} {url}")
            # HEAD answers as GET where a page is read; forms (GET and POST) refuse it.
            if methode == "head" and response.status_code == 405:
                meldung = None
            if meldung:
                fehler.append(f"{name}: {meldung}")
            fehler += kopfzeilen_pruefen(response, f"{methode.upper()} {url}")
            if user is not None and "_auth_user_id" not in client.session:
                anmelden()  # signed out (logout): sign in again for the next URL
    assert fehler == [], f"Rolle {rolle}:\n" + "\n".join(fehler)


# The API with tokens (issue 19.2): the same roles, each with a token of its own.

API_LESEN_ENTWURF = {
    "anonym": 403,
    "KMV": 200,
    "Ausschuss": 200,
    "Umsetzung": 403,
    "Koordinierungsstelle": 200,
    "admin": 200,
}
# Reporting on the contact person's own measure of the plan in force, with a write token:
# staff at once (200), the contact person for review (202), the others refused. Without a
# token 401; a read token 403 for everyone.
API_SCHREIBEN = {
    "anonym": 401,
    "KMV": 403,
    "Ausschuss": 403,
    "Umsetzung": 202,
    "Koordinierungsstelle": 200,
    "admin": 200,
}


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_mit_token(client, daten, rolle):
    import json

    from api.services import token_anlegen

    user = daten.benutzer[rolle]
    kopf, lese_kopf = {}, {}
    if user is not None:
        schreiben = token_anlegen(user=user, name="s", bereich="umsetzung", tage=1)[1]
        lesen = token_anlegen(user=user, name="l", bereich="lesen", tage=1)[1]
        kopf = {"HTTP_AUTHORIZATION": f"Bearer {schreiben}"}
        lese_kopf = {"HTTP_AUTHORIZATION": f"Bearer {lesen}"}
    fehler = []
    for name, eintrag in REGISTER.items():
        if eintrag.erwartet is not api_entwurf:
            continue
        url = eintrag.url(daten)
        for k in (kopf, lese_kopf):
            antwort = client.get(url, **k)
            if antwort.status_code != API_LESEN_ENTWURF[rolle]:
                fehler.append(f"{name}: GET {url} → {antwort.status_code}")
    eigene = daten.bericht.massnahme
    url = f"/api/v1/ausgaben/{daten.inhalt.jahr}/massnahmen/{eigene.key}/umsetzung/"
    body = json.dumps({"noch_aktuell": True})
    antwort = client.post(url, body, content_type="application/json", **kopf)
    if antwort.status_code != API_SCHREIBEN[rolle]:
        fehler.append(f"POST {url} → {antwort.status_code} statt {API_SCHREIBEN[rolle]}")
    if user is not None:
        antwort = client.post(url, body, content_type="application/json", **lese_kopf)
        if antwort.status_code != 403:
            fehler.append(f"POST {url} mit Lesetoken → {antwort.status_code}")
    assert fehler == [], f"Rolle {rolle}:\n" + "\n".join(fehler)
