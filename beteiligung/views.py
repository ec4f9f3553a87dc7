import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from konzept import baum, maschinell
from konzept.bearbeitung import (
    ARTEN,
    SCHON_EINGEREICHT,
    SchonEingereicht,
    einmal_anlegen,
    schon_eingereicht,
)
from konzept.begriffe import MIGRATIONSVERTRETUNG_VORGABE, migrationsvertretung
from konzept.models import Edition, Profil, fingerabdruck
from konzept.rollen import (
    anzeigename,
    darf_bearbeiten,
    edition_bearbeitbar,
    edition_lesbar,
    nur_koordinierungsstelle,
)
from massnahmen.models import Massnahme
from massnahmen.tabellen import XLSX_TYP, xlsx

from .forms import (
    AntwortForm,
    BeschlussForm,
    DeutschForm,
    KommentarForm,
    PhaseForm,
    ProfilForm,
    StellungnahmeForm,
    VerbergenForm,
)
from .models import Beteiligungsformat, Kommentar
from .personendaten import konto_loeschen as konto_loeschen_service
from .personendaten import personendaten
from .services import (
    AnnahmeVeraendert,
    KommentarFehler,
    KommentarVeraendert,
    annahme_vorschau,
    beschlossen_meldung,
    beschluss_erfassen,
    kommentar_abgeben,
    kommentar_aendern,
    kommentar_beantworten,
    kommentar_deutsch_speichern,
    kommentar_verbergen,
    maschinelle_uebersetzung,
    offene_phase,
    phase_anlegen,
    unmoderiert_meldung,
)
from .services import kommentar_zurueckziehen as kommentar_zurueckziehen_service


@require_safe
def beteiligung_detail(request, jahr):
    """How the concept was made: the participation formats and what each brought in."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    return render(
        request,
        "beteiligung/beteiligung_detail.html",
        {
            "edition": edition,
            "beteiligungsformate": edition.beteiligungsformate.mit_zahlen().select_related("art"),
            "stellungnahmen": edition.stellungnahmen.all(),
            "beschluesse": edition.beschluesse.select_related("gremium"),
            "herkunft": Massnahme.objects.in_edition(edition).aggregate(
                gesamt=Count("pk", distinct=True),
                erfasst=Count("pk", filter=Q(herkunft__isnull=False), distinct=True),
            ),
        },
    )


@require_safe
def beteiligungsformat_detail(request, jahr, key):
    """Everything that came from one participation format."""
    format = get_object_or_404(
        Beteiligungsformat.objects.select_related("edition"), edition__jahr=jahr, key=key
    )
    edition_lesbar(format.edition, request.user)
    return render(
        request,
        "beteiligung/beteiligungsformat_detail.html",
        {
            "edition": format.edition,
            "format": format,
            "leitziele": format.leitziele.select_related("themenfeld__edition"),
            "teilziele": format.teilziele.select_related("themenfeld__edition"),
            "massnahmen": Massnahme.objects.filter(herkunft=format).fuer_anzeige(),
        },
    )


def _erfassen(request, jahr, form_klasse, titel, speichern, einleitung=""):
    """Records something new on an edition (a statement, a phase)."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_bearbeitbar(edition)
    form = form_klasse(request.POST if request.method == "POST" else None)
    antwort = None
    if request.method == "POST" and form.is_valid():
        antwort = _anlegen(request, form, edition, speichern)
    return antwort or _erfassen_seite(request, edition, form, titel, einleitung)


def _anlegen(request, form, edition, speichern, meldung=None):
    """Saves a valid create form once (einmal_anlegen) and goes on to the participation page;
    None where the rows as they are now refuse it, and the form then says why."""
    try:
        with einmal_anlegen(request) as angelegt:
            objekt = form.save(commit=False)
            objekt.edition = edition
            speichern(objekt)
            angelegt.objekt = objekt
    except SchonEingereicht:
        messages.info(request, SCHON_EINGEREICHT)
    except ValidationError as fehler:
        # Refused on the rows as they are now (an adoption with comments awaiting
        # moderation, say): the form stays with its input and says why.
        form.add_error(None, fehler)
        return None
    else:
        messages.success(request, meldung or _("Gespeichert."))
    return redirect("beteiligung:beteiligung_detail", jahr=edition.jahr)


def _erfassen_seite(request, edition, form, titel, einleitung=""):
    return render(
        request,
        "beteiligung/erfassen_form.html",
        {"edition": edition, "form": form, "titel": titel, "einleitung": einleitung},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def beschluss_anlegen(request, jahr):
    """A decision. One that adopts the edition is not saved at once: the same POST answers
    with what adoption does, and only the confirmed POST (`bestaetigt`) adopts (issue 17.4).
    The confirmation carries the input; "Zurück zum Formular" (`bearbeiten`) shows it again."""
    titel = _("Beschluss erfassen")
    edition = get_object_or_404(Edition, jahr=jahr)
    form = BeschlussForm(request.POST if request.method == "POST" else None)
    try:
        edition_bearbeitbar(edition)
    except PermissionDenied as grund:
        # Adopted since the form or its confirmation was shown: what was typed stays.
        if request.method != "POST":
            raise
        if schon_eingereicht(request):  # the confirmation sent twice
            messages.info(request, SCHON_EINGEREICHT)
            return redirect("beteiligung:beteiligung_detail", jahr=edition.jahr)
        form.is_valid()
        form.add_error(None, str(grund))
        return _erfassen_seite(request, edition, form, titel)
    if request.method != "POST" or "bearbeiten" in request.POST or not form.is_valid():
        return _erfassen_seite(request, edition, form, titel)

    stand, meldung = None, None
    if form.instance.nimmt_an:
        annahme = annahme_vorschau(edition)
        stand = request.POST.get("stand", "")
        bestaetigt = "bestaetigt" in request.POST
        # Asked first; confirmed on a page that said something else, asked again.
        if not bestaetigt or stand != annahme.stand:
            return _annahme_bestaetigen(request, form, annahme, veraendert=bestaetigt)
        meldung = _annahme_meldung(annahme)
    try:
        antwort = _anlegen(
            request,
            form,
            edition,
            lambda beschluss: beschluss_erfassen(
                beschluss=beschluss, user=request.user, stand=stand
            ),
            meldung=meldung,
        )
    except AnnahmeVeraendert:
        return _annahme_bestaetigen(request, form, annahme_vorschau(edition), veraendert=True)
    return antwort or _erfassen_seite(request, edition, form, titel)


def _annahme_bestaetigen(request, form, annahme, veraendert=False):
    """The question before an adoption: what it does, and the decision as entered, carried in
    hidden fields. Comments awaiting moderation block it: then there is nothing to confirm."""
    edition, beschluss = annahme.edition, form.instance
    werte = {
        "jahr": edition.jahr,
        "titel": edition.titel,
        "gremium": beschluss.gremium,
        "datum": date_format(beschluss.datum, "SHORT_DATE_FORMAT"),
    }
    folgen = [
        _(
            "Die Ausgabe %(jahr)s („%(titel)s“) wird die beschlossene Fassung: beschlossen am "
            "%(datum)s, %(gremium)s."
        )
        % werte,
        _(
            "Der vereinbarte Inhalt wird eingefroren: Er lässt sich danach nicht mehr ändern; "
            "Änderungen gehören in die nächste Fortschreibung."
        ),
        _("Der Umsetzungsstand bleibt bearbeitbar, solange die Ausgabe gilt.")
        if annahme.gilt
        else _(
            "Eine neuere Ausgabe ist schon beschlossen und gilt weiter; der Umsetzungsstand "
            "dieser Ausgabe lässt sich danach nur noch lesen."
        ),
    ]
    for phase in annahme.enden:
        folgen.append(
            _(
                "Die laufende Beteiligungsphase bis %(ende)s Uhr endet jetzt; kommentieren "
                "lässt sich danach nicht mehr."
            )
            % {"ende": _zeitpunkt(phase.ende)}
        )
    for phase in annahme.entfallen:
        folgen.append(
            _("Die Beteiligungsphase ab %(beginn)s Uhr hat noch nicht begonnen und wird gelöscht.")
            % {"beginn": _zeitpunkt(phase.beginn)}
        )
    if annahme.bisher is not None:
        folgen.append(
            _(
                "Die bisher geltende Ausgabe %(jahr)s gilt dann nicht mehr: ihr Umsetzungsstand "
                "wird zur Historie, die sich nur noch lesen lässt."
            )
            % {"jahr": annahme.bisher.jahr}
        )
    folgen.append(_("Einen Schritt zurück gibt es danach nicht."))
    return render(
        request,
        "beteiligung/beschluss_bestaetigen.html",
        {
            "edition": edition,
            "form": form,
            "frage": _("Die Ausgabe %(jahr)s wirklich als beschlossen erfassen?") % werte,
            "knopf": _("Ja, Beschluss erfassen und Ausgabe einfrieren"),
            "folgen": folgen,
            "stand": annahme.stand,
            "unmoderiert": unmoderiert_meldung(annahme.unmoderiert) if annahme.unmoderiert else "",
            "veraendert": veraendert,
        },
        status=409 if veraendert or annahme.unmoderiert else 200,
    )


def _zeitpunkt(wert) -> str:
    return date_format(timezone.localtime(wert), "d.m.Y H:i")


def _annahme_meldung(annahme) -> str:
    """What an adoption did, said afterwards in the words of its confirmation."""
    saetze = [
        _("Die Ausgabe %(jahr)s ist beschlossen und jetzt eingefroren.")
        % {"jahr": annahme.edition.jahr}
    ]
    if annahme.enden:
        saetze.append(_("Laufende Beteiligungsphasen sind beendet."))
    if annahme.entfallen:
        saetze.append(_("Beteiligungsphasen, die noch nicht begonnen hatten, sind gelöscht."))
    if annahme.bisher is not None:
        saetze.append(
            _("Der Umsetzungsstand der Ausgabe %(jahr)s ist jetzt Historie.")
            % {"jahr": annahme.bisher.jahr}
        )
    return " ".join(saetze)


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def stellungnahme_anlegen(request, jahr):
    def speichern(stellungnahme):
        stellungnahme._history_user = request.user
        stellungnahme.save()

    return _erfassen(
        request,
        jahr,
        StellungnahmeForm,
        _("Stellungnahme erfassen: %(name)s")
        % {"name": migrationsvertretung() or MIGRATIONSVERTRETUNG_VORGABE},
        speichern,
    )


# Comments in consultation, their moderation and the public Abwägungstabelle.


def _element(art, pk):
    if art not in Kommentar.ELEMENTE:
        raise Http404
    element = get_object_or_404(baum.ebene(art).model, pk=pk)
    return element, element.edition


@require_http_methods(["GET", "POST"])
@login_required
def kommentar_anlegen(request, art, pk):
    element, edition = _element(art, pk)
    edition_lesbar(edition, request.user)
    phase = offene_phase(edition, request.user)
    form = KommentarForm(
        request.POST if request.method == "POST" else None, initial={"einreichung": uuid.uuid4()}
    )
    fehler = None
    if edition.ist_beschlossen:
        fehler = beschlossen_meldung(edition)
    elif phase is None:
        fehler = _("Für diese Ausgabe ist gerade keine Beteiligung für Sie offen.")
    elif request.method == "POST" and form.is_valid():
        try:
            kommentar = kommentar_abgeben(
                user=request.user,
                element=element,
                text=form.cleaned_data["text"],
                sprache=get_language(),
                name_zeigen=form.cleaned_data["name_zeigen"],
                einreichung=form.cleaned_data["einreichung"],
            )
        except KommentarFehler as grund:
            fehler = str(grund)
        else:
            meldung = _(
                "Danke! Ihr Kommentar ist gespeichert. Sie finden ihn unter „Meine Kommentare“."
            )
            if request.htmx:
                return render(
                    request,
                    "beteiligung/kommentar_form.html#danke",
                    {"meldung": meldung, "art": art, "element": element, "kommentar": kommentar},
                )
            messages.success(request, meldung)
            return redirect(ARTEN[art].seite_mit_anker(element))
    template_name = "beteiligung/kommentar_form.html"
    if request.htmx:
        template_name += "#formular"
    status = 200 if request.method == "GET" and not fehler else 422
    return render(
        request,
        template_name,
        {
            "art": art,
            "element": element,
            "edition": edition,
            "form": form,
            "fehler": fehler,
            "phase": phase,
        },
        status=status,
    )


# Comment lists come in pages like the other lists that grow with the content (issue 20.2).
# A page of the moderation queue holds two forms per comment, so fewer.
KOMMENTARE_PRO_SEITE = 50
MODERATION_PRO_SEITE = 20


def _gesucht(request) -> int | None:
    """The comment a link names (`?kommentar=<pk>`), to show the page that holds it; what is
    no key (not a number, or longer than any key) names none."""
    wert = request.GET.get("kommentar", "")
    return int(wert) if wert.isascii() and wert.isdigit() and len(wert) <= 18 else None


def _seite(request, kommentare, pro_seite, gesucht=None, *, neueste_zuerst=False):
    """One page of a comment list in the order of its writing (oldest first, or newest first):
    the page `seite` asks for, else the one that holds the comment `gesucht` (a link to one
    comment finds it however the list has grown or shrunk since the link was made), else the
    first."""
    reihenfolge = ("-erstellt_am", "-pk") if neueste_zuerst else ("erstellt_am", "pk")
    kommentare = kommentare.order_by(*reihenfolge)
    nummer = request.GET.get("seite")
    if nummer is None and gesucht is not None:
        geschrieben = (
            kommentare.prefetch_related(None)
            .filter(pk=gesucht)
            .values_list("erstellt_am", flat=True)
            .first()
        )
        if geschrieben is not None:
            vorher = "gt" if neueste_zuerst else "lt"
            davor = kommentare.filter(
                Q(**{f"erstellt_am__{vorher}": geschrieben})
                | Q(erstellt_am=geschrieben, **{f"pk__{vorher}": gesucht})
            )
            nummer = davor.count() // pro_seite + 1
    return Paginator(kommentare, pro_seite).get_page(nummer)


def _ohne_sprung(request) -> QueryDict:
    """The list's parameters for its page links, without the comment a link jumped to."""
    abfrage = request.GET.copy()
    abfrage.pop("kommentar", None)
    return abfrage


@require_safe
@login_required
def meine_kommentare(request):
    kommentare = request.user.kommentare.mit_element().select_related(
        "phase",
        "themenfeld__edition",
        "leitziel__themenfeld__edition",
        "teilziel__themenfeld__edition",
        "massnahme__themenfeld__edition",
    )
    seite = _seite(
        request, kommentare, KOMMENTARE_PRO_SEITE, _gesucht(request), neueste_zuerst=True
    )
    return render(
        request,
        "beteiligung/kommentar_list.html",
        {"kommentare": list(seite), "seite": seite, "abfrage": _ohne_sprung(request)},
    )


def _eigener(request, pk):
    return get_object_or_404(
        Kommentar.objects.mit_element().select_related("phase"), pk=pk, autor=request.user
    )


@require_http_methods(["GET", "POST"])
@login_required
def kommentar_bearbeiten(request, pk):
    kommentar = _eigener(request, pk)
    form = KommentarForm(
        request.POST if request.method == "POST" else None,
        initial={
            "text": kommentar.text,
            "name_zeigen": kommentar.name_zeigen,
            "einreichung": kommentar.einreichung,
        },
    )
    fehler = None
    if request.method == "POST" and form.is_valid():
        try:
            kommentar_aendern(
                kommentar=kommentar,
                user=request.user,
                text=form.cleaned_data["text"],
                name_zeigen=form.cleaned_data["name_zeigen"],
            )
        except KommentarFehler as grund:
            fehler = str(grund)
        else:
            messages.success(request, _("Ihr Kommentar ist geändert."))
            liste = reverse("beteiligung:meine_kommentare")
            return redirect(f"{liste}?kommentar={kommentar.pk}#kommentar-{kommentar.pk}")
    return render(
        request,
        "beteiligung/kommentar_form.html",
        {
            "kommentar": kommentar,
            "element": kommentar.element,
            "art": kommentar.element_art,
            "edition": kommentar.edition,
            "form": form,
            "fehler": fehler,
            "phase": kommentar.phase,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def kommentar_zurueckziehen(request, pk):
    kommentar = _eigener(request, pk)
    if request.method == "POST":
        try:
            kommentar_zurueckziehen_service(kommentar=kommentar, user=request.user)
        except KommentarFehler as grund:
            messages.error(request, str(grund))
        else:
            messages.success(request, _("Ihr Kommentar ist zurückgezogen."))
        return redirect("beteiligung:meine_kommentare")
    return render(request, "beteiligung/kommentar_zurueckziehen.html", {"kommentar": kommentar})


@require_safe
@nur_koordinierungsstelle
def moderation(request, jahr):
    """The queue of one state, in pages; a link to one comment (`?kommentar=<pk>`, as in the
    daily summary) opens the queue it is in now at the page that holds it."""
    edition = get_object_or_404(Edition, jahr=jahr)
    status = request.GET.get("status", Kommentar.Status.NEU)
    gesucht = _gesucht(request)
    if gesucht is not None:
        status = (
            edition.kommentare.filter(pk=gesucht).values_list("status", flat=True).first() or status
        )
    return _moderation(request, edition, status, gesucht=gesucht)


def _moderation(
    request,
    edition,
    status,
    ungueltig=None,
    http_status=200,
    deutsch_ungueltig=None,
    gesucht=None,
):
    """The queue of one state, at the page that holds the comment `gesucht` unless `seite`
    names one; `ungueltig` is a form sent with errors, shown with its input
    (`deutsch_ungueltig` likewise for a German translation)."""
    if status not in Kommentar.Status.values:
        status = Kommentar.Status.NEU
    kommentare = (
        edition.kommentare.mit_element().prefetch_related("autor__groups").filter(status=status)
    )
    seite = _seite(request, kommentare, MODERATION_PRO_SEITE, gesucht)
    zahlen = {
        wert: edition.kommentare.filter(status=wert).count() for wert in Kommentar.Status.values
    }
    eintraege = []
    mit_maschine = maschinelle_uebersetzung() is not None
    for kommentar in seite:
        form = AntwortForm(
            initial={
                "version": kommentar.version,
                "einstufung": kommentar.einstufung,
                "antwort": kommentar.antwort,
                "bezug": kommentar.bezug,
                "antwort_uebersetzung": kommentar.antwort_uebersetzung,
            },
            prefix=f"k{kommentar.pk}",
            sprache=kommentar.sprache,
            maschinell=mit_maschine,
        )
        if ungueltig and ungueltig.prefix == form.prefix:
            form = ungueltig
        kommentar.deutsch_form = _deutsch_form(kommentar, deutsch_ungueltig)
        eintraege.append((kommentar, form))
    return render(
        request,
        "beteiligung/kommentar_moderation.html",
        {
            "edition": edition,
            "kommentare": eintraege,
            "seite": seite,
            # Shown in answer to a form sent to another address too: the page links name the
            # queue's own address and state.
            "pfad": reverse("beteiligung:moderation", kwargs={"jahr": edition.jahr}),
            "abfrage": {"status": status},
            "maschinell_eingeschaltet": maschinell.eingeschaltet(),
            "status": status,
            "status_auswahl": Kommentar.Status.choices,
            "zahlen": zahlen,
        },
        status=http_status,
    )


def _deutsch_form(kommentar, ungueltig=None):
    """The form for staff's German translation of a comment not written in German."""
    if kommentar.sprache == settings.LANGUAGE_CODE:
        return None
    prefix = f"d{kommentar.pk}"
    if ungueltig is not None and ungueltig.prefix == prefix:
        return ungueltig
    return DeutschForm(
        initial={"text_deutsch": kommentar.text_deutsch, "quelle": fingerabdruck([kommentar.text])},
        prefix=prefix,
    )


@require_POST
@nur_koordinierungsstelle
def kommentar_deutsch_view(request, pk):
    kommentar = Kommentar.objects.select_related("edition").filter(pk=pk).first()
    if kommentar is None:
        return _zurueckgezogen(request, pk)
    form = DeutschForm(request.POST, prefix=f"d{kommentar.pk}")
    if not form.is_valid():
        return _moderation(
            request,
            kommentar.edition,
            kommentar.status,
            http_status=422,
            deutsch_ungueltig=form,
            gesucht=kommentar.pk,
        )
    try:
        kommentar_deutsch_speichern(kommentar=kommentar, user=request.user, **form.cleaned_data)
    except KommentarVeraendert as grund:
        gespeichert = Kommentar.objects.get(pk=kommentar.pk)
        daten = request.POST.copy()
        daten[f"{form.prefix}-quelle"] = fingerabdruck([gespeichert.text])
        erneut = DeutschForm(daten, prefix=form.prefix)
        erneut.is_valid()
        erneut.add_error(None, str(grund))
        return _moderation(
            request,
            kommentar.edition,
            gespeichert.status,
            http_status=409,
            deutsch_ungueltig=erneut,
            gesucht=kommentar.pk,
        )
    except KommentarFehler as grund:
        messages.error(request, str(grund))
        return redirect("beteiligung:moderation", jahr=kommentar.edition.jahr)
    messages.success(request, _("Deutsche Übersetzung gespeichert."))
    return redirect(_in_der_warteschlange(kommentar, kommentar.status))


def _in_der_warteschlange(kommentar, status) -> str:
    """The comment in its queue, on the page that holds it, at its anchor."""
    liste = reverse("beteiligung:moderation", kwargs={"jahr": kommentar.edition.jahr})
    return f"{liste}?status={status}&kommentar={kommentar.pk}#kommentar-{kommentar.pk}"


def _zurueckgezogen(request, pk):
    """A comment withdrawn while staff had it open: back to its queue, saying so."""
    eintrag = Kommentar.history.filter(id=pk).select_related("edition").first()
    if eintrag is None or eintrag.edition is None:
        raise Http404
    messages.error(
        request,
        _("Die Verfasserin oder der Verfasser hat den Kommentar inzwischen zurückgezogen."),
    )
    return redirect("beteiligung:moderation", jahr=eintrag.edition.jahr)


@require_POST
@nur_koordinierungsstelle
def kommentar_beantworten_view(request, pk):
    kommentar = Kommentar.objects.select_related("edition").filter(pk=pk).first()
    if kommentar is None:
        return _zurueckgezogen(request, pk)
    mit_maschine = maschinelle_uebersetzung() is not None
    form = AntwortForm(
        request.POST, prefix=f"k{kommentar.pk}", sprache=kommentar.sprache, maschinell=mit_maschine
    )
    if not form.is_valid():
        return _moderation(
            request, kommentar.edition, kommentar.status, form, http_status=422, gesucht=pk
        )
    try:
        kommentar_beantworten(kommentar=kommentar, user=request.user, **form.cleaned_data)
    except KommentarVeraendert as grund:
        # Changed since it was read: the comment as it is now, with the answer typed kept and
        # the new version, so that saving again is a decision on what is there now.
        gespeichert = Kommentar.objects.get(pk=kommentar.pk)
        daten = request.POST.copy()
        daten[f"{form.prefix}-version"] = str(gespeichert.version)
        erneut = AntwortForm(
            daten, prefix=form.prefix, sprache=kommentar.sprache, maschinell=mit_maschine
        )
        erneut.is_valid()
        erneut.add_error(None, str(grund))
        return _moderation(request, kommentar.edition, gespeichert.status, erneut, 409, gesucht=pk)
    except KommentarFehler as grund:
        messages.error(request, str(grund))
        return redirect("beteiligung:moderation", jahr=kommentar.edition.jahr)
    messages.success(
        request,
        _("Antwort gespeichert; die Verfasserin oder der Verfasser wird benachrichtigt."),
    )
    return redirect(_in_der_warteschlange(kommentar, Kommentar.Status.BEANTWORTET))


@require_POST
@nur_koordinierungsstelle
def kommentar_verbergen_view(request, pk):
    kommentar = Kommentar.objects.select_related("edition").filter(pk=pk).first()
    if kommentar is None:
        return _zurueckgezogen(request, pk)
    form = VerbergenForm(request.POST)
    try:
        if not form.is_valid():
            raise KommentarFehler(_("Bitte geben Sie einen Grund an (höchstens 500 Zeichen)."))
        kommentar_verbergen(
            kommentar=kommentar,
            user=request.user,
            grund=form.cleaned_data["grund"],
            version=form.cleaned_data["version"],
        )
    except KommentarFehler as grund:
        messages.error(request, str(grund))
    else:
        messages.success(request, _("Kommentar verborgen; der Grund wurde mitgeteilt."))
    return redirect("beteiligung:moderation", jahr=kommentar.edition.jahr)


@require_safe
@nur_koordinierungsstelle
def kommentare_export(request, jahr):
    """Every comment of an edition, hidden ones too, with its item, state and answer (XLSX).

    The file leaves the application: authors are named only where they agreed to be named in
    the public Abwägungstabelle.
    """
    edition = get_object_or_404(Edition, jahr=jahr)
    kommentare = edition.kommentare.mit_element().order_by("erstellt_am", "pk")
    kopf = [
        _("Nr."),
        _("Eingegangen am"),
        _("Element"),
        _("Pfad"),
        _("Schlüssel"),
        _("Kommentar"),
        _("Sprache"),
        _("Verfasst von"),
        _("Status"),
        _("Einstufung"),
        _("Antwort"),
        _("Beantwortet am"),
        _("Geführt zu dieser Änderung"),
        _("Grund für das Verbergen"),
    ]
    zeilen = [
        [
            kommentar.pk,
            timezone.localtime(kommentar.erstellt_am).replace(tzinfo=None),
            str(ARTEN[kommentar.element_art].bezeichnung),
            " › ".join(teil.quelltext(feld) for teil, feld in _pfad(kommentar)),
            kommentar.element.key,
            kommentar.text,
            kommentar.get_sprache_display(),
            _verfasser(kommentar),
            kommentar.get_status_display(),
            kommentar.get_einstufung_display() if kommentar.einstufung else "",
            kommentar.antwort,
            timezone.localtime(kommentar.beantwortet_am).replace(tzinfo=None)
            if kommentar.beantwortet_am
            else None,
            kommentar.bezug,
            kommentar.verborgen_grund,
        ]
        for kommentar in kommentare
    ]
    inhalt = xlsx(
        titel=_("Kommentare"),
        kopf=kopf,
        zeilen=zeilen,
        breiten=[6, 16, 14, 50, 30, 60, 12, 20, 12, 22, 60, 16, 30, 30],
    )
    response = HttpResponse(inhalt, content_type=XLSX_TYP)
    dateiname = f"integrationskonzept-{edition.jahr}-kommentare.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return response


def _pfad(kommentar):
    """From the field down to the item commented on, each with its title field."""
    element = kommentar.element
    return [(teil, teil.ebene.titel) for teil in [*element.pfad, element]]


def _verfasser(kommentar) -> str:
    if kommentar.autor is None:
        return _("gelöschtes Konto")
    if kommentar.name_zeigen:
        return anzeigename(kommentar.autor)
    return _("ohne Zustimmung zur Namensnennung")


@require_safe
def abwaegung(request, jahr):
    """The public Abwägungstabelle: every answered comment, its item, class and answer.
    Comments not yet moderated are counted, never shown (issue 14.2)."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    kommentare = edition.kommentare.oeffentlich().mit_element().prefetch_related("autor__groups")
    seite = _seite(request, kommentare, KOMMENTARE_PRO_SEITE, _gesucht(request))
    return render(
        request,
        "beteiligung/abwaegung_list.html",
        {
            "edition": edition,
            "kommentare": list(seite),
            "seite": seite,
            "abfrage": _ohne_sprung(request),
            "ausstehend": edition.kommentare.filter(status=Kommentar.Status.NEU).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def phase_anlegen_view(request, jahr):
    return _erfassen(
        request,
        jahr,
        PhaseForm,
        _("Beteiligungsphase anlegen"),
        lambda phase: phase_anlegen(phase=phase, user=request.user),
        einleitung=_(
            "In diesem Zeitraum können die gewählten Gruppen jedes Themenfeld, Ziel und jede "
            "Maßnahme kommentieren. Sie erhalten eine E-Mail, wenn die Phase beginnt, und eine "
            "Erinnerung zwei Tage vor dem Ende."
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def meine_daten(request):
    profil, _angelegt = Profil.objects.get_or_create(user=request.user)
    # Staff choose the daily summary; whoever has it chosen (staff once, say) can always
    # switch it off (issue 14.6), but only staff switch it on.
    waehlbar = darf_bearbeiten(request.user) or profil.tageszusammenfassung
    form = ProfilForm(request.POST if request.method == "POST" else None, instance=profil)
    if request.method == "POST" and waehlbar and form.is_valid():
        if form.cleaned_data["tageszusammenfassung"] and not darf_bearbeiten(request.user):
            form.add_error(
                "tageszusammenfassung",
                _("Die tägliche Zusammenfassung gibt es nur für die Koordinierungsstelle."),
            )
        else:
            form.save()
            messages.success(request, _("Gespeichert."))
            return redirect("beteiligung:meine_daten")
    return render(
        request,
        "beteiligung/meine_daten.html",
        {"form": form, "profil": profil, "zusammenfassung_waehlbar": waehlbar},
        status=422 if form.errors else 200,
    )


@never_cache
@require_safe
@login_required
def meine_daten_json(request):
    """Everything stored about the signed-in person (Art. 15 DSGVO)."""
    daten = personendaten(request.user)
    response = JsonResponse(daten, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response


@require_POST
@login_required
def konto_loeschen(request):
    """Deletes the account; comments stay in the public record, without the person."""
    if request.POST.get("bestaetigung") != "ja":
        messages.error(request, _("Bitte bestätigen Sie das Löschen mit dem Häkchen."))
        return redirect("beteiligung:meine_daten")
    konto_loeschen_service(user=request.user)
    logout(request)
    messages.success(request, _("Ihr Konto ist gelöscht."))
    return redirect("konzept:startseite")
