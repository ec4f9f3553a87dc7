"""Where each role lands, and what the staff workspace shows (issue 17.2).

Signed in, the start page leads every role to its task: staff to their workspace, the migrant
council and the committees to the consultation or the draft under deliberation, contact
persons to their report page. The workspace counts what waits for staff, in a fixed number of
queries however large the plan is.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import Beteiligungsphase, Kommentar
from massnahmen.models import Massnahme, Sachstandsabfrage
from massnahmen.umsetzungsstand import monate_vorher

from . import uebersetzung
from .models import Edition, Uebersetzungsstatus
from .rollen import darf_bearbeiten, darf_entwuerfe_lesen, gruppen, ist_ansprechperson


def beratungsausgabe(user) -> Edition | None:
    """The edition a member of the migrant council or a committee works on: the newest draft
    with an open or upcoming consultation phase for them, else the newest draft, else the
    edition in force."""
    meine = gruppen(user)
    phasen = (
        Beteiligungsphase.objects.exclude(edition__status=Edition.Status.BESCHLOSSEN)
        .filter(ende__gt=timezone.now())
        .select_related("edition")
        .order_by("-edition__jahr")
    )
    for phase in phasen:
        if phase.gruppen() & meine or user.is_superuser:
            return phase.edition
    entwurf = Edition.objects.exclude(status=Edition.Status.BESCHLOSSEN).order_by("-jahr").first()
    return entwurf or Edition.objects.in_kraft()


def landeziel(user) -> str | None:
    """The address a signed-in user's start page leads to; None for everyone else (the edition
    the public reads). Staff come first, then the readers of drafts, then contact persons."""
    if not user.is_authenticated:
        return None
    if darf_bearbeiten(user):
        return reverse("konzept:arbeitsplatz")
    if darf_entwuerfe_lesen(user):
        edition = beratungsausgabe(user)
        return edition.get_absolute_url() if edition else None
    if ist_ansprechperson(user):
        return reverse("massnahmen:melden")
    return None


# The staff workspace


@dataclass
class Sprachstand:
    code: str
    name: str
    maschinell: int
    veraltet: int
    fehlt: int

    @property
    def offen(self) -> int:
        return self.maschinell + self.veraltet + self.fehlt


def _uebersetzungen(edition: Edition) -> list[Sprachstand]:
    """Per language, what there is to review or to translate (the workspace's own counts)."""
    liste = uebersetzung.elemente(edition)
    staende = []
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        zahlen = uebersetzung.zaehlen(liste, code)
        staende.append(
            Sprachstand(
                code=code,
                name=name,
                maschinell=zahlen[Uebersetzungsstatus.MASCHINELL],
                veraltet=zahlen[Uebersetzungsstatus.VERALTET],
                fehlt=zahlen[Uebersetzungsstatus.FEHLT],
            )
        )
    return staende


def _abfrage(abfrage: Sachstandsabfrage | None) -> dict | None:
    """The open reporting round with its answered and open measures, as its page counts them
    (massnahmen.views.abfrage_detail): every measure of the edition, answered once reported."""
    if abfrage is None:
        return None
    beantwortet = abfrage.berichte.values("massnahme").distinct().count()
    gesamt = Massnahme.objects.in_edition(abfrage.edition).count()
    return {"abfrage": abfrage, "beantwortet": beantwortet, "offen": gesamt - beantwortet}


def arbeitsplatz() -> dict:
    """Everything the workspace shows, in a fixed number of queries."""
    entwurf = Edition.objects.exclude(status=Edition.Status.BESCHLOSSEN).order_by("-jahr").first()
    in_kraft = Edition.objects.in_kraft()
    kommentare = list(
        Kommentar.objects.filter(status=Kommentar.Status.NEU)
        .values("edition__jahr", "edition__titel")
        .annotate(anzahl=Count("pk"))
        .order_by("-edition__jahr")
    )
    monate = settings.UMSETZUNGSSTAND_VERALTET_MONATE
    veraltet = None
    if in_kraft is not None:
        seit = monate_vorher(timezone.localdate(), monate)
        veraltet = (
            Massnahme.objects.in_edition(in_kraft).ohne_aktuellen_umsetzungsstand(seit).count()
        )
    # Translations of what staff work on: the draft, else what the public reads.
    uebersetzt = entwurf or in_kraft
    abfrage = (
        Sachstandsabfrage.objects.offen().select_related("edition").order_by("-eroeffnet_am")
    ).first()
    return {
        "entwurf": entwurf,
        "in_kraft": in_kraft,
        "kommentare": kommentare,
        "veraltet": veraltet,
        "veraltet_monate": monate,
        "uebersetzt": uebersetzt,
        "sprachen": _uebersetzungen(uebersetzt) if uebersetzt else [],
        "sachstandsabfrage": _abfrage(abfrage),
    }
