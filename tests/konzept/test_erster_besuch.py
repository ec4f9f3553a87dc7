"""Issue 17.2: a first visit follows the browser's language (Accept-Language) when no choice
was made; a choice made is remembered and wins."""

import pytest


@pytest.mark.parametrize(
    ("kopf", "ziel"),
    [
        ("ar,en;q=0.8", "/ar/"),
        ("uk-UA,uk;q=0.9,de;q=0.5", "/uk/"),
        ("de-DE,de;q=0.9,en;q=0.8", "/"),
        ("fr-FR,fr;q=0.9", "/"),  # not offered: German, the source
    ],
)
def test_erster_besuch_in_der_sprache_des_browsers(client, inhalt, kopf, ziel):
    antwort = client.get("/", HTTP_ACCEPT_LANGUAGE=kopf)
    assert antwort.status_code == 302
    assert antwort["Location"] == f"{ziel}{inhalt.jahr}/"
    assert "Accept-Language" in antwort["Vary"]


def test_gewaehlte_sprache_geht_vor(client, inhalt, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    antwort = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert antwort["Location"] == f"/tr/{inhalt.jahr}/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == f"/{inhalt.jahr}/"


def test_tiefe_links_bleiben_in_ihrer_sprache(client, inhalt):
    """A shared link to a German page stays German, whatever the browser prefers."""
    antwort = client.get(inhalt.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar")
    assert antwort.status_code == 200
    assert '<html lang="de"' in antwort.text
