from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from beteiligung.models import herkunft_einordnen
from konzept import baum
from konzept.models import Edition, andere_sprachen
from konzept.rollen import darf_bearbeiten, edition_lesbar
from massnahmen.models import Indikator, Massnahme

from .models import Leitziel, Teilziel, Themenfeld


def _als_seite():
    """A field with its tree as its page shows it, in the page's language (issue 20.3): the
    columns of other languages stay in the database, and so does what the page does not show
    (a measure's partners and notes). The items' provenance is placed afterwards, for all of
    them at once (`herkunft_einordnen`)."""
    indikatoren = Prefetch(
        "indikatoren",
        queryset=Indikator.objects.defer(*andere_sprachen(Indikator)).prefetch_related("messwerte"),
    )
    return (
        Themenfeld.objects.select_related("edition")
        # The edition's German texts stay: its title's translation state is measured against
        # all of them.
        .defer(*andere_sprachen(Themenfeld), *andere_sprachen(Edition, "edition__"))
        .prefetch_related(
            Prefetch(
                "leitziele",
                queryset=Leitziel.objects.defer(*andere_sprachen(Leitziel)).prefetch_related(
                    indikatoren
                ),
            ),
            Prefetch("teilziele", queryset=Teilziel.objects.defer(*andere_sprachen(Teilziel))),
            # All of the field's measures in one query, placed under their goals below.
            Prefetch("massnahmen", Massnahme.objects.fuer_karte(), to_attr="alle_massnahmen"),
        )
    )


def _einordnen(themenfeld, leitziele, teilziele):
    """Places each measure under the item it hangs by (konzept/baum.py), as `karten` of its
    goal or sub-goal and as the field's `direkte_massnahmen`, in their order."""
    ebene = baum.ebene("massnahme")
    unter: dict[tuple[str, int], list] = {}
    for massnahme in themenfeld.alle_massnahmen:
        massnahme.themenfeld = themenfeld  # read already: no join per measure
        feld = ebene.eltern_feld_von(massnahme)
        unter.setdefault((feld, getattr(massnahme, f"{feld}_id")), []).append(massnahme)
    for ziel in leitziele:
        ziel.karten = unter.get(("leitziel", ziel.pk), [])
    for ziel in teilziele:
        ziel.karten = unter.get(("teilziel", ziel.pk), [])
    themenfeld.direkte_massnahmen = unter.get(("themenfeld", themenfeld.pk), [])


@require_safe
def themenfeld_detail(request, jahr, key):
    themenfeld = get_object_or_404(_als_seite(), edition__jahr=jahr, key=key)
    edition = themenfeld.edition
    edition_lesbar(edition, request.user)
    leitziele = list(themenfeld.leitziele.all())
    teilziele = list(themenfeld.teilziele.all())
    _einordnen(themenfeld, leitziele, teilziele)
    elemente = [*leitziele, *teilziele, *themenfeld.alle_massnahmen]
    herkunft_einordnen(elemente, edition)
    bearbeitbar = darf_bearbeiten(request.user) and not edition.ist_beschlossen
    themenfelder = list(edition.themenfelder.defer(*andere_sprachen(Themenfeld)))
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
