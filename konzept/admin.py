from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Barriere,
    Begriff,
    Dienstkonto,
    Edition,
    Einreichung,
    Inhaltsstand,
    Kennzahl,
    Landkreis,
    Profil,
    Rechtsgrundlage,
    Seite,
    Seitenabschnitt,
)


@admin.register(Einreichung)
class EinreichungAdmin(admin.ModelAdmin):
    """Which create forms were sent (issue 14.12): to look at, never to make by hand."""

    list_display = ["kennung", "user", "objekt_typ", "objekt_id", "erstellt_am"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False


@admin.register(Landkreis)
class LandkreisAdmin(TranslationAdmin):
    list_display = ["name", "koordinierungsstelle", "fortschreibung_jahre", "nummern_zeigen"]


@admin.register(Begriff)
class BegriffAdmin(TranslationAdmin):
    """The district's words for the levels of its plan."""

    list_display = ["ebene", "einzahl", "mehrzahl"]


class SeitenabschnittInline(admin.StackedInline):
    model = Seitenabschnitt
    extra = 0


@admin.register(Seitenabschnitt)
class SeitenabschnittAdmin(TranslationAdmin):
    list_display = ["ueberschrift", "seite", "position"]
    list_filter = ["seite"]


class BarriereInline(TranslationStackedInline):
    model = Barriere
    extra = 0


@admin.register(Barriere)
class BarriereAdmin(TranslationAdmin):
    """The known barriers of the accessibility statement, edited as part of it."""

    list_display = ["text", "seite", "position"]


@admin.register(Seite)
class SeiteAdmin(TranslationAdmin):
    list_display = ["titel", "art", "stand"]
    fieldsets = [
        (None, {"fields": ["art", "titel", "einleitung", "stand"]}),
        (
            _("Erklärung zur Barrierefreiheit"),
            {
                "fields": list(Seite.ERKLAERUNG_FELDER),
                "description": _(
                    "Nur für die Erklärung zur Barrierefreiheit. Kontakt für Rückmeldungen "
                    "sind die Kontaktdaten des Landkreises."
                ),
            },
        ),
    ]

    def get_inlines(self, request, obj):
        # The known barriers belong to the accessibility statement only.
        if obj is not None and obj.art == Seite.Art.BARRIEREFREIHEIT:
            return [BarriereInline, SeitenabschnittInline]
        return [SeitenabschnittInline]


class KennzahlInline(admin.TabularInline):
    model = Kennzahl
    extra = 0


class RechtsgrundlageInline(admin.TabularInline):
    model = Rechtsgrundlage
    extra = 0


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["titel", "jahr", "status", "beschlossen_am"]
    list_filter = ["status"]
    inlines = [KennzahlInline, RechtsgrundlageInline]


@admin.register(Kennzahl)
class KennzahlAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["bezeichnung", "wert", "einheit", "stichtag", "edition"]
    list_filter = ["edition"]


@admin.register(Rechtsgrundlage)
class RechtsgrundlageAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["kuerzel", "titel", "edition"]
    list_filter = ["edition"]


@admin.register(Profil)
class ProfilAdmin(admin.ModelAdmin):
    list_display = ["user", "sprache"]


@admin.register(Inhaltsstand)
class InhaltsstandAdmin(admin.ModelAdmin):
    """Read only: the number grows by itself with every change of content."""

    list_display = ["version"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dienstkonto)
class DienstkontoAdmin(admin.ModelAdmin):
    """The links to the authority's provider (konzept/oidc.py). An existing account is linked by
    hand here: the person's subject (`sub`) comes from the provider's administration."""

    list_display = ["user", "aussteller", "subjekt"]
    search_fields = ["user__username", "subjekt"]
    fields = ["user", "aussteller", "subjekt"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        obj.name = obj.name or "Dienstkonto"
        super().save_model(request, obj, form, change)
