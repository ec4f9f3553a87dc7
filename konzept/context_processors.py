from django.conf import settings
from django.urls import translate_url

from .models import Landkreis


def landkreis(request):
    """The district's name and office appear in every page header, so they come from data."""
    return {"landkreis": Landkreis.aktuell()}


def sprachen(request):
    """The language switcher and the hreflang alternates: this page in every language."""
    return {
        "sprachen": [
            {
                "code": code,
                "name": name,
                "rtl": code in settings.LANGUAGES_BIDI,
                "url": translate_url(request.get_full_path(), code),
            }
            for code, name in settings.LANGUAGES
        ]
    }
