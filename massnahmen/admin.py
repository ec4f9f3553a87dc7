from django.contrib import admin

from .models import Massnahme, Organisation, Umsetzungsnotiz


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class UmsetzungsnotizInline(admin.TabularInline):
    model = Umsetzungsnotiz
    extra = 0


@admin.register(Massnahme)
class MassnahmeAdmin(admin.ModelAdmin):
    list_display = ["titel", "teilziel", "status", "federfuehrung", "budget"]
    list_filter = ["status", "teilziel__themenfeld__edition", "teilziel__themenfeld"]
    search_fields = ["titel", "key"]
    autocomplete_fields = ["federfuehrung", "partner"]
    filter_horizontal = ["herkunft"]
    inlines = [UmsetzungsnotizInline]
    list_select_related = ["teilziel", "federfuehrung"]
