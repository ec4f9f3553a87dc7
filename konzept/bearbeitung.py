"""Editing in the browser: which items can be edited, and the writes that do it.

Every write goes through these functions so that each change is checked against
the version the user saw (no lost edits) and leaves exactly one history record
with the user who made it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beteiligung.forms import BeteiligungsformatForm
from beteiligung.models import Beteiligungsformat
from massnahmen.forms import MassnahmeForm
from massnahmen.models import Massnahme
from themenfelder.forms import LeitzielForm, TeilzielForm, ThemenfeldForm
from themenfelder.models import Leitziel, Teilziel, Themenfeld

from .forms import EditionForm, KennzahlForm, RechtsgrundlageForm
from .models import Edition, Kennzahl, Rechtsgrundlage


@dataclass(frozen=True)
class Art:
    """One kind of editable item."""

    name: str
    model: type[models.Model]
    form: type
    bezeichnung: str
    # The foreign key to the item this one belongs to; None for the edition itself.
    eltern: str | None
    edition: Callable[[models.Model], Edition]
    # The template partial that shows one item, swapped in after saving.
    anzeige: str
    # The page the item is shown on, for answers without JavaScript.
    seite: Callable[[models.Model], str]
    # What a new item's key is made from.
    key_quelle: str = "titel"
    # What is deleted together with an item: (label, queryset) pairs for the confirmation.
    mitgeloescht: Callable[[models.Model], list] = lambda instanz: []
    m2m: tuple[str, ...] = field(default=())

    def anker(self, instanz):
        return f"{self.name}-{instanz.pk}"

    def seite_mit_anker(self, instanz):
        return f"{self.seite(instanz)}#{self.anker(instanz)}"


ARTEN = {
    art.name: art
    for art in [
        Art(
            name="edition",
            model=Edition,
            form=EditionForm,
            bezeichnung=gettext_lazy("Texte der Ausgabe"),
            eltern=None,
            edition=lambda edition: edition,
            # The texts are spread over the page: edited on a page of their own, never in place.
            anzeige="",
            seite=lambda edition: edition.get_absolute_url(),
        ),
        Art(
            name="kennzahl",
            model=Kennzahl,
            form=KennzahlForm,
            bezeichnung=gettext_lazy("Kennzahl"),
            eltern="edition",
            edition=lambda kennzahl: kennzahl.edition,
            anzeige="konzept/edition_detail.html#kennzahl",
            seite=lambda kennzahl: kennzahl.edition.get_absolute_url(),
            key_quelle="bezeichnung",
        ),
        Art(
            name="rechtsgrundlage",
            model=Rechtsgrundlage,
            form=RechtsgrundlageForm,
            bezeichnung=gettext_lazy("Rechtsgrundlage"),
            eltern="edition",
            edition=lambda grundlage: grundlage.edition,
            anzeige="konzept/edition_detail.html#rechtsgrundlage",
            seite=lambda grundlage: grundlage.edition.get_absolute_url(),
            key_quelle="kuerzel",
        ),
        Art(
            name="beteiligungsformat",
            model=Beteiligungsformat,
            form=BeteiligungsformatForm,
            bezeichnung=gettext_lazy("Beteiligungsformat"),
            eltern="edition",
            edition=lambda format: format.edition,
            # Edited on a page of its own, like the edition texts.
            anzeige="",
            seite=lambda format: reverse(
                "beteiligung:beteiligung_detail", kwargs={"jahr": format.edition.jahr}
            ),
        ),
        Art(
            name="themenfeld",
            model=Themenfeld,
            form=ThemenfeldForm,
            bezeichnung=gettext_lazy("Themenfeld"),
            eltern="edition",
            edition=lambda themenfeld: themenfeld.edition,
            anzeige="themenfelder/themenfeld_detail.html#kopf",
            seite=lambda themenfeld: themenfeld.get_absolute_url(),
            mitgeloescht=lambda themenfeld: [
                (Leitziel._meta.verbose_name_plural, themenfeld.leitziele.all()),
                (Teilziel._meta.verbose_name_plural, themenfeld.teilziele.all()),
                (Massnahme._meta.verbose_name_plural, Massnahme.objects.im_themenfeld(themenfeld)),
            ],
        ),
        Art(
            name="leitziel",
            model=Leitziel,
            form=LeitzielForm,
            bezeichnung=gettext_lazy("Übergeordnetes Ziel"),
            eltern="themenfeld",
            edition=lambda leitziel: leitziel.themenfeld.edition,
            anzeige="themenfelder/themenfeld_detail.html#leitziel",
            seite=lambda leitziel: leitziel.themenfeld.get_absolute_url(),
            key_quelle="text",
            m2m=("herkunft",),
        ),
        Art(
            name="teilziel",
            model=Teilziel,
            form=TeilzielForm,
            bezeichnung=gettext_lazy("Teilziel"),
            eltern="themenfeld",
            edition=lambda teilziel: teilziel.themenfeld.edition,
            anzeige="themenfelder/themenfeld_detail.html#teilziel",
            seite=lambda teilziel: teilziel.themenfeld.get_absolute_url(),
            mitgeloescht=lambda teilziel: [
                (Massnahme._meta.verbose_name_plural, teilziel.massnahmen.all())
            ],
            m2m=("herkunft",),
        ),
        Art(
            name="massnahme",
            model=Massnahme,
            form=MassnahmeForm,
            bezeichnung=gettext_lazy("Maßnahme"),
            eltern="teilziel",
            edition=lambda massnahme: massnahme.teilziel.themenfeld.edition,
            anzeige="includes/massnahme.html",
            seite=lambda massnahme: massnahme.themenfeld.get_absolute_url(),
            m2m=("herkunft", "partner"),
        ),
    ]
}


def art_von(model) -> Art:
    return next(art for art in ARTEN.values() if art.model is model)


def quellsprache():
    """Content is edited in German, the source, whatever language the page is shown in.

    modeltranslation reads and writes a field in the active language; forms, saves and
    restores of content run inside this context so that they touch the German text.
    """
    return translation.override(settings.LANGUAGE_CODE)


class VersionKonflikt(Exception):
    """The item changed (or vanished) since the user loaded the form."""

    def __init__(self, gespeichert):
        super().__init__()
        self.gespeichert = gespeichert


class WiederherstellenFehler(Exception):
    pass


def historie_schreiben(instanz, typ: str, user, grund: str = ""):
    instanz._history_user = user
    instanz._change_reason = grund
    try:
        type(instanz)._historie.create_historical_record(instanz, typ)
    finally:
        del instanz._history_user, instanz._change_reason


def _gebuendelt_speichern(instanz, speichern: Callable[[], object]):
    """Saves an item and its relations without the per-save history records."""
    instanz._historie_gebuendelt = True
    try:
        speichern()
    finally:
        del instanz._historie_gebuendelt


def element_speichern(*, form, user, version: int | None, grund: str = ""):
    """Saves an edited item if nobody else saved it since `version` was loaded."""
    instanz = form.instance
    with transaction.atomic():
        gespeichert = type(instanz).objects.select_for_update().filter(pk=instanz.pk).first()
        if gespeichert is None or gespeichert.version != version:
            raise VersionKonflikt(gespeichert)
        instanz.version = gespeichert.version + 1
        _gebuendelt_speichern(instanz, form.save)
        historie_schreiben(instanz, "~", user, grund)
    return instanz


def element_anlegen(*, art: Art, form, eltern, user):
    """Adds a new item at the end of its parent's list, with a key that stays."""
    instanz = form.instance
    with transaction.atomic():
        setattr(instanz, art.eltern, eltern)
        geschwister = art.model.objects.filter(**{art.eltern: eltern})
        instanz.position = (geschwister.aggregate(Max("position"))["position__max"] or 0) + 1
        instanz.key = _neuer_key(art, eltern, getattr(instanz, art.key_quelle))
        instanz.version = 1
        _gebuendelt_speichern(instanz, form.save)
        historie_schreiben(instanz, "+", user)
    return instanz


def _neuer_key(art: Art, eltern, quelle: str) -> str:
    praefix = f"{eltern.key}." if art.eltern != "edition" else ""
    basis = praefix + (slugify(quelle)[:60].strip("-") or art.name)
    key, nummer = basis, 1
    vorhandene = set(art.model.objects.filter(**{art.eltern: eltern}).values_list("key", flat=True))
    while key in vorhandene:
        nummer += 1
        key = f"{basis}-{nummer}"
    return key


def element_loeschen(*, instanz, user):
    """Deletes an item with everything that belongs to it; all of it stays in the history."""
    with transaction.atomic():
        instanz._history_user = user
        instanz.delete()


def element_verschieben(*, art: Art, instanz, nach_oben: bool, user) -> bool:
    """Swaps an item with its neighbour in its parent's list; False at the end of the list."""
    with transaction.atomic():
        geschwister = art.model.objects.select_for_update().filter(
            **{art.eltern: getattr(instanz, art.eltern)}
        )
        if nach_oben:
            nachbar = geschwister.filter(position__lt=instanz.position).order_by("-position")
        else:
            nachbar = geschwister.filter(position__gt=instanz.position).order_by("position")
        nachbar = nachbar.first()
        if nachbar is None:
            return False
        position, instanz.position = instanz.position, 0
        # A free slot first: the position is unique within the parent.
        instanz.save_without_historical_record(update_fields=["position"])
        instanz.position, nachbar.position = nachbar.position, position
        for element in (nachbar, instanz):
            _gebuendelt_speichern(element, lambda e=element: e.save(update_fields=["position"]))
            historie_schreiben(element, "~", user, _("Verschoben"))
    return True


def _m2m_aus_eintrag(art: Art, eintrag) -> dict[str, list[int]]:
    """The many-to-many values an item had at a history record."""
    werte = {}
    for name in art.m2m:
        ziel = art.model._meta.get_field(name).related_model
        spalte = f"{ziel._meta.model_name}_id"
        werte[name] = [getattr(zeile, spalte) for zeile in getattr(eintrag, name).all()]
    return werte


def element_wiederherstellen(*, art: Art, eintrag, user):
    """Brings an item back to the state of a history record; a deleted one comes back whole."""
    with quellsprache(), transaction.atomic():
        aktuell = art.model.objects.select_for_update().filter(pk=eintrag.id).first()
        stand = eintrag.instance
        grund = _("Wiederhergestellt: Stand vom %(datum)s") % {
            "datum": date_format(eintrag.history_date, "SHORT_DATETIME_FORMAT")
        }
        if eintrag.history_type == "-":
            # The deletion record holds the fields; the relations are in the record before it.
            vorher = art.model.history.filter(id=eintrag.id).exclude(history_type="-")
            m2m_quelle = vorher.filter(history_date__lte=eintrag.history_date).first()
        else:
            m2m_quelle = eintrag
        if aktuell is None:
            instanz = _geloeschtes_vorbereiten(art, stand)
            typ = "+"
        else:
            instanz = aktuell
            for feld in _inhaltsfelder(art):
                setattr(instanz, feld, getattr(stand, feld))
            instanz.version = aktuell.version + 1
            typ = "~"
        m2m = _m2m_aus_eintrag(art, m2m_quelle) if m2m_quelle is not None else {}

        def speichern():
            instanz.save()
            for name, ids in m2m.items():
                ziel = art.model._meta.get_field(name).related_model
                getattr(instanz, name).set(ziel.objects.filter(pk__in=ids))

        _gebuendelt_speichern(instanz, speichern)
        historie_schreiben(instanz, typ, user, grund)
        if aktuell is None and eintrag.history_type == "-":
            _mitgeloeschte_wiederherstellen(art, instanz, eintrag, user)
    return instanz


def _inhaltsfelder(art: Art) -> list[str]:
    """The fields a user edits (what a restore sets back), without relations handled apart."""
    modellfelder = {feld.name: feld for feld in art.model._meta.get_fields()}
    return [
        name
        for name in art.form._meta.fields
        if name in modellfelder and not modellfelder[name].many_to_many
    ]


def _geloeschtes_vorbereiten(art: Art, stand):
    if art.eltern:
        eltern_id = getattr(stand, f"{art.eltern}_id")
        eltern_model = art.model._meta.get_field(art.eltern).related_model
        if not eltern_model.objects.filter(pk=eltern_id).exists():
            raise WiederherstellenFehler(
                _(
                    "Das übergeordnete Element dieses Elements ist ebenfalls gelöscht. "
                    "Stellen Sie zuerst dieses wieder her."
                )
            )
        geschwister = art.model.objects.filter(**{f"{art.eltern}_id": eltern_id})
        if geschwister.filter(position=stand.position).exists():
            stand.position = (geschwister.aggregate(Max("position"))["position__max"] or 0) + 1
        if geschwister.filter(key=stand.key).exists():
            stand.key = _neuer_key(art, eltern_model.objects.get(pk=eltern_id), stand.key)
    stand.version = (stand.version or 0) + 1
    stand._state.adding = True
    return stand


def _mitgeloeschte_wiederherstellen(art: Art, instanz, eintrag, user):
    """Items deleted together with this one (a sub-goal's measures) come back with it."""
    for kind_art in ARTEN.values():
        if (
            kind_art.eltern is None
            or kind_art.model._meta.get_field(kind_art.eltern).related_model is not art.model
        ):
            continue
        zeitfenster = (eintrag.history_date - timedelta(seconds=5), eintrag.history_date)
        kinder = kind_art.model.history.filter(
            history_type="-",
            history_date__range=zeitfenster,
            **{f"{kind_art.eltern}_id": instanz.pk},
        )
        for kind in kinder:
            if not kind_art.model.objects.filter(pk=kind.id).exists():
                element_wiederherstellen(art=kind_art, eintrag=kind, user=user)


def aenderungen(art: Art, eintraege) -> list[dict]:
    """Per history record: who, when, what kind of change, and each field from what to what."""
    eintraege = list(eintraege)
    zeilen = []
    for eintrag, vorher in zip(eintraege, [*eintraege[1:], None], strict=True):
        felder = []
        if vorher is not None and eintrag.history_type != "-":
            delta = eintrag.diff_against(
                vorher, excluded_fields=["version"], foreign_keys_are_objs=True
            )
            for aenderung in delta.changes:
                felder.append(
                    {
                        "label": art.model._meta.get_field(aenderung.field).verbose_name,
                        "alt": _wert(art, aenderung.field, aenderung.old),
                        "neu": _wert(art, aenderung.field, aenderung.new),
                    }
                )
        zeilen.append({"eintrag": eintrag, "felder": felder})
    return zeilen


def _wert(art: Art, name: str, wert) -> str:
    feld = art.model._meta.get_field(name)
    if feld.many_to_many:
        ziel = feld.related_model
        spalte = f"{ziel._meta.model_name}"
        ids = [eintrag[spalte] for eintrag in wert]
        return ", ".join(str(objekt) for objekt in ziel.objects.filter(pk__in=ids)) or "–"
    if feld.choices:
        return str(dict(feld.flatchoices).get(wert, wert))
    if wert in (None, ""):
        return "–"
    return str(wert)


def geloeschte(edition: Edition) -> list[dict]:
    """Deleted items of an edition that can be restored, newest first."""
    geloescht = []
    for art in ARTEN.values():
        if art.eltern is None:
            continue
        vorhandene = set(art.model.objects.values_list("pk", flat=True))
        for eintrag in art.model.history.filter(history_type="-").select_related("history_user"):
            if eintrag.id in vorhandene or edition_id_aus_historie(art, eintrag) != edition.pk:
                continue
            vorhandene.add(eintrag.id)
            geloescht.append({"art": art, "eintrag": eintrag})
    return sorted(geloescht, key=lambda zeile: zeile["eintrag"].history_date, reverse=True)


def edition_id_aus_historie(art: Art, eintrag) -> int | None:
    """The edition a history record belonged to, following parents that may be deleted too."""
    if art.eltern == "edition":
        return eintrag.edition_id
    eltern_art = art_von(art.model._meta.get_field(art.eltern).related_model)
    eltern_id = getattr(eintrag, f"{art.eltern}_id")
    eltern = eltern_art.model.history.filter(id=eltern_id).first()
    return edition_id_aus_historie(eltern_art, eltern) if eltern else None
