from django.contrib import admin

from .models import Beteiligungsformat


@admin.register(Beteiligungsformat)
class BeteiligungsformatAdmin(admin.ModelAdmin):
    list_display = ["titel", "art", "edition", "beginn", "ende", "teilnehmende"]
    list_filter = ["edition", "art"]
