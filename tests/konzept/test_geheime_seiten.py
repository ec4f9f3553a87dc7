"""Issue 14.13: pages with secrets or personal data are kept in no cache (browser, proxy);
issue 14.19: the QR code of the first set-up of the second factor is an SVG image a browser
draws, which it does only with the SVG namespace."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import benutzer_mit_rolle

SVG = "{http://www.w3.org/2000/svg}"


def _nicht_gespeichert(response):
    kopf = {teil.strip() for teil in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= kopf, response.get("Cache-Control")


@pytest.fixture
def kmv(db):
    """Someone without a second factor yet: the set-up page offers one (optional for them)."""
    client = Client()
    client.force_login(benutzer_mit_rolle("amira", "KMV"))
    return client


def test_qr_code_ist_svg_mit_namensraum(kmv):
    seite = kmv.get("/anmelden/zweiter-faktor/einrichten/")
    assert seite.status_code == 200
    daten = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', seite.text).group(1)
    wurzel = ET.fromstring(base64.b64decode(daten))
    assert wurzel.tag == f"{SVG}svg"
    assert wurzel.find(f"{SVG}path") is not None  # the modules, in the same namespace


def test_einrichten_und_wiederherstellungscodes_nicht_im_cache(kmv):
    seite = kmv.get("/anmelden/zweiter-faktor/einrichten/")
    _nicht_gespeichert(seite)
    geraet = TOTPDevice.objects.get(user__username="amira")
    codes = kmv.post(
        "/anmelden/zweiter-faktor/einrichten/",
        {"code": f"{totp(geraet.bin_key, step=geraet.step):06d}"},
    )
    assert codes.status_code == 200 and "<code>" in codes.text
    _nicht_gespeichert(codes)
    neue = kmv.post("/anmelden/wiederherstellungscodes/")
    assert neue.status_code == 200 and "<code>" in neue.text
    _nicht_gespeichert(neue)


def test_meine_daten_und_export_nicht_im_cache(kmv):
    for adresse in ("/meine-daten/", "/meine-daten/export.json", "/en/meine-daten/"):
        antwort = kmv.get(adresse)
        assert antwort.status_code == 200, adresse
        _nicht_gespeichert(antwort)
