from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from konzept.models import Edition
from konzept.rollen import edition_bearbeitbar, edition_lesbar, nur_koordinierungsstelle
from massnahmen.models import Massnahme

from .forms import BeschlussForm, StellungnahmeForm
from .models import Beteiligungsformat
from .services import beschluss_erfassen


@require_GET
def beteiligung_detail(request, jahr):
    """How the concept was made: the participation formats and what each brought in."""
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_lesbar(edition, request.user)
    return render(
        request,
        "beteiligung/beteiligung_detail.html",
        {
            "edition": edition,
            "beteiligungsformate": edition.beteiligungsformate.mit_zahlen(),
            "stellungnahmen": edition.stellungnahmen.all(),
            "beschluesse": edition.beschluesse.all(),
        },
    )


@require_GET
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


def _erfassen(request, jahr, form_klasse, template_name, speichern):
    edition = get_object_or_404(Edition, jahr=jahr)
    edition_bearbeitbar(edition)
    form = form_klasse(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        objekt = form.save(commit=False)
        objekt.edition = edition
        speichern(objekt)
        messages.success(request, _("Gespeichert."))
        return redirect("beteiligung:beteiligung_detail", jahr=edition.jahr)
    return render(
        request,
        template_name,
        {"edition": edition, "form": form},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def beschluss_anlegen(request, jahr):
    return _erfassen(
        request,
        jahr,
        BeschlussForm,
        "beteiligung/beschluss_form.html",
        lambda beschluss: beschluss_erfassen(beschluss=beschluss, user=request.user),
    )


@require_http_methods(["GET", "POST"])
@nur_koordinierungsstelle
def stellungnahme_anlegen(request, jahr):
    def speichern(stellungnahme):
        stellungnahme._history_user = request.user
        stellungnahme.save()

    return _erfassen(
        request, jahr, StellungnahmeForm, "beteiligung/stellungnahme_form.html", speichern
    )
