from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from konzept.models import Edition
from konzept.rollen import edition_lesbar

from . import volltext
from .forms import SuchForm


@require_GET
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
    gruppen = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        gruppen = volltext.suchen(
            edition=edition, text=form.cleaned_data["q"], sprache=get_language()
        )
    return render(
        request,
        "suche/suche.html",
        {
            "edition": edition,
            "form": form,
            "gruppen": gruppen,
            "gesamt": sum(gruppe.gesamt for gruppe in gruppen or []),
            "suchbegriff": form["q"].value() or "",
        },
        status=422 if form.errors else 200,
    )
