from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Beteiligungsformat


@admin.register(Beteiligungsformat)
class BeteiligungsformatAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "art", "edition", "beginn", "ende", "teilnehmende"]
    list_filter = ["edition", "art"]
