from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.functional import SimpleLazyObject
from django.utils.translation import override

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
                "url": _in_sprache(request, code),
            }
            for code, name in settings.LANGUAGES
        ]
    }


def _in_sprache(request, code: str) -> str:
    """This page's address in the language `code`, from the view the request was resolved
    to: `translate_url` would resolve the path again for each of the seven languages."""
    treffer = request.resolver_match
    if treffer is None or treffer.url_name is None:
        return translate_url(request.get_full_path(), code)
    with override(code):
        try:
            pfad = reverse(treffer.view_name, args=treffer.args, kwargs=treffer.kwargs)
        except NoReverseMatch:
            return request.get_full_path()
    abfrage = request.META.get("QUERY_STRING")
    return f"{pfad}?{iri_to_uri(abfrage)}" if abfrage else pfad
