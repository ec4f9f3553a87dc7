from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from . import begriffe as vokabular


def landkreis(request):
    """The district's name and office appear in every page header, so they come from data;
    so do its words for the levels of the plan and for its migrant council (read only by the
    pages that use them). All of them are read once per content version (konzept/begriffe.py)."""
    return {
        "landkreis": vokabular.landkreis(),
        "begriffe": SimpleLazyObject(vokabular.begriffe),
        "migrationsvertretung": SimpleLazyObject(vokabular.migrationsvertretung),
        # When the session of a signed-in reader ends (static/js/sitzung.js warns before).
        "sitzung_sekunden": settings.SESSION_COOKIE_AGE,
    }


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
