"""The README's try-out path holds (issue 17.11): an adopted edition whose update is begun
leads to that draft instead of offering a second one; the port of `make run` can be chosen."""

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings


def test_beschlossene_ausgabe_fuehrt_zum_begonnenen_entwurf(staff_client, entwurf):
    seite = BeautifulSoup(
        staff_client.get(entwurf.vorgaenger.get_absolute_url()).text, "html.parser"
    )

    arbeitsbereich = seite.select_one("aside.arbeitsbereich")
    assert arbeitsbereich.select_one("form[action$='/fortschreiben/']") is None
    link = arbeitsbereich.find("a", href=entwurf.get_absolute_url())
    assert link.get_text(strip=True) == entwurf.titel


def test_ohne_entwurf_wird_die_fortschreibung_angeboten(staff_client, inhalt):
    seite = BeautifulSoup(staff_client.get(inhalt.get_absolute_url()).text, "html.parser")

    assert seite.select_one("aside.arbeitsbereich form[action$='/fortschreiben/']")


@pytest.mark.skipif(not shutil.which("make"), reason="make fehlt auf diesem Rechner")
def test_make_run_auf_einem_anderen_port():
    plan = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "HOST=127.0.0.1:8001"],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "manage.py runserver 127.0.0.1:8001" in plan
