"""Forms are checked by the server, in the page's language, next to the field (issue 17.12).

The browser's own bubbles speak the browser's language, vanish on the next key and are not
read out reliably; `novalidate` leaves `required` and `maxlength` for assistive technology
and lets the server's message stand beside the field."""

import re
from pathlib import Path

import pytest
from django.conf import settings

VORLAGEN = sorted(
    pfad
    for pfad in Path(settings.BASE_DIR).rglob("templates/**/*.html")
    if ".venv" not in pfad.parts
)
FORMULAR = re.compile(r"<form\b[^>]*>", re.S)


def test_die_vorlagen_sind_gefunden():
    namen = {pfad.name for pfad in VORLAGEN}
    assert {"kommentar_moderation.html", "meine_daten.html", "base.html"} <= namen


@pytest.mark.parametrize(
    "vorlage", VORLAGEN, ids=lambda pfad: str(pfad.relative_to(settings.BASE_DIR))
)
def test_jedes_formular_prueft_der_server(vorlage):
    ohne = [
        kopf
        for kopf in FORMULAR.findall(vorlage.read_text(encoding="utf-8"))
        if "novalidate" not in kopf
    ]
    assert not ohne, ohne
