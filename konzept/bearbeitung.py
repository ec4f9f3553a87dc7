"""Editing in the browser: which items can be edited, and the writes that do it.

Every write goes through these functions so that each change is checked against
the version the user saw (no lost edits) and leaves exactly one history record
with the user who made it.
"""

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import DeletedObject

from beteiligung.forms import BeteiligungsformatForm
from beteiligung.models import Beteiligungsformat
from massnahmen.forms import MassnahmeForm
from massnahmen.models import Massnahme
from themenfelder.forms import LeitzielForm, TeilzielForm, ThemenfeldForm
from themenfelder.models import Leitziel, Teilziel, Themenfeld

from . import baum
from .forms import EditionForm, KennzahlForm, RechtsgrundlageForm, uebersetzte_felder
from .models import Edition, Einreichung, Kennzahl, Rechtsgrundlage


@dataclass(frozen=True)
class Art:
    """One kind of editable item: the edition's texts, its own items (key figures, legal
    bases, participation formats) and the levels of the plan's tree (konzept/baum.py), whose
    place and names come from that one description."""

    name: str
    model: type[models.Model]
    form: type
    # The template partial that shows one item, swapped in after saving; "" for items edited
    # on a page of their own.
    anzeige: str
    # The built-in name of a kind outside the tree; tree levels are named by the district.
    vorgabe_bezeichnung: str = ""
    # What a new item's key is made from.
    key_quelle: str = "titel"
    m2m: tuple[str, ...] = field(default=())

    @property
    def ebene(self) -> baum.Ebene | None:
        return baum.ebene(self.name) if self.name in baum.NAMEN else None

    @property
    def bezeichnung(self) -> str:
        return self.ebene.begriff().einzahl if self.ebene else str(self.vorgabe_bezeichnung)

    @property
    def eltern(self) -> tuple[str, ...]:
        """The foreign keys to what an item of this kind may hang under; () for the edition."""
        if self.ebene:
            return self.ebene.eltern
        return () if self.name == "edition" else ("edition",)

    def edition(self, instanz) -> Edition:
        if self.name == "edition":
            return instanz
        return self.ebene.edition_von(instanz) if self.ebene else instanz.edition

    def seite(self, instanz) -> str:
        """The page the item is edited on, for answers without JavaScript: for the plan's tree
        its field's page, where even a measure with a page of its own has its card."""
        if self.ebene:
            return self.ebene.themenfeld_von(instanz).get_absolute_url()
        if self.name == "beteiligungsformat":
            return reverse("beteiligung:beteiligung_detail", kwargs={"jahr": instanz.edition.jahr})
        return self.edition(instanz).get_absolute_url()

    def anker(self, instanz):
        return f"{self.name}-{instanz.pk}"

    def seite_mit_anker(self, instanz):
        if self.name in ("edition", "themenfeld"):
            return self.seite(instanz)
        return f"{self.seite(instanz)}#{self.anker(instanz)}"

    def liste_unter(self, eltern) -> dict:
        """A filter for the items of this kind straight under `eltern`."""
        if self.ebene:
            return self.ebene.liste_unter(eltern)
        return {"edition": eltern}

    def liste(self, instanz) -> dict:
        """A filter for the list this item sits in (it and its siblings)."""
        if self.ebene:
            return self.ebene.liste(instanz)
        return {"edition_id": instanz.edition_id}

    def mitgeloescht(self, instanz) -> list:
        """What is deleted together with an item: (label, queryset) for the confirmation."""
        if not self.ebene:
            return []
        return [
            (
                kind.begriff().mehrzahl,
                kind.model.objects.filter(**{kind.eltern_feld_fuer(instanz): instanz}),
            )
            for kind in baum.kind_ebenen(self.name)
        ]


ARTEN = {
    art.name: art
    for art in [
        # The texts are spread over the page: edited on a page of their own, never in place.
        Art("edition", Edition, EditionForm, "", gettext_lazy("Texte der Ausgabe")),
        Art(
            "kennzahl",
            Kennzahl,
            KennzahlForm,
            "konzept/edition_detail.html#kennzahl",
            gettext_lazy("Kennzahl"),
            key_quelle="bezeichnung",
        ),
        Art(
            "rechtsgrundlage",
            Rechtsgrundlage,
            RechtsgrundlageForm,
            "konzept/edition_detail.html#rechtsgrundlage",
            gettext_lazy("Rechtsgrundlage"),
            key_quelle="kuerzel",
        ),
        # Edited on a page of its own, like the edition texts.
        Art(
            "beteiligungsformat",
            Beteiligungsformat,
            BeteiligungsformatForm,
            "",
            gettext_lazy("Beteiligungsformat"),
        ),
        Art("themenfeld", Themenfeld, ThemenfeldForm, "themenfelder/themenfeld_detail.html#kopf"),
        Art(
            "leitziel",
            Leitziel,
            LeitzielForm,
            "themenfelder/themenfeld_detail.html#leitziel",
            key_quelle="text",
            m2m=("herkunft",),
        ),
        Art(
            "teilziel",
            Teilziel,
            TeilzielForm,
            "themenfelder/themenfeld_detail.html#teilziel",
            m2m=("herkunft",),
        ),
        Art(
            "massnahme",
            Massnahme,
            MassnahmeForm,
            "includes/massnahme.html",
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


SCHON_EINGEREICHT = gettext_lazy(
    "Dieses Formular wurde schon einmal gesendet und ist gespeichert; es wurde nichts doppelt "
    "angelegt."
)


class SchonEingereicht(Exception):
    """This form was sent before; `objekt` is what it made (None if deleted since)."""

    def __init__(self, objekt):
        super().__init__()
        self.objekt = objekt


@dataclass
class Angelegt:
    objekt: models.Model | None = None


@contextmanager
def einmal_anlegen(request):
    """Runs what a create form does at most once per form (issue 14.12).

    The form's id (`einreichung`, from `{% einreichung %}`) is recorded in the same
    transaction as what the block creates (set `angelegt.objekt`). The same form sent again
    raises SchonEingereicht with what the first one made; sent twice at the same moment, the
    second waits on the unique id until the first has committed. A block that creates nothing
    (the input was refused) leaves no record, so the corrected form can be sent. A form
    without an id (a page from before this check) is processed as before.
    """
    try:
        kennung = uuid.UUID(request.POST.get("einreichung", ""))
    except ValueError:
        kennung = None
    with transaction.atomic():
        eintrag = None
        if kennung is not None:
            try:
                with transaction.atomic():
                    eintrag = Einreichung.objects.create(kennung=kennung, user=request.user)
            except IntegrityError:
                vorher = Einreichung.objects.filter(kennung=kennung, user=request.user).first()
                raise SchonEingereicht(vorher.objekt if vorher else None) from None
        angelegt = Angelegt()
        yield angelegt
        if eintrag is not None:
            if angelegt.objekt is None:
                eintrag.delete()
            else:
                eintrag.objekt_typ = ContentType.objects.get_for_model(angelegt.objekt)
                eintrag.objekt_id = angelegt.objekt.pk
                eintrag.save(update_fields=["objekt_typ", "objekt_id"])


def schon_eingereicht(request) -> bool:
    """Whether this create form was sent and saved before (einmal_anlegen): a form sent
    again after what it made has frozen its edition (an adoption) is that, not an error."""
    try:
        kennung = uuid.UUID(request.POST.get("einreichung", ""))
    except ValueError:
        return False
    return Einreichung.objects.filter(kennung=kennung, user=request.user).exists()


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
        if art.ebene:
            setattr(instanz, art.ebene.eltern_feld_fuer(eltern), eltern)
            if art.ebene.themenfeld_pfad and eltern._meta.model_name != "themenfeld":
                instanz.themenfeld = eltern.themenfeld
        else:
            instanz.edition = eltern
        geschwister = art.model.objects.filter(**art.liste_unter(eltern))
        instanz.position = (geschwister.aggregate(Max("position"))["position__max"] or 0) + 1
        instanz.key = _neuer_key(art, eltern, getattr(instanz, art.key_quelle))
        instanz.version = 1
        _gebuendelt_speichern(instanz, form.save)
        historie_schreiben(instanz, "+", user)
    return instanz


def _neuer_key(art: Art, eltern, quelle: str) -> str:
    """A key from the parent's key and the title, unique among the edition's items of the kind
    (a measure's page is found by its key)."""
    praefix = f"{eltern.key}." if art.eltern != ("edition",) else ""
    basis = praefix + (slugify(quelle)[:60].strip("-") or art.name)
    key, nummer = basis, 1
    edition = eltern if art.eltern == ("edition",) else eltern.edition
    pfad = art.ebene.edition_pfad if art.ebene else "edition"
    vorhandene = set(art.model.objects.filter(**{pfad: edition}).values_list("key", flat=True))
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
        geschwister = art.model.objects.select_for_update().filter(**art.liste(instanz))
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
        spalte = f"{art.model._meta.get_field(name).m2m_reverse_field_name()}_id"
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
                spalte = art.model._meta.get_field(feld).attname
                setattr(instanz, spalte, getattr(stand, spalte))
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
    """The fields a user edits and where the item sits (what a restore sets back), without
    relations handled apart."""
    modellfelder = {feld.name: feld for feld in art.model._meta.get_fields()}
    namen = [*art.form._meta.fields, *art.eltern]
    return [
        name
        for name in dict.fromkeys(namen)
        if name in modellfelder and not modellfelder[name].many_to_many
    ]


def _geloeschtes_vorbereiten(art: Art, stand):
    if art.eltern:
        eltern_feld = art.ebene.eltern_feld_von(stand) if art.ebene else "edition"
        eltern_id = getattr(stand, f"{eltern_feld}_id")
        eltern_model = art.model._meta.get_field(eltern_feld).related_model
        if not eltern_model.objects.filter(pk=eltern_id).exists():
            raise WiederherstellenFehler(
                _(
                    "Das übergeordnete Element dieses Elements ist ebenfalls gelöscht. "
                    "Stellen Sie zuerst dieses wieder her."
                )
            )
        geschwister = art.model.objects.filter(**art.liste(stand))
        if geschwister.filter(position=stand.position).exists():
            stand.position = (geschwister.aggregate(Max("position"))["position__max"] or 0) + 1
        if geschwister.filter(key=stand.key).exists():
            stand.key = _neuer_key(art, eltern_model.objects.get(pk=eltern_id), stand.key)
    stand.version = (stand.version or 0) + 1
    stand._state.adding = True
    return stand


def _mitgeloeschte_wiederherstellen(art: Art, instanz, eintrag, user):
    """Items deleted together with this one (a sub-goal's measures) come back with it."""
    if not art.ebene:
        return
    for kind_ebene in baum.kind_ebenen(art.name):
        kind_art = ARTEN[kind_ebene.name]
        # Django deletes the collected rows in the order its dependencies allow, which need
        # not be the children first: their records may come just before or just after.
        zeitfenster = (
            eintrag.history_date - timedelta(seconds=5),
            eintrag.history_date + timedelta(seconds=5),
        )
        kinder = kind_art.model.history.filter(
            history_type="-",
            history_date__range=zeitfenster,
            **{f"{kind_ebene.eltern_feld_fuer(instanz)}_id": instanz.pk},
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
                sprache = _sprache_der_werte(art.model, aenderung.field)
                felder.append(
                    {
                        "label": art.model._meta.get_field(aenderung.field).verbose_name,
                        "alt": _wert(art, aenderung.field, aenderung.old),
                        "neu": _wert(art, aenderung.field, aenderung.new),
                        "sprache": sprache,
                        "rtl": bool(sprache) and translation.get_language_info(sprache)["bidi"],
                    }
                )
        zeilen.append({"eintrag": eintrag, "felder": felder})
    return zeilen


def _sprache_der_werte(model, name: str) -> str | None:
    """The language a field's values are written in, where it is not the page's: content texts
    in German or, for their translations, in their language; names of related items as
    written. Choices, dates and numbers are shown in the page's language (None)."""
    for basis in uebersetzte_felder(model):
        if name == basis:
            return settings.LANGUAGE_CODE
        if name.startswith(f"{basis}_") and name.removeprefix(f"{basis}_") in dict(
            settings.LANGUAGES
        ):
            return name.removeprefix(f"{basis}_")
    feld = model._meta.get_field(name)
    if feld.is_relation or (
        isinstance(feld, (models.CharField, models.TextField)) and not feld.choices
    ):
        return settings.LANGUAGE_CODE
    return None


def _wert(art: Art, name: str, wert) -> str:
    """A value of a history diff as readers read it, by the kind of field.

    The diff (`foreign_keys_are_objs`) gives related items as objects, items deleted since as
    `DeletedObject` stand-ins, and many-to-many values as rows of the through table; never ids.
    """
    feld = art.model._meta.get_field(name)
    if feld.many_to_many:
        spalte = feld.m2m_reverse_field_name()
        namen = sorted(_objekt_text(zeile[spalte]) for zeile in wert)
        return ", ".join(namen) or "–"
    if feld.is_relation:
        return _objekt_text(wert)
    if wert is None or wert == "":
        return "–"
    if feld.choices:
        return str(dict(feld.flatchoices).get(wert, wert))
    if isinstance(wert, bool):
        return _("ja") if wert else _("nein")
    if isinstance(wert, datetime):
        return date_format(timezone.localtime(wert), "SHORT_DATETIME_FORMAT")
    if isinstance(wert, date):
        return date_format(wert, "SHORT_DATE_FORMAT")
    if isinstance(wert, (int, float, Decimal)):
        return number_format(wert, use_l10n=True, force_grouping=True)
    return str(wert)


def _objekt_text(objekt) -> str:
    """A related item by its name; one deleted since by its last name in its own history."""
    if objekt is None:
        return "–"
    if not isinstance(objekt, DeletedObject):
        return str(objekt)
    if objekt.pk is None:
        # What diff_against gives for an empty foreign key.
        return "–"
    historie = getattr(objekt.model, "history", None)
    letzter = historie.filter(id=objekt.pk).first() if historie is not None else None
    name = str(letzter.instance) if letzter is not None else f"#{objekt.pk}"
    return _("%(name)s (gelöscht)") % {"name": name}


def geloeschte(edition: Edition) -> list[dict]:
    """Deleted items of an edition that can be restored, newest first."""
    geloescht = []
    for art in ARTEN.values():
        if not art.eltern:
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
    if "edition" in art.eltern:
        return eintrag.edition_id
    # Every item below a field records its field, so the field's record knows the edition.
    feld = Themenfeld.history.filter(id=eintrag.themenfeld_id).first()
    return feld.edition_id if feld else None


def einreichungen_bereinigen(zeitpunkt=None) -> int:
    """Forgets which forms were sent once they are older than EINREICHUNG_TAGE: a page that old
    is not sent a second time by a double click, and the rows name their sender."""
    grenze = (zeitpunkt or timezone.now()) - timedelta(days=settings.EINREICHUNG_TAGE)
    return Einreichung.objects.filter(erstellt_am__lt=grenze).delete()[0]
