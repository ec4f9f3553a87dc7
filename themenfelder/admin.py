from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Leitziel, Teilziel, Themenfeld


class LeitzielInline(admin.TabularInline):
    model = Leitziel
    extra = 0
    fields = ["position", "key", "text"]


class TeilzielInline(admin.TabularInline):
    model = Teilziel
    extra = 0
    fields = ["position", "key", "titel"]


@admin.register(Themenfeld)
class ThemenfeldAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["titel", "edition", "position", "themenunabhaengig"]
    list_filter = ["edition", "themenunabhaengig"]
    inlines = [LeitzielInline, TeilzielInline]


@admin.register(Leitziel)
class LeitzielAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["text", "themenfeld", "position"]
    list_filter = ["themenfeld__edition", "themenfeld"]
    filter_horizontal = ["herkunft"]


@admin.register(Teilziel)
class TeilzielAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["titel", "themenfeld", "position"]
    list_filter = ["themenfeld__edition", "themenfeld"]
    filter_horizontal = ["herkunft"]
