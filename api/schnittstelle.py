"""The REST API (issue 19.2): the plan read as the pages show it, the implementation state
written through the same services as the pages. Who may do what is decided by
konzept.rollen, the same functions the pages call; the token only says who asks and how far
they let the program go (its `bereich`)."""

import datetime
import logging
import uuid
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer

from konzept.bearbeitung import VersionKonflikt
from konzept.models import Edition
from konzept.rollen import (
    darf_entwuerfe_lesen,
    darf_umsetzung_melden,
    edition_lesbar,
    umsetzung_bearbeitbar,
    umsetzung_offen,
)
from massnahmen.forms import UmsetzungForm
from massnahmen.models import Indikator, Massnahme, Umsetzungsnotiz
from massnahmen.services import UmsetzungFehler, umsetzung_melden
from themenfelder.models import Leitziel, Teilziel, Themenfeld

from . import schemas
from .models import ApiToken, token_hash
from .probleme import problem, titel

logger = logging.getLogger(__name__)

HOECHSTENS_JE_SEITE = 100
FEHLERCODES = (400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429)


def _ist_json(content_type: str) -> bool:
    art = content_type.lower()
    return art == "application/json" or (art.startswith("application/") and art.endswith("+json"))


class Token(HttpBearer):
    """`Authorization: Bearer <token>`. Reads work without one (as anonymous readers);
    a token that is sent must be valid, unexpired, unrevoked and of the needed scope."""

    def __init__(self, bereich: str):
        super().__init__()
        self.bereich = bereich

    def __call__(self, request):
        user = self._anmelden(request)
        # Checked here, after the method was found and before the body is read: a body that
        # is not JSON gets 415, not a parse error.
        schreibend = request.method in ("POST", "PUT", "PATCH")
        if (
            schreibend
            and (request.body or request.content_type)
            and not _ist_json(request.content_type)
        ):
            raise HttpError(415, _("Bitte senden Sie JSON mit dem Inhaltstyp application/json."))
        return user

    def _anmelden(self, request):
        kopf = request.headers.get("Authorization", "")
        if not kopf:
            if self.bereich == ApiToken.Bereich.LESEN:
                request.api_token = None
                return AnonymousUser()
            raise HttpError(401, _("Für das Schreiben ist ein API-Token nötig."))
        art, _leer, token = kopf.partition(" ")
        if art.lower() != "bearer" or not token.strip():
            raise HttpError(401, _("Bitte senden Sie das Token als „Authorization: Bearer …“."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        eintrag = (
            ApiToken.objects.select_related("user").filter(token_hash=token_hash(token)).first()
        )
        if eintrag is None or not eintrag.user.is_active:
            raise HttpError(401, _("Dieses API-Token ist unbekannt."))
        if eintrag.widerrufen_am is not None:
            raise HttpError(401, _("Dieses API-Token wurde widerrufen."))
        if eintrag.gueltig_bis <= timezone.now():
            raise HttpError(401, _("Dieses API-Token ist abgelaufen."))
        if self.bereich == ApiToken.Bereich.UMSETZUNG and eintrag.bereich != self.bereich:
            raise HttpError(
                403, _("Dieses API-Token darf nur lesen, nicht den Umsetzungsstand schreiben.")
            )
        ApiToken.objects.filter(pk=eintrag.pk).update(zuletzt_benutzt_am=timezone.now())
        request.api_token = eintrag
        return eintrag.user


class Schnittstelle(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors as problem+json, 304 for reads, reads open without a token."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for pfad in schema["paths"].values():
            for methode, operation in pfad.items():
                antworten = operation.setdefault("responses", {})
                for code in FEHLERCODES:
                    antworten[str(code)] = {
                        "description": titel(code),
                        "content": {"application/problem+json": {"schema": problem_ref}},
                    }
                if methode == "get":
                    antworten["304"] = {"description": "Not Modified (If-None-Match)"}
                    operation["security"] = [{}, *operation.get("security", [])]
        schema["components"]["schemas"]["Problem"] = schemas.Problem.model_json_schema()
        return schema


api = Schnittstelle(
    title="Integrationskonzept",
    version="1",
    description=(
        "Lesen: Ausgaben, Themenfelder, übergeordnete Ziele, Teilziele, Maßnahmen, Indikatoren "
        "mit Messwerten und Umsetzungsnotizen, wie die Seiten sie zeigen. Schreiben: der "
        "Umsetzungsstand einer Maßnahme, mit einem persönlichen API-Token."
    ),
    urls_namespace="schnittstelle",
    # The interactive docs need scripts from a CDN or inline: not under this site's CSP.
    docs_url=None,
    docs_decorator=require_safe,
    auth=Token(ApiToken.Bereich.LESEN),
)


# Errors: problem details, never a server error.


@api.exception_handler(HttpError)
def _http_fehler(request, fehler):
    if fehler.status_code == 400:  # the body is no JSON (ninja's parser)
        return problem(400, _("Der Inhalt der Anfrage ist kein gültiges JSON."))
    return problem(fehler.status_code, str(fehler))


def _meldung(eintrag: dict) -> str:
    """pydantic's error in the reader's language, by its type."""
    typ, ctx = eintrag.get("type", ""), eintrag.get("ctx") or {}
    if typ == "missing":
        return _("Diese Angabe fehlt.")
    if typ == "extra_forbidden":
        return _("Dieses Feld gibt es nicht.")
    if typ == "greater_than_equal":
        return _("Der Wert muss mindestens %(wert)s sein.") % {"wert": ctx.get("ge")}
    if typ == "less_than_equal":
        return _("Der Wert darf höchstens %(wert)s sein.") % {"wert": ctx.get("le")}
    if typ in ("string_too_long", "too_long"):
        return _("Höchstens %(anzahl)s Zeichen oder Einträge.") % {"anzahl": ctx.get("max_length")}
    if typ.startswith("int_"):
        return _("Hier gehört eine ganze Zahl hin.")
    if typ.startswith("date"):
        return _("Hier gehört ein Datum hin (JJJJ-MM-TT).")
    if typ.startswith("bool"):
        return _("Hier gehört true oder false hin.")
    if typ == "literal_error":
        return _("Dieser Wert ist nicht vorgesehen; möglich: %(werte)s.") % {
            "werte": ctx.get("expected", "")
        }
    if typ in ("model_type", "dict_type", "model_attributes_type"):
        return _("Hier gehört ein JSON-Objekt hin.")
    if typ == "list_type":
        return _("Hier gehört eine Liste hin.")
    if typ == "string_type":
        return _("Hier gehört eine Zeichenkette hin.")
    if typ == "string_pattern_mismatch":
        return _("Das Format stimmt nicht.")
    return _("Dieser Wert ist ungültig.")


@api.exception_handler(ValidationError)
def _ungueltig(request, fehler):
    return problem(
        422,
        _("Die Anfrage enthält ungültige Werte; nichts wurde geändert."),
        fehler=[
            {
                "ort": [str(teil) for teil in eintrag.get("loc", ())],
                "typ": eintrag.get("type", ""),
                "meldung": _meldung(eintrag),
            }
            for eintrag in fehler.errors
        ],
    )


@api.exception_handler(Http404)
def _nicht_gefunden(request, fehler):
    return problem(404, _("Das gibt es hier nicht."))


@api.exception_handler(PermissionDenied)
def _verboten(request, fehler):
    return problem(403, str(fehler) or _("Das ist Ihnen nicht erlaubt."))


@api.exception_handler(RequestDataTooBig)
def _zu_gross(request, fehler):
    return problem(413, _("Der Inhalt der Anfrage ist zu groß."))


@api.exception_handler(Exception)
def _unerwartet(request, fehler):
    # A bug: logged with its traceback like any server error, answered in the API's form.
    logger.exception("Fehler in der API", exc_info=fehler)
    return problem(500, _("Ein Fehler auf dem Server; nichts wurde geändert."))


# Reading


def _seite(abfrage, limit, offset, darstellen):
    return {
        "anzahl": abfrage.count(),
        "limit": limit,
        "offset": offset,
        "eintraege": [darstellen(objekt) for objekt in abfrage[offset : offset + limit]],
    }


class Blaettern(Schema):
    limit: int = Field(50, ge=1, le=HOECHSTENS_JE_SEITE, description="Einträge je Seite")
    offset: int = Field(0, ge=0, le=1_000_000, description="So viele Einträge überspringen")


def _edition(request, jahr) -> Edition:
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.auth)
    return edition


def _zahl(wert) -> str | None:
    return None if wert is None else str(wert)


def _ausgabe(edition, *, mit_texten=False):
    daten = {
        "jahr": edition.jahr,
        "titel": edition.quelltext("titel"),
        "status": edition.status,
        "in_kraft": edition.ist_beschlossen and umsetzung_offen(edition),
        "beschlossen_am": edition.beschlossen_am,
        "stichtag": edition.stichtag,
        "vorgaenger": edition.vorgaenger.jahr if edition.vorgaenger_id else None,
        "version": edition.version,
        "url": edition.get_absolute_url(),
    }
    if mit_texten:
        for feld in ("ausgangssituation", "hintergrund", "leitgedanke", "methodik"):
            daten[feld] = edition.quelltext(feld)
    return daten


def _themenfeld(feld):
    return {
        "key": feld.key,
        "nummer": feld.nummer,
        "position": feld.position,
        "titel": feld.quelltext("titel"),
        "beschreibung": feld.quelltext("beschreibung"),
        "themenunabhaengig": feld.themenunabhaengig,
        "version": feld.version,
        "url": feld.adresse,
    }


def _leitziel(ziel):
    return {
        "key": ziel.key,
        "themenfeld": ziel.themenfeld.key,
        "nummer": ziel.nummer,
        "position": ziel.position,
        "text": ziel.quelltext("text"),
        "version": ziel.version,
        "url": ziel.adresse,
    }


def _teilziel(ziel):
    return {
        "key": ziel.key,
        "themenfeld": ziel.themenfeld.key,
        "nummer": ziel.nummer,
        "position": ziel.position,
        "titel": ziel.quelltext("titel"),
        "version": ziel.version,
        "url": ziel.adresse,
    }


def _indikator(indikator):
    return {
        "key": indikator.key,
        "massnahme": indikator.massnahme.key if indikator.massnahme_id else None,
        "leitziel": indikator.leitziel.key if indikator.leitziel_id else None,
        "name": indikator.quelltext("name"),
        "einheit": indikator.einheit,
        "ausgangswert": _zahl(indikator.ausgangswert),
        "ausgangsdatum": indikator.ausgangsdatum,
        "zielwert": _zahl(indikator.zielwert),
        "zieldatum": indikator.zieldatum,
        "richtung": indikator.richtung,
        "messwerte": [
            {"datum": wert.datum, "wert": str(wert.wert), "quelle": wert.quelle}
            for wert in sorted(indikator.messwerte.all(), key=lambda wert: wert.datum)
        ],
    }


def _notiz(notiz, massnahme=None):
    return {
        "id": notiz.pk,
        "massnahme": (massnahme or notiz.massnahme).key,
        "datum": notiz.datum,
        "text": notiz.text,
        "sprache": notiz.sprache,
    }


def _massnahme(massnahme, *, mit_umsetzung=False):
    daten = {
        "key": massnahme.key,
        "themenfeld": massnahme.themenfeld.key,
        "leitziel": massnahme.leitziel.key if massnahme.leitziel_id else None,
        "teilziel": massnahme.teilziel.key if massnahme.teilziel_id else None,
        "nummer": massnahme.nummer,
        "position": massnahme.position,
        "titel": massnahme.quelltext("titel"),
        "beschreibung": massnahme.quelltext("beschreibung"),
        "status": massnahme.status,
        "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung_id else None,
        "partner": [partner.name for partner in massnahme.partner.all()],
        "zeitraum": massnahme.zeitraum,
        "budget": _zahl(massnahme.budget),
        "beginn_geplant": massnahme.beginn_geplant,
        "ende_geplant": massnahme.ende_geplant,
        "beginn_tatsaechlich": massnahme.beginn_tatsaechlich,
        "ende_tatsaechlich": massnahme.ende_tatsaechlich,
        "bestaetigt_am": massnahme.bestaetigt_am,
        "version": massnahme.version,
        "url": massnahme.get_absolute_url(),
    }
    if mit_umsetzung:
        indikatoren = massnahme.indikatoren_liste.select_related("massnahme", "leitziel")
        daten["indikatoren"] = [
            _indikator(indikator) for indikator in indikatoren.prefetch_related("messwerte")
        ]
        daten["umsetzungsnotizen"] = [
            _notiz(notiz, massnahme) for notiz in massnahme.umsetzungsnotizen.all()
        ]
    return daten


@api.get("/ausgaben/", response=schemas.AusgabenSeite, tags=["Lesen"], url_name="ausgabe_list")
def ausgabe_list(request, seite: Query[Blaettern]):
    """Die Ausgaben, neueste zuerst: beschlossene für alle, Entwürfe für die Rollen, die
    Entwürfe lesen."""
    editionen = Edition.objects.select_related("vorgaenger").order_by("-jahr")
    if not darf_entwuerfe_lesen(request.auth):
        editionen = editionen.beschlossen()
    return _seite(editionen, seite.limit, seite.offset, _ausgabe)


@api.get(
    "/ausgaben/{jahr}/", response=schemas.AusgabeDetail, tags=["Lesen"], url_name="ausgabe_detail"
)
def ausgabe_detail(request, jahr: int):
    """Eine Ausgabe mit ihren Texten."""
    return _ausgabe(_edition(request, jahr), mit_texten=True)


@api.get(
    "/ausgaben/{jahr}/themenfelder/",
    response=schemas.ThemenfelderSeite,
    tags=["Lesen"],
    url_name="themenfeld_list",
)
def themenfeld_list(request, jahr: int, seite: Query[Blaettern]):
    edition = _edition(request, jahr)
    felder = Themenfeld.objects.filter(edition=edition).select_related("edition")
    return _seite(felder, seite.limit, seite.offset, _themenfeld)


@api.get(
    "/ausgaben/{jahr}/themenfelder/{key}/",
    response=schemas.Themenfeld,
    tags=["Lesen"],
    url_name="themenfeld_detail",
)
def themenfeld_detail(request, jahr: int, key: str):
    edition = _edition(request, jahr)
    return _themenfeld(get_object_or_404(Themenfeld, edition=edition, key=key))


@api.get(
    "/ausgaben/{jahr}/leitziele/",
    response=schemas.LeitzieleSeite,
    tags=["Lesen"],
    url_name="leitziel_list",
)
def leitziel_list(request, jahr: int, seite: Query[Blaettern], themenfeld: str | None = None):
    """Die übergeordneten Ziele, auf Wunsch nur die eines Themenfelds (dessen Schlüssel)."""
    edition = _edition(request, jahr)
    ziele = Leitziel.objects.filter(themenfeld__edition=edition).select_related(
        "themenfeld__edition"
    )
    if themenfeld:
        ziele = ziele.filter(themenfeld__key=themenfeld)
    return _seite(
        ziele.order_by("themenfeld__position", "position"), seite.limit, seite.offset, _leitziel
    )


@api.get(
    "/ausgaben/{jahr}/teilziele/",
    response=schemas.TeilzieleSeite,
    tags=["Lesen"],
    url_name="teilziel_list",
)
def teilziel_list(request, jahr: int, seite: Query[Blaettern], themenfeld: str | None = None):
    edition = _edition(request, jahr)
    ziele = Teilziel.objects.filter(themenfeld__edition=edition).select_related(
        "themenfeld__edition"
    )
    if themenfeld:
        ziele = ziele.filter(themenfeld__key=themenfeld)
    return _seite(
        ziele.order_by("themenfeld__position", "position"), seite.limit, seite.offset, _teilziel
    )


@api.get(
    "/ausgaben/{jahr}/massnahmen/",
    response=schemas.MassnahmenSeite,
    tags=["Lesen"],
    url_name="massnahme_list",
)
def massnahme_list(
    request,
    jahr: int,
    seite: Query[Blaettern],
    themenfeld: str | None = None,
    status: schemas.MassnahmeStatus | None = None,
):
    """Die Maßnahmen in der Reihenfolge des Konzepts, auf Wunsch nach Themenfeld und Status."""
    edition = _edition(request, jahr)
    massnahmen = Massnahme.objects.in_edition(edition).fuer_anzeige().in_lesereihenfolge()
    if themenfeld:
        massnahmen = massnahmen.filter(themenfeld__key=themenfeld)
    if status:
        massnahmen = massnahmen.mit_status(status)
    return _seite(massnahmen, seite.limit, seite.offset, _massnahme)


def _massnahme_finden(edition, key) -> Massnahme:
    massnahme = Massnahme.objects.in_edition(edition).fuer_anzeige().filter(key=key).first()
    if massnahme is None:
        raise Http404
    return massnahme


@api.get(
    "/ausgaben/{jahr}/massnahmen/{key}/",
    response=schemas.MassnahmeDetail,
    tags=["Lesen"],
    url_name="massnahme_detail",
)
def massnahme_detail(request, jahr: int, key: str):
    """Eine Maßnahme mit ihren Indikatoren, Messwerten und Umsetzungsnotizen."""
    edition = _edition(request, jahr)
    return _massnahme(_massnahme_finden(edition, key), mit_umsetzung=True)


@api.get(
    "/ausgaben/{jahr}/indikatoren/",
    response=schemas.IndikatorenSeite,
    tags=["Lesen"],
    url_name="indikator_list",
)
def indikator_list(request, jahr: int, seite: Query[Blaettern]):
    """Die Indikatoren der Maßnahmen und der übergeordneten Ziele, mit ihren Messwerten."""
    edition = _edition(request, jahr)
    indikatoren = (
        Indikator.objects.filter(
            Q(massnahme__themenfeld__edition=edition) | Q(leitziel__themenfeld__edition=edition)
        )
        .select_related("massnahme", "leitziel")
        .prefetch_related("messwerte")
        .order_by("pk")
    )
    return _seite(indikatoren, seite.limit, seite.offset, _indikator)


@api.get(
    "/ausgaben/{jahr}/umsetzungsnotizen/",
    response=schemas.UmsetzungsnotizenSeite,
    tags=["Lesen"],
    url_name="umsetzungsnotiz_list",
)
def umsetzungsnotiz_list(
    request,
    jahr: int,
    seite: Query[Blaettern],
    massnahme: str | None = None,
    seit: datetime.date | None = None,
):
    """Die datierten Umsetzungsnotizen, neueste zuerst; auf Wunsch einer Maßnahme, ab einem Tag."""
    edition = _edition(request, jahr)
    notizen = (
        Umsetzungsnotiz.objects.filter(massnahme__themenfeld__edition=edition)
        .select_related("massnahme")
        .order_by("-datum", "-pk")
    )
    if massnahme:
        notizen = notizen.filter(massnahme__key=massnahme)
    if seit:
        notizen = notizen.filter(datum__gte=seit)
    return _seite(notizen, seite.limit, seite.offset, _notiz)


# Writing the implementation state


def _formulardaten(massnahme, eingabe: schemas.UmsetzungEingabe) -> dict:
    """The API's input as the page's form would send it: the same checks apply."""
    gesendet = eingabe.model_fields_set
    daten = {
        "status": eingabe.status or massnahme.status,
        "datum": eingabe.datum or timezone.localdate(),
        "notiz": eingabe.notiz,
        "noch_aktuell": eingabe.noch_aktuell,
    }
    for name in ("beginn_tatsaechlich", "ende_tatsaechlich"):
        wert = getattr(eingabe, name) if name in gesendet else getattr(massnahme, name)
        daten[name] = wert or ""
    indikatoren = {indikator.key: indikator for indikator in massnahme.indikatoren_liste.all()}
    for messwert in eingabe.messwerte:
        indikator = indikatoren.get(messwert.indikator)
        if indikator is None:
            raise HttpError(
                422,
                _("Die Maßnahme hat keinen Indikator „%(key)s“; nichts wurde geändert.")
                % {"key": messwert.indikator},
            )
        daten[f"wert_{indikator.pk}"] = Decimal(messwert.wert.replace(",", "."))
        daten[f"quelle_{indikator.pk}"] = messwert.quelle
    return daten


def _formularfehler(form) -> list[dict]:
    fehler = []
    for feld, meldungen in form.errors.items():
        name = "messwerte" if feld.startswith(("wert_", "quelle_")) else feld
        fehler += [{"ort": ["body", name], "meldung": str(meldung)} for meldung in meldungen]
    return fehler


@api.post(
    "/ausgaben/{jahr}/massnahmen/{key}/umsetzung/",
    response={200: schemas.UmsetzungErgebnis, 202: schemas.UmsetzungErgebnis},
    auth=Token(ApiToken.Bereich.UMSETZUNG),
    tags=["Schreiben"],
    url_name="umsetzung_melden",
)
def umsetzung(request, jahr: int, key: str, eingabe: schemas.UmsetzungEingabe):
    """Den Umsetzungsstand einer Maßnahme der geltenden Ausgabe melden: Status, tatsächlicher
    Beginn und tatsächliches Ende, eine datierte Notiz, Messwerte, „noch aktuell“.

    Wie im Browser: Die Koordinierungsstelle ändert den Stand sofort (200); eine Ansprechperson
    meldet für die Maßnahmen ihrer Organisation, öffentlich nach der Prüfung (202). Der Kopf
    `Idempotency-Key` (eine UUID) macht eine wiederholte Anfrage unschädlich."""
    user = request.auth
    edition = _edition(request, jahr)
    massnahme = _massnahme_finden(edition, key)
    if not darf_umsetzung_melden(user, massnahme):
        raise PermissionDenied(_("Sie können nur für die Maßnahmen Ihrer Organisation berichten."))
    umsetzung_bearbeitbar(edition)
    form = UmsetzungForm(_formulardaten(massnahme, eingabe), massnahme=massnahme, edition=edition)
    if not form.is_valid():
        return problem(
            422,
            _("Die Anfrage enthält ungültige Werte; nichts wurde geändert."),
            fehler=_formularfehler(form),
        )
    try:
        einreichung = uuid.UUID(request.headers.get("Idempotency-Key", ""))
    except ValueError:
        einreichung = uuid.uuid4()
    try:
        with transaction.atomic():
            if eingabe.version is not None:
                # Compare and set: the row stays locked until the report is stored.
                gespeichert = Massnahme.objects.select_for_update(of=("self",)).get(pk=massnahme.pk)
                if gespeichert.version != eingabe.version:
                    raise VersionKonflikt(gespeichert)
            bericht = umsetzung_melden(
                massnahme=massnahme,
                eingabe=form.eingabe(),
                user=user,
                sprache=get_language(),
                einreichung=einreichung,
            )
    except VersionKonflikt as konflikt:
        return problem(
            409,
            _(
                "Die Maßnahme wurde inzwischen geändert (Version %(version)s); nichts wurde "
                "geändert. Bitte lesen Sie sie neu."
            )
            % {"version": konflikt.gespeichert.version},
        )
    except UmsetzungFehler as fehler:
        return problem(409, str(fehler))
    massnahme = _massnahme_finden(edition, key)
    freigegeben = bericht.status == bericht.Status.FREIGEGEBEN
    return Status(
        200 if freigegeben else 202,
        {
            "bericht": "freigegeben" if freigegeben else "eingereicht",
            "massnahme": _massnahme(massnahme, mit_umsetzung=True),
        },
    )
