"""Issue 14.10: the reference of an answer ("Geführt zu dieser Änderung") becomes a link only
when it is a path on this site, however a browser would read it."""

import pytest

from beteiligung.models import Kommentar
from tests.conftest import kommentar_in_offener_phase

BOESE = [
    "/\\evil.example/phish",
    "\\\\evil.example/phish",
    "/\\\\evil.example",
    "//evil.example/phish",
    "///evil.example/phish",
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r\n/evil.example",
    " /evil",
    "/ /evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/\u202e/evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example/phish",
    "",
]

GUT = [
    "/bearbeiten/massnahme/1/historie/",
    "/2026/",
    "/ar/2026/massnahmen/sprachkurse/",
    "/2026/abwaegung/?sprache=de#k1",
]


@pytest.mark.parametrize("bezug", BOESE)
def test_kein_link_zu_fremden_adressen(bezug):
    assert not Kommentar(bezug=bezug).bezug_ist_intern


@pytest.mark.parametrize("bezug", GUT)
def test_pfade_dieser_seite_bleiben_links(bezug):
    assert Kommentar(bezug=bezug).bezug_ist_intern


@pytest.mark.parametrize("bezug", ["/\\evil.example/phish", "/\t/evil.example/phish"])
def test_abwaegungstabelle_zeigt_boesen_bezug_als_text(entwurf, staff_client, bezug):
    kommentar = kommentar_in_offener_phase(entwurf, "amira")
    # The public table shows answered comments (issue 14.2), with their reference.
    Kommentar.objects.filter(pk=kommentar.pk).update(
        bezug=bezug, status="beantwortet", einstufung="kenntnis", antwort="Danke."
    )
    text = staff_client.get(f"/{entwurf.jahr}/abwaegung/").text
    assert "evil.example/phish" in text  # shown, as text
    assert 'href="/\\evil.example' not in text and 'href="/\t' not in text
    assert "evil.example" not in "".join(teil.split('"', 1)[0] for teil in text.split('href="')[1:])
