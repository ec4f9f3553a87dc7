from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Massnahme, Organisation, Umsetzungsnotiz


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


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
