from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Beschluss, Beteiligungsformat, Stellungnahme


@admin.register(Beteiligungsformat)
class BeteiligungsformatAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["titel", "art", "edition", "beginn", "ende", "teilnehmende"]
    list_filter = ["edition", "art"]


@admin.register(Stellungnahme)
class StellungnahmeAdmin(SimpleHistoryAdmin):
    list_display = ["edition", "datum"]


@admin.register(Beschluss)
class BeschlussAdmin(SimpleHistoryAdmin):
    list_display = ["edition", "gremium", "datum", "ergebnis", "vorlage"]
    list_filter = ["edition", "gremium", "ergebnis"]
