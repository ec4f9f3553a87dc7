from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
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
    list_display = ["titel", "teilziel", "status", "federfuehrung", "budget"]
    list_filter = ["status", "teilziel__themenfeld__edition", "teilziel__themenfeld"]
    search_fields = ["titel", "key"]
    autocomplete_fields = ["federfuehrung", "partner"]
    filter_horizontal = ["herkunft"]
    inlines = [UmsetzungsnotizInline]
    list_select_related = ["teilziel", "federfuehrung"]


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
