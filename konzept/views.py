import datetime
import functools
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core import signing
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language

from beteiligung.models import Beteiligungsformat, Gremium
from massnahmen.bilanz import laufzeit_bilanz
from massnahmen.forms import TabellenImportForm
from massnahmen.models import Massnahme
from massnahmen.tabellen import XLSX_TYP, ImportFehler
from themenfelder.models import Leitziel, Teilziel, Themenfeld

from . import arbeitsplatz as werkstatt
from . import maschinell, oidc, uebersetzung, vorlage
from . import suche as volltext
from . import tasks as aufgaben
from .anmeldung import zweiter_faktor_weiterleitung
from .bearbeitung import (
    ARTEN,
    SCHON_EINGEREICHT,
    SchonEingereicht,
    VersionKonflikt,
    WiederherstellenFehler,
    aenderungen,
    art_von,
    edition_id_aus_historie,
    einmal_anlegen,
    element_anlegen,
    element_loeschen,
    element_speichern,
    element_verschieben,
    element_wiederherstellen,
    geloeschte,
    quellsprache,
)
from .forms import (
    AnmeldeForm,
    FortschreibungForm,
    PruefauswahlForm,
    PruefbestaetigungForm,
    SuchForm,
    UebersetzungForm,
    XliffImportForm,
)
from .models import (
    Edition,
    Kennzahl,
    Profil,
    Rechtsgrundlage,
    Seite,
    Uebersetzungsstatus,
    andere_sprachen,
)
from .offene_daten import (
    RDF_FORMATE,
    SCHEMA_DATEI,
    dcat_datensatz,
    dcat_katalog,
    offen,
    offen_ausliefern,
    offene_daten,
    schema,
    zuletzt_geaendert,
)
from .pdf import PdfFehler, pdf_oeffnen
from .rollen import (
    darf_bearbeiten,
    darf_entwuerfe_lesen,
    edition_bearbeitbar,
    edition_lesbar,
    nur_koordinierungsstelle,
)
from .services import EditionFehler, edition_fortschreiben, edition_status_aendern
from .vergleich import vergleichen


@require_safe
def startseite(request):
    """The public lands on the edition it reads; a signed-in role on its task (issue 17.2)."""
    edition = Edition.objects.aktuell()
    if edition is None:
        return render(request, "konzept/leer.html")
    # German needs no prefix; a reader who chose another language before lands in it, and a
    # first visit (no choice made) follows the browser's languages (Accept-Language).
    gewaehlt = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if gewaehlt not in dict(settings.LANGUAGES):
        gewaehlt = translation.get_language_from_request(request)
    if translation.get_language() != settings.LANGUAGE_CODE or gewaehlt == settings.LANGUAGE_CODE:
        gewaehlt = translation.get_language()
    with translation.override(gewaehlt):
        response = redirect(werkstatt.landeziel(request.user) or edition.get_absolute_url())
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_safe
@nur_koordinierungsstelle
def arbeitsplatz(request):
    """Staff's workspace: their draft and what waits for them, each with its page."""
    return render(
        request,
        "konzept/arbeitsplatz.html",
        {"navigation": "arbeitsplatz", **werkstatt.arbeitsplatz()},
    )


@require_safe
def edition_detail(request, jahr):
    edition = get_object_or_404(Edition.objects.defer(*andere_sprachen(Edition)), jahr=jahr)
    edition_lesbar(edition, request.user)
    return _edition_seite(request, edition)


def _edition_seite(request, edition, fortschreibung_form=None, status=200):
    """The page of an edition; after a wrong year for the next edition with that year and its
    error next to the field."""
    return render(
        request,
        "konzept/edition_detail.html",
        {
            "edition": edition,
            "navigation": "edition",
            "kennzahlen": edition.kennzahlen.defer(*andere_sprachen(Kennzahl)).prefetch_related(
                "zeitreihe"
            ),
            "rechtsgrundlagen": edition.rechtsgrundlagen.defer(*andere_sprachen(Rechtsgrundlage)),
            "beteiligungsformate": edition.beteiligungsformate.defer(
                *andere_sprachen(Beteiligungsformat)
            ),
            # Ordered by their own columns: the models' orderings begin with the edition,
            # which would join it for nothing here (issue 20.3).
            "stellungnahmen": edition.stellungnahmen.order_by("-datum"),
            "beschluesse": edition.beschluesse.select_related("gremium")
            .defer(*andere_sprachen(Gremium, "gremium__"))
            .order_by("datum", "pk"),
            "beschliessendes_gremium": Gremium.objects.filter(beschliesst=True).first()
            if darf_bearbeiten(request.user)
            else None,
            "bearbeitbar": darf_bearbeiten(request.user) and not edition.ist_beschlossen,
            "themenfelder": edition.themenfelder.defer(*andere_sprachen(Themenfeld)).mit_zahlen(),
            "offene_daten_lizenz": settings.OFFENE_DATEN_LIZENZ,
            "andere_editionen": [
                andere
                for andere in Edition.objects.exclude(pk=edition.pk)
                .defer(*Edition.lange_texte(), *andere_sprachen(Edition))
                .order_by("-jahr")
                if andere.ist_beschlossen or darf_entwuerfe_lesen(request.user)
            ],
            "nachfolger": Edition.objects.filter(vorgaenger=edition).first()
            if darf_bearbeiten(request.user)
            else None,
            "fortschreibung_form": fortschreibung_form
            or (FortschreibungForm(vorgaenger=edition) if darf_bearbeiten(request.user) else None),
        },
        status=status,
    )


@require_safe
def edition_list(request):
    """All editions with their status and decisions; drafts only for the roles."""
    editionen = [
        edition
        for edition in Edition.objects.prefetch_related("beschluesse__gremium").order_by("-jahr")
        if edition.ist_beschlossen or darf_entwuerfe_lesen(request.user)
    ]
    return render(request, "konzept/edition_list.html", {"editionen": editionen})


@require_safe
def edition_vergleich(request, jahr):
    """What changed since the predecessor."""
    edition = get_object_or_404(Edition.objects.select_related("vorgaenger"), jahr=jahr)
    edition_lesbar(edition, request.user)
    if edition.vorgaenger is None:
        raise Http404
    return render(
        request,
        "konzept/edition_vergleich.html",
        {
            "edition": edition,
            **vergleichen(edition),
            "bilanz": laufzeit_bilanz(edition.vorgaenger, rtl=translation.get_language_bidi()),
        },
    )


@offen
def edition_pdf(request, jahr):
    """The edition as a PDF in the reader's language, for the Kreistag and for reading; an
    adopted edition's PDF is open data (a distribution in its DCAT-AP.de metadata)."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    sprache = translation.get_language()
    try:
        # Staff check what they changed; everyone else may get a rendering minutes old.
        pdf, datei = pdf_oeffnen(
            edition=edition, sprache=sprache, frisch=darf_bearbeiten(request.user)
        )
    except PdfFehler as fehler:
        return render(
            request,
            "konzept/pdf_fehler.html",
            {"edition": edition, "fehler": str(fehler)},
            status=503,
        )
    # FileResponse closes the file once it is sent.
    response = FileResponse(datei, filename=pdf.dateiname, as_attachment=False)
    if not edition.ist_beschlossen:
        # Drafts are for the roles only; no shared cache may keep them.
        response["Cache-Control"] = "private"
        return response
    response["Cache-Control"] = "public, max-age=300"
    # The file is named after a fingerprint of everything in it: the ETag, without reading it.
    response["ETag"] = f'"{pdf.pfad.stem}"'
    erstellt = datetime.datetime.fromtimestamp(os.fstat(datei.fileno()).st_mtime, tz=datetime.UTC)
    antwort = offen_ausliefern(request, response, geaendert=erstellt)
    if antwort is not response:
        # Only the file: closing the unsent response would signal the end of the request.
        datei.close()
    return antwort


def _beschlossene_edition(jahr) -> Edition:
    """Open data exist for adopted editions only: a draft is not found, for everybody."""
    edition = get_object_or_404(Edition.objects.select_related("vorgaenger"), jahr=jahr)
    if not edition.ist_beschlossen:
        raise Http404
    return edition


@offen
def offene_daten_json(request, jahr):
    """An adopted edition as open data (JSON, all languages); drafts are not published."""
    edition = _beschlossene_edition(jahr)
    # One document for every language it is asked in: addresses without a language prefix.
    with translation.override(settings.LANGUAGE_CODE):
        daten = offene_daten(edition, adresse=request.build_absolute_uri)
        schema_url = request.build_absolute_uri(reverse("konzept:offene_daten_schema"))
    response = JsonResponse(daten, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="integrationskonzept-{jahr}.json"'
    # How a JSON document names its schema over HTTP (JSON Schema 2020-12, section 9.5.1).
    response["Link"] = f'<{schema_url}>; rel="describedby"'
    return offen_ausliefern(request, response, geaendert=zuletzt_geaendert())


@offen
def offene_daten_schema(request):
    """The schema of the JSON, at a stable address, with that address as its `$id`."""
    with translation.override(settings.LANGUAGE_CODE):
        inhalt = schema(adresse=request.build_absolute_uri)
    response = JsonResponse(
        inhalt,
        content_type="application/schema+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return offen_ausliefern(request, response, geaendert=_datei_geaendert(SCHEMA_DATEI))


def _datei_geaendert(pfad):
    return datetime.datetime.fromtimestamp(pfad.stat().st_mtime, tz=datetime.UTC)


def _rdf_antwort(request, inhalt: bytes, format: str, dateiname: str):
    response = HttpResponse(inhalt, content_type=RDF_FORMATE[format][1])
    response["Content-Disposition"] = f'inline; filename="{dateiname}.{format}"'
    return offen_ausliefern(request, response, geaendert=zuletzt_geaendert())


@offen
def offene_daten_dcat(request, jahr, format):
    """An adopted edition's DCAT-AP.de metadata: the dataset and its distributions."""
    edition = _beschlossene_edition(jahr)
    with translation.override(settings.LANGUAGE_CODE):
        inhalt = dcat_datensatz(edition, adresse=request.build_absolute_uri, format=format)
    return _rdf_antwort(request, inhalt, format, f"integrationskonzept-{jahr}-dcat")


@offen
def offene_daten_katalog(request, format):
    """The DCAT-AP.de catalogue of all adopted editions, for open-data portals to harvest."""
    with translation.override(settings.LANGUAGE_CODE):
        inhalt = dcat_katalog(adresse=request.build_absolute_uri, format=format)
    return _rdf_antwort(request, inhalt, format, "integrationskonzept-katalog")


def _seitenzahl(request) -> int:
    try:
        return max(1, int(request.GET.get("seite", "1")))
    except ValueError:
        return 1


def _seite_der_treffer(gruppe):
    """The page of one kind's hits, for the page links: a paginator over their count (the hits
    themselves are read page by page)."""
    seiten = Paginator(range(gruppe.gesamt), volltext.PRO_ART)
    return seiten.get_page(gruppe.beginn // volltext.PRO_ART + 1)


@require_safe
def suche(request, jahr=None):
    """Results for the header's search box, in the edition the reader is in (else the current)."""
    if jahr is None:
        edition = Edition.objects.aktuell()
        if edition is None:
            raise Http404
    else:
        edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    form = SuchForm(request.GET or None)
    gruppen = seite = None
    # One kind's hits in pages (issue 20.2); an unknown kind or page shows the first.
    art = request.GET.get("art") if request.GET.get("art") in volltext.ART_NAMEN else None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        suche = functools.partial(
            volltext.suchen,
            edition=edition,
            text=form.cleaned_data["q"],
            sprache=translation.get_language(),
            art=art,
        )
        gruppen = suche(seite=_seitenzahl(request))
        if art:
            if not gruppen[0].treffer and _seitenzahl(request) > 1:
                # Behind the last page: the last page, as every other list does.
                gesamt = suche(seite=1)[0].gesamt
                gruppen = suche(seite=max(1, -(-gesamt // volltext.PRO_ART)))
            seite = _seite_der_treffer(gruppen[0])
    return render(
        request,
        "konzept/suche.html",
        {
            "edition": edition,
            "form": form,
            "gruppen": gruppen,
            "gesamt": sum(gruppe.gesamt for gruppe in gruppen or []),
            "suchbegriff": form["q"].value() or "",
            "art": art,
            "seite": seite,
        },
        status=422 if form.errors else 200,
    )


@require_safe
def seite_detail(request, art):
    seite = get_object_or_404(Seite.objects.prefetch_related("abschnitte", "barrieren"), art=art)
    return render(request, "konzept/seite_detail.html", {"seite": seite})


@require_POST
@nur_koordinierungsstelle
def edition_fortschreiben_view(request, jahr):
    vorgaenger = get_object_or_404(Edition, jahr=jahr)
    # Without a year (an older form, a plain button): two years on.
    form = FortschreibungForm(
        request.POST if "jahr" in request.POST else None, vorgaenger=vorgaenger
    )
    if form.is_bound and not form.is_valid():
        return _edition_seite(request, vorgaenger, fortschreibung_form=form, status=400)
    neues_jahr = form.cleaned_data["jahr"] if form.is_bound else form.initial["jahr"]
    try:
        edition = edition_fortschreiben(vorgaenger=vorgaenger, jahr=neues_jahr, user=request.user)
    except EditionFehler as fehler:
        messages.error(request, str(fehler))
        return redirect(vorgaenger)
    messages.success(
        request,
        _("Der Entwurf %(jahr)s ist angelegt: eine vollständige Kopie der Ausgabe %(alt)s.")
        % {"jahr": edition.jahr, "alt": vorgaenger.jahr},
    )
    return redirect(edition)


def _schritt_folgen(edition, status) -> tuple[str, str, list[str]]:
    """Question, button and consequences of a procedure step, said before it is taken."""
    S = Edition.Status
    jahr = edition.jahr
    if status == edition.voriger_status:
        return (
            _("Die Ausgabe %(jahr)s wirklich einen Schritt zurücksetzen?") % {"jahr": jahr},
            _("Ja, einen Schritt zurück"),
            [
                _("Die Ausgabe steht danach wieder im Schritt „%(status)s“.")
                % {"status": S(status).label},
                _("Die Begründung wird in der Historie der Ausgabe festgehalten."),
            ],
        )
    if status == S.BETEILIGUNG:
        return (
            _("Die Ausgabe %(jahr)s wirklich in die Beteiligung geben?") % {"jahr": jahr},
            _("Ja, weiter zur Beteiligung"),
            [
                _(
                    "Der Entwurf steht danach im Schritt „Beteiligung“: in einer erfassten "
                    "Beteiligungsphase können die Beteiligten ihn kommentieren."
                ),
                _("Der Text bleibt bearbeitbar; ein Schritt zurück ist mit Begründung möglich."),
            ],
        )
    return (
        _("Die Ausgabe %(jahr)s wirklich zur Beratung in die Gremien geben?") % {"jahr": jahr},
        _("Ja, weiter zur Beratung"),
        [
            _("Der Entwurf steht danach im Schritt „Beratung“ in den Gremien."),
            _(
                "Beschlossen und eingefroren wird die Ausgabe erst, wenn der annehmende "
                "Beschluss erfasst ist."
            ),
            _("Ein Schritt zurück ist mit Begründung möglich."),
        ],
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def edition_status(request, jahr):
    """One step along the workflow Entwurf → Beteiligung → Beratung; back with a reason.

    GET asks first and says what the step does; the POST takes it (issue 17.4)."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_bearbeitbar(edition)
    if request.method == "GET":
        status = request.GET.get("status") or edition.naechster_status or ""
        grund = request.GET.get("grund", "").strip()[:300]
        fehler = None
        if status not in (edition.naechster_status, edition.voriger_status) or not status:
            fehler = _("Von „%(von)s“ aus gibt es diesen Schritt nicht.") % {
                "von": edition.get_status_display()
            }
        elif status == edition.voriger_status and not grund:
            fehler = _("Ein Schritt zurück braucht eine Begründung.")
        if fehler:
            messages.error(request, fehler)
            return redirect(edition)
        frage, knopf, folgen = _schritt_folgen(edition, status)
        return render(
            request,
            "konzept/bestaetigen.html",
            {
                "edition": edition,
                "frage": frage,
                "knopf": knopf,
                "folgen": folgen,
                "aktion": reverse("konzept:edition_status", kwargs={"jahr": edition.jahr}),
                # The state the page showed travels along: the step is refused where the
                # edition moved meanwhile (issue 14.7).
                "felder": [
                    ("status", status),
                    ("von", request.GET.get("von") or edition.status),
                    ("grund", grund),
                ],
                "zurueck": edition.get_absolute_url(),
            },
        )
    zurueck = request.POST.get("status", "") == edition.voriger_status
    try:
        edition_status_aendern(
            edition=edition,
            status=request.POST.get("status", ""),
            grund=request.POST.get("grund", ""),
            user=request.user,
            von=request.POST.get("von", ""),
        )
    except EditionFehler as fehler:
        messages.error(request, str(fehler))
    else:
        werte = {"jahr": edition.jahr, "status": edition.get_status_display()}
        if zurueck:
            meldung = _(
                "Die Ausgabe %(jahr)s ist einen Schritt zurückgesetzt und steht jetzt im "
                "Schritt „%(status)s“; die Begründung steht in der Historie."
            )
        else:
            meldung = _(
                "Die Ausgabe %(jahr)s steht jetzt im Schritt „%(status)s“; sie bleibt "
                "bearbeitbar, bis der annehmende Beschluss erfasst ist."
            )
        messages.success(request, meldung % werte)
    return redirect(edition)


# Editing: one set of views for every kind of item (see konzept/bearbeitung.py).


def _art(name):
    if name not in ARTEN:
        raise Http404
    return ARTEN[name]


def _fuer_anzeige(art, pk):
    """The item with everything its display partial shows, in a fixed number of queries."""
    querysets = {
        "massnahme": Massnahme.objects.fuer_anzeige(),
        # `karten`: the measures under it, as its field's page names them.
        "teilziel": Teilziel.objects.prefetch_related(
            "herkunft__art",
            Prefetch("massnahmen", queryset=Massnahme.objects.fuer_anzeige(), to_attr="karten"),
        ),
        "leitziel": Leitziel.objects.prefetch_related("herkunft__art"),
    }
    return get_object_or_404(querysets.get(art.name, art.model.objects), pk=pk)


def _fragment(request, template_name):
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template_name}#fragment"
    return template_name


def _antwort(response):
    patch_vary_headers(response, ["HX-Request"])
    return response


def _am_rand(art, instanz) -> tuple[bool, bool]:
    """Whether an item stands first, and last, among its siblings."""
    if not art.eltern:
        return False, False
    geschwister = art.model.objects.filter(**art.liste(instanz))
    return (
        not geschwister.filter(position__lt=instanz.position).exists(),
        not geschwister.filter(position__gt=instanz.position).exists(),
    )


def gespeichert_antwort(request, art, instanz, meldung):
    """After a save: the item in place (htmx) or back to its page (without JavaScript)."""
    if request.htmx and art.anzeige:
        instanz = _fuer_anzeige(art, instanz.pk)
        erstes, letztes = _am_rand(art, instanz)
        return _antwort(
            render(
                request,
                "konzept/element_gespeichert.html",
                {
                    "art": art,
                    "anzeige": art.anzeige,
                    art.name: instanz,
                    "edition": art.edition(instanz),
                    "meldung": meldung,
                    "mit_pfad": request.POST.get("mit_pfad") == "1",
                    # The item drawn again offers only the moves it has (issue 17.4): its
                    # template reads its place from the loop it stands in on its page, here
                    # given as one.
                    "forloop": {"first": erstes, "last": letztes},
                    "erstes": erstes,
                    "letztes": letztes,
                    "themenfeld_erstes": erstes,
                    "themenfeld_letztes": letztes,
                },
            )
        )
    messages.success(request, meldung)
    return redirect(art.seite_mit_anker(instanz))


def _formular(request, art, form, *, instanz=None, eltern=None, status=200):
    edition = form.edition
    if instanz is not None:
        # Validation wrote the (unsaved) input onto the item; name and link use the saved one.
        instanz = art.model.objects.get(pk=instanz.pk)
        zurueck = art.seite_mit_anker(instanz)
    else:
        zurueck = art_von(type(eltern)).seite_mit_anker(eltern)
    return _antwort(
        render(
            request,
            _fragment(request, "konzept/element_form.html"),
            {
                "art": art,
                "form": form,
                "instanz": instanz,
                "eltern": eltern,
                "edition": edition,
                "zurueck": zurueck,
                "mit_pfad": request.GET.get("mit_pfad") or request.POST.get("mit_pfad"),
            },
            status=status,
        )
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def element_bearbeiten(request, art, pk):
    art = _art(art)
    instanz = get_object_or_404(art.model, pk=pk)
    edition = art.edition(instanz)
    edition_bearbeitbar(edition)
    if request.method == "GET" and request.htmx and request.GET.get("abbrechen"):
        return gespeichert_antwort(request, art, instanz, _("Bearbeitung abgebrochen"))
    daten = request.POST if request.method == "POST" else None
    gespeichert, konflikt = False, None
    with quellsprache():
        form = art.form(daten, instance=instanz, edition=edition)
        if request.method == "POST" and form.is_valid():
            try:
                element_speichern(
                    form=form, user=request.user, version=form.cleaned_data["version"]
                )
                gespeichert = True
            except VersionKonflikt as fehler:
                konflikt = fehler
    if gespeichert:
        return gespeichert_antwort(request, art, instanz, _("Gespeichert"))
    if konflikt:
        return _konflikt(request, art, form, konflikt.gespeichert, edition)
    status = 422 if request.method == "POST" else 200
    return _formular(request, art, form, instanz=instanz, status=status)


def _konflikt(request, art, form, gespeichert, edition):
    """Someone saved (or deleted) the item meanwhile: show both and let the user re-apply."""
    erneut = None
    with quellsprache():
        vergleich = form.gegenueberstellung(gespeichert) if gespeichert else []
        if gespeichert is not None:
            # The user's input again, against the saved version, on its own copy of the item.
            daten = request.POST.copy()
            daten["version"] = gespeichert.version
            kopie = art.model.objects.get(pk=gespeichert.pk)
            erneut = art.form(daten, instance=kopie, edition=edition)
    return _antwort(
        render(
            request,
            _fragment(request, "konzept/element_konflikt.html"),
            {
                "art": art,
                "edition": edition,
                "gespeichert": gespeichert,
                "vergleich": vergleich,
                "form": erneut,
                "instanz": gespeichert,
                "zurueck": art.seite_mit_anker(gespeichert)
                if gespeichert
                else edition.get_absolute_url(),
                "mit_pfad": request.POST.get("mit_pfad"),
            },
            status=409,
        )
    )


def _eltern_feld(art, eltern) -> str:
    return art.ebene.eltern_feld_fuer(eltern) if art.ebene else "edition"


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def element_anlegen_view(request, art, eltern_art, eltern_pk):
    art = _art(art)
    eltern_modelle = {art.model._meta.get_field(name).related_model for name in art.eltern}
    eltern_model = ARTEN[eltern_art].model if eltern_art in ARTEN else None
    if eltern_model not in eltern_modelle:
        raise Http404
    eltern = get_object_or_404(eltern_model, pk=eltern_pk)
    edition = eltern if eltern_art == "edition" else ARTEN[eltern_art].edition(eltern)
    probe = art.model(**{_eltern_feld(art, eltern): eltern})
    if art.ebene and art.ebene.themenfeld_pfad and eltern_art != "themenfeld":
        probe.themenfeld = eltern.themenfeld
    edition_bearbeitbar(edition)
    daten = request.POST if request.method == "POST" else None
    instanz = None
    with quellsprache():
        form = art.form(daten, instance=probe, edition=edition)
        if request.method == "POST" and form.is_valid():
            try:
                with einmal_anlegen(request) as angelegt:
                    try:
                        instanz = angelegt.objekt = element_anlegen(
                            art=art, form=form, eltern=eltern, user=request.user
                        )
                    except IntegrityError:
                        form.add_error(
                            None,
                            _(
                                "Gleichzeitig wurde ein anderes Element angelegt. Bitte "
                                "speichern Sie noch einmal."
                            ),
                        )
            except SchonEingereicht as doppelt:
                if doppelt.objekt is None:
                    messages.info(request, SCHON_EINGEREICHT)
                    return redirect(art_von(type(eltern)).seite_mit_anker(eltern))
                return gespeichert_antwort(request, art, doppelt.objekt, SCHON_EINGEREICHT)
    if instanz is not None:
        return gespeichert_antwort(
            request, art, instanz, _("%(art)s angelegt") % {"art": art.bezeichnung}
        )
    return _formular(request, art, form, eltern=eltern, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def element_loeschen_view(request, art, pk):
    art = _art(art)
    if not art.eltern:
        raise Http404
    instanz = get_object_or_404(art.model, pk=pk)
    edition = art.edition(instanz)
    edition_bearbeitbar(edition)
    if request.method == "POST":
        # Deleted, the item has no page of its own; its parent's page (or the edition) remains.
        seite = art.seite(instanz) if art.name in ("leitziel", "teilziel", "massnahme") else None
        bezeichnung = str(instanz)
        element_loeschen(instanz=instanz, user=request.user)
        messages.success(
            request,
            _(
                "„%(element)s“ ist gelöscht, mit allem, was darunter stand; unter „Gelöschte "
                "Elemente“ lässt es sich als Ganzes wiederherstellen."
            )
            % {"element": bezeichnung},
        )
        return redirect(seite or edition.get_absolute_url())
    return render(
        request,
        "konzept/element_loeschen.html",
        {
            "art": art,
            "instanz": instanz,
            "edition": edition,
            "zurueck": art.seite_mit_anker(instanz),
            "mitgeloescht": [
                (label, list(queryset)) for label, queryset in art.mitgeloescht(instanz)
            ],
        },
    )


@require_POST
@nur_koordinierungsstelle
def element_verschieben_view(request, art, pk, richtung):
    art = _art(art)
    if not art.eltern or richtung not in ("hoch", "runter"):
        raise Http404
    instanz = get_object_or_404(art.model, pk=pk)
    edition_bearbeitbar(art.edition(instanz))
    try:
        verschoben = element_verschieben(
            art=art, instanz=instanz, nach_oben=richtung == "hoch", user=request.user
        )
    except IntegrityError:
        verschoben = False
    if verschoben:
        messages.success(request, _("„%(element)s“ verschoben.") % {"element": instanz})
    else:
        messages.info(
            request, _("„%(element)s“ steht schon am Rand der Liste.") % {"element": instanz}
        )
    return redirect(art.seite_mit_anker(instanz))


def _historie(art, pk):
    eintraege = art.model.history.filter(id=pk).select_related("history_user")
    if not eintraege.exists():
        raise Http404
    return eintraege


def _edition_aus_historie(art, eintraege):
    instanz = art.model.objects.filter(pk=eintraege[0].id).first()
    if instanz is not None:
        return art.edition(instanz), instanz
    edition = Edition.objects.filter(pk=edition_id_aus_historie(art, eintraege[0])).first()
    if edition is None:
        raise Http404
    return edition, None


HISTORIE_PRO_SEITE = 50
GELOESCHT_PRO_SEITE = 50


@require_safe
@nur_koordinierungsstelle
def element_historie(request, art, pk):
    art = _art(art)
    eintraege = _historie(art, pk)
    edition, instanz = _edition_aus_historie(art, eintraege)
    # In pages, newest first; each record is compared with the one before it, which may
    # stand on the next page (issue 20.2).
    seite = Paginator(eintraege, HISTORIE_PRO_SEITE).get_page(request.GET.get("seite"))
    mit_vorgaenger = list(eintraege[seite.start_index() - 1 : seite.end_index() + 1])
    return render(
        request,
        "konzept/element_historie.html",
        {
            "art": art,
            "instanz": instanz,
            "edition": edition,
            "aenderungen": aenderungen(art, mit_vorgaenger)[: len(seite.object_list)],
            "seite": seite,
            "titel": str(eintraege[0].instance),
        },
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def element_wiederherstellen_view(request, art, pk, history_id):
    """GET asks first and says what comes back; the POST restores (issue 17.4)."""
    art = _art(art)
    eintraege = _historie(art, pk)
    eintrag = get_object_or_404(eintraege, history_id=history_id)
    edition, instanz_jetzt = _edition_aus_historie(art, eintraege)
    edition_bearbeitbar(edition)
    if request.method == "GET":
        werte = {
            "element": eintrag.instance,
            "datum": date_format(eintrag.history_date, "SHORT_DATETIME_FORMAT"),
        }
        if instanz_jetzt is None:
            frage = _("„%(element)s“ wirklich wiederherstellen?") % werte
            folgen = [
                _(
                    "„%(element)s“ kommt an seinen Platz zurück, mit allem, was mit ihm "
                    "gelöscht wurde."
                )
                % werte
            ]
        else:
            frage = _("„%(element)s“ wirklich auf den Stand vom %(datum)s zurücksetzen?") % werte
            folgen = [
                _("„%(element)s“ erhält wieder den Stand vom %(datum)s.") % werte,
                _(
                    "Der jetzige Stand bleibt in der Historie und lässt sich ebenso "
                    "wiederherstellen."
                ),
            ]
        return render(
            request,
            "konzept/bestaetigen.html",
            {
                "edition": edition,
                "frage": frage,
                "knopf": _("Ja, wiederherstellen"),
                "folgen": folgen,
                "aktion": request.path,
                "felder": [],
                "zurueck": reverse(
                    "konzept:element_historie", kwargs={"art": art.name, "pk": eintrag.id}
                ),
            },
        )
    try:
        instanz = element_wiederherstellen(art=art, eintrag=eintrag, user=request.user)
    except WiederherstellenFehler as fehler:
        messages.error(request, str(fehler))
        return redirect("konzept:element_historie", art=art.name, pk=pk)
    messages.success(
        request,
        _("„%(element)s“ ist wiederhergestellt; der vorige Stand bleibt in der Historie.")
        % {"element": instanz},
    )
    return redirect(art.seite_mit_anker(instanz))


@require_safe
@nur_koordinierungsstelle
def geloescht_liste(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
    seite = Paginator(geloeschte(edition), GELOESCHT_PRO_SEITE).get_page(request.GET.get("seite"))
    return render(
        request,
        "konzept/geloescht_list.html",
        {"edition": edition, "geloescht": list(seite), "seite": seite},
    )


# Languages: the switcher, sign-in in the remembered language, the translation workspace.


@csrf_exempt
@require_POST
def sprache_waehlen(request):
    """Switches language on the same page; remembered in a cookie and, signed in, the profile.

    Anonymous readers switch without a CSRF token: the worst a forged request can do is
    change the language, and pages without a token can be cached. Signed in, the choice
    is saved in the profile, so the token is checked.
    """
    if request.user.is_authenticated:
        return _sprache_waehlen_angemeldet(request)
    return _sprache_waehlen(request)


@csrf_protect
def _sprache_waehlen_angemeldet(request):
    return _sprache_waehlen(request)


def _sprache_waehlen(request):
    # Django translates `next` into the chosen language, but reads it in the active one:
    # here that is the language of the page the reader comes from.
    ziel = request.POST.get("next", request.GET.get("next", ""))
    with translation.override(get_language_from_path(ziel) or settings.LANGUAGE_CODE):
        response = set_language(request)
    sprache = request.POST.get("language")
    if request.user.is_authenticated and sprache in dict(settings.LANGUAGES):
        Profil.objects.update_or_create(user=request.user, defaults={"sprache": sprache})
    return response


def nach_der_anmeldung(request, response):
    """After any sign-in (password or service account): the user reads in the language of their
    profile, and staff go on to the second factor."""
    profil = Profil.objects.filter(user=request.user).first()
    if profil is not None:
        response["Location"] = translate_url(response["Location"], profil.sprache)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            profil.sprache,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return zweiter_faktor_weiterleitung(request, response)


class AnmeldenView(LoginView):
    """Sign-in; afterwards the user reads in the language of their profile. Offers the
    authority's single sign-on where it is set up (konzept/oidc.py)."""

    authentication_form = AnmeldeForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, dienstkonto=oidc.eingerichtet())

    def form_valid(self, form):
        return nach_der_anmeldung(self.request, super().form_valid(form))


def _edition_und_sprache(jahr, sprache):
    """The edition and a language it is translated into, from the URL."""
    if sprache == settings.LANGUAGE_CODE or sprache not in dict(settings.LANGUAGES):
        raise Http404
    return get_object_or_404(Edition, jahr=jahr), sprache


def _staende(zahlen):
    """The counts per state in the order of the workspace's filters."""
    return [
        {"wert": status.value, "label": status.label, "anzahl": zahlen[status.value]}
        for status in uebersetzung.STAND_REIHENFOLGE
    ]


def _sprachkontext(edition, sprache):
    return {
        "edition": edition,
        "sprache": sprache,
        "sprachname": dict(settings.LANGUAGES)[sprache],
        "richtung": "rtl" if translation.get_language_info(sprache)["bidi"] else "ltr",
    }


@require_safe
@nur_koordinierungsstelle
def uebersetzung_uebersicht(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
    liste = uebersetzung.elemente(edition)
    sprachen = []
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        zahlen = uebersetzung.zaehlen(liste, code)
        sprachen.append(
            {
                "code": code,
                "name": name,
                "zahlen": zahlen,
                "staende": _staende(zahlen),
                "gesamt": len(liste),
            }
        )
    return render(
        request,
        "konzept/uebersetzung_uebersicht.html",
        {"edition": edition, "sprachen": sprachen},
    )


UEBERSETZUNG_PRO_SEITE = 50


def _listenstand(status, seite) -> str:
    """The filter and page of the workspace's list as staff left it (issue 20.2), as its query
    string, for the way back from editing one text: a known state and a page number only."""
    seite = str(seite)
    parameter = {}
    if status in Uebersetzungsstatus.values:
        parameter["status"] = status
    # Digits only (of any length: never read as a number here); the first page is the default.
    if seite.isascii() and seite.isdigit() and seite.lstrip("0") not in ("", "1"):
        parameter["seite"] = seite
    return f"?{urlencode(parameter)}" if parameter else ""


@require_safe
@nur_koordinierungsstelle
def uebersetzung_liste(request, jahr, sprache):
    edition, sprache = _edition_und_sprache(jahr, sprache)
    filter_status = request.GET.get("status", "")
    if filter_status not in Uebersetzungsstatus.values:
        filter_status = ""
    # In pages, in reading order (issue 20.2): the whole edition is counted and filtered from
    # its texts read as values; only the items of the page shown are loaded.
    liste = uebersetzung.staende(edition, sprache)
    zahlen = {status.value: 0 for status in Uebersetzungsstatus}
    for eintrag in liste:
        zahlen[eintrag.status] += 1
    gefiltert = [e for e in liste if not filter_status or e.status == filter_status]
    seite = Paginator(gefiltert, UEBERSETZUNG_PRO_SEITE).get_page(request.GET.get("seite"))
    return render(
        request,
        "konzept/uebersetzung_list.html",
        {
            **_sprachkontext(edition, sprache),
            "zeilen": uebersetzung.zeilen(
                uebersetzung.elemente_fuer(edition, list(seite)), sprache
            ),
            "seite": seite,
            # Editing one text comes back to this page of the list.
            "zurueck": _listenstand(filter_status, seite.number),
            "zahlen": zahlen,
            "staende": _staende(zahlen),
            "gesamt": len(liste),
            "filter_status": filter_status,
            "filter_label": Uebersetzungsstatus(filter_status).label if filter_status else "",
            "anzahl": len(gefiltert),
            "alle_pruefbar": filter_status in uebersetzung.PRUEFBAR and bool(gefiltert),
            "import_form": XliffImportForm(),
            "vorschlagen": uebersetzung.vorschlaege_moeglich(edition)
            and bool(zahlen[Uebersetzungsstatus.FEHLT] + zahlen[Uebersetzungsstatus.VERALTET]),
        },
    )


@require_POST
@nur_koordinierungsstelle
def uebersetzung_vorschlagen(request, jahr, sprache):
    """Asks the machine translation service for the missing and outdated texts: one task for
    the edition and language, run after the request (the service is never asked in one)."""
    edition, sprache = _edition_und_sprache(jahr, sprache)
    edition_bearbeitbar(edition)
    if not maschinell.eingeschaltet():
        messages.error(request, _("Die maschinelle Übersetzung ist nicht eingeschaltet."))
    else:
        edition_id = edition.pk
        transaction.on_commit(lambda: aufgaben.maschinell_vorschlagen.enqueue(edition_id, sprache))
        messages.success(
            request,
            _("Vorschläge werden erstellt; sie erscheinen als „maschinell, ungeprüft“."),
        )
    return redirect("konzept:uebersetzung_liste", jahr=edition.jahr, sprache=sprache)


@require_POST
@nur_koordinierungsstelle
def uebersetzung_pruefen(request, jahr, sprache):
    """What would be marked as reviewed: the chosen translations to read once more before
    confirming. Changes nothing."""
    edition, sprache = _edition_und_sprache(jahr, sprache)
    liste = uebersetzung.elemente(edition)
    form = PruefauswahlForm(request.POST, kennungen=[element.kennung for element in liste])
    zeilen = []
    if form.is_valid():
        zeilen = uebersetzung.pruefung_vorschau(
            liste,
            sprache,
            kennungen=set(form.cleaned_data["auswahl"]),
            status=form.cleaned_data["status"],
        )
    return _pruefvorschau(request, edition, sprache, zeilen, auswahl_form=form)


@require_POST
@nur_koordinierungsstelle
def uebersetzung_pruefen_bestaetigen(request, jahr, sprache):
    edition, sprache = _edition_und_sprache(jahr, sprache)
    form = PruefbestaetigungForm(request.POST)
    if not form.is_valid():
        return _pruefvorschau(request, edition, sprache, [], bestaetigung_form=form)
    auswahl = form.cleaned_data["auswahl"]
    try:
        anzahl = uebersetzung.uebersetzungen_pruefen(
            edition=edition, sprache=sprache, auswahl=auswahl
        )
    except uebersetzung.PruefungVeraltet as veraltet:
        zeilen = uebersetzung.pruefung_vorschau(
            uebersetzung.elemente(edition), sprache, kennungen=set(auswahl)
        )
        return _pruefvorschau(
            request, edition, sprache, zeilen, geaendert=veraltet.geaendert, status=409
        )
    messages.success(
        request,
        ngettext(
            "%(anzahl)s Übersetzung als geprüft markiert.",
            "%(anzahl)s Übersetzungen als geprüft markiert.",
            anzahl,
        )
        % {"anzahl": anzahl},
    )
    return redirect("konzept:uebersetzung_liste", jahr=edition.jahr, sprache=sprache)


def _pruefvorschau(
    request,
    edition,
    sprache,
    zeilen,
    *,
    auswahl_form=None,
    bestaetigung_form=None,
    geaendert=None,
    status=None,
):
    markiert = [zeile for zeile in zeilen if zeile.pruefbar]
    if bestaetigung_form is None:
        bestaetigung_form = PruefbestaetigungForm(
            initial={"auswahl": " ".join(f"{z.element.kennung}:{z.stand}" for z in markiert)}
        )
    if status is None:
        status = 200 if markiert else 422
    return render(
        request,
        "konzept/uebersetzung_pruefen.html",
        {
            **_sprachkontext(edition, sprache),
            "markiert": markiert,
            "uebrige": [zeile for zeile in zeilen if not zeile.pruefbar],
            "auswahl_form": auswahl_form,
            "bestaetigung_form": bestaetigung_form,
            "geaendert": geaendert,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def uebersetzung_bearbeiten(request, jahr, sprache, art, pk):
    edition, sprache = _edition_und_sprache(jahr, sprache)
    if art not in uebersetzung.ARTEN:
        raise Http404
    element = next(
        (e for e in uebersetzung.elemente(edition) if e.art == art and e.objekt.pk == pk), None
    )
    if element is None:
        raise Http404
    daten = request.POST if request.method == "POST" else None
    form = UebersetzungForm(daten, objekt=element.objekt, sprache=sprache)
    zurueck = reverse(
        "konzept:uebersetzung_liste", kwargs={"jahr": edition.jahr, "sprache": sprache}
    ) + _listenstand(request.GET.get("status", ""), request.GET.get("seite", ""))
    if request.method == "POST" and form.is_valid():
        form.speichern()
        messages.success(request, _("Übersetzung gespeichert."))
        return redirect(zurueck)
    return render(
        request,
        "konzept/uebersetzung_form.html",
        {
            **_sprachkontext(edition, sprache),
            "zurueck": zurueck,
            "element": element,
            "status": element.objekt.uebersetzungsstatus(sprache),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@require_safe
@nur_koordinierungsstelle
def uebersetzung_export(request, jahr, sprache):
    edition, sprache = _edition_und_sprache(jahr, sprache)
    response = HttpResponse(
        uebersetzung.xliff_export(edition, sprache), content_type="application/xliff+xml"
    )
    dateiname = f"integrationskonzept-{edition.jahr}-{sprache}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return response


@require_POST
@nur_koordinierungsstelle
def uebersetzung_import(request, jahr, sprache):
    edition, sprache = _edition_und_sprache(jahr, sprache)
    form = XliffImportForm(request.POST, request.FILES)
    bericht = fehler = None
    if form.is_valid():
        try:
            bericht = uebersetzung.xliff_import(edition, sprache, form.cleaned_data["datei"].read())
        except uebersetzung.ImportFehler as import_fehler:
            fehler = str(import_fehler)
    return render(
        request,
        "konzept/uebersetzung_import.html",
        {
            **_sprachkontext(edition, sprache),
            "form": form,
            "bericht": bericht,
            "fehler": fehler,
        },
        status=200 if bericht and not bericht.abgelehnt else 422,
    )


# A whole edition as a spreadsheet (konzept/vorlage.py): the template, an edition in it, and
# onboarding a district's concept from it.

VORLAGE_SALZ = "konzept.vorlage"
VORLAGE_GUELTIG_SEKUNDEN = 60 * 60


def _xlsx_antwort(inhalt: bytes, dateiname: str) -> HttpResponse:
    response = HttpResponse(inhalt, content_type=XLSX_TYP)
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return response


@require_safe
@nur_koordinierungsstelle
def vorlage_leer(request):
    return _xlsx_antwort(vorlage.vorlage_xlsx(), "integrationskonzept-vorlage.xlsx")


@require_safe
@nur_koordinierungsstelle
def vorlage_edition(request, jahr):
    edition = get_object_or_404(Edition.objects.select_related("vorgaenger"), jahr=jahr)
    return _xlsx_antwort(vorlage.vorlage_xlsx(edition), f"integrationskonzept-{jahr}-vorlage.xlsx")


def _vorlage_seite(request, status=200, **kontext):
    kontext.setdefault("form", TabellenImportForm())
    return render(request, "konzept/edition_import.html", kontext, status=status)


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def edition_import(request):
    """Upload a filled template; answers with what would be created, or with every fault."""
    if request.method == "GET":
        return _vorlage_seite(request)
    form = TabellenImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _vorlage_seite(request, status=422, form=form)
    try:
        pruefung = vorlage.pruefen(form.cleaned_data["datei"].read())
    except ImportFehler as fehler:
        return _vorlage_seite(request, status=422, fehler=str(fehler))
    if pruefung.fehler:
        return _vorlage_seite(request, status=422, pruefung=pruefung)
    # What is created is exactly what was shown: the checked data travel signed.
    bestaetigung = signing.dumps(
        {"user": request.user.pk, "daten": pruefung.daten},
        salt=VORLAGE_SALZ,
        compress=True,
    )
    return _vorlage_seite(request, pruefung=pruefung, bestaetigung=bestaetigung)


@require_POST
@nur_koordinierungsstelle
def edition_import_uebernehmen(request):
    try:
        daten = signing.loads(
            request.POST.get("daten", ""),
            salt=VORLAGE_SALZ,
            max_age=VORLAGE_GUELTIG_SEKUNDEN,
        )
        if daten["user"] != request.user.pk:
            raise signing.BadSignature
    except (signing.BadSignature, KeyError, TypeError):
        fehler = _(
            "Die Vorschau ist abgelaufen oder gehört nicht zu Ihnen; nichts wurde angelegt. "
            "Bitte laden Sie die Tabelle erneut hoch."
        )
        return _vorlage_seite(request, status=400, fehler=fehler)
    try:
        edition = vorlage.uebernehmen(daten["daten"])
    except ImportFehler as fehler:
        return _vorlage_seite(request, status=409, fehler=str(fehler))
    messages.success(
        request,
        _("Die Ausgabe %(jahr)s ist aus der Tabelle angelegt.") % {"jahr": edition.jahr},
    )
    return redirect(edition)
