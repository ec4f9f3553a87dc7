from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Beschluss,
    Beteiligungsart,
    Beteiligungsformat,
    Beteiligungsphase,
    Gremium,
    Kommentar,
    Phasenmeldung,
    Stellungnahme,
)


@admin.register(Beteiligungsart)
class BeteiligungsartAdmin(TranslationAdmin):
    list_display = ["name", "key", "kurzname", "migrationsvertretung", "position"]


@admin.register(Gremium)
class GremiumAdmin(TranslationAdmin):
    list_display = ["name", "key", "beschliesst", "position"]


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


@admin.register(Beteiligungsphase)
class BeteiligungsphaseAdmin(SimpleHistoryAdmin):
    list_display = ["edition", "zielgruppe", "beginn", "ende"]


@admin.register(Phasenmeldung)
class PhasenmeldungAdmin(admin.ModelAdmin):
    """To see who has not yet been told of a phase, e.g. after a failed sending."""

    list_display = ["phase", "art", "user", "gesendet_am"]
    list_filter = ["art"]
    readonly_fields = ["phase", "art", "user", "gesendet_am"]

    def has_add_permission(self, request):
        # Rows are made by the announcement itself, one per recipient.
        return False


@admin.register(Kommentar)
class KommentarAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "edition", "status", "einstufung", "sprache", "erstellt_am"]
    list_filter = ["edition", "status", "einstufung", "sprache"]
    readonly_fields = ["einreichung"]
