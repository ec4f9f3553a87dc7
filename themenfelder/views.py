from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from konzept.rollen import darf_bearbeiten, edition_lesbar
from massnahmen.models import Massnahme

from .models import Themenfeld


@require_safe
def themenfeld_detail(request, jahr, key):
    themenfeld = get_object_or_404(
        Themenfeld.objects.select_related("edition").mit_baum(Massnahme.objects.fuer_anzeige()),
        edition__jahr=jahr,
        key=key,
    )
    edition = themenfeld.edition
    edition_lesbar(edition, request.user)
    leitziele = list(themenfeld.leitziele.all())
    teilziele = list(themenfeld.teilziele.all())
    elemente = [
        *leitziele,
        *teilziele,
        *themenfeld.direkte_massnahmen,
        *(massnahme for ziel in [*leitziele, *teilziele] for massnahme in ziel.massnahmen.all()),
    ]
    bearbeitbar = darf_bearbeiten(request.user) and not edition.ist_beschlossen
    themenfelder = list(edition.themenfelder.all())
    return render(
        request,
        "themenfelder/themenfeld_detail.html",
        {
            "edition": edition,
            "themenfeld": themenfeld,
            "leitziele": leitziele,
            "teilziele": teilziele,
            "themenfelder": themenfelder,
            # Where the field stands among its siblings: moves are offered only where possible.
            "themenfeld_erstes": themenfelder[0].pk == themenfeld.pk,
            "themenfeld_letztes": themenfelder[-1].pk == themenfeld.pk,
            # The legend only where the page shows an item the migrant council brought in.
            "mit_migrationsvertretung": any(element.ist_kmv for element in elemente),
            # Where new measures are offered: under the goals where the field has no sub-goals
            # (districts whose measures sit under their goals), straight under the field where
            # it has neither or already holds measures there.
            "massnahmen_unter_zielen_anlegen": bearbeitbar and not teilziele,
            "massnahmen_direkt_anlegen": bearbeitbar
            and (bool(themenfeld.direkte_massnahmen) or not (leitziele or teilziele)),
        },
    )
