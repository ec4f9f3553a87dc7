from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Beteiligungsformat


@admin.register(Beteiligungsformat)
class BeteiligungsformatAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["titel", "art", "edition", "beginn", "ende", "teilnehmende"]
    list_filter = ["edition", "art"]
