"""Issue 20.1 in Chromium: the page arrives compressed, paints with its inline styles under the
app's CSP, and fetches only the fonts of its script."""

import pytest
from django.utils import translation

from massnahmen.models import Massnahme

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("sprache", "erwartet", "nie"),
    [("de", "FiraSans-", "NotoSansArabic"), ("ar", "NotoSansArabic-", "FiraSans")],
)
def test_seite_komprimiert_gestaltet_mit_den_schriften_ihrer_schrift(
    live_server, kontext, inhalt, sprache, erwartet, nie
):
    """Issue 20.1: Chromium gets the page gzip-compressed and unpacks it; the inline stylesheet
    applies (the CSP allows it by its nonce; the kontext fixture fails on any violation); the
    page loads no further stylesheet, only WOFF2 files of its own script, and its text is
    set in that font once loaded."""
    with translation.override(sprache):
        url = Massnahme.objects.in_edition(inhalt).first().get_absolute_url()
    page = kontext().new_page()
    anfragen = []
    page.on("request", lambda anfrage: anfragen.append(anfrage))
    antwort = page.goto(live_server.url + url)
    assert antwort.status == 200
    assert antwort.headers.get("content-encoding") == "gzip"
    page.evaluate("document.fonts.ready")
    # The header's colour comes from konzept.css, inside the <style>.
    hintergrund = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert hintergrund == "rgb(11, 31, 58)"
    assert not [a.url for a in anfragen if a.resource_type == "stylesheet"]
    schriften = [a.url for a in anfragen if a.resource_type == "font"]
    assert schriften and all(erwartet in url and url.endswith(".woff2") for url in schriften)
    assert not [url for url in schriften if nie in url]
    familie = "Noto Sans Arabic" if sprache == "ar" else "Fira Sans"
    geladen = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert familie in [name.strip('"') for name in geladen]
