from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from konzept.rollen import edition_lesbar
from massnahmen.models import Massnahme

from .models import Themenfeld


@require_safe
def themenfeld_detail(request, jahr, key):
    themenfeld = get_object_or_404(
        Themenfeld.objects.select_related("edition"), edition__jahr=jahr, key=key
    )
    edition_lesbar(themenfeld.edition, request.user)
    teilziele = themenfeld.teilziele.prefetch_related(
        "herkunft", Prefetch("massnahmen", queryset=Massnahme.objects.fuer_anzeige())
    )
    return render(
        request,
        "themenfelder/themenfeld_detail.html",
        {
            "edition": themenfeld.edition,
            "themenfeld": themenfeld,
            "leitziele": themenfeld.leitziele.prefetch_related(
                "herkunft", "indikatoren__messwerte"
            ),
            "teilziele": teilziele,
            "themenfelder": themenfeld.edition.themenfelder.all(),
        },
    )
