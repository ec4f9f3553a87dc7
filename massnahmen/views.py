import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, get_language_bidi, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from konzept.bearbeitung import (
    ARTEN,
    SCHON_EINGEREICHT,
    SchonEingereicht,
    VersionKonflikt,
    einmal_anlegen,
    historie_schreiben,
    quellsprache,
)
from konzept.begriffe import begriffe
from konzept.forms import AnmeldeForm
from konzept.models import Edition, Kennzahl
from konzept.offene_daten import offen, offen_ausliefern, zuletzt_geaendert
from konzept.pdf import PdfFehler
from konzept.rollen import (
    braucht_zweiten_faktor,
    darf_bearbeiten,
    darf_umsetzung_melden,
    edition_bearbeitbar,
    edition_lesbar,
    ist_ansprechperson,
    nur_koordinierungsstelle,
    organisationen_von,
    umsetzung_bearbeitbar,
)
from konzept.views import gespeichert_antwort
from themenfelder.models import Leitziel

from . import tabellen, tasks
from . import umsetzungsstand as stand
from .forms import (
    AbfrageForm,
    EinladungForm,
    IndikatorForm,
    MassnahmeFilterForm,
    MesswertForm,
    PasswortFestlegenForm,
    StatusForm,
    TabellenImportForm,
    UmsetzungForm,
    UmsetzungsnotizForm,
    VeraltetForm,
)
from .indikatoren import anzeigen as indikator_anzeigen
from .models import (
    Erinnerung,
    Indikator,
    Massnahme,
    Organisation,
    Sachstandsabfrage,
    Sachstandsbericht,
)
from .services import (
    EinladungFehler,
    ImportKonflikt,
    UmsetzungFehler,
    abfrage_erinnern,
    abfrage_eroeffnen,
    abfrage_schliessen,
    ansprechperson_einladen,
    ansprechpersonen_mit_massnahmen,
    bericht_pruefen,
    einladung_annehmen,
    einladung_finden,
    indikator_speichern,
    kennzahlwert_speichern,
    leitziel_messwert_speichern,
    massnahmen_importieren,
    umsetzung_melden,
    umsetzung_speichern,
)
from .umsetzungsbericht import kontext as umsetzungsbericht_kontext
from .umsetzungsbericht import pdf_holen as umsetzungsbericht_pdf_holen
from .verlauf import massnahme_verlauf

MASSNAHMEN_PRO_SEITE = 50


@require_safe
def massnahme_list(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    themenfelder = list(edition.themenfelder.all())
    form = MassnahmeFilterForm(request.GET or None, themenfelder=themenfelder)
    massnahmen = Massnahme.objects.in_edition(edition).fuer_anzeige().in_lesereihenfolge()
    if form.is_bound:
        massnahmen = form.filtern(massnahmen)
    # In pages: a list page costs the same however much the concept holds (issue 20.2).
    seite = Paginator(massnahmen, MASSNAHMEN_PRO_SEITE).get_page(request.GET.get("seite"))
    massnahmen = list(seite)
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
            "massnahmen": massnahmen,
            "seite": seite,
            # The legend only where the list shows an item the migrant council brought in.
            "mit_migrationsvertretung": any(massnahme.ist_kmv for massnahme in massnahmen),
            "themenfelder": themenfelder,
            "mit_pfad": True,
            "aktive_filter": sum(1 for name in form.fields if request.GET.get(name)),
        },
    )
    # The same URL answers with a whole page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def massnahme_detail(request, jahr, key):
    massnahme = get_object_or_404(
        Massnahme.objects.fuer_anzeige(), themenfeld__edition__jahr=jahr, key=key
    )
    edition_lesbar(massnahme.edition, request.user)
    return _detailseite(request, massnahme)


def _detailseite(request, massnahme, *, notiz_form=None, status=200):
    edition = massnahme.edition
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
        **stand.statusverlauf(edition, rtl=get_language_bidi()),
    }
    if darf_bearbeiten(request.user):
        form = VeraltetForm(request.GET or None)
        monate = form.monate_oder_vorgabe()
        seit = stand.monate_vorher(timezone.localdate(), monate)
        veraltet = (
            Massnahme.objects.in_edition(edition)
            .ohne_aktuellen_umsetzungsstand(seit)
            .select_related("themenfeld__edition")
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


@offen
def massnahmen_export(request, jahr, format):
    """All measures of an edition as XLSX or CSV, for whoever may read the edition; those of
    an adopted edition are open data (distributions in its DCAT-AP.de metadata)."""
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
    if not edition.ist_beschlossen:
        # Drafts are for the roles only: no shared cache, no other site may read them.
        response["Cache-Control"] = "private"
        return response
    return offen_ausliefern(request, response, geaendert=zuletzt_geaendert())


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
    """Upload an edited export; answers with what would change, or with what is wrong. On the
    edition in force only its implementation state changes (issue 15.9)."""
    edition = get_object_or_404(Edition, jahr=jahr)
    umsetzung_bearbeitbar(edition)
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
    umsetzung_bearbeitbar(edition)
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
    umsetzung_bearbeitbar(massnahme.edition)
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
    edition = massnahme.edition
    umsetzung_bearbeitbar(edition)
    form = UmsetzungsnotizForm(request.POST)
    if form.is_valid():
        try:
            with einmal_anlegen(request) as angelegt:
                umsetzung_bearbeitbar(edition, sperren=True)
                notiz = form.save(commit=False)
                notiz.massnahme = massnahme
                notiz.autor = request.user
                notiz.sprache = get_language()
                notiz._historie_gebuendelt = True
                notiz.save()
                historie_schreiben(notiz, "+", request.user)
                angelegt.objekt = notiz
        except SchonEingereicht:
            messages.info(request, SCHON_EINGEREICHT)
        else:
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
        raise PermissionDenied(
            _("Sie können nur für die %(massnahmen)s Ihrer Organisation berichten.")
            % {"massnahmen": begriffe()["massnahme"].mehrzahl}
        )
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
            try:
                with einmal_anlegen(request) as angelegt:
                    angelegt.objekt = indikator_speichern(form=form, user=request.user, **eltern)
            except SchonEingereicht:
                messages.info(request, SCHON_EINGEREICHT)
                return redirect(zurueck)
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
        try:
            with einmal_anlegen(request) as angelegt:
                angelegt.objekt = speichern(
                    **{"kennzahl" if art == "kennzahl" else "indikator": objekt},
                    user=request.user,
                    **form.cleaned_data,
                )
        except SchonEingereicht:
            messages.info(request, SCHON_EINGEREICHT)
        else:
            messages.success(request, _("Wert gespeichert."))
        return redirect(zurueck)
    return render(
        request,
        "massnahmen/messwert_form.html",
        {"form": form, "edition": edition, "name": name, "zurueck": zurueck},
        status=422 if form.errors else 200,
    )


# Contact persons and their invitations.


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def ansprechpersonen(request):
    """Organisations with their contact persons; staff invite new ones here."""
    form = EinladungForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        ansprechperson_einladen(
            email=daten["email"],
            vorname=daten["vorname"],
            nachname=daten["nachname"],
            organisationen=daten["organisationen"],
            sprache=daten["sprache"],
            user=request.user,
        )
        messages.success(
            request,
            _("Die Einladung an %(email)s ist unterwegs.") % {"email": daten["email"]},
        )
        return redirect("massnahmen:ansprechpersonen")
    organisationen = Organisation.objects.prefetch_related(
        Prefetch(
            "ansprechpersonen",
            queryset=get_user_model()
            .objects.order_by("last_name", "username")
            .prefetch_related("einladungen"),
        )
    ).annotate(anzahl=Count("federfuehrende_massnahmen"))
    return render(
        request,
        "massnahmen/ansprechpersonen.html",
        {"form": form, "organisationen": organisationen},
        status=422 if form.errors else 200,
    )


@require_POST
@nur_koordinierungsstelle
def einladung_erneut(request, pk):
    person = get_object_or_404(
        get_user_model(), pk=pk, organisationen__isnull=False, is_active=False
    )
    einladung = person.einladungen.filter(angenommen_am__isnull=True).first()
    if einladung is not None:
        transaction.on_commit(lambda: tasks.einladung_senden.enqueue(einladung.pk))
        messages.success(
            request, _("Die Einladung an %(email)s ist unterwegs.") % {"email": person.email}
        )
    return redirect("massnahmen:ansprechpersonen")


@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def einladung_annehmen_view(request, token):
    """The one-time link from the invitation: the contact person chooses a password."""
    try:
        einladung = einladung_finden(token)
    except EinladungFehler as fehler:
        return render(
            request, "massnahmen/einladung_ungueltig.html", {"fehler": str(fehler)}, status=410
        )
    form = PasswortFestlegenForm(einladung.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = einladung_annehmen(token=token, passwort=form.cleaned_data["new_password1"])
        except EinladungFehler as fehler:
            return render(
                request, "massnahmen/einladung_ungueltig.html", {"fehler": str(fehler)}, status=410
            )
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Ihr Passwort ist festgelegt. Willkommen!"))
        return redirect("massnahmen:melden")
    return render(
        request,
        "massnahmen/einladung_annehmen.html",
        {"form": form, "person": einladung.user},
        status=422 if form.errors else 200,
    )


# The report page of a contact person: all their measures on one page.


def _meine_massnahmen(user, edition):
    return list(
        Massnahme.objects.in_edition(edition)
        .geleitet_von(organisationen_von(user), partner=settings.UMSETZUNG_PARTNER_MELDEN)
        .fuer_anzeige()
        .prefetch_related(
            Prefetch("indikatoren_liste", queryset=Indikator.objects.prefetch_related("messwerte"))
        )
    )


def _abfrage_aus(request, edition):
    wert = request.POST.get("abfrage") or request.GET.get("abfrage") or ""
    if not wert.isdigit() or edition is None:
        return None
    return Sachstandsabfrage.objects.filter(pk=int(wert), edition=edition).first()


@require_http_methods(["GET", "POST"])
def melden(request):
    """One page on which a contact person reports on every measure their organisation leads:
    status, note, indicator values, "still current". Works without JavaScript; a session that
    ran out while typing asks to sign in again and then saves what was typed."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _melden_nach_anmeldung(request)
        return redirect_to_login(request.get_full_path())
    user = request.user
    if not (ist_ansprechperson(user) or darf_bearbeiten(user)):
        raise PermissionDenied(_("Diese Seite ist für die Ansprechpersonen der Organisationen."))
    edition = Edition.objects.in_kraft()
    abfrage = _abfrage_aus(request, edition)
    massnahmen = _meine_massnahmen(user, edition) if edition else []
    daten = request.POST if request.method == "POST" else None
    formulare = [
        UmsetzungForm(
            daten,
            prefix=f"m{massnahme.pk}",
            massnahme=massnahme,
            edition=edition,
            indikatoren=massnahme.indikatoren_liste.all(),
        )
        for massnahme in massnahmen
    ]
    status, hinweis = 200, ""
    if request.method == "POST":
        status = 422
        if all(form.is_valid() for form in formulare):
            meldende = [form for form in formulare if form.meldet_etwas()]
            if not meldende:
                hinweis = _(
                    "Sie haben nichts eingetragen. Hat sich nichts geändert, kreuzen Sie bei der "
                    "Maßnahme „noch aktuell“ an."
                )
            else:
                try:
                    with transaction.atomic():
                        berichte = [
                            umsetzung_melden(
                                massnahme=form.massnahme,
                                eingabe=form.eingabe(),
                                user=user,
                                sprache=get_language(),
                                einreichung=_einreichung(request),
                                abfrage=abfrage,
                            )
                            for form in meldende
                        ]
                except (PermissionDenied, UmsetzungFehler) as fehler:
                    hinweis, status = str(fehler), 409
                else:
                    return _gemeldet(request, berichte, abfrage)
    return _meldeseite(request, edition, abfrage, formulare, hinweis, status)


def _gemeldet(request, berichte, abfrage):
    messages.success(
        request,
        ngettext(
            "Danke! %(anzahl)s Bericht ist eingegangen.",
            "Danke! %(anzahl)s Berichte sind eingegangen.",
            len(berichte),
        )
        % {"anzahl": len(berichte)},
    )
    if abfrage is not None and not any(bericht.abfrage_id for bericht in berichte):
        messages.info(
            request,
            _(
                "Die Sachstandsabfrage wurde inzwischen abgeschlossen; Ihre Berichte sind "
                "trotzdem eingegangen und gelten als aktueller Umsetzungsstand."
            ),
        )
    if any(bericht.status == bericht.Status.EINGEREICHT for bericht in berichte):
        messages.info(
            request,
            _("Die Koordinierungsstelle prüft die Berichte, bevor sie veröffentlicht werden."),
        )
    ziel = reverse("massnahmen:melden")
    return redirect(f"{ziel}?abfrage={abfrage.pk}" if abfrage else ziel)


def _meldeseite(request, edition, abfrage, formulare, hinweis="", status=200):
    ids = [form.massnahme.pk for form in formulare]
    berichte = Sachstandsbericht.objects.filter(massnahme__in=ids).order_by("eingereicht_am")
    beantwortet = (
        set(berichte.filter(abfrage=abfrage).values_list("massnahme_id", flat=True))
        if abfrage
        else set()
    )
    wartend = set(berichte.zu_pruefen().values_list("massnahme_id", flat=True))
    seit = stand.monate_vorher(timezone.localdate(), settings.UMSETZUNGSSTAND_VERALTET_MONATE)
    for form in formulare:
        massnahme = form.massnahme
        massnahme.beantwortet = massnahme.pk in beantwortet
        massnahme.wartet = massnahme.pk in wartend
        massnahme.ueberfaellig = massnahme.ist_ueberfaellig()
        letzte = next(iter(massnahme.umsetzungsnotizen.all()), None)
        massnahme.letzte_notiz = letzte
        stand_datum = max(
            filter(None, [letzte.datum if letzte else None, massnahme.bestaetigt_am]),
            default=None,
        )
        massnahme.veraltet = not massnahme.ist_abgeschlossen and (
            stand_datum is None or stand_datum < seit
        )
    return render(
        request,
        "massnahmen/melden.html",
        {
            "edition": edition,
            "abfrage": abfrage,
            "formulare": formulare,
            "hinweis": hinweis,
            "einreichung": _einreichung(request) if request.method == "POST" else uuid.uuid4(),
            "organisationen": Organisation.objects.filter(pk__in=organisationen_von(request.user)),
        },
        status=status,
    )


def _melden_nach_anmeldung(request):
    """The session ran out while a report was typed: the page asks for the password and carries
    every typed value along as hidden fields; signed in, the report is saved as sent."""
    versucht = "anmelden-username" in request.POST
    form = AnmeldeForm(request, data=request.POST if versucht else None, prefix="anmelden")
    if versucht and form.is_valid() and not braucht_zweiten_faktor(form.get_user()):
        login(request, form.get_user())
        return melden(request)
    mitgenommen = [
        (name, wert)
        for name, werte in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "anmelden-username", "anmelden-password")
        for wert in werte
    ]
    return render(
        request,
        "massnahmen/melden_anmelden.html",
        {"form": form, "versucht": versucht, "mitgenommen": mitgenommen},
    )


# Reporting rounds, review, the Umsetzungsbericht.


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def umsetzung_uebersicht(request):
    """Staff's workplace for the plan in force: rounds, reports awaiting review, contact
    persons."""
    edition = Edition.objects.in_kraft()
    form = AbfrageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and edition is not None and form.is_valid():
        try:
            abfrage = abfrage_eroeffnen(edition=edition, user=request.user, **form.cleaned_data)
        except UmsetzungFehler as fehler:
            form.add_error(None, str(fehler))
        else:
            messages.success(
                request,
                _(
                    "Die Sachstandsabfrage ist eröffnet; die Ansprechpersonen werden "
                    "benachrichtigt."
                ),
            )
            return redirect(abfrage)
    berichte = (
        Sachstandsbericht.objects.zu_pruefen()
        .select_related("autor", "abfrage")
        .prefetch_related(Prefetch("massnahme", queryset=Massnahme.objects.mit_edition()))
        .order_by("eingereicht_am")
    )
    return render(
        request,
        "massnahmen/umsetzung_uebersicht.html",
        {
            "edition": edition,
            "form": form,
            "abfragen": edition.sachstandsabfragen.all() if edition else [],
            "berichte": [_bericht_anzeige(bericht) for bericht in berichte],
            "pruefung": settings.UMSETZUNG_PRUEFUNG,
        },
        status=422 if form.errors else 200,
    )


def _bericht_anzeige(bericht):
    """What a report asks to change, in words, for review."""
    daten, zeilen = bericht.daten, []
    if "status" in daten:
        zeilen.append((_("Status"), Massnahme.Status(daten["status"]).label))
    for name, label in (
        ("beginn_tatsaechlich", _("Tatsächlicher Beginn")),
        ("ende_tatsaechlich", _("Tatsächliches Ende")),
    ):
        if name in daten:
            zeilen.append((label, daten[name] or "–"))
    if daten.get("notiz"):
        zeilen.append((_("Umsetzungsnotiz"), daten["notiz"]))
    if daten.get("werte"):
        namen = dict(
            Indikator.objects.filter(pk__in=[int(pk) for pk in daten["werte"]]).values_list(
                "pk", "name"
            )
        )
        for pk, wert in daten["werte"].items():
            zeilen.append((namen.get(int(pk), "?"), wert["wert"]))
    if daten.get("noch_aktuell"):
        zeilen.append((_("Noch aktuell"), _("bestätigt")))
    bericht.zeilen = zeilen
    return bericht


@require_safe
@nur_koordinierungsstelle
def abfrage_detail(request, pk):
    """A round per organisation and measure: answered, open, overdue; remind; close."""
    abfrage = get_object_or_404(Sachstandsabfrage.objects.select_related("edition"), pk=pk)
    beantwortet = set(abfrage.berichte.values_list("massnahme_id", flat=True))
    vorbei = abfrage.frist < timezone.localdate()
    zuordnung = ansprechpersonen_mit_massnahmen(abfrage.edition)
    personen = get_user_model().objects.in_bulk(list(zuordnung))
    erinnert = {}
    for erinnerung in Erinnerung.objects.filter(abfrage=abfrage).order_by("gesendet_am"):
        erinnert[erinnerung.user_id] = erinnerung.gesendet_am
    organisationen = {}
    massnahmen = (
        Massnahme.objects.in_edition(abfrage.edition)
        .mit_edition()
        .select_related("federfuehrung")
        .prefetch_related("federfuehrung__ansprechpersonen")
    )
    for massnahme in massnahmen:
        if massnahme.pk in beantwortet:
            massnahme.abfrage_zustand = "beantwortet"
        else:
            massnahme.abfrage_zustand = "ueberfaellig" if vorbei else "offen"
        organisationen.setdefault(massnahme.federfuehrung, []).append(massnahme)
    zeilen = []
    for organisation, liste in sorted(
        organisationen.items(), key=lambda paar: (paar[0] is None, str(paar[0] or ""))
    ):
        kontakte = [
            {
                "person": person,
                "offen": bool(zuordnung.get(person.pk, set()) - beantwortet),
                "erinnert": erinnert.get(person.pk),
            }
            for person in (organisation.ansprechpersonen.all() if organisation else [])
            if person.pk in personen
        ]
        zeilen.append({"organisation": organisation, "massnahmen": liste, "kontakte": kontakte})
    return render(
        request,
        "massnahmen/abfrage_detail.html",
        {
            "abfrage": abfrage,
            "edition": abfrage.edition,
            "zeilen": zeilen,
            "anzahl_beantwortet": len(beantwortet),
            "vorbei": vorbei,
        },
    )


@require_POST
@nur_koordinierungsstelle
def abfrage_erinnern_view(request, pk, user_pk):
    abfrage = get_object_or_404(Sachstandsabfrage, pk=pk)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    try:
        abfrage_erinnern(abfrage=abfrage, user_id=person.pk)
    except UmsetzungFehler as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(
            request,
            _("Erinnerung an %(name)s ist unterwegs.")
            % {"name": person.get_full_name() or person.email},
        )
    return redirect(abfrage)


@require_POST
@nur_koordinierungsstelle
def abfrage_schliessen_view(request, pk):
    abfrage = get_object_or_404(Sachstandsabfrage, pk=pk)
    try:
        abfrage = abfrage_schliessen(abfrage=abfrage, user=request.user)
    except UmsetzungFehler as fehler:
        messages.error(request, str(fehler))
        return redirect(abfrage)
    messages.success(
        request, _("Die Sachstandsabfrage ist abgeschlossen; der Umsetzungsbericht steht.")
    )
    return redirect("massnahmen:umsetzungsbericht", jahr=abfrage.edition.jahr, pk=abfrage.pk)


@require_POST
@nur_koordinierungsstelle
def bericht_pruefen_view(request, pk):
    bericht = get_object_or_404(Sachstandsbericht, pk=pk)
    entscheidung = request.POST.get("entscheidung")
    if entscheidung not in ("freigeben", "zurueckweisen"):
        messages.error(request, _("Bitte wählen Sie: freigeben oder zurückweisen."))
        return redirect("massnahmen:umsetzung_uebersicht")
    try:
        bericht_pruefen(bericht=bericht, user=request.user, freigeben=entscheidung == "freigeben")
    except (UmsetzungFehler, PermissionDenied) as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(
            request,
            _("Bericht freigegeben und veröffentlicht.")
            if entscheidung == "freigeben"
            else _("Bericht zurückgewiesen."),
        )
    return redirect(request.POST.get("zurueck") or "massnahmen:umsetzung_uebersicht")


def _geschlossene_abfrage(request, jahr, pk):
    abfrage = get_object_or_404(
        Sachstandsabfrage.objects.select_related("edition"),
        pk=pk,
        edition__jahr=jahr,
        geschlossen_am__isnull=False,
    )
    edition_lesbar(abfrage.edition, request.user)
    return abfrage


@require_safe
def umsetzungsbericht(request, jahr, pk):
    """The dated snapshot of a closed round, for everyone who may read the edition."""
    abfrage = _geschlossene_abfrage(request, jahr, pk)
    return render(
        request,
        "massnahmen/umsetzungsbericht.html",
        umsetzungsbericht_kontext(abfrage, get_language()),
    )


@require_safe
def umsetzungsbericht_pdf(request, jahr, pk):
    abfrage = _geschlossene_abfrage(request, jahr, pk)
    try:
        pfad, name = umsetzungsbericht_pdf_holen(abfrage, get_language())
    except PdfFehler as fehler:
        return render(
            request,
            "konzept/pdf_fehler.html",
            {"edition": abfrage.edition, "fehler": str(fehler)},
            status=503,
        )
    return FileResponse(open(pfad, "rb"), filename=name, as_attachment=False)
