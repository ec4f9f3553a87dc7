"""Issue 17.12: on staff pages in another language, the German source in edit fields and in the
history carries its language (WCAG 3.1.2), while hints and labels speak the page's language."""

import re

from django.utils import translation

from massnahmen.models import Massnahme
from tests import fabrik
from tests.konzept.test_bearbeiten import formulardaten


def _eingabe(seite: str, name: str) -> str:
    treffer = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', seite)
    assert treffer, name
    return treffer.group(0)


def test_formular_markiert_die_deutsche_quelle(staff_client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    seite = staff_client.get(f"/ar/bearbeiten/massnahme/{massnahme.pk}/").text
    for name in ("titel", "beschreibung"):
        feld = _eingabe(seite, name)
        assert 'lang="de"' in feld and 'dir="ltr"' in feld, feld
    # The hint under a limited field is in the page's language, not the source's.
    assert "الحد الأقصى" in seite and "Höchstens" not in seite
    # Fields that are not German text take the page's language.
    assert 'lang="de"' not in _eingabe(seite, "budget")


def test_historie_markiert_die_deutsche_quelle(staff_client, entwurf):
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))
    neuer_status = "verstetigt" if massnahme.status == "umgesetzt" else "umgesetzt"
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(massnahme, titel="Neuer Titel der Quelle", status=neuer_status),
    )
    assert antwort.status_code == 302
    seite = staff_client.get(f"/ar/bearbeiten/massnahme/{massnahme.pk}/historie/").text
    assert re.search(
        r'<td class="kern-table__cell" lang="de" dir="ltr">Neuer Titel der Quelle<', seite
    )
    # The status is shown in the page's language, without a German mark.
    with translation.override("ar"):
        status = str(Massnahme.Status(neuer_status).label)
    assert f'<td class="kern-table__cell">{status}</td>' in seite
