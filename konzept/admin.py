from django.contrib import admin

from .models import Edition, Kennzahl, Landkreis, Rechtsgrundlage, Seite, Seitenabschnitt


@admin.register(Landkreis)
class LandkreisAdmin(admin.ModelAdmin):
    list_display = ["name", "koordinierungsstelle"]


class SeitenabschnittInline(admin.StackedInline):
    model = Seitenabschnitt
    extra = 0


@admin.register(Seite)
class SeiteAdmin(admin.ModelAdmin):
    list_display = ["titel", "art", "stand"]
    inlines = [SeitenabschnittInline]


class KennzahlInline(admin.TabularInline):
    model = Kennzahl
    extra = 0


class RechtsgrundlageInline(admin.TabularInline):
    model = Rechtsgrundlage
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["titel", "jahr", "status", "beschlossen_am"]
    list_filter = ["status"]
    inlines = [KennzahlInline, RechtsgrundlageInline]


@admin.register(Kennzahl)
class KennzahlAdmin(admin.ModelAdmin):
    list_display = ["bezeichnung", "wert", "einheit", "stichtag", "edition"]
    list_filter = ["edition"]


@admin.register(Rechtsgrundlage)
class RechtsgrundlageAdmin(admin.ModelAdmin):
    list_display = ["kuerzel", "titel", "edition"]
    list_filter = ["edition"]
