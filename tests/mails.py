"""What every e-mail of the application holds (issue 18.6), checked the same way for each kind:
a plain-text and an HTML part, the headers, the recipient's language and direction, and links
that lead somewhere."""

from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.translation import get_language_info


def html_von(nachricht) -> BeautifulSoup:
    ((html, art),) = nachricht.alternatives
    assert art == "text/html"
    return BeautifulSoup(html, "html.parser")


def pruefen(nachricht, *, sprache: str, client, ziel: str) -> BeautifulSoup:
    """Checks one e-mail and returns its HTML part, parsed.

    `ziel` is the start of the path of the link the e-mail is about (with the language
    prefix); it must be in both parts. Every link of the HTML part is absolute, has a text
    that says where it leads, and answers `client` (the recipient's browser) with 200 or a
    redirect; a link to an anchor finds that anchor on its page."""
    assert nachricht.body.strip() and "<" not in nachricht.subject
    mime = nachricht.message()
    assert mime.get_content_type() == "multipart/alternative"
    assert [teil.get_content_type() for teil in mime.iter_parts()] == ["text/plain", "text/html"]
    assert mime["Auto-Submitted"] == "auto-generated"
    assert mime["Content-Language"] == sprache

    seite = html_von(nachricht)
    wurzel = seite.find("html")
    assert wurzel["lang"] == sprache
    assert wurzel["dir"] == ("rtl" if get_language_info(sprache)["bidi"] else "ltr")
    assert seite.title.get_text(strip=True) == nachricht.subject
    assert seite.find("h1").get_text(strip=True) == nachricht.subject
    assert not seite.find("img") and not seite.find("script")

    links = seite.find_all("a")
    assert links
    for link in links:
        text = link.get_text(" ", strip=True)
        assert text and "://" not in text, link
        adresse = link["href"]
        assert adresse.startswith(settings.SEITEN_ADRESSE + "/"), adresse
        teile = urlsplit(adresse)
        antwort = client.get(f"{teile.path}?{teile.query}" if teile.query else teile.path)
        assert antwort.status_code in (200, 302), (adresse, antwort.status_code)
        if teile.fragment and antwort.status_code == 200:
            assert f'id="{teile.fragment}"' in antwort.text, adresse
    zielpfad = settings.SEITEN_ADRESSE + ziel
    assert any(link["href"].startswith(zielpfad) for link in links), (ziel, links)
    assert zielpfad in nachricht.body
    return seite


def isoliert(seite: BeautifulSoup, text: str) -> bool:
    """Whether `text` stands in the HTML part as text (not markup) inside an element with its
    own direction, so that direction controls in it cannot reach the text around it."""
    knoten = seite.find(string=lambda s: s and text in s)
    if knoten is None:
        return False
    return any(eltern.has_attr("dir") for eltern in knoten.parents if eltern.name != "html")


def gueltiges_html(nachrichten, ordner) -> None:
    """The HTML parts of `nachrichten` through ONE run of the Nu HTML Checker (as the pages in
    tests/test_gueltiges_html.py, whose conditions for running it apply)."""
    import json
    import subprocess

    from tests.test_gueltiges_html import vnu_befehl

    befehl = vnu_befehl()
    for nummer, nachricht in enumerate(nachrichten):
        ((html, _art),) = nachricht.alternatives
        (ordner / f"mail-{nummer:02d}.html").write_text(html, encoding="utf-8")
    ergebnis = subprocess.run(
        [*befehl, "--format", "json", "--errors-only", str(ordner)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    meldungen = json.loads(ergebnis.stderr)["messages"]
    fehler = [
        f"{m.get('url', '').rsplit('/', 1)[-1]} ({nachrichten[int(m['url'][-7:-5])].subject}), "
        f"Zeile {m.get('lastLine', '?')}: {m.get('message', '')}"
        for m in meldungen
        if m.get("type") != "info"
    ]
    assert fehler == [], "\n".join(fehler)
