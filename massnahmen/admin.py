from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Einladung,
    Erinnerung,
    Indikator,
    Kennzahlwert,
    Massnahme,
    Messwert,
    Organisation,
    Sachstandsabfrage,
    Sachstandsbericht,
    Umsetzungsnotiz,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]
    filter_horizontal = ["ansprechpersonen"]


class UmsetzungsnotizInline(admin.TabularInline):
    model = Umsetzungsnotiz
    extra = 0


@admin.register(Massnahme)
class MassnahmeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["titel", "themenfeld", "status", "federfuehrung", "budget"]
    list_filter = ["status", "themenfeld__edition", "themenfeld"]
    search_fields = ["titel", "key"]
    autocomplete_fields = ["federfuehrung", "partner"]
    filter_horizontal = ["herkunft"]
    inlines = [UmsetzungsnotizInline]
    list_select_related = ["themenfeld", "federfuehrung"]


@admin.register(Umsetzungsnotiz)
class UmsetzungsnotizAdmin(SimpleHistoryAdmin):
    list_display = ["massnahme", "datum", "autor"]
    list_select_related = ["massnahme", "autor"]


class MesswertInline(admin.TabularInline):
    model = Messwert
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "massnahme", "leitziel", "zielwert", "richtung"]
    search_fields = ["name", "key"]
    raw_id_fields = ["massnahme", "leitziel"]
    inlines = [MesswertInline]


@admin.register(Kennzahlwert)
class KennzahlwertAdmin(SimpleHistoryAdmin):
    list_display = ["kennzahl", "datum", "wert"]


@admin.register(Sachstandsabfrage)
class SachstandsabfrageAdmin(admin.ModelAdmin):
    list_display = ["edition", "frist", "eroeffnet_am", "geschlossen_am"]


@admin.register(Sachstandsbericht)
class SachstandsberichtAdmin(admin.ModelAdmin):
    list_display = ["massnahme", "autor", "eingereicht_am", "status"]
    list_filter = ["status"]
    raw_id_fields = ["massnahme", "abfrage"]


@admin.register(Messwert)
class MesswertAdmin(SimpleHistoryAdmin):
    list_display = ["indikator", "datum", "wert", "autor"]
    raw_id_fields = ["indikator"]


@admin.register(Einladung)
class EinladungAdmin(admin.ModelAdmin):
    """Read-only: an invitation is made and re-sent on the contact persons' page."""

    list_display = ["user", "erstellt_am", "gueltig_bis", "angenommen_am"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Erinnerung)
class ErinnerungAdmin(admin.ModelAdmin):
    list_display = ["user", "art", "abfrage", "gesendet_am"]
