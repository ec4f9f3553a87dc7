from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from konzept.models import Edition

from .forms import MassnahmeFilterForm
from .models import Massnahme


@require_GET
def massnahme_list(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
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
    return render(
        request,
        "massnahmen/massnahme_detail.html",
        {
            "edition": massnahme.teilziel.themenfeld.edition,
            "massnahme": massnahme,
        },
    )
