"""Issue 17.9: every form speaks the user's language: no English on a German page, Django's
own strings (the empty choice "- Select an option -") included."""

import re

import pytest
from bs4 import BeautifulSoup

# Words that only English uses; matched as whole lower-case words in what readers see.
ENGLISCH = re.compile(
    r"\b(the|and|select|option|please|enter|required|valid|your|must|choose|this field|"
    r"submit|cancel|save|invalid|ensure|characters)\b"
)


def sichtbarer_text(html: str) -> str:
    """The text of a page as readers see it, without passages marked as another language
    (the language switcher names each language in itself)."""
    suppe = BeautifulSoup(html, "html.parser")
    for element in suppe(["script", "style"]):
        element.decompose()
    for element in suppe.select("[lang]"):
        if element.name != "html" and not element["lang"].startswith("de"):
            element.decompose()
    texte = [suppe.get_text(" ")]
    texte += [
        element.get(attribut, "")
        for attribut in ("aria-label", "title", "placeholder")
        for element in suppe.select(f"[{attribut}]")
    ]
    return "\n".join(texte)


def seiten(inhalt, entwurf, massnahme):
    themenfeld = massnahme.themenfeld
    oeffentlich = [
        inhalt.get_absolute_url(),
        themenfeld.get_absolute_url(),
        massnahme.get_absolute_url(),
        f"/{inhalt.jahr}/massnahmen/?status=unsinn",
        f"/{inhalt.jahr}/suche/?q=x",
        f"/{inhalt.jahr}/beteiligung/",
        f"/{inhalt.jahr}/umsetzungsstand/",
        "/ausgaben/",
        "/anmelden/",
        "/gibt-es-nicht/",
    ]
    entwurf_massnahme = entwurf.themenfelder.get(key=themenfeld.key).massnahmen.get(
        key=massnahme.key
    )
    staff = [
        entwurf.get_absolute_url(),
        f"/bearbeiten/massnahme/{entwurf_massnahme.pk}/",
        f"/bearbeiten/massnahme/neu/themenfeld/{entwurf_massnahme.themenfeld_id}/",
        f"/bearbeiten/themenfeld/{entwurf_massnahme.themenfeld_id}/",
        f"/bearbeiten/beteiligungsformat/{entwurf.beteiligungsformate.first().pk}/",
        f"/{entwurf.jahr}/beschluesse/neu/",
        f"/{entwurf.jahr}/phasen/neu/",
        f"/{entwurf.jahr}/kommentare/",
        f"/uebersetzung/{entwurf.jahr}/ar/",
        f"/{entwurf.jahr}/massnahmen/import/",
        "/ausgaben/import/",
        "/meine-daten/",
    ]
    return oeffentlich, staff


def test_keine_englischen_texte_auf_deutschen_seiten(
    client, staff_client, inhalt, entwurf, massnahme
):
    oeffentlich, staff = seiten(inhalt, entwurf, massnahme)
    from django.test import Client

    befunde = []
    for adresse in oeffentlich:
        antwort = Client().get(adresse, follow=True)
        befunde += [
            (adresse, treffer) for treffer in ENGLISCH.findall(sichtbarer_text(antwort.text))
        ]
    for adresse in staff:
        antwort = staff_client.get(adresse)
        assert antwort.status_code == 200, adresse
        befunde += [
            (adresse, treffer) for treffer in ENGLISCH.findall(sichtbarer_text(antwort.text))
        ]
    assert befunde == []


@pytest.mark.parametrize(("sprache", "leer"), [("", "– bitte wählen –"), ("/ar", "- اختر خيارًا -")])
def test_leere_auswahl_in_der_sprache_der_seite(staff_client, entwurf, sprache, leer):
    """The empty choice of a select (a participation format's kind) is never Django's
    English "- Select an option -"."""
    format = entwurf.beteiligungsformate.first()
    seite = staff_client.get(f"{sprache}/bearbeiten/beteiligungsformat/{format.pk}/").text
    assert "Select an option" not in seite
    assert f'<option value="">{leer}</option>' in seite
