import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, get_language_bidi, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from konzept.bearbeitung import (
    ARTEN,
    VersionKonflikt,
    historie_schreiben,
    quellsprache,
)
from konzept.models import Edition, Kennzahl
from konzept.rollen import (
    darf_bearbeiten,
    darf_umsetzung_melden,
    edition_bearbeitbar,
    edition_lesbar,
    nur_koordinierungsstelle,
    umsetzung_bearbeitbar,
)
from konzept.views import gespeichert_antwort
from themenfelder.models import Leitziel

from . import tabellen
from . import umsetzungsstand as stand
from .forms import (
    IndikatorForm,
    MassnahmeFilterForm,
    MesswertForm,
    StatusForm,
    TabellenImportForm,
    UmsetzungForm,
    UmsetzungsnotizForm,
    VeraltetForm,
)
from .indikatoren import anzeigen as indikator_anzeigen
from .models import Indikator, Massnahme
from .services import (
    ImportKonflikt,
    UmsetzungFehler,
    indikator_speichern,
    kennzahlwert_speichern,
    leitziel_messwert_speichern,
    massnahmen_importieren,
    umsetzung_melden,
    umsetzung_speichern,
)
from .verlauf import massnahme_verlauf


@require_safe
def massnahme_list(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    themenfelder = list(edition.themenfelder.all())
    form = MassnahmeFilterForm(request.GET or None, themenfelder=themenfelder)
    massnahmen = Massnahme.objects.in_edition(edition).fuer_anzeige()
    if form.is_bound:
        massnahmen = form.filtern(massnahmen)
    template_name = "massnahmen/massnahme_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#liste"
    response = render(
        request,
        template_name,
        {
            "edition": edition,
            "form": form,
            "navigation": "massnahmen",
            "massnahmen": list(massnahmen),
            "themenfelder": themenfelder,
            "mit_pfad": True,
        },
    )
    # The same URL answers with a whole page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def massnahme_detail(request, jahr, key):
    massnahme = get_object_or_404(
        Massnahme.objects.fuer_anzeige(), teilziel__themenfeld__edition__jahr=jahr, key=key
    )
    edition_lesbar(massnahme.themenfeld.edition, request.user)
    return _detailseite(request, massnahme)


def _detailseite(request, massnahme, *, notiz_form=None, status=200):
    edition = massnahme.themenfeld.edition
    kontext = {
        "edition": edition,
        "massnahme": massnahme,
        "notiz_form": notiz_form or UmsetzungsnotizForm(),
        "ueberfaellig": massnahme.ist_ueberfaellig(),
        "verlauf": massnahme_verlauf(massnahme),
        "indikatoren": indikator_anzeigen(
            massnahme.indikatoren_liste.prefetch_related("messwerte"), rtl=get_language_bidi()
        ),
        "darf_melden": edition.umsetzung_offen and darf_umsetzung_melden(request.user, massnahme),
    }
    return render(request, "massnahmen/massnahme_detail.html", kontext, status=status)


VERALTET_PRO_SEITE = 50


@require_safe
def umsetzungsstand(request, jahr):
    """How far the edition has come: public for adopted editions, with a to-do list for staff."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    kontext = {
        "edition": edition,
        "navigation": "umsetzungsstand",
        **stand.zahlen(edition, rtl=get_language_bidi()),
    }
    if darf_bearbeiten(request.user):
        form = VeraltetForm(request.GET or None)
        monate = form.monate_oder_vorgabe()
        seit = stand.monate_vorher(timezone.localdate(), monate)
        veraltet = (
            Massnahme.objects.in_edition(edition)
            .ohne_aktuellen_umsetzungsstand(seit)
            .select_related("teilziel__themenfeld__edition")
        )
        # A to-do list in pages, oldest first: the page stays as fast with many measures.
        seite = Paginator(veraltet, VERALTET_PRO_SEITE).get_page(request.GET.get("seite"))
        kontext |= {
            "ueberfaellig": list(
                Massnahme.objects.in_edition(edition).ueberfaellig().mit_edition()[:200]
            ),
            "veraltet_form": form,
            "monate": monate,
            "seit": seit,
            "veraltet": seite,
            "veraltet_abfrage": urlencode({"monate": monate}),
        }
    return render(request, "massnahmen/umsetzungsstand.html", kontext)


@require_safe
def massnahmen_export(request, jahr, format):
    """All measures of an edition as XLSX or CSV, for whoever may read the edition."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    if format == "xlsx":
        inhalt, typ = tabellen.export_xlsx(edition), tabellen.XLSX_TYP
    else:
        inhalt = tabellen.csv_datei(*tabellen.export_zeilen(edition))
        typ = "text/csv; charset=utf-8"
    response = HttpResponse(inhalt, content_type=typ)
    dateiname = f"integrationskonzept-{edition.jahr}-massnahmen.{format}"
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return response


IMPORT_SALZ = "massnahmen.tabellenimport"
# How long a preview may be confirmed.
IMPORT_GUELTIG_SEKUNDEN = 60 * 60


def _import_seite(request, edition, status=200, **kontext):
    kontext.setdefault("form", TabellenImportForm())
    return render(
        request,
        "massnahmen/massnahme_import.html",
        {"edition": edition, "max_zeilen": tabellen.MAX_ZEILEN, **kontext},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def massnahmen_import(request, jahr):
    """Upload an edited export; answers with what would change, or with what is wrong."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_bearbeitbar(edition)
    if request.method == "GET":
        return _import_seite(request, edition)
    form = TabellenImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_seite(request, edition, status=422, form=form)
    try:
        bericht = tabellen.import_pruefen(edition, form.cleaned_data["datei"].read())
    except tabellen.ImportFehler as fehler:
        return _import_seite(request, edition, status=422, fehler=str(fehler))
    if bericht.abgelehnt:
        return _import_seite(request, edition, status=422, bericht=bericht)
    if not bericht.plan:
        return _import_seite(request, edition, bericht=bericht)
    plan = [
        {"key": zeile.massnahme.key, "version": zeile.version, "werte": zeile.werte}
        for zeile in bericht.plan
    ]
    # The confirmation carries exactly this plan, signed: what is applied is what was shown.
    bestaetigung = signing.dumps(
        {"edition": edition.pk, "user": request.user.pk, "plan": plan},
        salt=IMPORT_SALZ,
        compress=True,
    )
    return _import_seite(request, edition, bericht=bericht, bestaetigung=bestaetigung)


@require_POST
@nur_koordinierungsstelle
def massnahmen_import_uebernehmen(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_bearbeitbar(edition)
    try:
        daten = signing.loads(
            request.POST.get("plan", ""), salt=IMPORT_SALZ, max_age=IMPORT_GUELTIG_SEKUNDEN
        )
        if daten["edition"] != edition.pk or daten["user"] != request.user.pk:
            raise signing.BadSignature
    except (signing.BadSignature, KeyError, TypeError):
        fehler = _(
            "Die Vorschau ist abgelaufen oder gehört nicht zu dieser Ausgabe; nichts wurde "
            "geändert. Bitte laden Sie die Tabelle erneut hoch."
        )
        return _import_seite(request, edition, status=400, fehler=fehler)
    try:
        anzahl = massnahmen_importieren(
            edition=edition, plan=daten["plan"], user=request.user, sprache=get_language()
        )
    except ImportKonflikt as konflikt:
        return _import_seite(request, edition, status=409, fehler=str(konflikt))
    messages.success(
        request,
        ngettext(
            "Tabelle übernommen: %(anzahl)s Maßnahme geändert.",
            "Tabelle übernommen: %(anzahl)s Maßnahmen geändert.",
            anzahl,
        )
        % {"anzahl": anzahl},
    )
    return redirect("massnahmen:massnahme_list", jahr=edition.jahr)


def _zurueck(request, massnahme):
    ziel = request.POST.get("next", "")
    # A path on this site only: redirect() would take a bare word for a view name.
    if ziel.startswith("/") and url_has_allowed_host_and_scheme(
        ziel, {request.get_host()}, request.is_secure()
    ):
        return ziel
    return massnahme.get_absolute_url()


@require_POST
@nur_koordinierungsstelle
def status_aendern(request, pk):
    """One click from the field page or the list: the status and nothing else. Part of the
    implementation state: live on drafts and on the edition in force."""
    massnahme = get_object_or_404(Massnahme, pk=pk)
    umsetzung_bearbeitbar(massnahme.themenfeld.edition)
    art = ARTEN["massnahme"]
    with quellsprache():
        form = StatusForm(request.POST, instance=massnahme)
        gueltig = form.is_valid()
    erfolg = False
    if not gueltig:
        meldung = _("Dieser Status ist nicht vorgesehen; nichts wurde geändert.")
    else:
        try:
            umsetzung_speichern(
                massnahme=massnahme,
                eingabe={"status": form.cleaned_data["status"]},
                user=request.user,
                sprache=get_language(),
                version=form.cleaned_data["version"],
            )
        except VersionKonflikt:
            meldung = _(
                "Die Maßnahme wurde inzwischen von jemand anderem geändert; der Status wurde "
                "nicht gespeichert. Bitte prüfen Sie den aktuellen Stand."
            )
        else:
            erfolg = True
            meldung = _("Status gespeichert: %(status)s") % {
                "status": massnahme.get_status_display()
            }
    if request.htmx:
        return gespeichert_antwort(request, art, Massnahme.objects.get(pk=pk), meldung)
    (messages.success if erfolg else messages.error)(request, meldung)
    return redirect(_zurueck(request, massnahme))


@require_POST
@nur_koordinierungsstelle
def umsetzungsstand_hinzufuegen(request, pk):
    massnahme = get_object_or_404(Massnahme.objects.fuer_anzeige(), pk=pk)
    edition = massnahme.themenfeld.edition
    umsetzung_bearbeitbar(edition)
    form = UmsetzungsnotizForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            umsetzung_bearbeitbar(edition, sperren=True)
            notiz = form.save(commit=False)
            notiz.massnahme = massnahme
            notiz.autor = request.user
            notiz.sprache = get_language()
            notiz._historie_gebuendelt = True
            notiz.save()
            historie_schreiben(notiz, "+", request.user)
        messages.success(request, _("Umsetzungsnotiz gespeichert."))
        return redirect(f"{massnahme.get_absolute_url()}#umsetzungsstand")
    return _detailseite(request, massnahme, notiz_form=form, status=422)


@require_http_methods(["GET", "POST"])
def umsetzung_bearbeiten(request, pk):
    """The implementation state of one measure: staff save it at once; a contact person of the
    leading organisation reports it (public after review, see UMSETZUNG_PRUEFUNG)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    massnahme = get_object_or_404(Massnahme.objects.fuer_anzeige(), pk=pk)
    edition = massnahme.themenfeld.edition
    if not darf_umsetzung_melden(request.user, massnahme):
        raise PermissionDenied(_("Sie können nur für die Maßnahmen Ihrer Organisation berichten."))
    umsetzung_bearbeitbar(edition)
    form = UmsetzungForm(
        request.POST if request.method == "POST" else None, massnahme=massnahme, edition=edition
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                bericht = umsetzung_melden(
                    massnahme=massnahme,
                    eingabe=form.eingabe(),
                    user=request.user,
                    sprache=get_language(),
                    einreichung=_einreichung(request),
                )
            except (UmsetzungFehler, PermissionDenied) as fehler:
                form.add_error(None, str(fehler))
                status = 409
            else:
                messages.success(request, _bericht_meldung(bericht))
                return redirect(f"{massnahme.get_absolute_url()}#umsetzungsstand")
    return render(
        request,
        "massnahmen/umsetzung_form.html",
        {"edition": edition, "massnahme": massnahme, "form": form, "einreichung": uuid.uuid4()},
        status=status,
    )


def _einreichung(request) -> uuid.UUID:
    """The submission id a form carries (the same form sent twice is stored once)."""
    try:
        return uuid.UUID(request.POST.get("einreichung", ""))
    except ValueError:
        return uuid.uuid4()


def _bericht_meldung(bericht) -> str:
    if bericht.status == bericht.Status.FREIGEGEBEN:
        return _("Umsetzungsstand gespeichert.")
    return _(
        "Danke! Ihr Bericht ist eingegangen und wird nach der Prüfung durch die "
        "Koordinierungsstelle veröffentlicht."
    )


# Indicators: their definition is agreed content (drafts); their values implementation state.


def _indikator_bezug(art, pk):
    if art == "massnahme":
        objekt = get_object_or_404(Massnahme.objects.mit_edition(), pk=pk)
        return objekt, {"massnahme": objekt}, objekt.get_absolute_url()
    if art == "leitziel":
        objekt = get_object_or_404(Leitziel.objects.select_related("themenfeld__edition"), pk=pk)
        return objekt, {"leitziel": objekt}, objekt.themenfeld.get_absolute_url()
    raise Http404


def _indikator_seite(request, form, edition, bezug, zurueck, indikator=None, status=200):
    return render(
        request,
        "massnahmen/indikator_form.html",
        {
            "form": form,
            "edition": edition,
            "bezug": bezug,
            "zurueck": zurueck,
            "indikator": indikator,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def indikator_anlegen(request, art, pk):
    bezug, eltern, zurueck = _indikator_bezug(art, pk)
    edition = bezug.themenfeld.edition
    edition_bearbeitbar(edition)
    with quellsprache():
        form = IndikatorForm(request.POST if request.method == "POST" else None)
        gueltig = request.method == "POST" and form.is_valid()
        if gueltig:
            indikator_speichern(form=form, user=request.user, **eltern)
    if gueltig:
        messages.success(request, _("Indikator angelegt."))
        return redirect(zurueck)
    status = 422 if request.method == "POST" else 200
    return _indikator_seite(request, form, edition, bezug, zurueck, status=status)


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def indikator_bearbeiten(request, pk):
    indikator = get_object_or_404(Indikator, pk=pk)
    bezug, _eltern, zurueck = _indikator_bezug(
        "massnahme" if indikator.massnahme_id else "leitziel",
        indikator.massnahme_id or indikator.leitziel_id,
    )
    edition = bezug.themenfeld.edition
    edition_bearbeitbar(edition)
    if request.method == "POST" and request.POST.get("loeschen"):
        indikator._history_user = request.user
        indikator.delete()
        messages.success(request, _("Indikator gelöscht."))
        return redirect(zurueck)
    with quellsprache():
        form = IndikatorForm(request.POST if request.method == "POST" else None, instance=indikator)
        gueltig = request.method == "POST" and form.is_valid()
        if gueltig:
            indikator_speichern(form=form, user=request.user)
    if gueltig:
        messages.success(request, _("Gespeichert"))
        return redirect(zurueck)
    status = 422 if request.method == "POST" else 200
    return _indikator_seite(request, form, edition, bezug, zurueck, indikator, status=status)


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def messwert_erfassen(request, art, pk):
    """A value of an indicator (of a goal or a measure) or of a key figure of the edition."""
    if art == "indikator":
        objekt = get_object_or_404(Indikator, pk=pk)
        bezug, _eltern, zurueck = _indikator_bezug(
            "massnahme" if objekt.massnahme_id else "leitziel",
            objekt.massnahme_id or objekt.leitziel_id,
        )
        edition, name = bezug.themenfeld.edition, objekt.name
    elif art == "kennzahl":
        objekt = get_object_or_404(Kennzahl.objects.select_related("edition"), pk=pk)
        edition, name = objekt.edition, objekt.bezeichnung
        zurueck = f"{edition.get_absolute_url()}#kennzahl-{objekt.pk}"
    else:
        raise Http404
    umsetzung_bearbeitbar(edition)
    form = MesswertForm(request.POST if request.method == "POST" else None, edition=edition)
    if request.method == "POST" and form.is_valid():
        speichern = kennzahlwert_speichern if art == "kennzahl" else leitziel_messwert_speichern
        speichern(
            **{"kennzahl" if art == "kennzahl" else "indikator": objekt},
            user=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("Wert gespeichert."))
        return redirect(zurueck)
    return render(
        request,
        "massnahmen/messwert_form.html",
        {"form": form, "edition": edition, "name": name, "zurueck": zurueck},
        status=422 if form.errors else 200,
    )
