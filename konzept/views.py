from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from .models import Edition, Seite


@require_GET
def startseite(request):
    edition = Edition.objects.aktuell()
    if edition is None:
        return render(request, "konzept/leer.html")
    return redirect(edition)


@require_GET
def edition_detail(request, jahr):
    edition = get_object_or_404(Edition, jahr=jahr)
    return render(
        request,
        "konzept/edition_detail.html",
        {
            "edition": edition,
            "navigation": "edition",
            "kennzahlen": edition.kennzahlen.all(),
            "rechtsgrundlagen": edition.rechtsgrundlagen.all(),
            "beteiligungsformate": edition.beteiligungsformate.all(),
            "themenfelder": edition.themenfelder.mit_zahlen(),
        },
    )


@require_GET
def seite_detail(request, art):
    seite = get_object_or_404(Seite.objects.prefetch_related("abschnitte"), art=art)
    return render(request, "konzept/seite_detail.html", {"seite": seite})
