from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from konzept.bearbeitung import (
    ARTEN,
    VersionKonflikt,
    element_speichern,
    historie_schreiben,
    quellsprache,
)
from konzept.models import Edition
from konzept.rollen import edition_bearbeitbar, edition_lesbar, nur_koordinierungsstelle
from konzept.views import gespeichert_antwort

from .forms import MassnahmeFilterForm, StatusForm, UmsetzungsnotizForm
from .models import Massnahme


@require_GET
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


@require_GET
def massnahme_detail(request, jahr, key):
    massnahme = get_object_or_404(
        Massnahme.objects.fuer_anzeige(), teilziel__themenfeld__edition__jahr=jahr, key=key
    )
    edition = massnahme.teilziel.themenfeld.edition
    edition_lesbar(edition, request.user)
    return render(
        request,
        "massnahmen/massnahme_detail.html",
        {"edition": edition, "massnahme": massnahme, "notiz_form": UmsetzungsnotizForm()},
    )


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
    """One click from the field page or the list: the status and nothing else."""
    massnahme = get_object_or_404(Massnahme, pk=pk)
    edition_bearbeitbar(massnahme.teilziel.themenfeld.edition)
    art = ARTEN["massnahme"]
    with quellsprache():
        form = StatusForm(request.POST, instance=massnahme)
        gueltig = form.is_valid()
    erfolg = False
    if not gueltig:
        meldung = _("Dieser Status ist nicht vorgesehen; nichts wurde geändert.")
    else:
        try:
            with quellsprache():
                element_speichern(
                    form=form, user=request.user, version=form.cleaned_data["version"]
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
    edition = massnahme.teilziel.themenfeld.edition
    edition_bearbeitbar(edition)
    form = UmsetzungsnotizForm(request.POST)
    if form.is_valid():
        notiz = form.save(commit=False)
        notiz.massnahme = massnahme
        notiz.autor = request.user
        notiz.sprache = get_language()
        notiz._historie_gebuendelt = True
        notiz.save()
        historie_schreiben(notiz, "+", request.user)
        messages.success(request, _("Umsetzungsstand gespeichert."))
        return redirect(f"{massnahme.get_absolute_url()}#umsetzungsstand")
    return render(
        request,
        "massnahmen/massnahme_detail.html",
        {"edition": edition, "massnahme": massnahme, "notiz_form": form},
        status=422,
    )
