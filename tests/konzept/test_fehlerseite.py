"""The 500 page speaks the language of the address (issue 17.12), like the 503 page."""

from bs4 import BeautifulSoup
from django.test import RequestFactory

from konzept.betrieb import server_error


def test_fehlerseite_in_der_sprache_der_adresse():
    deutsch = BeautifulSoup(server_error(RequestFactory().get("/2024/")).text, "html.parser")
    arabisch = server_error(RequestFactory().get("/ar/2024/"))

    assert arabisch.status_code == 500
    seite = BeautifulSoup(arabisch.text, "html.parser")
    assert seite.html["lang"] == "ar" and seite.html["dir"] == "rtl"
    assert deutsch.h1.get_text(strip=True) == "Ein Fehler ist aufgetreten"
    assert seite.h1.get_text(strip=True) != deutsch.h1.get_text(strip=True)
    assert seite.title.get_text(strip=True) != deutsch.title.get_text(strip=True)
